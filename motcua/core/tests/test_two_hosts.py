"""Two app hosts, one killed mid-load (docs/deploy.md section 2), against real servers: a
PostgreSQL 15 primary with a streaming replica, a Redis, a fake national portal and a fake SMS
gateway, all on 127.0.0.1 and started by the test.

Each host is a process group of its own, as a machine would be: gunicorn (production settings,
behind a "proxy" that says HTTPS) and a job worker, sharing the database, the Redis and the file
store. The load goes to both: counter receptions through the API (each queues a message to the
national portal and an SMS to the applicant), report exports asked on the settlement page by a
leader signed in once, and report reads. A third of the way through, host A is killed
(SIGKILL to its whole group); what was in flight on it fails as a proxy would report it (not
retried: a reception is not idempotent), and the rest goes to host B.

Then:
- every reception answered 201 is in the database, and at most the number of failed in-flight
  requests more;
- 0 lost messages: each dossier's portal message and SMS is sent and acknowledged by the fake
  counterpart under its key;
- 0 duplicate jobs: each export is made by one job; no job or message was run by two live
  workers (a job or message the dead host held is taken over once, and a call repeated after
  that carries the same key, which the counterpart drops: each such repeat comes from a
  message that was claimed more than once);
- the reports read the replica (its scans of the report cells grow with the reads), and the
  figures read there end up counting every dossier.

Slow (about two minutes, half of it setting up), and run in CI on both passes."""

from __future__ import annotations

import collections
import json
import os
import re
import secrets
import signal
import subprocess  # noqa: S404
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
import requests
from django.conf import settings
from django.utils import timezone

from motcua.core.testing import FakeCounterpart, send_json

from .servers import free_port, primary_and_replica, psql, redis_server

pytestmark = pytest.mark.slow
ROOT = Path(settings.BASE_DIR)
RECEPTIONS, EXPORTS, REPORT_READS = 120, 8, 24
PROXY = {"X-Forwarded-Proto": "https"}  # what nginx adds in front of gunicorn (TRUSTED_PROXIES)
DEMO_PASSWORD = "motcua-demo-2026"  # noqa: S105 - the demo accounts' documented password


