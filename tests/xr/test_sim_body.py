"""The participant's own body in a headset: seen when looking down, its hands on the scripted controllers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.xr

W, H = 240, 264


def _rgb(path: Path) -> np.ndarray:
    from panda3d.core import PNMImage

    img = PNMImage(str(path))
    out = np.zeros((img.getYSize(), img.getXSize(), 3))
    for y in range(img.getYSize()):
        for x in range(img.getXSize()):
            out[y, x] = img.getXel(x, y)
    return out


def _skin(img: np.ndarray) -> np.ndarray:
    """The hands' neutral skin tone (warm, mid-light): redder than anything grey or green around."""
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    return (r > 0.45) & (r - b > 0.15) & (r - g > 0.05) & (g - b > 0.04)


def test_looking_down_shows_the_body_and_the_hands_follow_the_controllers(run_xr) -> None:
    # The tutorial's workshop asks for the body. Look down; hands ahead of the chest, then the right one moves.
    script = ("0 head pose 0 -55",
              "0 hand left -0.18 -0.42 -0.32", "0 hand right 0.18 -0.42 -0.32",
              "2.6 hand right 0.32 -0.3 -0.42")
    r = run_xr(script=script, duration=3.6, eye_size=(W, H), capture=("2.4s", "3.4s"),
               args=("--experience", "tutorial"))
    assert r.returncode == 0, r.stderr[-2000:]
    left = sorted(p for p in r.captures if p.name.endswith("_left.png"))
    assert len(left) == 2, r.captures
    before, after = _rgb(left[0]), _rgb(left[1])
    # The body: neutral clothes fill the lower part of the view.
    low = before[H // 2:]
    grey = (np.abs(low[..., 0] - low[..., 2]) < 0.08) & (low.max(axis=2) < 0.6) & (low.max(axis=2) > 0.12)
    assert grey.mean() > 0.2, grey.mean()
    # The hands are where the controllers are: only the moved (right) hand changes the picture,
    # and the skin it shows moves right. (The caption band in the middle is left out: lines change.)
    diff = np.abs(after - before).sum(axis=2) > 0.25
    diff[int(H * 0.42): int(H * 0.62)] = False
    _ys, xs = np.nonzero(diff)
    assert len(xs) > 40, len(xs)
    assert (xs > W / 2).mean() > 0.85, (xs > W / 2).mean()
    moved_a, moved_b = _skin(before) & diff, _skin(after) & diff
    assert moved_a.sum() > 5 and moved_b.sum() > 5
    assert np.nonzero(moved_b)[1].mean() > np.nonzero(moved_a)[1].mean() + 5
