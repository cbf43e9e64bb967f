"""Reads from a PostgreSQL streaming replica (``core/replica.py``), against real clusters: the
test starts a PostgreSQL 15 primary and a replica made from it with ``pg_basebackup``, on ports
of their own, migrates the primary, and runs ``replica_check.py`` in a process configured with
both. The reports' reads go to the replica; a read after a write, a lagging replica and a
stopped one all read the primary, and nothing fails. Needs PostgreSQL 15's server binaries
(``postgresql`` in Debian); slow (about a minute), and run in CI on both passes."""

import json
import os
import subprocess  # noqa: S404
import sys
from pathlib import Path

import pytest
from django.conf import settings

from .servers import BIN, as_postgres, primary_and_replica

pytestmark = pytest.mark.slow
LAG = 2


@pytest.fixture
def clusters():
    with primary_and_replica() as ports:
        yield ports


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
    as_postgres([BIN / "pg_ctl", "-D", clusters["replica_dir"], "-m", "fast", "-w", "stop"])
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
