from django.core.management.base import BaseCommand
from django.utils import timezone

from programmes.reporting.models import ReportingPeriod


class Command(BaseCommand):
    help = "Create the next financial-year quarter as a reporting round (e.g. '2026-27 Q3'), closed unless --open."

    def add_arguments(self, parser):
        parser.add_argument("--open", action="store_true", help="open it for reporting at once")

    def handle(self, *args, **options):
        period, created = ReportingPeriod.create_next_quarter(timezone.localdate())
        if options["open"] and not period.is_open:
            period.is_open = True
            period.save()
        state = "open" if period.is_open else "closed"
        self.stdout.write(f"{'Created' if created else 'Already held'}: {period} ({period.start:%d %b %Y} to "
                          f"{period.end:%d %b %Y}, due {period.due_date:%d %b %Y}, {state}).")
