from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    Action,
    ActionUpdate,
    Board,
    Milestone,
    Organisation,
    Programme,
    ProgressUpdate,
    Suggestion,
)


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "ended_on", "successor"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["reports_to", "successor"]
    fields = ["name", "slug", "aliases", "reports_to", "source", "note", "started_on", "ended_on", "successor",
              "change_source"]
    actions = ["move_to_successor"]

    @admin.action(description="Move the current edition's programmes to the successor of each ended board")
    def move_to_successor(self, request, queryset):
        for board in queryset:
            try:
                moved = services.move_accountability(board, request.user)
            except services.NoSuccessor as refused:
                self.message_user(request, str(refused), messages.WARNING)
            else:
                self.message_user(request, f"{len(moved)} programmes moved from {board} to {board.successor}.")


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "hcp_member", "sector", "anchor_signatory", "signatory_since"]
    list_filter = ["hcp_member", "sector", "anchor_signatory"]
    search_fields = ["name"]
    list_display = ["name", "ended_on", "successor"]
    autocomplete_fields = ["successor"]


class IndicatorLinkFilter(admin.SimpleListFilter):
    title = "linked to a Beacon Indicator"
    parameter_name = "linked"

    def lookups(self, request, model_admin):
        return [("yes", "Linked"), ("no", "Not linked")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.linked()
        if self.value() == "no":
            return queryset.unlinked()
        return queryset


class AppendOnlyInline(admin.StackedInline):
    """Notes that are added to but never changed or removed: earlier ones show read-only."""

    extra = 0
    can_delete = False
    readonly_fields = ["author", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["description", "due_date", "owner", "status", "done_on", "indicator"]


class ProgressUpdateInline(AppendOnlyInline):
    model = ProgressUpdate
    fields = ["date", "rag", "narrative", "author", "created_at"]


def save_with_author(request, formset):
    for instance in formset.save(commit=False):
        if hasattr(instance, "author_id") and not instance.pk:
            instance.author = request.user
        instance.save()
    formset.save_m2m()


class ProgrammeForm(forms.ModelForm):
    """Optimistic locking: the form carries the programme's `updated_at` as it was when the page was opened, and a
    save is refused if someone has saved the programme since (the same programme edited in two tabs)."""

    loaded_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Programme
        fields = "__all__"  # noqa: DJ007 - the admin builds the form from its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            # As stored, not as on the instance: the history page's revert form holds an old version's.
            stored = Programme.objects.filter(pk=self.instance.pk).values_list("updated_at", flat=True).first()
            self.fields["loaded_updated_at"].initial = stored.isoformat() if stored else ""

    def clean(self):
        cleaned = super().clean()
        loaded = self.cleaned_data.get("loaded_updated_at")
        if not (self.instance.pk and loaded):
            return cleaned
        stored = Programme.objects.filter(pk=self.instance.pk)
        if connection.in_atomic_block:  # the admin saves in a transaction: hold the row until this save is done
            stored = stored.select_for_update()
        row = stored.values("updated_at", "updated_by").first()
        if row is None or row["updated_at"].isoformat() == loaded:
            return cleaned
        who = "someone"
        if row["updated_by"]:
            user = type(self.instance).updated_by.field.related_model.objects.get(pk=row["updated_by"])
            who = user.get_full_name() or user.get_username()
        when = timezone.localtime(row["updated_at"])
        raise ValidationError(
            f"This programme was changed by {who} at {when:%H:%M:%S on %d %b %Y} after you opened it; your changes "
            "were not saved. Reload the page to see theirs.", code="stale",
        )


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    form = ProgrammeForm
    list_display = [
        "name", "theme", "board_names", "status", "hcp_led", "indicator_numbers", "updated_at", "updated_by"
    ]
    list_display_links = ["name"]
    list_filter = ["theme", "status", "hcp_led", IndicatorLinkFilter, "ambitions", "boards"]
    list_select_related = ["theme", "updated_by"]
    search_fields = [
        "name", "outline", "outcomes", "measures", "board_text", "partners_text", "boards__name", "partners__name"
    ]
    # Long lists are searched (Django's select2 autocomplete); the short, fixed ones (22 Beacon Indicators, 6
    # ambitions, 9 Places, 9 focus programmes) and the recommendations (each theme's few, in order) are plain
    # checkboxes, which every keyboard and screen reader works.
    autocomplete_fields = ["boards", "partners", "reports_to", "repeats"]
    CHECKBOXES = {"indicators", "ambitions", "places", "focus_programmes", "recommendations", "system_recommendations"}
    readonly_fields = ["source_ref", "created_at", "updated_at", "updated_by"]
    history_list_display = ["status"]
    inlines = [MilestoneInline, ProgressUpdateInline]
    fieldsets = [
        (None, {"fields": ["theme", "name", "status", "status_quote", "status_source", "hcp_led", "plan_order",
                           "loaded_updated_at"]}),
        ("What it does", {"fields": ["outline", "economic_contribution", "outcomes", "measures"]}),
        ("Who", {"fields": ["boards", "board_text", "reports_to", "partners", "partners_text"]}),
        ("Links", {"fields": ["ambitions", "headline_cell", "indicators", "recommendations", "system_recommendations",
                              "places", "focus_programmes", "repeats"]}),
        ("Source text", {"fields": ["damaged_fields", "damage_note"]}),
        ("Record", {"fields": ["source_ref", "created_at", "updated_at", "updated_by"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("boards", "indicators")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.CHECKBOXES:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="Accountable boards")
    def board_names(self, obj):
        return "; ".join(board.name for board in obj.boards.all()) or "-"

    @admin.display(description="Beacon Indicators")
    def indicator_numbers(self, obj):
        return ", ".join(str(ind.number) for ind in obj.indicators.all()) or "none"

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        save_with_author(request, formset)


class ActionUpdateInline(AppendOnlyInline):
    model = ActionUpdate
    fields = ["date", "date_text", "text", "author", "created_at"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "meeting_date", "agenda_item", "owner", "due_date", "status"]
    list_filter = ["status", "meeting_date", "owner"]
    search_fields = ["text", "owner", "agenda_item", "=number"]
    inlines = [ActionUpdateInline]

    def save_formset(self, request, form, formset, change):
        save_with_author(request, formset)


@admin.register(Suggestion)
class SuggestionAdmin(SimpleHistoryAdmin):
    """Read only: suggestions are made by the portal and decided on the programme page or the review list."""

    list_display = ["programme", "kind", "reference", "reason", "rank", "state", "decided_by", "decided_at"]
    list_filter = ["state", "kind", "reason", "programme__theme"]
    list_select_related = ["programme", "indicator", "recommendation__theme", "system_recommendation", "decided_by"]
    search_fields = ["programme__name", "programme__source_ref", "words"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
