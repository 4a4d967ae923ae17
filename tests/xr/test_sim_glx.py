"""The Xlib/GLX binding (a desktop session) with the mirror window, under Xvfb."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.xr


def test_glx_binding_with_mirror_window(run_xr, x_display) -> None:
    r = run_xr(duration=1.5, eye_size=(96, 104), args=("--mirror", "--no-controllers"),
               env={"DISPLAY": x_display})
    assert r.returncode == 0, r.stderr[-2000:].replace("\n", " | ")
    assert any(e["event"] == "binding:xlib" for e in r.report["events"]), r.stderr[-2000:]
    assert r.result["stats"]["xr"]["submitted"] == r.report["frames"]
    assert r.report["errors"] == []
