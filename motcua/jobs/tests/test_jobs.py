import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from motcua.jobs import runner, services
from motcua.jobs.models import PeriodicJobRun

pytestmark = pytest.mark.django_db
CALLS: list[str] = []


@runner.job(max_attempts=3, backoff_seconds=10)
def flaky(label: str) -> str:
    CALLS.append(label)
    raise RuntimeError("counterpart down")


@runner.periodic(every=dt.timedelta(minutes=15))
@runner.job()
def every_quarter_hour() -> str:
    return "ok"


@pytest.fixture(autouse=True)
def keep_test_connection(monkeypatch):
    """The worker closes stale connections between tasks; inside a test transaction that would
    close the test's own connection (PostgreSQL)."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_ready():
    """Run what the worker would run now, like `run_worker` does."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    ).run()


def test_failures_retry_with_backoff_then_stay_dead():
    CALLS.clear()
    flaky.enqueue("a")
    run_ready()
    assert CALLS == ["a"]
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.task_result.kwargs["_attempt"] == 2
    assert retry.run_after - timezone.now() > dt.timedelta(seconds=8)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_ready()
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.task_result.kwargs["_attempt"] == 3 and retry.run_after - timezone.now() > dt.timedelta(seconds=18)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_ready()
    assert CALLS == ["a", "a", "a"]
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    dead = DBTaskResult.objects.filter(status="FAILED").order_by("-enqueued_at").first()
    new_id = services.retry_failed(str(dead.pk))
    assert DBTaskResult.objects.get(pk=new_id).status == "READY"


def test_backoff_doubles_and_is_capped():
    assert runner.backoff_delay(1, 30) == dt.timedelta(seconds=30)
    assert runner.backoff_delay(3, 30) == dt.timedelta(seconds=120)
    assert runner.backoff_delay(20, 30) == dt.timedelta(seconds=runner.MAX_BACKOFF_SECONDS)


def test_periodic_jobs_run_once_per_slot_across_restarts():
    now = timezone.now()
    name = f"{every_quarter_hour.func.__module__}.{every_quarter_hour.func.__qualname__}"
    assert name in services.schedule_periodic(now)
    assert name not in services.schedule_periodic(now + dt.timedelta(seconds=5))  # a second scheduler / a restart
    assert PeriodicJobRun.objects.filter(name=name).count() == 1
    assert name in services.schedule_periodic(now + dt.timedelta(minutes=15))
    assert PeriodicJobRun.objects.filter(name=name).count() == 2
    run_ready()
    assert DBTaskResult.objects.filter(task_path__endswith="every_quarter_hour", status="SUCCESSFUL").count() == 2


def test_daily_slot_is_due_only_after_its_time():
    spec = runner.Periodic(name="x", job=None, at=dt.time(2, 0))
    local = timezone.localtime().replace(hour=1, minute=59)
    assert spec.slot(local) is None
    assert spec.slot(local.replace(hour=2, minute=0)).hour == 2


def test_jobs_page_is_for_administrators(client, make_user, make_agency):
    client.force_login(make_user(agency=make_agency(), role="reception"))
    assert client.get("/jobs/").status_code == 403
    client.force_login(make_user(is_superuser=True))
    assert client.get("/jobs/").status_code == 200
