import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from atf_portal.core import roles
from places.models import Area, PlaceLead
from programmes.anchors.models import AnchorLead
from programmes.models import Organisation
from programmes.prevention.models import FinanceLead

DEMO_PASSWORD = "atf-demo-password"

DEMO_USERS = [
    # username, role, is_staff, place slug for a Marmot lead
    ("business", roles.BUSINESS_TEAM, True, None),
    ("board", roles.BOARD_MEMBERS, False, None),
    ("lead-liverpool", roles.MARMOT_LEADS, False, "liverpool"),
    ("lead-anchor", roles.ANCHOR_LEADS, False, None),
    ("lead-finance", roles.FINANCE_LEADS, False, None),
]
# The anchor lead returns evidence for one of the seeded signatories.
ANCHOR_ORGANISATIONS = {"lead-anchor": "Halton Borough Council"}
# The finance lead makes one organisation's prevention investment return; the business team records its HCP membership.
FINANCE_ORGANISATIONS = {"lead-finance": "Halton Borough Council"}


@functools.cache
def demo_password_hash():
    """One hash for all the demo accounts, which share one published password: the production hasher takes about
    half a second a password, on purpose."""
    return make_password(DEMO_PASSWORD)


class Command(BaseCommand):
    help = "Create one account per role for local use (never in production) and print how to sign in."

    def handle(self, *args, **options):
        roles.ensure_roles()
        User = get_user_model()
        for username, group_name, is_staff, place_slug in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username, defaults={"is_staff": is_staff})
            if created:
                user.password = demo_password_hash()
                user.save()
            user.groups.add(Group.objects.get(name=group_name))
            if place_slug:
                PlaceLead.objects.get_or_create(user=user, defaults={"place": Area.objects.get(slug=place_slug)})
            organisation = ANCHOR_ORGANISATIONS.get(username)
            if organisation:
                AnchorLead.objects.get_or_create(user=user, organisation=Organisation.objects.get(name=organisation))
            if username in FINANCE_ORGANISATIONS:
                organisation = FINANCE_ORGANISATIONS[username]
                FinanceLead.objects.get_or_create(user=user, organisation=Organisation.objects.get(name=organisation))
            tied = place_slug or organisation
            self.stdout.write(f"  {username:<16} {group_name}{' (' + tied + ')' if tied else ''}")
        self.stdout.write(
            f"Sign in at http://127.0.0.1:8000/accounts/login/ with any username above and the password "
            f"'{DEMO_PASSWORD}' (demo accounts: for local use only)."
        )
