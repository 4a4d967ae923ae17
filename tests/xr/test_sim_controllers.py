"""Controllers through the simulator's input timeline: calm gesture, check-in answers, haptics."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.xr


def test_both_grips_held_two_seconds_reach_the_calm_place_within_a_second(run_xr) -> None:
    r = run_xr(script=("3 press both squeeze 1 2.6",), duration=6.5, eye_size=(64, 72))
    assert r.returncode == 0, r.stderr[-2000:]
    calm = r.events("CalmEntered")
    assert len(calm) == 1, r.result["events"]
    assert calm[0]["source"] == "controller"
    assert 5.0 <= calm[0]["display_t"] <= 6.0
    assert r.report["haptics"] >= 2
    assert r.report["errors"] == []


def test_short_grip_squeeze_is_not_calm(run_xr) -> None:
    r = run_xr(script=("2 press both squeeze 1 1.2", "4 press left squeeze 1 3"), duration=7.5, eye_size=(64, 72))
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.events("CalmEntered") == []


def test_checkin_answered_with_thumbstick_and_trigger(run_xr) -> None:
    on = ("CheckInAsked=+0.3 thumbstick right 0.9 0 0.15;+0.7 thumbstick right 0.9 0 0.15;"
          "+1.1 thumbstick left -0.9 0 0.15;+1.5 thumbstick right 0.9 0 0.15;+1.9 press right trigger 1 0.1")
    r = run_xr(duration=14.0, eye_size=(64, 72), args=("--jump", "check", "--time-scale", "3", "--on", on))
    assert r.returncode == 0, r.stderr[-2000:]
    asked = r.events("CheckInAsked")
    answered = r.events("CheckInAnswered")
    assert asked, r.result["events"]
    assert answered and answered[0]["value"] == 7 and answered[0]["source"] == "controller"
    assert answered[0]["display_t"] - asked[0]["display_t"] < 3.0
    assert r.report["haptics"] >= 1


def test_trigger_leaves_the_calm_place(run_xr) -> None:
    r = run_xr(script=("1 press both squeeze 1 2.3", "4 press right trigger 1 0.1"), duration=5.0,
               eye_size=(64, 72))
    assert r.returncode == 0, r.stderr[-2000:]
    assert len(r.events("CalmEntered")) == 1
    assert len(r.events("CalmLeft")) == 1
