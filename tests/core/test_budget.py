from __future__ import annotations

import pytest

from experience.core import FrameBudget, ManualClock, Series, percentile


def test_budget_from_refresh_rates() -> None:
    for hz, ms in ((72, 13.889), (90, 11.111), (120, 8.333)):
        b = FrameBudget.from_hz(hz)
        assert round(b.period * 1000, 3) == ms
        assert b.refresh_hz == pytest.approx(hz)
    with pytest.raises(ValueError):
        FrameBudget.from_hz(0)


def test_remaining_keeps_the_margin() -> None:
    clock = ManualClock(1.0)
    b = FrameBudget(0.01, margin=0.001)
    b.begin(1.0)
    assert b.remaining(clock) == pytest.approx(0.009)
    clock.advance(0.004)
    assert b.remaining(clock) == pytest.approx(0.005)
    assert b.used(clock.now()) == pytest.approx(0.4)


def test_percentiles_nearest_rank() -> None:
    v = sorted(float(i) for i in range(1, 101))
    assert percentile(v, 50) == 50
    assert percentile(v, 99) == 99
    assert percentile(v, 100) == 100
    assert percentile([], 50) == 0.0


def test_series_ring_keeps_the_latest_samples() -> None:
    s = Series(size=4)
    for v in (10, 1, 2, 3, 4):
        s.add(v)
    assert sorted(s.values()) == [1, 2, 3, 4]
    assert s.max_ever == 10
    assert s.total_count == 5


def test_manual_clock_never_goes_back() -> None:
    c = ManualClock(5.0)
    c.sleep_until(4.0)
    assert c.now() == 5.0
    with pytest.raises(ValueError):
        c.advance(-1)


def test_headset_fov_fits_any_buffer_aspect_without_squashing() -> None:
    import math

    from experience.display._geometry import QUEST3_FOV_LEFT, fit_aspect, stereo_views

    for aspect in (16 / 9, 1.0, 0.9):
        left, right, up, down = fit_aspect(QUEST3_FOV_LEFT, aspect)
        w = math.tan(right) - math.tan(left)
        h = math.tan(up) - math.tan(down)
        assert w / h == pytest.approx(aspect)
        assert (left, right) == QUEST3_FOV_LEFT[:2]
        share = math.tan(up) / h
        q = QUEST3_FOV_LEFT
        assert share == pytest.approx(math.tan(q[2]) / (math.tan(q[2]) - math.tan(q[3])))
    l_eye, r_eye = stereo_views(aspect=16 / 9)
    assert l_eye.offset[0] < 0 < r_eye.offset[0]
    assert r_eye.fov[0] == pytest.approx(-l_eye.fov[1])
