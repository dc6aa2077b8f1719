from django.contrib import admin

from .models import Activity, StocktakeUpload


@admin.register(StocktakeUpload)
class StocktakeUploadAdmin(admin.ModelAdmin):
    list_display = ["file_name", "kind", "status", "uploaded_by", "uploaded_at", "imported_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["file_name", "sha256", "size", "kind", "status", "uploaded_by", "imported_at", "chosen_place",
                       "summary"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["level", "row_kind", "row_number", "text", "is_current", "upload"]
    list_filter = ["is_current", "row_kind", "level"]
    list_select_related = ["level", "upload"]
    search_fields = ["text"]
    readonly_fields = ["upload", "cell"]
