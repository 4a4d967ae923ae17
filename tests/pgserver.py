"""A throwaway PostgreSQL server for the tests: initdb + pg_ctl in a temporary folder.

Uses Debian's postgresql package (``./test.sh`` installs it). As root, initdb
refuses to run, so the server runs as the ``postgres`` user (or ``nobody``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def find_bin(name: str) -> str | None:
    """``initdb``/``pg_ctl`` from PATH or Debian's versioned folder (newest first)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]), reverse=True)
    return found[0] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """A PostgreSQL server on a free localhost port, trust authentication, data in a temp folder."""

    def __init__(self) -> None:
        initdb, self.pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
        if not initdb or not self.pg_ctl:
            raise FileNotFoundError("PostgreSQL is not installed (apt-get install postgresql; ./test.sh does it)")
        self.tmp = Path(tempfile.mkdtemp(prefix="evr-pg-"))
        self.data = self.tmp / "data"
        self.user: str | None = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    pw = pwd.getpwnam(name)
                except KeyError:
                    continue
                self.user = name
                os.chown(self.tmp, pw.pw_uid, pw.pw_gid)
                break
        self.port = _free_port()
        self._run([initdb, "-D", str(self.data), "-U", "evr", "--auth=trust", "-E", "UTF8", "--no-sync"])
        opts = f"-p {self.port} -k {self.tmp} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
        self._run([self.pg_ctl, "-D", str(self.data), "-l", str(self.tmp / "log"), "-w", "-t", "60", "-o", opts,
                   "start"])
        self._n = 0

    def _run(self, cmd: list[str]) -> None:
        if self.user is not None:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.tmp)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd[-3:])} failed: {(done.stderr or done.stdout).strip()[-500:]}")

    def url(self, db: str = "postgres") -> str:
        return f"postgresql://evr@127.0.0.1:{self.port}/{db}"

    def new_database(self) -> str:
        """A fresh, empty database; returns its URL."""
        import psycopg

        self._n += 1
        name = f"t{os.getpid()}_{self._n}"
        with psycopg.connect(self.url(), autocommit=True) as c:
            c.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run([str(self.pg_ctl), "-D", str(self.data), "-m", "immediate", "-w", "stop"])
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)
