"""The pilot: the real experience driven in-process on a manual clock (press, step, read events, look)."""

from __future__ import annotations

import pytest

from experience import events as ev
from experience.presenters.captions import CaptionsPresenter
from experience.tools import run_pilot


def _to_first_stop(pilot: object) -> None:
    pilot.run_until(lambda: pilot.state in ("hold", "choice", "checkin"), what="the first stop")  # type: ignore[attr-defined]


def test_the_same_steps_give_the_same_session() -> None:
    """Time moves only with the frames: two runs of the same presses emit the same events at the same times."""
    runs = []
    for _ in range(2):
        with run_pilot("example", backend="null", presenters=[CaptionsPresenter()]) as pilot:
            _to_first_stop(pilot)
            assert pilot.state == "choice"
            assert pilot.press("select", 1) == (True, None)
            assert pilot.press("continue") == (True, None)
            pilot.run_for(5.0)
            runs.append([(type(e).__name__, round(e.t, 6)) for e in pilot.events])
            assert pilot.events_of(ev.ChoiceMade)
    assert runs[0] == runs[1]


def test_the_pilot_records_from_the_first_event() -> None:
    """The pilot is made before the experience starts: the start's own events are there too."""
    with run_pilot("example", backend="null", presenters=[CaptionsPresenter()]) as pilot:
        kinds = [type(e) for e in pilot.events]
        assert kinds[:2] == [ev.ExperienceStarted, ev.StateChanged]
        assert ev.ChapterStarted in kinds and ev.Cue in kinds  # the first chapter opens with its cues
        assert pilot.events_of(ev.ChapterStarted)[0].index == 0


def test_a_refused_press_says_why_and_changes_nothing() -> None:
    with run_pilot("example", backend="null", presenters=[CaptionsPresenter()]) as pilot:
        assert pilot.state == "running"
        before = len(pilot.events)
        ok, why = pilot.press("continue")
        assert not ok and why and "running" in why
        assert [type(e) for e in pilot.events[before:]] in ([], [ev.LineEnded, ev.LineStarted], [ev.LineStarted])
        assert pilot.state == "running"


@pytest.mark.slow
def test_the_pilot_sees_the_pixels_of_the_calm_place() -> None:
    """Headless, every presenter: the calm request changes what the participant sees."""
    with run_pilot("example", size=(96, 54)) as pilot:
        pilot.step(3)
        story = pilot.pixels().astype(float)
        assert story.shape == (54, 192, 3) and story.std() > 1.0  # something is drawn
        assert pilot.press("calm", source="console") == (True, None)
        pilot.run_until(lambda: pilot.events_of(ev.CalmEntered), what="the calm place")
        pilot.run_for(3.0)  # the fade into the calm place
        calm = pilot.pixels().astype(float)
        assert abs(calm - story).mean() > 5.0
