"""An operating system's stop request (SIGTERM, SIGHUP) ends a run cleanly, like Esc or the console's End."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_signal_stops_the_run_cleanly(sig: signal.Signals, tmp_path: Path) -> None:
    stats = tmp_path / "stats.json"
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "EMPATHY_VR_AUDIO": "0"}
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "run_vr.py"), "run", "--mode", "headless", "--experience", "placeholder",
         "--no-tutorial", "--duration", "600", "--size", "64x36", "--mono", "--console", "local",
         "--stats-json", str(stats)],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # the hub is up once it announces itself: the run has started
            if line.startswith("Facilitator console:"):
                break
        else:
            pytest.fail("the run ended before it announced its console")
        proc.send_signal(sig)
        rest = proc.stderr.read()
        rc = proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert rc == 0, rest[-2000:]
    assert f"stopping: {sig.name}" in rest
    assert stats.is_file(), "the stats were not written: the run did not end through its normal path"
