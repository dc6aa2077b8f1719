from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from indicators.imports.services import import_file


class Command(BaseCommand):
    help = "Import a Fingertips CSV export or the portal template (CSV or XLSX). Nothing is written if any row is bad."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and show what would change.")
        parser.add_argument("--user", help="Username recorded as the importer.")

    def handle(self, *args, file, dry_run=False, user=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        importer = get_user_model().objects.get(username=user) if user else None
        plan = import_file(path.name, path.read_bytes(), user=importer, dry_run=dry_run)
        if not plan.ok:
            for error in plan.errors:
                self.stderr.write(error)
            raise CommandError(f"Nothing imported: {len(plan.errors)} problem(s) in {path.name}.")
        verb = "Would create" if dry_run else "Created"
        self.stdout.write(
            f"{verb} {len(plan.to_create)}, {'would update' if dry_run else 'updated'} {len(plan.to_update)}, "
            f"unchanged {plan.unchanged}, rows read {plan.rows_read}."
        )
        if plan.new_areas:
            self.stdout.write(f"{'Would add' if dry_run else 'Added'} {len(plan.new_areas)} area"
                              f"{'s' if len(plan.new_areas) > 1 else ''} new to the portal (kept for England's "
                              "distribution, not shown as Places).")
        for reason, count in sorted(plan.skipped.items()):
            self.stdout.write(f"Skipped {count} {reason}.")
        for item in plan.unclaimed:
            self.stdout.write(unclaimed_line(item))
        for line in agreement_lines(plan.agreement):
            self.stdout.write(line)


def agreement_lines(agreement):
    """The portal's labels against Fingertips' own: the rate, then every disagreement."""
    if not agreement:
        return []
    lines = [f"Agreement with Fingertips' own labels: {agreement['agreed']} of {agreement['compared']} "
             f"({agreement['rate']:g}%)."]
    lines += [f"Disagrees: {d['area']}, {d['period']}, {d['kind']}: Fingertips '{d['fingertips']}', "
              f"portal '{d['portal']}'" for d in agreement["disagreements"]]
    return lines


def unclaimed_line(item):
    if item["likely"]:
        where = f"most likely Beacon Indicator {item['likely']}; set its Fingertips ID at {item['admin_url']}"
    else:
        where = ("no close match among the Beacon Indicators; set the Fingertips ID on the right one at "
                 f"{item['admin_url']}")
    name = f" '{item['name']}'" if item["name"] else ""
    return f"Fingertips indicator {item['fingertips_id']}{name} ({item['rows']} rows): {where}"
