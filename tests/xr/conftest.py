"""Fixtures for the OpenXR backend tests: the simulator and a driver subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
DRIVER = HERE / "_driver.py"


@dataclass
class XrRun:
    """What one driver run left behind."""

    returncode: int
    stderr: str
    result: dict[str, Any]
    report: dict[str, Any]
    captures: list[Path]

    def events(self, name: str) -> list[dict[str, Any]]:
        return [e for e in self.result.get("events", []) if e["event"] == name]


@pytest.fixture(scope="session")
def xrsim_manifest() -> Path:
    from experience import xrsim

    try:
        return xrsim.build()
    except Exception as exc:  # no C compiler or OpenXR headers: the pure tests still run
        pytest.skip(f"headset simulator not buildable here: {exc}")


@pytest.fixture
def run_xr(xrsim_manifest: Path, tmp_path: Path) -> Callable[..., XrRun]:
    """``run_xr(script=[...], duration=S, ...)``: the driver against a fresh simulator run."""
    from experience import xrsim

    def run(*, script: tuple[str, ...] = (), duration: float = 3.0, eye_size: tuple[int, int] = (64, 72),
            refresh_hz: float = 90.0, capture: tuple[str, ...] = (), args: tuple[str, ...] = (),
            pacing: str = "free", env: dict[str, str] | None = None, head: str = "still",
            timeout: float = 120) -> XrRun:
        sim = xrsim.Simulator(tmp_path / "sim", refresh_hz=refresh_hz, eye_size=eye_size, pacing=pacing,
                              script=script, capture=capture, head=head)
        out = tmp_path / "driver.json"
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("EMPATHY_XR_")}
        full_env.update(sim.env())
        full_env.update(env or {})
        p = subprocess.run([sys.executable, str(DRIVER), str(out), "--duration", str(duration), *args],
                           capture_output=True, text=True, env=full_env, timeout=timeout)
        result = json.loads(out.read_text()) if out.exists() else {}
        try:
            report = sim.report()
        except (OSError, ValueError):
            report = {}
        return XrRun(p.returncode, p.stderr, result, report, sim.captures())

    return run


@pytest.fixture(scope="session")
def x_display() -> Iterator[str]:
    """A private Xvfb on a free display number (":N"), ready when yielded."""
    import select
    import shutil

    exe = shutil.which("Xvfb")
    if exe is None:
        pytest.skip("Xvfb is not installed")
    n = next((n for n in range(150, 250) if not Path(f"/tmp/.X{n}-lock").exists()
              and not Path(f"/tmp/.X11-unix/X{n}").exists()), None)
    if n is None:
        pytest.skip("no free X display number")
    r, w = os.pipe()
    proc = subprocess.Popen([exe, f":{n}", "-displayfd", str(w), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(w)
    ready, _, _ = select.select([r], [], [], 30)
    got = b""
    while ready and not got.endswith(b"\n"):  # read it all: Xvfb dies if it cannot write
        chunk = os.read(r, 64)
        if not chunk:
            break
        got += chunk
    os.close(r)
    if not got.strip():
        proc.kill()
        pytest.skip("Xvfb did not start")
    try:
        yield f":{n}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
