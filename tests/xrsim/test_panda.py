"""Panda3D renders into the simulator's swapchains; the captured eyes show parallax."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from panda3d.core import PNMImage

pytestmark = pytest.mark.xr

ROOT = Path(__file__).resolve().parents[2]


def left_edge(image: PNMImage, match) -> int:
    """The leftmost column holding a colour."""
    xs = [x for y in range(image.getYSize()) for x in range(image.getXSize())
          if match(image.getXel(x, y))]
    assert xs, "colour not found"
    return min(xs)


def is_red(c) -> bool:
    return c[0] > 0.7 and c[1] < 0.3 and c[2] < 0.3


def is_blue(c) -> bool:
    return c[2] > 0.6 and c[0] < 0.4


def test_panda_eyes_differ_by_parallax(sim):
    s = sim(eye_size=(160, 120), capture=[10], head="still")
    env = {**os.environ, **s.env()}
    done = subprocess.run([sys.executable, "-m", "tests.xrsim._panda_client", "12"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    report = s.report()
    assert report["frames"] == 12 and report["errors"] == []
    left_path, right_path = (s.capture_dir / f"frame_000010_{e}.png" for e in ("left", "right"))
    assert [Path(p) for p in report["captures"]] == [left_path, right_path]
    left, right = PNMImage(str(left_path)), PNMImage(str(right_path))
    assert (left.getXSize(), left.getYSize()) == (160, 120)
    for image in (left, right):  # non-blank: background, wall, floor and the near card
        colours = {tuple(round(v, 1) for v in image.getXel(x, y))
                   for y in range(0, 120, 4) for x in range(0, 160, 4)}
        assert len(colours) >= 4
    near_shift = left_edge(left, is_red) - left_edge(right, is_red)
    far_shift = left_edge(left, is_blue) - left_edge(right, is_blue)
    # Each eye's frustum is asymmetric (wider outward), so even distant things sit
    # about 25 px apart at this size; on top of that the left eye, being to the
    # left, sees the near card (0.6 m) about 7.7 px further right than the wall (6 m).
    assert 20 <= far_shift <= 30
    assert 5 <= near_shift - far_shift <= 11
