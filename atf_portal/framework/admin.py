from django.contrib import admin

from .models import HeadlineAmbition, MarmotRecommendation, Principle, SystemRecommendation, Theme


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
