from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from atf_portal.core import roles
from places.models import Area, PlaceLead

DEMO_PASSWORD = "atf-demo-password"

DEMO_USERS = [
    # username, role, is_staff, place slug for a Marmot lead
    ("business", roles.BUSINESS_TEAM, True, None),
    ("board", roles.BOARD_MEMBERS, False, None),
    ("lead-liverpool", roles.MARMOT_LEADS, False, "liverpool"),
]


class Command(BaseCommand):
    help = "Create one account per role for local use (never in production) and print how to sign in."

    def handle(self, *args, **options):
        roles.ensure_roles()
        User = get_user_model()
        for username, group_name, is_staff, place_slug in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username, defaults={"is_staff": is_staff})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=group_name))
            if place_slug:
                PlaceLead.objects.get_or_create(user=user, defaults={"place": Area.objects.get(slug=place_slug)})
            self.stdout.write(f"  {username:<16} {group_name}{' (' + place_slug + ')' if place_slug else ''}")
        self.stdout.write(
            f"Sign in at http://127.0.0.1:8000/accounts/login/ with any username above and the password "
            f"'{DEMO_PASSWORD}' (demo accounts: for local use only)."
        )
