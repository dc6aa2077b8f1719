from django.core.management.base import BaseCommand

from atf_portal.seed import demo


class Command(BaseCommand):
    help = "Fill live indicators that have no data with made-up values (labelled illustrative), or --remove them."

    def add_arguments(self, parser):
        parser.add_argument("--remove", action="store_true", help="Delete every illustrative value.")

    def handle(self, *args, remove=False, **options):
        if remove:
            self.stdout.write(f"Removed {demo.remove()} illustrative values.")
            return
        created = demo.load()
        self.stdout.write(
            f"Created {created} illustrative values (made up, NOT official statistics). "
            "Remove them with: python manage.py load_demo_values --remove"
        )
