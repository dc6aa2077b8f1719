import csv

from django.core.management.base import BaseCommand

from atf_portal.core.exports import neutralise
from stocktake.models import Activity


class Command(BaseCommand):
    help = "Print the current stocktake as CSV (level, row kind, row number, activity) to standard output."

    def handle(self, *args, **options):
        writer = csv.writer(self.stdout)
        writer.writerow(["level", "row kind", "row number", "activity"])
        for level, kind, number, text in Activity.objects.current().values_list(
            "level__name", "row_kind", "row_number", "text"
        ):
            writer.writerow([level, kind, number, neutralise(text)])
