"""The job worker: the database backend's worker plus a scheduler thread for periodic jobs.

Run several on PostgreSQL: tasks are claimed with SELECT ... FOR UPDATE SKIP LOCKED and
periodic slots are unique rows, so no job runs twice."""

import logging
import threading
import time
import uuid

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Worker

from motcua.jobs.services import schedule_periodic

logger = logging.getLogger("motcua.jobs")


class Command(BaseCommand):
    help = "Run background jobs (and schedule periodic ones)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls when idle.")
        parser.add_argument("--schedule-every", type=float, default=30.0, help="Seconds between periodic checks.")
        parser.add_argument("--no-scheduler", action="store_true")

    def handle(self, *args, interval, schedule_every, no_scheduler, **options):
        worker = Worker(
            queue_names=["*"], interval=interval, batch=False, backend_name="default", startup_delay=True,
            max_tasks=None, worker_id=f"motcua-{uuid.uuid4().hex[:8]}", excluded_queue_names=[],
        )
        if not no_scheduler:
            threading.Thread(target=self._schedule_loop, args=(worker, schedule_every), daemon=True).start()
        worker.configure_signals()
        worker.run()

    def _schedule_loop(self, worker, every: float) -> None:
        while worker.running:
            try:
                close_old_connections()
                names = schedule_periodic()
                if names:
                    logger.info("periodic jobs enqueued", extra={"jobs": ",".join(names)})
            except Exception:  # noqa: BLE001 - the scheduler must survive a bad tick
                logger.exception("periodic scheduling failed")
            finally:
                connection.close()
            time.sleep(every)
