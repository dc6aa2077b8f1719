from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from indicators.imports.fingertips import FingertipsError
from indicators.imports.services import fetch_fingertips

from .import_indicator_values import unclaimed_line


class Command(BaseCommand):
    help = ("Fetch every indicator with a Fingertips ID (or those given) from the Fingertips API and import it "
            "through the upload flow, with its metadata. Nothing changes if the API fails or any row is bad.")

    def add_arguments(self, parser):
        parser.add_argument("--indicator", type=int, action="append", metavar="N",
                            help="Beacon Indicator number; repeat for several. Default: all with a Fingertips ID.")
        parser.add_argument("--dry-run", action="store_true", help="Fetch and check, and show what would change.")
        parser.add_argument("--user", help="Username recorded as the importer.")

    def handle(self, *args, indicator=None, dry_run=False, user=None, **options):
        importer = get_user_model().objects.get(username=user) if user else None
        try:
            result = fetch_fingertips(indicator, user=importer, dry_run=dry_run)
        except FingertipsError as exc:
            raise CommandError(str(exc)) from None
        plan = result.plan
        for address in result.fetched.urls:
            self.stdout.write(f"Fetched {address}")
        if not plan.ok:
            for error in plan.errors:
                self.stderr.write(error)
            raise CommandError(f"Nothing imported: {len(plan.errors)} problem(s) in Fingertips' answer.")
        for warning in plan.warnings:
            self.stdout.write(f"Warning: {warning}")
        verb = "Would create" if dry_run else "Created"
        self.stdout.write(
            f"{verb} {len(plan.to_create)}, {'would update' if dry_run else 'updated'} {len(plan.to_update)}, "
            f"unchanged {plan.unchanged}, rows read {plan.rows_read}; "
            f"{'would add' if dry_run else 'added'} {len(plan.new_areas)} areas new to the portal."
        )
        for reason, count in sorted(plan.skipped.items()):
            self.stdout.write(f"Skipped {count} {reason}.")
        for item in plan.unclaimed:
            self.stdout.write(unclaimed_line(item))
        stored = "Would store" if dry_run else "Stored"
        self.stdout.write(f"{stored} Fingertips metadata for {len(result.metadata)} indicator(s).")
