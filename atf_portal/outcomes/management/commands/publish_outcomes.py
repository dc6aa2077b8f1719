from django.core.management.base import BaseCommand, CommandError

from atf_portal.outcomes.services import publish


class Command(BaseCommand):
    help = "Publish a year's outcomes report (a new version when one is already published)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--changes", default="", help="For a correction: what changed since the last version.")

    def handle(self, year, changes, **options):
        try:
            report = publish(year, changes)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Published {report} at {report.get_absolute_url()}")
