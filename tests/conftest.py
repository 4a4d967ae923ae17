"""Shared fixtures: the repo root, a virtual X display, a CLI runner."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300, cwd: Path = ROOT) -> Done:
    """Run ``python run_vr.py ARGS`` in a subprocess and return its output."""
    full_env = {**os.environ, **(env or {})}
    p = subprocess.run([sys.executable, str(ROOT / "run_vr.py"), *args], capture_output=True, text=True,
                       env=full_env, timeout=timeout, cwd=cwd)
    return Done(p.returncode, p.stdout, p.stderr)


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[str]:
    """A private Xvfb server; yields its DISPLAY value (":N")."""
    exe = shutil.which("Xvfb")
    if exe is None:
        pytest.fail("Xvfb is not installed (the README's test command installs it: apt-get install xvfb)")
    r, w = os.pipe()
    proc = subprocess.Popen([exe, "-displayfd", str(w), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(w)
    # Read up to the newline and keep the pipe open while Xvfb runs: Xvfb may
    # write the number and the newline separately, and a closed pipe kills it (SIGPIPE).
    number = b""
    while not number.endswith(b"\n"):
        ready, _, _ = select.select([r], [], [], 30)
        chunk = os.read(r, 64) if ready else b""
        if not chunk:
            proc.kill()
            os.close(r)
            pytest.fail("Xvfb did not report a display number within 30 s")
        number += chunk
    try:
        yield f":{number.decode().strip()}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        os.close(r)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """One PostgreSQL server for the whole test session (skipped where it cannot be installed)."""
    from tests.pgserver import PgServer

    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'empathy-vr[postgresql]'; ./test.sh installs it)")
    try:
        server = PgServer()
    except FileNotFoundError as exc:
        pytest.skip(str(exc))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def records_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh record database: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "records.sqlite3")
    server = request.getfixturevalue("pg_server")
    return str(server.new_database())  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def renderer() -> Iterator[object]:
    """The one headless stereo Stage of the test process (EGL, llvmpipe): Panda3D allows one ShowBase.

    200 x 150 per eye: small enough to be quick, large enough for a face close-up.
    """
    from experience.tools import SceneRenderer

    r = SceneRenderer((200, 150))
    yield r
    r.destroy()
