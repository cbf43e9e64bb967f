"""Servers the slow tests start for themselves on free ports of 127.0.0.1: a PostgreSQL 15
primary with a streaming replica made by ``pg_basebackup``, and a Redis. Used by
``test_replica.py`` and ``test_two_hosts.py``; needs Debian's ``postgresql-15`` and
``redis-server``."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess  # noqa: S404
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(args, check: bool = True):
    """Run a PostgreSQL program as the ``postgres`` user when we are root (the server refuses root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *map(str, args)], check=check, capture_output=True, text=True)  # noqa: S603


@contextmanager
def primary_and_replica(max_connections: int = 100) -> Iterator[dict]:
    """A primary with a database ``motcua`` and its streaming replica; yields their ports, the
    replica's data directory (to stop it) and a scratch directory removed at the end."""
    assert (BIN / "initdb").exists(), "PostgreSQL 15's server binaries are needed (Debian package postgresql-15)"
    root = Path(tempfile.mkdtemp(prefix="motcua-clusters-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    primary, replica = root / "primary", root / "replica"
    ports = free_port(), free_port()
    as_postgres([BIN / "initdb", "-D", primary, "-A", "trust", "-U", "postgres", "--no-sync"])
    with open(primary / "postgresql.conf", "a") as conf:
        conf.write(
            f"port = {ports[0]}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{root}'\nfsync = off\n"
            f"max_connections = {max_connections}\n"
        )
    as_postgres([BIN / "pg_ctl", "-D", primary, "-l", root / "primary.log", "-w", "start"])
    started = [primary]
    try:
        as_postgres([BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", ports[0], "-U", "postgres", "-D", replica, "-R", "-X", "stream"])
        with open(replica / "postgresql.conf", "a") as conf:
            conf.write(f"port = {ports[1]}\n")
        as_postgres([BIN / "pg_ctl", "-D", replica, "-l", root / "replica.log", "-w", "start"])
        started.append(replica)
        as_postgres([BIN / "psql", "-h", "127.0.0.1", "-p", ports[0], "-U", "postgres", "-c", "CREATE DATABASE motcua"])
        work = root / "work"
        work.mkdir()
        yield {"primary": ports[0], "replica": ports[1], "replica_dir": replica, "dir": work}
    finally:
        for data in reversed(started):
            as_postgres([BIN / "pg_ctl", "-D", data, "-m", "immediate", "stop"], check=False)
        shutil.rmtree(root, ignore_errors=True)


def psql(port: int, sql: str) -> str:
    """One statement's result, unaligned, on the cluster at ``port``."""
    done = as_postgres([BIN / "psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "motcua", "-Atc", sql], check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@contextmanager
def redis_server() -> Iterator[str]:
    """A Redis of its own (no disk), yields its URL."""
    redis = shutil.which("redis-server")
    assert redis, "redis-server is needed (Debian package redis-server)"
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [redis, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.kill()
        process.wait()
