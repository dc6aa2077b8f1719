from django.core.management.base import BaseCommand

from atf_portal.seed.bootstrap import bootstrap


class Command(BaseCommand):
    help = (
        "Load reference data and delivery-plan rows from fixtures/. Safe to run again: adds only what is missing "
        "and corrects only seeded values the team has not edited."
    )

    def handle(self, *args, **options):
        counts = bootstrap(log=self.stdout.write)
        corrected = {name: counts.pop(name) for name in ("corrected programmes", "corrected boards")}
        created = {name: n for name, n in counts.items() if n}
        if created:
            self.stdout.write("Created: " + ", ".join(f"{n} {name}" for name, n in created.items()))
        if any(corrected.values()):
            self.stdout.write("Corrected from the documents: " + ", ".join(
                f"{n} {name.removeprefix('corrected ')}" for name, n in corrected.items()))
        if not created and not any(corrected.values()):
            self.stdout.write("Nothing to add: all reference data is already loaded.")
        self.stdout.write("Roles are up to date.")
