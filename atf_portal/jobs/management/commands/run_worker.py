import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Worker

from atf_portal.jobs import runner, schedule


class Command(BaseCommand):
    help = ("Run the background tasks and the schedule: queue the scheduled jobs that are due, run every queued task, "
            "bring the read models up to date, wait, and again. Run one beside the web server (`make serve` does); "
            "more than one may run.")

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2, help="seconds to wait when there is nothing to do")
        parser.add_argument("--once", action="store_true", help="queue what is due, run what is queued, then stop")

    def handle(self, *args, interval=2, once=False, **options):
        worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                        startup_delay=False, max_tasks=None, worker_id=get_random_string(32),
                        excluded_queue_names=[])
        if not once:
            worker.configure_signals()  # a stop waits for the running task; a second one ends it
        read_models = [import_string(path) for path in settings.READ_MODELS]
        while worker.running:
            runner.mark_interrupted()
            schedule.run_due()
            worker.run()  # every queued task, then back here
            for refresh in read_models:  # after the tasks, so it reads what they wrote
                refresh()
            if once:
                return
            time.sleep(interval)
