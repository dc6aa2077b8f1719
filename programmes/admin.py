from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Action,
    ActionUpdate,
    Board,
    Milestone,
    Organisation,
    Programme,
    ProgressUpdate,
)


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "source"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["reports_to"]
    fields = ["name", "slug", "aliases", "reports_to", "source", "note"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ["name"]


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
    autocomplete_fields = ["indicator"]


class ProgressUpdateInline(AppendOnlyInline):
    model = ProgressUpdate
    fields = ["date", "rag", "narrative", "author", "created_at"]


def save_with_author(request, formset):
    for instance in formset.save(commit=False):
        if hasattr(instance, "author_id") and not instance.pk:
            instance.author = request.user
        instance.save()
    formset.save_m2m()


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = [
        "name", "theme", "board_names", "status", "hcp_led", "indicator_numbers", "updated_at", "updated_by"
    ]
    list_display_links = ["name"]
    list_filter = ["theme", "status", "hcp_led", IndicatorLinkFilter, "ambitions", "boards"]
    list_select_related = ["theme", "updated_by"]
    search_fields = [
        "name", "outline", "outcomes", "measures", "board_text", "partners_text", "boards__name", "partners__name"
    ]
    autocomplete_fields = ["boards", "partners", "indicators", "ambitions", "places", "reports_to", "repeats"]
    filter_horizontal = ["focus_programmes"]
    readonly_fields = ["source_ref", "created_at", "updated_at", "updated_by"]
    history_list_display = ["status"]
    inlines = [MilestoneInline, ProgressUpdateInline]
    fieldsets = [
        (None, {"fields": ["theme", "name", "status", "status_quote", "status_source", "hcp_led", "plan_order"]}),
        ("What it does", {"fields": ["outline", "economic_contribution", "outcomes", "measures"]}),
        ("Who", {"fields": ["boards", "board_text", "reports_to", "partners", "partners_text"]}),
        ("Links", {"fields": ["ambitions", "headline_cell", "indicators", "places", "focus_programmes", "repeats"]}),
        ("Source text", {"fields": ["damaged_fields", "damage_note"]}),
        ("Record", {"fields": ["source_ref", "created_at", "updated_at", "updated_by"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("boards", "indicators")

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
