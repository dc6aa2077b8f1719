from django.core.management.base import BaseCommand

from programmes.bootstrap import bootstrap


class Command(BaseCommand):
    help = "Load reference data and delivery-plan rows from fixtures/. Safe to run again: adds only what is missing."

    def handle(self, *args, **options):
        counts = bootstrap()
        created = {name: n for name, n in counts.items() if n}
        if created:
            self.stdout.write("Created: " + ", ".join(f"{n} {name}" for name, n in created.items()))
        else:
            self.stdout.write("Nothing to add: all reference data is already loaded.")
        self.stdout.write("Roles are up to date.")
