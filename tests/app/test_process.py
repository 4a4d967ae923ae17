"""A real ``run`` process: stopped by signals it leaves nothing running; a record it cannot write
is one warning and the experience runs on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN = [sys.executable, str(ROOT / "run_vr.py"), "run", "--mode", "headless", "--experience", "placeholder",
       "--no-tutorial", "--size", "64x36", "--mono"]

pytestmark = pytest.mark.slow


def _children() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc."""
    out: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        out.setdefault(ppid, []).append(int(entry.name))
    return out


def _descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _until(cond: object, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while not cond():  # type: ignore[operator]
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_a_stop_signal_leaves_no_process_behind(signame: str) -> None:
    proc = subprocess.Popen([*RUN, "--no-console", "--duration", "600"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        # The scene process and multiprocessing's resource tracker come up while the first scene builds.
        _until(lambda: len(_descendants(proc.pid)) >= 2, 90, "the scene process and the resource tracker")
        family = _descendants(proc.pid)
        proc.send_signal(getattr(signal, signame))
        code = proc.wait(60)
        _until(lambda: not any(_alive(p) for p in family), 20, f"every child of run to be gone after {signame}")
        assert code in (0, 128 + getattr(signal, signame)), proc.stderr.read() if proc.stderr else ""
        assert "Traceback" not in (proc.stderr.read() if proc.stderr else "")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


def test_an_unwritable_record_folder_is_one_warning_and_the_experience_runs_on(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file where the record folder would go\n")
    env = {**os.environ, "XDG_DATA_HOME": str(not_a_folder)}
    p = subprocess.run([*RUN, "--console", "local", "--duration", "0.5"], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=180)
    assert p.returncode == 0, p.stderr[-2000:]
    assert "Traceback" not in p.stderr
    warnings = [line for line in p.stderr.splitlines() if "console not started" in line]
    assert len(warnings) == 1 and "session record" in warnings[0], p.stderr
    assert "frames at" in p.stderr  # the run went on to its end
