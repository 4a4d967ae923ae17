"""Independent check: pyopenxr's own xr.utils helpers (GLFW/GLX under Xvfb, EGL) run unchanged.

Also the done-when run: plain pyopenxr, 300 frames at 90 Hz in real time under Xvfb/Mesa.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from panda3d.core import PNMImage

pytestmark = pytest.mark.xr

ROOT = Path(__file__).resolve().parents[2]


def run_style(sim_run, kind: str, frames: int, display: str | None) -> None:
    env = {**os.environ, **sim_run.env()}
    env.pop("DISPLAY", None)
    if display:
        env["DISPLAY"] = display
    else:
        env["EGL_PLATFORM"] = "surfaceless"  # pyopenxr's EGL helper uses EGL_DEFAULT_DISPLAY
    done = subprocess.run([sys.executable, "-m", "tests.xrsim._pyopenxr_style", kind, str(frames)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]


def eye_colours(sim_run) -> list[tuple[float, ...]]:
    return [tuple(PNMImage(str(p)).getXelA(5, 5)) for p in sim_run.captures()]


def test_glfw_glx_context_object(sim, xvfb_display):
    s = sim(capture=[3])
    run_style(s, "glfw", 10, xvfb_display)
    report = s.report()
    assert report["frames"] == 10 and report["errors"] == []
    assert "binding:xlib" in [e["event"] for e in report["events"]]
    assert eye_colours(s) == [(1, 0, 0, 1), (0, 1, 0, 1)]


def test_egl_context_object(sim):
    s = sim(capture=[3])
    run_style(s, "egl", 10, None)
    report = s.report()
    assert report["frames"] == 10 and report["errors"] == []
    assert "binding:egl" in [e["event"] for e in report["events"]]
    assert eye_colours(s) == [(1, 0, 0, 1), (0, 1, 0, 1)]


def test_realtime_300_frames_at_90hz_under_xvfb(sim, xvfb_display):
    """Real pacing on CLOCK_MONOTONIC: takes about 3.4 s. Timing figures are not asserted."""
    s = sim(pacing="realtime", refresh_hz=90, eye_size=(128, 128))
    run_style(s, "glfw", 300, xvfb_display)
    report = s.report()
    assert report["frames"] == 300
    assert report["pacing"] == "realtime"
    assert report["period_ms"] == pytest.approx(11.111, abs=0.001)
    assert [e["state"] for e in report["states"]] == [
        "IDLE", "READY", "SYNCHRONIZED", "VISIBLE", "FOCUSED"]
    assert report["errors"] == []
    assert set(report["lateness_ms"]) == {"p50", "p99", "max"}
