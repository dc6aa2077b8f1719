import csv

from django.core.management.base import BaseCommand

from atf_portal.core.exports import neutralise_row
from atf_portal.seed.bootstrap import DELIVERY_PLAN, read_fixture
from programmes import suggestions

COLUMNS = ["programme_ref", "suggestion_kind", "suggestion", "reason", "rank"]


class Command(BaseCommand):
    help = ("Work out the suggested links again (an accepted or dismissed one never comes back; no link is made) "
            "and print every open suggestion.")

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "csv"], default="text")

    def handle(self, *args, format="text", **options):
        changes = suggestions.refresh(read_fixture(DELIVERY_PLAN))
        rows = [(s.programme.reference, s.kind, s.reference, s.reason_sentence, s.rank)
                for s in suggestions.open_suggestions()]
        if format == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(COLUMNS)
            writer.writerows(map(neutralise_row, rows))  # reasons quote team-typed text, as the pages' exports
            return
        for ref, kind, target, reason, rank in rows:
            self.stdout.write(f"{ref} {kind} {target} (rank {rank}): {reason}")
        self.stdout.write(f"{len(rows)} open suggestions ({changes['created']} new, {changes['removed']} no longer "
                          "suggested).")