class Counterpart(FakeCounterpart):
    """The national portal and the SMS gateway in one: every acknowledged call is counted under
    its key (the portal's ``X-Idempotency-Key``, the SMS's ``id``)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.keys: collections.Counter = collections.Counter()
        super().__init__()
        self.server.handle_error = lambda *args: None  # a sender killed mid-call is expected here

    def handler(self):
        counterpart = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - the portal's intake poll: nothing new
                return send_json(self, {"items": []})

            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                if self.path.endswith("/auth"):
                    return send_json(self, {"session": secrets.token_hex(8)})
                key = self.headers.get("X-Idempotency-Key") or body.get("id") or ""
                time.sleep(0.01)  # a call takes a moment, so the kill lands on sends in flight
                with counterpart.lock:
                    counterpart.keys[key] += 1
                return send_json(self, {"status": "ok", "id": key})

        return Handler


@dataclass
class Host:
    name: str
    port: int
    env: dict
    log: Path
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """gunicorn and a job worker in one new session: one process group to kill."""
        python = sys.executable
        command = (
            f"{python} -m gunicorn motcua.config.wsgi --bind 127.0.0.1:{self.port} --workers 2 --threads 4 --timeout 60 & "
            f"exec {python} manage.py run_worker --interval 0.2 --schedule-every 1"
        )
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                ["/bin/sh", "-c", command], cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True
            )
        for _ in range(300):
            try:
                if requests.get(f"{self.base}/healthz", headers=PROXY, timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise AssertionError(f"host {self.name} did not start: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)


@dataclass
class Load:
    """What the clients saw."""

    hosts: list[Host]
    desk_token: str
    leader_token: str
    session: str
    dead: set[str] = field(default_factory=set)
    accepted: list[str] = field(default_factory=list)
    exports: list[int] = field(default_factory=list)
    in_flight: collections.Counter = field(default_factory=collections.Counter)
    refused: list[str] = field(default_factory=list)
    reads: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def host(self, i: int) -> Host:
        live = [h for h in self.hosts if h.name not in self.dead]
        return live[i % len(live)]

    def run(self, kind: str, i: int) -> None:
        host = self.host(i)
        try:
            getattr(self, kind)(host, i)
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
            # The host died under this request, before or while answering: the proxy answers 502.
            with self.lock:
                self.in_flight[kind] += 1
            if kind == "read":  # a read is idempotent: the proxy tries the other host
                self.read(self.host(i), i)

    def reception(self, host: Host, i: int) -> None:
        payload: dict[str, Any] = {
            "procedure": "1.001193",
            "receiving_agency": "000.23.01.H38",
            "applicant": {"name": f"Người thử {i}", "id_number": f"0681900{i:05d}", "phone": f"09{i:08d}", "address": "1 Lê Lợi"},
        }
        response = requests.post(
            f"{host.base}/api/v1/dossiers", json=payload, headers={**PROXY, "Authorization": f"Bearer {self.desk_token}"}, timeout=60
        )
        with self.lock:
            if response.status_code == 201:
                self.accepted.append(response.json()["code"])
            else:
                self.refused.append(f"reception {response.status_code}: {response.text[:200]}")

    def export(self, host: Host, i: int) -> None:
        response = requests.get(
            f"{host.base}/reports/",
            params={"kind": "month", "export": "xlsx" if i % 2 else "pdf"},
            headers={**PROXY, "Cookie": self.session},
            allow_redirects=False,
            timeout=60,
        )
        found = re.search(r"/jobs/exports/(\d+)/", response.headers.get("Location", ""))
        with self.lock:
            if response.status_code == 302 and found:
                self.exports.append(int(found.group(1)))
            else:
                self.refused.append(f"export {response.status_code}: {response.text[:200]}")

    def read(self, host: Host, i: int) -> None:
        today = timezone.localdate().isoformat()
        if i % 2:
            response = requests.get(f"{host.base}/reports/public/", headers=PROXY, timeout=60)
        else:
            response = requests.get(
                f"{host.base}/api/v1/reports/settlement",
                params={"start": today[:8] + "01", "end": today},
                headers={**PROXY, "Authorization": f"Bearer {self.leader_token}"},
                timeout=60,
            )
        with self.lock:
            if response.status_code == 200:
                self.reads += 1
            else:
                self.refused.append(f"read {response.status_code}: {response.text[:200]}")


def _manage(env: dict, *args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def _sign_in(host: Host, username: str) -> str:
    """A staff session as a browser gets it: the form's CSRF token, then the password."""
    form = requests.get(f"{host.base}/accounts/login/", headers=PROXY, timeout=30)
    csrf = form.cookies["csrftoken"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    response = requests.post(
        f"{host.base}/accounts/login/",
        data={"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token},
        headers={
            **PROXY,
            "Cookie": f"csrftoken={csrf}",
            "Origin": f"https://127.0.0.1:{host.port}",
            "Referer": f"https://127.0.0.1:{host.port}/",
        },
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[-1500:]
    return f"sessionid={response.cookies['sessionid']}"


def _rows(port: int, sql: str) -> list[dict]:
    return json.loads(psql(port, f"SELECT coalesce(json_agg(t), '[]') FROM ({sql}) t") or "[]")  # noqa: S608 - the test's constants


def _cell_scans(port: int) -> int:
    return int(psql(port, "SELECT coalesce(idx_scan, 0) + seq_scan FROM pg_stat_user_tables WHERE relname = 'reports_reportcell'") or 0)


def _wait(what: str, done, seconds: float, left=lambda: "") -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, f"still waiting after {seconds} s: {what}: {left()}"
        time.sleep(0.5)


@pytest.fixture
def stack():
    with primary_and_replica(max_connections=200) as clusters, redis_server() as redis_url:
        counterpart = Counterpart()
        work = clusters["dir"]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "motcua.config.settings.prod",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{clusters['primary']}/motcua",
            "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{clusters['replica']}/motcua",
            "REPLICA_MAX_LAG_SECONDS": "5",
            "CACHE_URL": redis_url,
            "ALLOWED_HOSTS": "127.0.0.1",
            "TRUSTED_PROXIES": "127.0.0.1",
            "MEDIA_ROOT": str(work / "media"),  # the file store both hosts share
            "STATIC_ROOT": str(work / "static"),
            "NATIONAL_PORTAL_URL": counterpart.base,
            "NATIONAL_PORTAL_USERNAME": "tinh",
            "NATIONAL_PORTAL_PASSWORD": "secret",
            "NATIONAL_PORTAL_AGENCY": "000.00.00.H38",
            "SMS_PROVIDER": "http",
            "SMS_HTTP_URL": f"{counterpart.base}/sms",
            "SMS_HTTP_TOKEN": "sms-token",
            "WORKER_LOST_SECONDS": "4",
            "OUTBOX_CLAIM_SECONDS": "4",
            "OUTBOX_HEARTBEAT_SECONDS": "1",
            "OUTBOX_BACKOFF_SECONDS": "1",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
        with ThreadPoolExecutor(2) as pool:  # independent, and each takes half a minute
            static = pool.submit(_manage, env, "collectstatic", "--noinput", "-v0")
            _manage(env, "migrate", "-v0")
            _manage(env, "load_demo", "--dossiers", "0", "-v0")
            static.result()
        tokens = {name: _manage(env, "create_api_token", name).splitlines()[-1] for name in ("tiepnhan.xa3", "lanhdao.ubndtinh")}
        hosts = [Host(name, free_port(), env, work / f"host-{name}.log") for name in "AB"]
        try:
            for host in hosts:
                host.start()
            yield {"hosts": hosts, "tokens": tokens, "counterpart": counterpart, "clusters": clusters}
        finally:
            for host in hosts:
                host.kill()
            counterpart.close()


def test_one_host_killed_mid_load_loses_nothing_and_runs_nothing_twice(stack):
    primary, replica = stack["clusters"]["primary"], stack["clusters"]["replica"]
    a, b = stack["hosts"]
    load = Load(stack["hosts"], stack["tokens"]["tiepnhan.xa3"], stack["tokens"]["lanhdao.ubndtinh"], _sign_in(a, "lanhdao.ubndtinh"))
    scans_before = _cell_scans(replica)
    _drive(load, a)
    assert not load.refused, load.refused[:5]
    assert a.process and a.process.poll() is not None and b.process and b.process.poll() is None

    # The survivor finishes everything: messages sent, exports made, the dead host's claims taken over.
    _wait("messages and exports of the dead host", lambda: not _waiting(primary), 90, lambda: _waiting(primary))
    dossiers = {row["code"]: row["id"] for row in _rows(primary, "SELECT code, id FROM dossiers_dossier")}
    assert set(load.accepted) <= set(dossiers) and len(load.accepted) == len(set(load.accepted))
    assert len(dossiers) - len(load.accepted) <= load.in_flight["reception"]  # only what a client saw fail may exist unseen
    assert len(load.accepted) >= RECEPTIONS // 2
    repeated = _no_message_lost(primary, dossiers, stack["counterpart"].keys)
    taken_over = _no_job_twice(primary, load, dead_worker=f"-{a.process.pid}-", media=Path(stack["clusters"]["dir"]) / "media")

    # The reports read the replica, and its figures come to count every dossier.
    time.sleep(1.5)  # the statistics of the replica's scans are flushed at most a second late
    assert _cell_scans(replica) - scans_before >= load.reads
    _wait("the report figures on the replica", lambda: _received(b, load.leader_token) == len(dossiers), 90)
    print(  # noqa: T201 - the run's figures, for the CI log
        f"two hosts: {len(load.accepted)} receptions accepted, {sum(load.in_flight.values())} requests cut by the kill "
        f"({dict(load.in_flight)}), {len(dossiers)} dossiers, {len(load.exports)} exports, {taken_over} jobs taken over, "
        f"{repeated} calls repeated under their key, {load.reads} report reads on the replica"
    )


def _drive(load: Load, victim: Host) -> None:
    """The load from six clients, interleaved the same way every run; the victim dies a third of the way."""
    work = [("reception", i) for i in range(RECEPTIONS)] + [("export", i) for i in range(EXPORTS)]
    work += [("read", i) for i in range(REPORT_READS)]
    work.sort(key=lambda item: (item[1] * 7919) % 101)
    with ThreadPoolExecutor(6) as pool:
        futures = [pool.submit(load.run, kind, i) for kind, i in work]
        for number, future in enumerate(futures):
            future.result()
            if number == len(futures) // 3:
                load.dead.add(victim.name)
                victim.kill()  # gunicorn and the worker at once, mid-load


def _waiting(primary: int) -> list[dict]:
    return _rows(
        primary,
        "SELECT 'portal' AS box, state, attempts, claimed_by, last_error FROM integrations_outboxmessage WHERE state <> 'sent'"
        " UNION ALL SELECT 'sms', state, attempts, claimed_by, last_error FROM notifications_message WHERE state <> 'sent'"
        " UNION ALL SELECT 'export', state, 0, '', error FROM jobs_export WHERE state <> 'done'"
        " UNION ALL SELECT 'job', status, 0, worker_ids::text, '' FROM django_tasks_database_dbtaskresult"
        "  WHERE status IN ('READY', 'RUNNING') AND task_path LIKE '%run_export%'",
    )


def _no_message_lost(primary: int, dossiers: dict, keys: collections.Counter) -> int:
    """One portal message and one SMS per dossier, each acknowledged under its key; a key
    received twice belongs to a send that was taken over. Returns how many keys came twice."""
    portal = _rows(primary, "SELECT key, state, attempts, dossier_id FROM integrations_outboxmessage")
    sms = _rows(primary, "SELECT key, state, attempts, dossier_id FROM notifications_message WHERE medium = 'sms'")
    for messages in (portal, sms):
        assert sorted(m["dossier_id"] for m in messages) == sorted(dossiers.values())
        assert {m["state"] for m in messages} == {"sent"}
    for m in portal:
        assert keys[f"{m['key']}:progress"] >= 1 and keys[f"{m['key']}:sync"] >= 1, m
    for m in sms:
        assert keys[m["key"]] >= 1, m
    by_key = {m["key"]: m for m in portal} | {m["key"]: m for m in sms}
    repeated = {key for key, count in keys.items() if count > 1}
    for key in repeated:  # a repeat is a takeover of a send the dead host had begun, never two live senders
        message = by_key[key.rsplit(":", 1)[0] if key.endswith((":progress", ":sync")) else key]
        assert message["attempts"] >= 2, (key, message)
    return len(repeated)


def _no_job_twice(primary: int, load: Load, *, dead_worker: str, media: Path) -> int:
    """One job per export, each run to its end once; a job run by two workers was begun by the
    one that died. No periodic slot twice. Returns how many jobs were taken over."""
    exports = _rows(primary, "SELECT id, state, file FROM jobs_export")
    ids = [e["id"] for e in exports]
    assert set(load.exports) <= set(ids) and len(ids) >= EXPORTS - load.in_flight["export"]
    assert len(ids) - len(load.exports) <= load.in_flight["export"]  # an export cut while answering may exist unseen
    assert all(e["state"] == "done" and (media / e["file"]).stat().st_size > 0 for e in exports)
    jobs = _rows(
        primary, "SELECT status, worker_ids, args_kwargs FROM django_tasks_database_dbtaskresult WHERE task_path LIKE '%run_export%'"
    )
    assert collections.Counter(job["args_kwargs"]["args"][0] for job in jobs) == {e["id"]: 1 for e in exports}
    assert {job["status"] for job in jobs} == {"SUCCESSFUL"}
    taken_over = [job["worker_ids"] for job in jobs if len(job["worker_ids"]) > 1]
    for first, *rest in taken_over:
        assert len(rest) == 1 and dead_worker in first and dead_worker not in rest[0], (first, rest)
    assert _rows(primary, "SELECT name, slot FROM jobs_periodicjobrun GROUP BY name, slot HAVING count(*) > 1") == []
    return len(taken_over)


def _received(host: Host, token: str) -> int:
    today = timezone.localdate().isoformat()
    response = requests.get(
        f"{host.base}/api/v1/reports/settlement",
        params={"start": today[:8] + "01", "end": today},
        headers={**PROXY, "Authorization": f"Bearer {token}"},
        timeout=30,
    )
    return response.json()["totals"]["received_total"]
