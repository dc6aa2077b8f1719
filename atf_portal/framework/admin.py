from django.contrib import admin

from .models import FrameworkItem, HeadlineAmbition, MarmotRecommendation, Principle, SystemRecommendation, Theme


class MarmotRecommendationInline(admin.TabularInline):
    model = MarmotRecommendation
    extra = 0


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["number", "title"]
    search_fields = ["title"]
    inlines = [MarmotRecommendationInline]


@admin.register(SystemRecommendation)
class SystemRecommendationAdmin(admin.ModelAdmin):
    list_display = ["number", "title"]


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["number", "title"]


@admin.register(HeadlineAmbition)
class HeadlineAmbitionAdmin(admin.ModelAdmin):
    list_display = ["number", "title"]
    search_fields = ["title"]


@admin.register(FrameworkItem)
class FrameworkItemAdmin(admin.ModelAdmin):
    list_display = ["kind", "order", "number", "title", "source"]
    list_filter = ["kind"]
    search_fields = ["title", "text", "place", "lead"]
    filter_horizontal = ["themes", "system_recommendations"]
    raw_id_fields = ["parent"]
