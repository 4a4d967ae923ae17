"""Controller gestures → requests, on an injected time (no runtime needed)."""

from __future__ import annotations

from experience.display.openxr import Controls
from experience.events import CheckInAnswered, CheckInAsked, ChoiceAsked
from experience.requests import Kind


def step(c: Controls, t: float, state: str = "running") -> tuple[list, list]:
    """One frame of controller input; ``select`` requests move the shared selection, as the app would."""
    out: list = []
    hap: list = []
    c.update(t, state, out, hap)
    for r in out:
        if r.kind == Kind.SELECT:
            c.model.move(r.number)
    return out, hap


def hands_on(c: Controls) -> None:
    for h in c.hands:
        h.active = True


def test_both_grips_held_two_seconds_ask_for_calm_once() -> None:
    c = Controls()
    hands_on(c)
    for h in c.hands:
        h.grip = 0.9
    fired = []
    t = 0.0
    while t < 3.0:
        out, hap = step(c, t)
        fired += [(round(t, 3), r.kind, r.source) for r in out]
        t += 1 / 90
    assert len(fired) == 1
    when, kind, source = fired[0]
    assert kind == "calm" and source == "controller"
    assert 2.0 <= when < 2.0 + 1.5 / 90
    # release and hold again: fires again
    for h in c.hands:
        h.grip = 0.0
    step(c, 3.1)
    for h in c.hands:
        h.grip = 0.9
    step(c, 3.2)
    out, hap = step(c, 5.25)
    assert [r.kind for r in out] == ["calm"] and len(hap) == 2


def test_one_grip_or_short_hold_is_not_calm() -> None:
    c = Controls()
    hands_on(c)
    c.hands[0].grip = 1.0
    assert step(c, 0.0)[0] == [] and step(c, 5.0)[0] == []
    c.hands[1].grip = 1.0
    step(c, 5.1)
    c.hands[1].grip = 0.0
    assert step(c, 6.5)[0] == []  # let go after 1.4 s: no calm
    assert c.calm_progress == 0.0


def test_grip_hysteresis_keeps_a_wobbly_hold() -> None:
    c = Controls()
    hands_on(c)
    for h in c.hands:
        h.grip = 0.9
    step(c, 0.0)
    c.hands[0].grip = 0.5  # below "on", above "off": still held
    out, _ = step(c, 2.0)
    assert [r.kind for r in out] == ["calm"]


def test_trigger_answers_a_checkin_with_the_stick_selection() -> None:
    c = Controls()
    hands_on(c)
    c.model.on_event(CheckInAsked(0.0, "c1", "How are you?", "scale"))
    assert c.selection == 5 and c.input_expected
    right = c.hands[1]
    for x in (0.9, 0.0, 0.9, 0.0, -0.9, 0.1, 0.9, 0.95):  # +1 +1 -1 +1 (0.95 is the same push)
        right.stick_x = x
        step(c, 0.0, "checkin")
    assert c.selection == 7
    right.trigger = True
    out, hap = step(c, 0.1, "checkin")
    assert [(r.kind, r.arg, r.source) for r in out] == [("answer", 7, "controller")]
    assert len(hap) == 1 and hap[0].hand == 1
    c.model.on_event(CheckInAnswered(0.2, "c1", 7, "controller"))
    assert not c.input_expected


def test_selection_is_clamped_and_grip_clicks_move_it() -> None:
    c = Controls()
    hands_on(c)
    c.model.on_event(ChoiceAsked(0.0, "ch", "Which?", ("a", "b", "c")))
    assert c.selection == 0
    c.hands[0].stick_x = -1.0
    step(c, 0.0, "choice")
    assert c.selection == 0
    # a short right grip press moves right
    c.hands[1].grip = 1.0
    step(c, 1.0, "choice")
    c.hands[1].grip = 0.0
    step(c, 1.2, "choice")
    assert c.selection == 1
    # a long press does not
    c.hands[1].grip = 1.0
    step(c, 2.0, "choice")
    c.hands[1].grip = 0.0
    step(c, 3.0, "choice")
    assert c.selection == 1
    c.hands[0].trigger = True
    out, _ = step(c, 3.1, "choice")
    assert [(r.kind, r.arg) for r in out] == [("answer", 1)]


def test_stick_moves_are_select_requests_on_the_shared_selection() -> None:
    c = Controls()
    hands_on(c)
    c.model.on_event(CheckInAsked(0.0, "c1", "How are you?", "scale"))
    c.hands[1].stick_x = 0.9
    out, _ = step(c, 0.0, "checkin")
    assert [(r.kind, r.arg, r.source) for r in out] == [("select", 1, "controller")]
    assert c.model.value == 6  # the same model the captions draw and Enter confirms
    c.hands[1].stick_x = 0.0
    out, _ = step(c, 0.1, "running")
    c.hands[1].stick_x = 0.9
    out, _ = step(c, 0.2, "running")
    assert out == []  # no question asked: the stick does nothing


def test_trigger_never_skips_the_story_and_does_nothing_at_a_hold() -> None:
    c = Controls()
    hands_on(c)
    c.hands[0].trigger = True
    assert step(c, 0.0, "running")[0] == []  # an accidental press must not skip a line
    assert step(c, 0.1, "running")[0] == []
    c.hands[0].trigger = False
    step(c, 0.2, "hold")
    c.hands[0].trigger = True
    assert step(c, 0.3, "hold")[0] == []


def test_inactive_hands_are_ignored() -> None:
    c = Controls()
    c.hands[0].trigger = True
    for h in c.hands:
        h.grip = 1.0
    assert step(c, 0.0)[0] == [] and step(c, 3.0)[0] == []
