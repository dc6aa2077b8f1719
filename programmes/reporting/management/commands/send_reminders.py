from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand

from atf_portal.returns.tallies import due_reminders


class Command(BaseCommand):
    help = "Email each lead whose update (or other return) is due within --days days or late (for cron)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="remind of returns due within this many days")

    def handle(self, *args, **options):
        sent = 0
        for user, reminders in due_reminders(options["days"]).items():
            if not user.email:
                self.stderr.write(f"{user.get_username()} has no email address: not reminded.")
                continue
            lines = []
            for reminder in reminders:
                url = settings.SITE_URL.rstrip("/") + reminder.url
                when = "was due" if reminder.late else "is due"
                lines.append(f"- {reminder.respondent}: the {reminder.period.name} {reminder.kind.noun} {when} on "
                             f"{reminder.period.due_date:%d %B %Y}.\n  {url}")
            kinds = {reminder.kind for reminder in reminders}
            kind = kinds.pop() if len(kinds) == 1 else None
            an_noun, what = (kind.an_noun, f"{kind.respondent_noun} {kind.noun}s") if kind else ("a return", "returns")
            late_any = any(reminder.late for reminder in reminders)
            subject = f"All Together Fairer: {an_noun} " + ("is late" if late_any else "is due soon")
            body = (f"Hello {user.get_full_name() or user.get_username()},\n\n"
                    f"These {what} are waiting for you in the ATF Portal:\n\n" + "\n".join(lines) +
                    "\n\nSave a draft at any time; submit it for the business team's sign-off when it is ready.\n")
            send_mail(subject, body, None, [user.email])
            sent += 1
        self.stdout.write(f"Sent {sent} reminder(s).")
