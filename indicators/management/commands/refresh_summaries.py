from django.core.management.base import BaseCommand

from indicators.models import Indicator, IndicatorSummary
from indicators.summary.analysis import refresh_summaries


class Command(BaseCommand):
    help = "Recompute every indicator's stored summary, e.g. after a change to the comparison or trend rules."

    def handle(self, *args, **options):
        refresh_summaries()
        self.stdout.write(f"Refreshed {IndicatorSummary.objects.count()} summaries of "
                          f"{Indicator.objects.count()} indicators.")
