"""Controllers through the simulator's input timeline: calm gesture, check-in answers, haptics."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.xr


def test_calm_gesture_needs_both_grips_for_two_seconds_and_trigger_comes_back(run_xr) -> None:
    r = run_xr(script=("1 press both squeeze 1 1.2",  # too short: nothing
                       "1 press left squeeze 1 1.5",  # one hand: nothing
                       "3 press both squeeze 1 2.6",  # calm at 5 s
                       "6.2 press right trigger 1 0.1"),  # back from the calm place
               duration=6.8, eye_size=(64, 72))
    assert r.returncode == 0, r.stderr[-2000:]
    calm = r.events("CalmEntered")
    assert len(calm) == 1, r.result["events"]
    assert calm[0]["source"] == "controller"
    # held from 3 s: the request fires at 5 s and the calm place is reached within 1 s of it
    assert 5.0 <= calm[0]["display_t"] <= 6.0
    left = r.events("CalmLeft")
    assert len(left) == 1 and left[0]["display_t"] >= 6.2
    assert r.report["haptics"] >= 3  # two for the calm gesture, one for coming back
    assert r.report["errors"] == []


def test_checkin_answered_with_thumbstick_and_trigger(run_xr) -> None:
    on = ("CheckInAsked=+0.3 thumbstick right 0.9 0 0.15;+0.7 thumbstick right 0.9 0 0.15;"
          "+1.1 thumbstick left -0.9 0 0.15;+1.5 thumbstick right 0.9 0 0.15;+1.9 press right trigger 1 0.1")
    r = run_xr(duration=14.0, eye_size=(64, 72), args=("--jump", "check", "--time-scale", "3", "--on", on))
    assert r.returncode == 0, r.stderr[-2000:]
    asked = r.events("CheckInAsked")
    answered = r.events("CheckInAnswered")
    assert asked, r.result["events"]
    # starts in the middle (5): +1 +1 -1 +1 = 7
    assert answered and answered[0]["value"] == 7 and answered[0]["source"] == "controller"
    assert answered[0]["display_t"] - asked[0]["display_t"] < 3.0
    # controller models are shown only while an answer is expected
    assert answered[0]["hands_visible"] is True
    assert all(not e["hands_visible"] for e in r.events("LineStarted") if e["display_t"] < asked[0]["display_t"])
    assert r.report["haptics"] >= 1
