from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.utils import timezone

from atf_portal.core import roles
from atf_portal.seed.management.commands.create_demo_users import demo_password_hash
from programmes.models import Programme
from programmes.reporting.models import ProgrammeLead, ReportingPeriod, quarter_of

DEMO_LEAD = "lead-programme"
DEMO_PROGRAMMES = ["Healthy Child Programme", "Family Hubs / Children's Centres"]


class Command(BaseCommand):
    help = ("For local use (never in production): a demo programme lead tied to two programmes, and the current "
            "quarter opened for reporting when no round exists yet.")

    def handle(self, *args, **options):
        roles.ensure_roles()
        User = get_user_model()
        user, created = User.objects.get_or_create(username=DEMO_LEAD, defaults={"email": "lead@example.invalid"})
        if created:
            user.password = demo_password_hash()
            user.save()
        user.groups.add(Group.objects.get(name=roles.PROGRAMME_LEADS))
        for programme in Programme.objects.filter(name__in=DEMO_PROGRAMMES):
            ProgrammeLead.objects.get_or_create(user=user, programme=programme)
        if not ReportingPeriod.objects.exists():
            period = ReportingPeriod.quarter(*quarter_of(timezone.localdate()))
            period.is_open = True
            period.save()
            self.stdout.write(f"  Opened the reporting round {period}.")
        self.stdout.write(f"  {DEMO_LEAD:<16} {roles.PROGRAMME_LEADS} ({', '.join(DEMO_PROGRAMMES)})")
