"""Requests from keys and the console as the app applies them (the real player, no display)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from experience import events as ev
from experience.app import Experience, Settings
from experience.content import ContentRoot
from experience.core import ManualClock
from experience.presenters.captions import CaptionsPresenter
from experience.requests import Request
from tests.console.harness import PacedBackend


@contextmanager
def _app(tutorial: bool = False) -> Iterator[tuple[Experience, list[ev.Event]]]:
    clock = ManualClock()
    app = Experience(Settings(console=None, experience="example", tutorial=tutorial), ContentRoot.find(),
                     PacedBackend(clock), clock, presenters=[CaptionsPresenter()])  # type: ignore[arg-type]
    app.start()
    seen: list[ev.Event] = []
    app.player.subscribe(seen.append)
    try:
        yield app, seen
    finally:
        app.stop()


def test_enter_confirms_the_selected_answer() -> None:
    with _app() as (app, seen):
        _enter_confirms(app, seen)


def _enter_confirms(app: Experience, seen: list[ev.Event]) -> None:
    assert app.handle_request(Request("jump", "desk", source="console")) == (True, None)
    assert app.player.state == "checkin"
    assert app.handle_request(Request("continue"))[0] is False  # nothing selected yet: refused, says why
    app.handle_request(Request("select", 1))
    assert app.handle_request(Request("continue")) == (True, None)
    answered = [e for e in seen if isinstance(e, ev.CheckInAnswered)]
    assert [(a.value, a.source) for a in answered] == [(6, "keyboard")]


def test_consent_key_and_start_and_what_a_refusal_says() -> None:
    with _app(tutorial=True) as (app, _):
        _consent_flow(app)


def _consent_flow(app: Experience) -> None:
    p = app.player
    ok, why = app.handle_request(Request("consent", True))
    assert not ok and why is not None and "consent hold" in why
    ok, why = app.handle_request(Request("start", source="console"))
    assert not ok and why is not None and "started" in why
    while not p.awaiting_consent:  # through the tutorial as a facilitator would
        if p.state == "hold":
            p.continue_hold()
        elif p.state == "checkin":
            p.answer(2, "test")
        p.update(0.5)
    ok, why = app.handle_request(Request("continue", source="console"))
    assert not ok and why is not None and "Consent given" in why
    assert app.handle_request(Request("consent", True)) == (True, None)  # key Y
    assert app.handle_request(Request("continue")) == (True, None)  # Enter: starts
    assert p.state == "running" and p.consent is True


def test_quit_records_the_end() -> None:
    with _app() as (app, seen):
        assert app.handle_request(Request("quit")) == (True, None)
        assert [e.reason for e in seen if isinstance(e, ev.ExperienceEnded)] == ["quit"]
