"""The Xlib/GLX binding (a desktop session) with the mirror window, under Xvfb."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.xr


def test_glx_binding_mirror_window_and_facilitator_keys(run_xr, x_display, tmp_path) -> None:
    shot = tmp_path / "mirror.png"
    r = run_xr(duration=2.0, eye_size=(96, 104),
               args=("--mirror", "--no-controllers", "--pattern", "1.0", "--key", "space@172",
                     "--mirror-shot", f"{shot}@170"),
               env={"DISPLAY": x_display})
    assert r.returncode == 0, r.stderr[-2000:]
    assert any(e["event"] == "binding:xlib" for e in r.report["events"]), r.stderr[-2000:]
    assert r.result["stats"]["xr"]["submitted"] == r.report["frames"]
    assert r.report["errors"] == []
    # space in the mirror window pauses, like in the desktop preview
    assert [e["reason"] for e in r.events("Paused")] == ["request"]
    # the mirror shows the left eye with everything on it: the green card and the caption
    from panda3d.core import PNMImage

    img = PNMImage(str(shot))
    px = [img.getXel(x, y) for y in range(0, img.getYSize(), 2) for x in range(0, img.getXSize(), 2)]
    assert sum(1 for r, g, b in px if g > 0.6 and r < 0.3) > 20
    assert sum(1 for r, g, b in px if r > 0.6 and g > 0.6 and b > 0.6) > 5
