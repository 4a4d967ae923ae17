"""``python run_vr.py console``: a hub alone, with URL, token and QR code."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.kit import like_a_terminal

from .harness import ROOT


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_console_subcommand_serves_and_stops_cleanly(tmp_path: Path, sig: signal.Signals) -> None:
    """Ctrl+C, or a service manager's SIGTERM: the hub stops, exit status 0, the record kept."""
    db = tmp_path / "room.sqlite3"
    proc = subprocess.Popen([sys.executable, str(ROOT / "run_vr.py"), "console", "--port", "0", "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            preexec_fn=like_a_terminal)
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()
        m = re.match(r"Facilitator console: (http://127\.0\.0\.1:\d+/)\?token=(\S+)", first)
        assert m, first
        url, token = m.groups()
        qr = "".join(proc.stderr.readline() for _ in range(6))
        assert "█" in qr or "▀" in qr  # a terminal QR code follows
        with urllib.request.urlopen(f"{url}api/sessions?token={token}", timeout=10) as r:
            assert r.status == 200
        try:
            urllib.request.urlopen(f"{url}api/sessions", timeout=10)
            raise AssertionError("no 401 without the token")
        except urllib.error.HTTPError as e:
            assert e.code == 401
        proc.send_signal(sig)
        assert proc.wait(timeout=20) == 0
        assert db.exists()
    finally:
        if proc.poll() is None:
            proc.kill()


def test_console_usage_errors_are_one_line() -> None:
    p = subprocess.run([sys.executable, str(ROOT / "run_vr.py"), "console", "--port", "99999"],
                       capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert p.returncode == 2
    assert p.stderr.strip().count("\n") == 0 and "port" in p.stderr and "Traceback" not in p.stderr


def test_unusable_record_path_is_one_line() -> None:
    p = subprocess.run([sys.executable, str(ROOT / "run_vr.py"), "console", "--db", "/proc/no-such/room.db"],
                       capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert p.returncode == 2
    assert "session record" in p.stderr and "Traceback" not in p.stderr and p.stderr.strip().count("\n") == 0
