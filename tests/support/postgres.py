"""A throwaway PostgreSQL cluster for the test suite.

initdb/pg_ctl run as the ``postgres`` user when the tests run as root (PostgreSQL refuses to
run as root). The cluster listens on 127.0.0.1 on a free port, with its socket in its own
temporary folder, and is removed at the end of the session.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg


class PostgresUnavailable(RuntimeError):
    pass


def find_binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    raise PostgresUnavailable(
        f"{name} was not found. Install Debian's 'postgresql' package "
        "(apt-get install postgresql); `make test` does this when run as root."
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ThrowawayPostgres:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="openler-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0
        self.version = ""

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise PostgresUnavailable(
                f"{' '.join(args[:2])} failed ({result.returncode}):\n{result.stdout}\n"
                f"{result.stderr}\n{tail}"
            )
        return result

    def start(self) -> str:
        initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
        if self.as_postgres:
            shutil.chown(self.root, user="postgres", group="postgres")
        self._run(initdb, "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.root} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            pg_ctl,
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        with psycopg.connect(self.admin_url(), autocommit=True) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            self.version = row[0] if row else "?"
        return self.admin_url()

    def admin_url(self, database: str = "postgres", user: str = "postgres") -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str, database: str = "postgres") -> None:
        with psycopg.connect(self.admin_url(database), autocommit=True) as conn:
            conn.execute(sql)

    def stop(self) -> None:
        try:
            pg_ctl = find_binary("pg_ctl")
            self._run(pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except PostgresUnavailable:
            pass
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
