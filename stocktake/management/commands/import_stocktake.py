from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from places.models import Area
from stocktake.services import import_file


class Command(BaseCommand):
    help = "Import a stocktake workbook (.xlsx): the consolidated workbook or one Place's return."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--place", help="Slug of the Place, for a single return that does not name it.")
        parser.add_argument("--dry-run", action="store_true", help="Check the workbook and show what it records.")
        parser.add_argument("--user", help="Username recorded as the uploader; a Marmot lead is kept to their Place.")

    def handle(self, *args, file, place=None, dry_run=False, user=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        area = Area.objects.places().filter(slug=place).first() if place else None
        if place and area is None:
            raise CommandError(f"--place {place}: not one of the nine Places")
        uploader = get_user_model().objects.filter(username=user).first() if user else None
        if user and uploader is None:
            raise CommandError(f"--user {user}: no such user")
        plan = import_file(path.name, path.read_bytes(), user=uploader, place=area, dry_run=dry_run)
        for warning in plan.warnings:
            self.stderr.write(f"warning: {warning}")
        if not plan.ok:
            for error in plan.errors:
                self.stderr.write(error)
            raise CommandError(f"Nothing imported from {path.name}.")
        verb = "Would record" if dry_run else "Recorded"
        for level, rows in plan.levels().items():
            self.stdout.write(f"{verb} {sum(len(t) for t in rows.values())} activities for {level} "
                              f"under {len(rows)} rows.")
        if plan.unchanged_levels:
            names = ", ".join(level.name for level in plan.unchanged_levels)
            self.stdout.write(f"Unchanged, already imported from this same file: {names}.")
