from django.contrib import admin, messages

from programmes.reporting.models import Update

from .models import Commentary, OutcomesReport, PublishedUpdate
from .services import publish


@admin.register(OutcomesReport)
class OutcomesReportAdmin(admin.ModelAdmin):
    """Adding a report publishes it: the next version of its year, frozen from the official figures as they are
    now. A published version is never edited; a correction is another version."""

    list_display = ["year", "version", "published_at", "changes"]
    fields = ["year", "changes"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        try:
            published = publish(obj.year, obj.changes)
        except ValueError as error:
            messages.error(request, str(error))
            return
        obj.pk, obj.version = published.pk, published.version


@admin.register(Commentary)
class CommentaryAdmin(admin.ModelAdmin):
    list_display = ["year", "theme", "updated_at"]
    list_filter = ["year"]


@admin.register(PublishedUpdate)
class PublishedUpdateAdmin(admin.ModelAdmin):
    list_display = ["update", "marked_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "update":
            kwargs["queryset"] = Update.objects.filter(state=Update.State.APPROVED).select_related(
                "programme", "period")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
