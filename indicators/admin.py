from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "theme", "status", "polarity", "unit", "fingertips_id"]
    list_display_links = ["number", "title"]
    list_filter = ["status", "theme", "polarity"]
    list_select_related = ["theme"]
    search_fields = ["title", "=number", "=fingertips_id"]
    history_list_display = ["status", "fingertips_id"]
