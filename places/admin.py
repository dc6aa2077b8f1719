from django.contrib import admin

from .models import Area, PlaceLead


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind", "parent"]
    search_fields = ["name", "code", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PlaceLead)
class PlaceLeadAdmin(admin.ModelAdmin):
    list_display = ["user", "place"]
    list_filter = ["place"]
    autocomplete_fields = ["user"]
    search_fields = ["user__username", "place__name"]
