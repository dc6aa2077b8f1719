from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Category, Decision, FinanceLead, FinancialYear, InvestmentReturn, NeedFigure


@admin.register(FinanceLead)
class FinanceLeadAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(FinancialYear)
class FinancialYearAdmin(SimpleHistoryAdmin):
    """The team records each financial year (1 April to 31 March) and the day its returns are due."""

    list_display = ["name", "start", "end", "due_date", "is_open"]
    list_filter = ["is_open"]


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "order", "is_working", "is_active"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    """Which reading of "1% every year" (000:243) the partnership means; the latest counts."""

    list_display = ["reading", "source", "recorded_by", "recorded_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(InvestmentReturn)
class InvestmentReturnAdmin(SimpleHistoryAdmin):
    """Read only: returns are written by finance leads and signed off in the portal."""

    list_display = ["organisation", "period", "state", "lead", "submitted_at", "decided_by"]
    list_filter = ["period", "state"]
    search_fields = ["organisation__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NeedFigure)
class NeedFigureAdmin(admin.ModelAdmin):
    """Read only: figures are loaded from their named source (/prevention/need/), never typed in."""

    list_display = ["area", "measure", "period", "value", "source"]
    list_filter = ["measure"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
