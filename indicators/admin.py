from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Indicator, IndicatorDecision, IndicatorSetReview, IndicatorValue, Target, Upload


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "theme", "status", "polarity", "comparator_confidence", "unit", "fingertips_id"]
    list_display_links = ["number", "title"]
    list_filter = ["status", "theme", "polarity"]
    list_select_related = ["theme"]
    search_fields = ["title", "=number", "=fingertips_id"]
    history_list_display = ["status", "fingertips_id", "replaced_by"]
    autocomplete_fields = ["replaced_by"]
    readonly_fields = ["definition", "rationale", "metadata_source", "fingertips_polarity", "fingertips_unit",
                       "value_type", "frequency", "next_update", "metadata_fetched_at"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "area", "period", "sex", "age", "category", "value", "lower_ci", "upper_ci", "upload"]
    list_filter = ["indicator", "area", "sex", "category_type", "upload__kind"]
    list_select_related = ["indicator", "area", "upload"]
    search_fields = ["period", "value_note", "area__name", "category"]
    raw_id_fields = ["upload"]


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ["file_name", "kind", "status", "uploaded_by", "uploaded_at", "imported_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["file_name", "sha256", "kind", "source_url", "status", "uploaded_by", "imported_at", "summary"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "area", "kind", "target_value", "gap_closed_percent", "target_date"]
    list_filter = ["kind", "indicator"]
    list_select_related = ["indicator", "area"]
    autocomplete_fields = ["indicator"]


@admin.register(IndicatorDecision)
class IndicatorDecisionAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "state", "kind", "decided_on", "decided_by", "source"]
    list_filter = ["state", "kind"]
    list_select_related = ["indicator"]
    search_fields = ["question", "what", "=indicator__number"]
    autocomplete_fields = ["indicator"]


@admin.register(IndicatorSetReview)
class IndicatorSetReviewAdmin(admin.ModelAdmin):
    list_display = ["last_reviewed", "cycle_years", "last_review_source", "cycle_source"]
