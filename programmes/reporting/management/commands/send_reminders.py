from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.urls import reverse

from programmes.reporting.services import due_reminders


class Command(BaseCommand):
    help = "Email each programme lead whose update is due within --days days or late (for cron)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="remind of updates due within this many days")

    def handle(self, *args, **options):
        sent = 0
        for user, items in due_reminders(options["days"]).items():
            if not user.email:
                self.stderr.write(f"{user.get_username()} has no email address: not reminded.")
                continue
            lines = []
            for period, programme, late in items:
                url = settings.SITE_URL.rstrip("/") + reverse("reporting-form", args=[period.pk, programme.pk])
                when = "was due" if late else "is due"
                lines.append(f"- {programme.name}: the {period.name} update {when} on {period.due_date:%d %B %Y}."
                             f"\n  {url}")
            late_any = any(late for _, _, late in items)
            subject = "All Together Fairer: " + ("an update is late" if late_any else "an update is due soon")
            body = (f"Hello {user.get_full_name() or user.get_username()},\n\n"
                    "These programme updates are waiting for you in the ATF Portal:\n\n" + "\n".join(lines) +
                    "\n\nSave a draft at any time; submit it for the business team's sign-off when it is ready.\n")
            send_mail(subject, body, None, [user.email])
            sent += 1
        self.stdout.write(f"Sent {sent} reminder(s).")
