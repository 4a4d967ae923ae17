"""Frame capture schedule and deadline accounting in real-time pacing."""

from __future__ import annotations

import time

import pytest
from panda3d.core import PNMImage

pytestmark = pytest.mark.xr

COLOURS = {0: (1.0, 0.0, 0.0, 1.0), 1: (0.0, 0.0, 1.0, 1.0)}


def test_capture_frames_times_and_every(sim, client, egl):
    s = sim(capture=["f2", "0.1s", "every:20"], eye_size=(32, 24))
    c = client()
    c.open()
    c.run(45, lambda eye, tex, w, h, view: egl.clear_texture(tex, w, h, COLOURS[eye]))
    c.close()
    names = sorted(p.name for p in s.captures())
    frames = sorted({int(n.split("_")[1]) for n in names})
    assert frames == [2, 9, 20, 40]  # 0.1 s at 90 Hz is frame 9 (9 / 90 = 0.1)
    assert len(names) == 8
    left = PNMImage(str(s.capture_dir / "frame_000020_left.png"))
    right = PNMImage(str(s.capture_dir / "frame_000020_right.png"))
    assert (left.getXSize(), left.getYSize()) == (32, 24)
    assert tuple(left.getXelA(3, 3)) == COLOURS[0]
    assert tuple(right.getXelA(3, 3)) == COLOURS[1]


def test_capture_command_from_control_file(sim, client):
    s = sim()
    c = client()
    c.open()
    c.run(5)
    s.send("capture")
    c.run(8)
    c.close()
    assert sorted(p.name for p in s.captures()) == ["frame_000005_left.png",
                                                    "frame_000005_right.png"]


def test_late_frames_are_missed(sim, client):
    """Three frames take 30 ms at 90 Hz: each must end after its deadline."""
    s = sim(pacing="realtime", refresh_hz=90)
    c = client()
    c.open()
    slow = {10, 11, 12}

    def render(eye, tex, w, h, view):
        if eye == 0 and c.seen.frames_ended in slow:
            time.sleep(0.030)  # a slow frame, not a wait for anything

    c.run(20, render)
    c.close()
    report = s.report()
    assert report["frames"] == 20
    assert report["missed_frames"] >= 3
    assert report["lateness_ms"]["max"] >= 15


@pytest.mark.parametrize(("fmt", "expected"), [(0x8C43, 128), (0x8058, 188), (0x881A, 188)])
def test_capture_shows_what_a_compositor_displays(sim, client, egl, fmt, expected):
    """sRGB images are shown as stored; linear ones (RGBA8, RGBA16F) are encoded to sRGB."""
    s = sim(capture=[2], eye_size=(8, 8))
    c = client()
    c.open(color_format=fmt)
    c.run(3, lambda eye, tex, w, h, view: egl.clear_texture(tex, w, h, (0.5, 0.5, 0.5, 1.0)))
    c.close()
    left = PNMImage(str(s.capture_dir / "frame_000002_left.png"))
    assert round(left.getRed(4, 4) * 255) == pytest.approx(expected, abs=1)
