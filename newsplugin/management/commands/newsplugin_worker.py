"""``manage.py newsplugin_worker``: django-tasks-db's ``db_worker``, surviving the database.

``db_worker`` exits when its database goes away (a restart, a fail-over), and
the notifications queued meanwhile wait until someone starts it again. This
worker takes the same options, logs the outage once, waits with backoff
(1, 2, 4 … 30 s) and carries on when the database is back; a task it was
running when the connection broke is put back in the queue, so it is run
again rather than left "running" for ever (a notification may then be sent
twice, never lost). Needs django-tasks-db (``pip install django-tasks-db``).
"""

import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError, connections

from ...outage import Outage

try:
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult
except ImportError:  # the backend is the site's choice, not a dependency
    db_worker = None

logger = logging.getLogger("newsplugin.worker")
outage = Outage("The task database", retry_after=0)
BACKOFF_SECONDS = (1, 2, 4, 8, 16, 30)


if db_worker is None:

    class Command(BaseCommand):
        help = "Needs django-tasks-db, which is not installed."

        def handle(self, *args, **options):
            raise CommandError(
                "newsplugin_worker needs django-tasks-db: pip install django-tasks-db"
            )

else:

    class SurvivingWorker(db_worker.Worker):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.current_task_id = None

        def run_task(self, db_task_result):
            self.current_task_id = db_task_result.id
            super().run_task(db_task_result)
            self.current_task_id = None

        def run(self):
            failures = 0
            while self.running:
                try:
                    if failures:
                        connections["default"].ensure_connection()
                        self.requeue_interrupted_task()
                        outage.recovered()
                        failures = 0
                    super().run()
                    return
                except (OperationalError, InterfaceError) as error:
                    outage.failed(error)
                    for connection in connections.all():
                        connection.close_if_unusable_or_obsolete()
                    self.pause(BACKOFF_SECONDS[min(failures, len(BACKOFF_SECONDS) - 1)])
                    failures += 1

        def pause(self, seconds):
            end = time.monotonic() + seconds
            while self.running and time.monotonic() < end:
                time.sleep(min(0.2, end - time.monotonic()))

        def requeue_interrupted_task(self):
            if self.current_task_id is None:
                return
            requeued = DBTaskResult.objects.filter(
                id=self.current_task_id, status="RUNNING"
            ).update(status="READY")
            if requeued:
                logger.warning(
                    "Task id=%s was interrupted by the outage: queued again", self.current_task_id
                )
            self.current_task_id = None

    class Command(db_worker.Command):
        help = "Run django-tasks-db's worker, waiting out database outages instead of exiting."

        def handle(
            self,
            *,
            verbosity,
            queue_name,
            interval,
            batch,
            backend_name,
            startup_delay,
            reload,
            max_tasks,
            worker_id,
            exclude_queues,
            **options,
        ):
            self.configure_logging(verbosity)
            queue_names = queue_name.split(",")
            excluded = exclude_queues.split(",") if exclude_queues else []
            if excluded and "*" not in queue_names:
                raise CommandError("--exclude-queues can only be used with --queue-name=*")
            if reload:
                raise CommandError("--reload is not supported here: use db_worker while developing")
            worker = SurvivingWorker(
                queue_names=queue_names,
                interval=interval,
                batch=batch,
                backend_name=backend_name,
                startup_delay=startup_delay,
                max_tasks=max_tasks,
                worker_id=worker_id,
                excluded_queue_names=excluded,
            )
            worker.configure_signals()
            worker.run()
