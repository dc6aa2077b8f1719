from django.core.management import call_command
from django.core.management.base import BaseCommand

# What `make run` does before it serves, in order: the tables, the documents' facts, then the demo accounts and
# illustrative values (local use only).
STEPS = ["migrate", "bootstrap", "create_demo_users", "create_demo_programme_lead", "load_demo_values"]


class Command(BaseCommand):
    help = ("For local use (never in production): migrate, load the reference data, and add the demo accounts and "
            "illustrative values, as `make run` does. One process: each command on its own starts Django again.")

    def handle(self, *args, **options):
        for step in STEPS:
            call_command(step, **({"interactive": False} if step == "migrate" else {}),
                         stdout=self.stdout, stderr=self.stderr)
