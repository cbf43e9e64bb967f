"""The job worker: the database backend's worker, a scheduler thread for periodic jobs, the
outbox dispatcher (``jobs.outbox.Dispatcher``: outbound messages, right after their commit)
and a heartbeat thread.

Run several on PostgreSQL: tasks and outbox rows are claimed with SELECT ... FOR UPDATE SKIP
LOCKED and periodic slots are unique rows, so nothing runs or is sent twice. The heartbeat keeps this worker's outbox claims alive; a
worker that dies stops beating,
and its claims and RUNNING jobs are taken over (at the next worker's start, then every
``WORKER_LOST_SECONDS``, at most a minute apart)."""

import logging
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Worker

from motcua.jobs import services
from motcua.jobs.outbox import Dispatcher, worker_id

logger = logging.getLogger("motcua.jobs")


class Command(BaseCommand):
    help = "Run background jobs (and schedule periodic ones)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls when idle.")
        parser.add_argument("--schedule-every", type=float, default=30.0, help="Seconds between periodic checks.")
        parser.add_argument("--no-scheduler", action="store_true")
        parser.add_argument("--no-outbox", action="store_true", help="Do not send outbound messages from this worker.")

    def handle(self, *args, interval, schedule_every, no_scheduler, no_outbox, **options):
        me = worker_id()
        services.beat(me)
        recovered = services.recover_orphans()
        if recovered:
            logger.warning("jobs of a dead worker run again", extra={"count": recovered})
        connection.close()
        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=True,
            max_tasks=None,
            worker_id=me,
            excluded_queue_names=[],
        )
        threading.Thread(target=self._heartbeat_loop, args=(worker, me), daemon=True).start()
        if not no_scheduler:
            threading.Thread(target=self._schedule_loop, args=(worker, schedule_every), daemon=True).start()
        dispatcher = Dispatcher()
        if not no_outbox:
            threading.Thread(target=dispatcher.run, daemon=True, name="outbox").start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            dispatcher.stop()
            services.stopped(me)

    def _tick(self, name: str, action) -> None:
        try:
            close_old_connections()
            action()
        except Exception:  # noqa: BLE001 - a background loop must survive a bad tick
            logger.exception("%s failed", name)
        finally:
            connection.close()

    def _heartbeat_loop(self, worker, me: str) -> None:
        last_recovery = time.monotonic()
        while worker.running:
            self._tick("heartbeat", lambda: services.beat(me))
            if time.monotonic() - last_recovery >= min(60, settings.WORKER_LOST_SECONDS):
                self._tick("recovery", services.recover_orphans)
                last_recovery = time.monotonic()
            time.sleep(settings.OUTBOX_HEARTBEAT_SECONDS)

    def _schedule_loop(self, worker, every: float) -> None:
        def schedule():
            names = services.schedule_periodic()
            if names:
                logger.info("periodic jobs enqueued", extra={"jobs": ",".join(names)})

        while worker.running:
            self._tick("periodic scheduling", schedule)
            time.sleep(every)
