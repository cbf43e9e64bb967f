"""The register made in the job worker (docs/rules.md section 6.4): asking for it shows a
progress page; the worker writes the official layout; only the requester downloads it, for
EXPORT_KEEP_DAYS; a scope lost before the worker runs gives a clear failure, not a file."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from motcua.accounts.models import Membership
from motcua.jobs import exports
from motcua.jobs.models import Export
from motcua.jobs.tests.test_jobs import keep_test_connection, run_ready  # noqa: F401 - the worker's test fixture
from motcua.reports.tests.conftest import imported


@pytest.fixture
def register(env):
    imported(env, "REG-2", "2026-03-11 10:00", [{"action": "resolve", "at": "2026-03-12 10:00"}])
    imported(env, "REG-1", "2026-03-10 09:00")
    imported(env, "REG-OUT", "2026-04-02 09:00")  # after the range
    imported(env, "REG-B", "2026-03-10 09:00", agency="b_centre")  # another unit
    return env


def ask(client, env, fmt="xlsx", user="reception_a"):
    client.force_login(env["staff"][user])
    params = {"agency": env["a_centre"].code, "start": "2026-03-01", "end": "2026-03-31", "format": fmt}
    response = client.get(reverse("documents:register"), params)
    assert response.status_code == 302, response.content[:300]
    return Export.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_the_register_is_made_in_the_background_and_downloaded_by_its_requester(register, client):
    row = ask(client, register)
    assert row.state == "queued" and row.kind == "documents.register_xlsx"
    page = client.get(reverse("jobs:export", args=[row.pk])).content.decode()
    assert "Đang chờ" in page and 'hx-trigger="every 1s"' in page
    assert exports.run(row.pk) == "done"
    row.refresh_from_db()
    assert (row.state, row.done, row.total) == ("done", 2, 2)
    assert row.expires_at - row.finished_at == dt.timedelta(days=7)
    partial = client.get(reverse("jobs:export", args=[row.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in partial and reverse("jobs:export_download", args=[row.pk]) in partial
    download = client.get(reverse("jobs:export_download", args=[row.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].endswith('so-theo-doi-20260301-20260331.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0].startswith("SỔ THEO DÕI HỒ SƠ") and values[1][0] == "Từ ngày 01/03/2026 đến ngày 31/03/2026"
    assert values[2][:3] == ("Số TT", "Mã hồ sơ", "Tên thủ tục hành chính")
    assert [r[1] for r in values[3:]] == ["REG-1", "REG-2"]  # the range, in order of reception, this unit only
    assert values[3][7] == dt.datetime(2026, 3, 10, 9, 0) and values[4][10] == dt.datetime(2026, 3, 12, 10, 0)
    assert values[4][12] == "Đã có kết quả"
    # Nobody else reaches it, not even a colleague of the same unit.
    client.force_login(register["staff"]["processing_a"])
    assert client.get(reverse("jobs:export", args=[row.pk])).status_code == 404
    assert client.get(reverse("jobs:export_download", args=[row.pk])).status_code == 404


def test_the_pdf_register_is_a_background_export_too(register, client):
    row = ask(client, register, fmt="pdf")
    exports.run(row.pk)
    row.refresh_from_db()
    download = client.get(reverse("jobs:export_download", args=[row.pk]))
    assert row.state == "done" and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_scope_lost_before_the_worker_runs_makes_no_file(register, client):
    row = ask(client, register)
    Membership.objects.filter(user=register["staff"]["reception_a"]).update(is_active=False)
    assert exports.run(row.pk) == "refused"
    row.refresh_from_db()
    assert row.state == "failed" and "không còn quyền" in row.error and not row.file
    assert exports.run(row.pk) == "skipped"  # never run twice


def test_an_export_left_running_by_a_dead_worker_is_made_when_its_job_runs_again(register, client):
    row = ask(client, register)
    Export.objects.filter(pk=row.pk).update(state="running", done=1)  # its worker died mid-file
    assert exports.run(row.pk) == "done"
    row.refresh_from_db()
    assert (row.state, row.done) == ("done", 2) and row.file
    assert exports.run(row.pk) == "skipped"  # made: never again


def test_files_are_removed_after_their_days(register, client):
    row = ask(client, register)
    exports.run(row.pk)
    row.refresh_from_db()
    name = row.file.name
    assert exports.expire(now=timezone.now() + dt.timedelta(days=6)) == 0
    assert exports.expire(now=timezone.now() + dt.timedelta(days=8)) == 1
    row.refresh_from_db()
    assert row.state == "expired" and not row.file and not row.file.storage.exists(name)
    assert client.get(reverse("jobs:export_download", args=[row.pk])).status_code == 404


def test_the_job_worker_makes_it_once_the_request_commits(register, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = ask(client, register)
    assert DBTaskResult.objects.get(task_path="motcua.jobs.exports.run_export").task_result.args == [row.pk]
    run_ready()  # what manage.py run_worker does
    row.refresh_from_db()
    assert (row.state, row.done) == ("done", 2) and row.file
