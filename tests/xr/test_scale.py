"""Render-scale fallback: steps down on repeated misses, back up after a quiet while."""

from __future__ import annotations

import itertools

import pytest

from experience.display.openxr._scale import STEPS, RenderScale


def test_repeated_misses_step_down_one_level_at_a_time() -> None:
    rs = RenderScale(window=45, degrade_after=5)
    changes = [rs.update(True, i / 90) for i in range(5)]
    assert changes[:4] == [None] * 4 and changes[4] == STEPS[1]
    # the window starts afresh at the new scale
    assert rs.update(True, 0.1) is None
    for i in range(3):
        rs.update(True, 0.2 + i / 90)
    assert rs.update(True, 0.3) == STEPS[2]


def test_scattered_misses_do_not_degrade() -> None:
    rs = RenderScale(window=45, degrade_after=5)
    for i in range(900):
        assert rs.update(i % 20 == 0, i / 90) is None  # about 2 misses per window
    assert rs.scale == 1.0


def test_quiet_time_steps_back_up_and_never_below_the_last_step() -> None:
    rs = RenderScale(window=10, degrade_after=2, recover_after_s=10.0)
    t = 0.0
    for _ in range(40):
        rs.update(True, t)
        t += 0.011
    assert rs.scale == STEPS[-1]
    last = rs.scale
    ups = []
    while rs.level > 0 and t < 100:
        t += 0.011
        new = rs.update(False, t)
        if new is not None:
            ups.append((round(t, 1), new))
    assert [s for _, s in ups] == list(reversed(STEPS[:-1]))
    assert all(b[0] - a[0] >= 10.0 - 0.02 for a, b in itertools.pairwise(ups))
    assert last == STEPS[-1]


@pytest.mark.xr
def test_fixed_render_scale_submits_a_smaller_image_rect(run_xr) -> None:
    r = run_xr(duration=1.2, eye_size=(240, 264), capture=("1s",), args=("--no-controllers", "--pattern", "1.0"),
               env={"EMPATHY_XR_RENDER_SCALE": "0.5"})
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.result["stats"]["xr"]["render_scale_pct"] == 50
    from panda3d.core import PNMImage

    left = next(p for p in r.captures if p.name.endswith("_left.png"))
    img = PNMImage(str(left))
    assert (img.getXSize(), img.getYSize()) == (120, 132)  # the runtime shows just the drawn part
    green = [x for y in range(img.getYSize()) for x in range(img.getXSize())
             if img.getGreen(x, y) > 0.6 and img.getRed(x, y) < 0.3]
    assert len(green) > 4


@pytest.mark.xr
def test_auto_render_scale_steps_down_when_every_frame_is_late(run_xr) -> None:
    # a margin longer than the period makes every deadline already past: all frames miss
    r = run_xr(duration=1.0, pacing="realtime", args=("--no-controllers",),
               env={"EMPATHY_XR_RENDER_SCALE": "auto", "EMPATHY_XR_MARGIN_MS": "30"})
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.result["stats"]["xr"]["render_scale_pct"] == round(STEPS[-1] * 100)
    assert r.report["errors"] == []
