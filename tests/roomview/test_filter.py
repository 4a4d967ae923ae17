"""The room view's calm camera: a fast head turn arrives smaller, later and without roll or overshoot."""

from __future__ import annotations

import pytest

from experience.roomview import SMOOTH_S, HeadingFilter, wrap180


def _follow(head: list[float], dt: float) -> list[float]:
    f = HeadingFilter()
    out = []
    for yaw in head:
        f.update(yaw, 0.0, dt)
        out.append(f.yaw)
    return out


def test_a_fast_turn_is_followed_smaller_and_later() -> None:
    dt = 1 / 90
    # 60 degrees in 0.15 s, then held: a quick glance to the side
    head = [0.0] * 9 + [min(60.0, 60.0 * i / 13.5) for i in range(1, 91)] + [60.0] * 90
    room = _follow(head, dt)
    turn = [i for i in range(len(head)) if head[i] > 0]
    start = turn[0]
    head_speed = max(abs(head[i + 1] - head[i]) for i in range(len(head) - 1)) / dt
    room_speed = max(abs(room[i + 1] - room[i]) for i in range(len(room) - 1)) / dt
    assert room_speed < head_speed / 3  # turns far more gently than the head
    # when the head has arrived (0.15 s), the room view has covered only a little of the turn
    arrived = next(i for i in turn if head[i] >= 60.0)
    assert room[arrived] < 0.25 * 60.0
    # about two thirds of the way after SMOOTH_S from the start of the turn, nearly there after 1.3 s
    half = start + round(SMOOTH_S / dt)
    assert 0.35 * 60 < room[half] < 0.8 * 60
    assert room[start + round(1.3 / dt)] > 0.9 * 60
    assert max(room) <= 60.0 + 1e-6  # critically damped: never past the head


def test_the_result_does_not_depend_on_the_frame_rate() -> None:
    def at(t: float, hz: float) -> float:
        n = round(t * hz)
        return _follow([0.0] + [40.0] * n, 1 / hz)[-1]

    assert at(0.5, 72) == pytest.approx(at(0.5, 120), abs=0.05)


def test_turning_through_behind_takes_the_short_way() -> None:
    f = HeadingFilter()
    f.update(170.0, 0.0, 0.0)
    for _ in range(200):
        f.update(-170.0, 0.0, 1 / 90)
    assert abs(wrap180(f.yaw - -170.0)) < 0.5  # 20 degrees through the back, not 340 round the front


def test_pitch_is_smoothed_and_limited() -> None:
    f = HeadingFilter()
    f.update(0.0, 0.0, 0.0)
    f.update(0.0, -80.0, 1 / 90)
    assert -5.0 < f.pitch < 0.0
    for _ in range(400):
        f.update(0.0, -80.0, 1 / 90)
    assert f.pitch == pytest.approx(-50.0, abs=0.1)


def test_a_jump_of_the_head_is_a_cut() -> None:
    """The runtime recentred (the head's yaw jumps in one frame): follow at once, do not swing round."""
    f = HeadingFilter()
    f.update(100.0, 0.0, 0.0)
    f.update(-20.0, 0.0, 1 / 90)
    assert f.yaw == pytest.approx(-20.0)


def test_no_time_no_movement() -> None:
    f = HeadingFilter()
    f.update(0.0, 0.0, 0.0)
    f.update(30.0, 0.0, 0.0)
    assert f.yaw == 0.0
