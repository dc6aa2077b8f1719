from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Indicator, IndicatorValue, Upload


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "theme", "status", "polarity", "unit", "fingertips_id"]
    list_display_links = ["number", "title"]
    list_filter = ["status", "theme", "polarity"]
    list_select_related = ["theme"]
    search_fields = ["title", "=number", "=fingertips_id"]
    history_list_display = ["status", "fingertips_id"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "area", "period", "sex", "age", "value", "lower_ci", "upper_ci", "upload"]
    list_filter = ["indicator", "area", "sex", "upload__kind"]
    list_select_related = ["indicator", "area", "upload"]
    search_fields = ["period", "value_note", "area__name"]
    raw_id_fields = ["upload"]


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ["file_name", "kind", "status", "uploaded_by", "uploaded_at", "imported_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["file_name", "sha256", "kind", "status", "uploaded_by", "imported_at", "summary"]
