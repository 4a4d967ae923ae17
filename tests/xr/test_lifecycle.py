"""The session lifecycle rules, state by state (no runtime needed)."""

from __future__ import annotations

from experience.display.openxr import Lifecycle, XrState

S = XrState


def kinds(actions: list) -> list[str]:
    return [a.kind for a in actions]


def test_normal_start_begins_on_ready_and_first_focus_is_not_a_return() -> None:
    lc = Lifecycle()
    assert kinds(lc.on_state(S.IDLE)) == []
    assert kinds(lc.on_state(S.READY)) == ["begin"]
    assert lc.running
    assert kinds(lc.on_state(S.SYNCHRONIZED)) == []
    assert kinds(lc.on_state(S.VISIBLE)) == []
    assert kinds(lc.on_state(S.FOCUSED)) == []
    assert lc.headset_on


def test_headset_off_and_on_pause_and_resume_once() -> None:
    lc = Lifecycle()
    for st in (S.IDLE, S.READY, S.SYNCHRONIZED, S.VISIBLE, S.FOCUSED):
        lc.on_state(st)
    assert kinds(lc.on_state(S.VISIBLE)) == ["focus_lost"]
    assert kinds(lc.on_state(S.SYNCHRONIZED)) == []  # already told
    assert kinds(lc.on_state(S.VISIBLE)) == []
    assert kinds(lc.on_state(S.FOCUSED)) == ["focus_gained"]
    assert lc.headset_on


def test_stopping_ends_and_ready_begins_again() -> None:
    lc = Lifecycle()
    for st in (S.IDLE, S.READY, S.SYNCHRONIZED, S.VISIBLE, S.FOCUSED):
        lc.on_state(st)
    acts = kinds(lc.on_state(S.STOPPING))
    assert acts == ["focus_lost", "end"]
    assert not lc.running
    assert kinds(lc.on_state(S.IDLE)) == []
    assert kinds(lc.on_state(S.READY)) == ["begin"]
    lc.on_state(S.SYNCHRONIZED)
    lc.on_state(S.VISIBLE)
    assert kinds(lc.on_state(S.FOCUSED)) == ["focus_gained"]


def test_exiting_and_loss() -> None:
    lc = Lifecycle()
    lc.on_state(S.READY)
    assert kinds(lc.on_state(S.LOSS_PENDING)) == ["recreate"]
    assert not lc.running
    lc.reset()
    assert lc.state == S.UNKNOWN
    lc.on_state(S.READY)
    lc.on_state(S.STOPPING)
    assert kinds(lc.on_state(S.EXITING)) == ["exit"]
    assert kinds(Lifecycle().on_instance_loss()) == ["exit"]


def test_exit_we_asked_for_is_not_reported_as_headset_off() -> None:
    lc = Lifecycle()
    for st in (S.READY, S.FOCUSED):
        lc.on_state(st)
    lc.exit_requested = True
    assert kinds(lc.on_state(S.VISIBLE)) == []


def test_unknown_state_numbers_are_tolerated() -> None:
    lc = Lifecycle()
    assert lc.on_state(12345) == []
    assert lc.state == S.UNKNOWN
