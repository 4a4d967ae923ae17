"""The mirror view shows what the participant sees: post effects and head-locked captions included."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from facilitator import HubHandle

from .harness import LiveExperience, wait_until

pytestmark = pytest.mark.slow


def _thumbnail(exp: LiveExperience) -> Any:
    """One mirror thumbnail, asked for on the frame thread as the console presenter does."""
    from panda3d.core import PNMImage, StringStream

    got: list[bytes | None] = []
    done = threading.Event()

    def on_thumb(data: bytes | None) -> None:
        got.append(data)
        done.set()

    stage = exp.app.stage
    assert stage is not None
    exp.app.scheduler.call_soon(lambda: stage.request_thumbnail(on_thumb))
    assert done.wait(20) and got[0], "no thumbnail"
    img = PNMImage()
    assert img.read(StringStream(got[0]), "thumb.png")
    return img


def _mean(img: Any, x0: float, x1: float, y0: float, y1: float) -> float:
    w, h = img.getXSize(), img.getYSize()
    xs, ys = range(int(x0 * w), int(x1 * w)), range(int(y0 * h), int(y1 * h))
    return sum(img.getBright(x, y) for x in xs for y in ys) / (len(xs) * len(ys))


def test_the_mirror_thumbnail_shows_the_captions(hub: HubHandle) -> None:
    exp = LiveExperience(hub.ws_url, hub.token, "MIR-001", real="example", hz=60.0, eye_size=(512, 288))
    try:
        app = exp.app
        from experience.presenters.captions import CaptionsPresenter

        captions = app.presenters.find(CaptionsPresenter)
        assert captions is not None
        wait_until(lambda: captions.caption.visible, 30, "a caption")
        shown = app.stats.frames
        wait_until(lambda: app.stats.frames > shown + 30, 30, "the caption faded in")
        on = _thumbnail(exp)
        assert on.getXSize() == 256  # what the console gets
        from experience.requests import Request

        app.requests.put(Request("captions", {"on": False}, source="test"))
        start = app.stats.frames
        wait_until(lambda: app.stats.frames > start + 30, 30, "the caption faded out")
        off = _thumbnail(exp)
        # The caption panel hangs below the eye line, in the middle of the view.
        panel_on, panel_off = _mean(on, 0.3, 0.7, 0.62, 0.85), _mean(off, 0.3, 0.7, 0.62, 0.85)
        sky_on, sky_off = _mean(on, 0.0, 1.0, 0.0, 0.25), _mean(off, 0.0, 1.0, 0.0, 0.25)
        assert panel_off - panel_on > 0.05, (panel_on, panel_off)
        assert abs(sky_on - sky_off) < 0.01
    finally:
        exp.close()
