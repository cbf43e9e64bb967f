"""Reads from a PostgreSQL streaming replica (``core/replica.py``), against real clusters: the
test starts a PostgreSQL 15 primary and a replica made from it with ``pg_basebackup``, on ports
of their own, migrates the primary, and runs ``replica_check.py`` in a process configured with
both. The reports' reads go to the replica; a read after a write, a lagging replica and a
stopped one all read the primary, and nothing fails. Needs PostgreSQL 15's server binaries
(``postgresql`` in Debian); slow (about a minute), and run in CI on both passes."""

import json
import os
import shutil
import socket
import subprocess  # noqa: S404
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow
BIN = Path("/usr/lib/postgresql/15/bin")
LAG = 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args, check: bool = True):
    """Run a PostgreSQL program as the ``postgres`` user when we are root (the server refuses root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *map(str, args)], check=check, capture_output=True, text=True)  # noqa: S603


@pytest.fixture
def clusters():
    assert (BIN / "initdb").exists(), "PostgreSQL 15's server binaries are needed (Debian package postgresql-15)"
    root = Path(tempfile.mkdtemp(prefix="motcua-replica-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    primary, replica = root / "primary", root / "replica"
    ports = _free_port(), _free_port()
    _as_postgres([BIN / "initdb", "-D", primary, "-A", "trust", "-U", "postgres", "--no-sync"])
    with open(primary / "postgresql.conf", "a") as conf:
        conf.write(f"port = {ports[0]}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{root}'\nfsync = off\n")
    _as_postgres([BIN / "pg_ctl", "-D", primary, "-l", root / "primary.log", "-w", "start"])
    started = [primary]
    try:
        _as_postgres([BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", ports[0], "-U", "postgres", "-D", replica, "-R", "-X", "stream"])
        with open(replica / "postgresql.conf", "a") as conf:
            conf.write(f"port = {ports[1]}\n")
        _as_postgres([BIN / "pg_ctl", "-D", replica, "-l", root / "replica.log", "-w", "start"])
        started.append(replica)
        _as_postgres([BIN / "psql", "-h", "127.0.0.1", "-p", ports[0], "-U", "postgres", "-c", "CREATE DATABASE motcua"])
        yield {"primary": ports[0], "replica": ports[1], "replica_dir": replica, "dir": root}
    finally:
        for data in reversed(started):
            _as_postgres([BIN / "pg_ctl", "-D", data, "-m", "immediate", "stop"], check=False)
        shutil.rmtree(root, ignore_errors=True)


def test_reports_read_the_replica_and_fall_back_to_the_primary(clusters):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "motcua.config.settings.dev",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{clusters['primary']}/motcua",
        "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{clusters['replica']}/motcua",
        "REPLICA_MAX_LAG_SECONDS": str(LAG),
        "MEDIA_ROOT": str(clusters["dir"] / "media"),
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    root = Path(settings.BASE_DIR)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=root, env=env, check=True)  # noqa: S603
    check = subprocess.Popen(  # noqa: S603
        [sys.executable, str(Path(__file__).with_name("replica_check.py"))],
        cwd=root,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert check.stdout is not None and check.stdin is not None
    assert check.stdout.readline().strip() == "STOP"
    _as_postgres([BIN / "pg_ctl", "-D", clusters["replica_dir"], "-m", "fast", "-w", "stop"])
    check.stdin.write("\n")
    check.stdin.flush()
    seen = json.loads(check.stdout.readline())
    assert check.wait(timeout=60) == 0
    assert seen["replica_in_recovery"] is True
    assert (seen["outside_block"], seen["inside_block"], seen["after_a_write"]) == ("default", "replica", "default")
    assert seen["replicated"] and (seen["read_back"], seen["read_back_db"]) == (1, "replica")
    assert seen["statistics_status"] == 200
    assert seen["statistics_replica_queries"] > 0 and seen["statistics_primary_queries"] == 0  # the report cells read on the replica only
    assert (seen["lagging"], seen["caught_up"], seen["after_catching_up"]) == ("default", True, "replica")
    assert (seen["replica_down"], seen["replica_down_count"]) == ("default", 2)
