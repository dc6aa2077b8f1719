import csv

from django.core.management.base import BaseCommand

from atf_portal.core.exports import neutralise_row
from atf_portal.dashboard.gaps import GapKind, gaps

COLUMNS = ["kind", "theme", "subject", "sentence", "url", "fix_url"]


class Command(BaseCommand):
    help = "Print every gap flag, the same list as the /gaps/ page."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "csv"], default="text")
        parser.add_argument("--theme", type=int, help="Only this theme number.")
        parser.add_argument("--kind", choices=GapKind.values, help="Only this kind of flag.")

    def handle(self, *args, format="text", theme=None, kind=None, **options):
        flags = gaps(theme=theme, kinds=[kind] if kind else None)
        if format == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(COLUMNS)
            for flag in flags:
                # Team-typed text (programme and indicator names) neutralised as in the pages' exports.
                writer.writerow(neutralise_row([flag.kind, flag.theme or "", flag.subject, flag.sentence, flag.url,
                                                flag.fix_url]))
            return
        for flag in flags:
            self.stdout.write(f"[{flag.kind_label}] theme {flag.theme or '-'}: {flag.sentence}")
        self.stdout.write(f"{len(flags)} gap flag{'s' if len(flags) != 1 else ''}.")
