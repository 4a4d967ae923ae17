"""An operating system's stop request (SIGTERM, SIGHUP, Ctrl+C) ends a run cleanly, like Esc or the console's End."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.kit import like_a_terminal

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_signal_stops_the_run_cleanly(sig: signal.Signals, tmp_path: Path) -> None:
    stats = tmp_path / "stats.json"
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "EMPATHY_VR_AUDIO": "0"}
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "run_vr.py"), "run", "--mode", "headless", "--experience", "placeholder",
         "--no-tutorial", "--duration", "600", "--size", "64x36", "--mono", "--console", "local",
         "--stats-json", str(stats)],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env, cwd=ROOT,
        preexec_fn=like_a_terminal)
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # the hub is up once it announces itself: the run has started
            if line.startswith("Facilitator console:"):
                break
        else:
            pytest.fail("the run ended before it announced its console")
        proc.send_signal(sig)
        rest = proc.communicate(timeout=120)[1]
        rc = proc.returncode
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert rc == 0, rest[-2000:]
    assert f"stopping: {'Ctrl+C' if sig == signal.SIGINT else sig.name}" in rest
    assert stats.is_file(), "the stats were not written: the run did not end through its normal path"


def _children(pid: int) -> set[int]:
    """The live child processes of ``pid`` (Linux /proc), and theirs."""
    found: set[int] = set()
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            kids = {int(k) for k in (task / "children").read_text().split()}
        except OSError:
            continue
        for k in kids:
            found |= {k} | _children(k)
    return found


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="needs Linux /proc and pidfd to see child processes")
def test_auto_without_display_runs_headless_says_how_to_steer_it_and_ctrl_c_leaves_nothing(tmp_path: Path) -> None:
    """``./start.sh`` on a machine with no display and no headset: a headless run with its console,
    one line on how to reach it, and Ctrl+C ends it with no process left behind."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "XR_RUNTIME_JSON")}
    env.update({"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
                "XDG_CONFIG_DIRS": str(tmp_path / "config-dirs"), "EMPATHY_VR_AUDIO": "0"})
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "run_vr.py"), "--experience", "placeholder", "--no-tutorial",
         "--size", "64x36", "--mono"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env, cwd=ROOT,
        preexec_fn=like_a_terminal)
    seen: list[str] = []
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            seen.append(line)
            if line.startswith("headless:"):
                break
        else:
            pytest.fail("no hint on how to steer a headless run:\n" + "".join(seen)[-2000:])
        text = "".join(seen)
        assert "display: headless" in text and "no desktop display" in text
        port = text.split("Facilitator console: http://127.0.0.1:")[1].split("/")[0]
        assert f"ssh -L {port}:127.0.0.1:{port}" in line and "Ctrl+C stops" in line
        kids = _children(proc.pid)
        exits = {k: os.pidfd_open(k) for k in kids if Path(f"/proc/{k}").exists()}  # readable once it has exited
        proc.send_signal(signal.SIGINT)  # what Ctrl+C sends
        rest = proc.communicate(timeout=120)[1]
        rc = proc.returncode
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert rc == 0 and "stopping: Ctrl+C" in rest  # ended through the normal path: the record reads Ended
    left = []
    for kid, fd in exits.items():  # a child (the resource tracker) may take a moment after its parent
        if not select.select([fd], [], [], 30)[0]:
            left.append(kid)
        os.close(fd)
    assert left == [], f"processes left behind: {left}"
