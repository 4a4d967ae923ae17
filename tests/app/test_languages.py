"""Narration and caption languages changed during a session, as the console asks (the real player)."""

from __future__ import annotations

import math

import pytest

from experience import events as ev
from experience.app import Experience
from experience.presenters.captions import CaptionsPresenter
from experience.protocol import JsonObject, ProtocolError, check_command_arg
from experience.requests import Request, RequestError

from .test_requests import _app


def _lang(app: Experience) -> JsonObject:
    """What the console card shows of the languages."""
    state = app.session_state.language
    assert state is not None
    return state.as_dict()


def _loaded(app: Experience) -> None:
    """Deliver the worker's reload (the frame loop would, in slack)."""
    assert app.scheduler.wait_for_callback(20.0), "the session did not load in the new languages"
    app.scheduler.run(math.inf)


def _play_until(app: Experience, done: object, steps: int = 600) -> None:
    p = app.player
    for _ in range(steps):
        if done():  # type: ignore[operator]
            return
        if p.state == "hold":
            p.continue_hold()
        elif p.state in ("checkin", "choice"):
            p.answer(0)
        p.update(0.5)
    raise AssertionError(f"still {p.state} in {p.chapter_id}")


def test_a_change_mid_story_waits_for_the_next_chapter() -> None:
    with _app() as (app, seen):
        p = app.player
        assert _lang(app) == {"audio": "en", "captions": "en",
                                                 "available": ["en", "es", "fr", "de"], "pending": None}
        _play_until(app, lambda: p.current_line is not None)  # a line is playing: it is not cut
        chapter = p.chapter_id
        assert app.handle_request(Request("language", {"captions": "es"}, source="console")) == (True, None)
        _loaded(app)
        assert _lang(app)["pending"] == {"audio": "en", "captions": "es"}
        assert _lang(app)["captions"] == "en"
        assert not any(isinstance(e, ev.LanguageChanged) for e in seen)
        _play_until(app, lambda: p.chapter_id != chapter)
        names = [type(e).__name__ for e in seen]
        changed = names.index("LanguageChanged")
        assert names[changed + 1] == "ChapterStarted"  # swapped in between the chapters, before any line
        assert "LineStarted" not in names[changed - 2:changed]
        change = next(e for e in seen if isinstance(e, ev.LanguageChanged))
        assert (change.audio, change.captions) == ("en", "es")
        assert _lang(app)["captions"] == "es" and _lang(app)["pending"] is None
        assert next(c for c in app.presenters.items if isinstance(c, CaptionsPresenter)).locale == "es"
        _play_until(app, lambda: p.current_line is not None)
        line = p.current_line
        assert line is not None and line.shown != line.text  # Spanish captions over the English narration
        assert "/en/" in (line.audio_path or "/en/")


def test_a_change_at_a_hold_applies_at_once_and_both_languages_can_change() -> None:
    with _app() as (app, seen):
        p = app.player
        _play_until(app, lambda: p.state == "hold")
        asked = app.handle_request(Request("language", {"audio": "de", "captions": "de"}, source="console"))
        assert asked == (True, None)
        _loaded(app)
        change = [e for e in seen if isinstance(e, ev.LanguageChanged)]
        assert [(c.audio, c.captions) for c in change] == [("de", "de")]
        assert _lang(app)["audio"] == "de" and p.state == "hold"
        p.continue_hold()
        _play_until(app, lambda: p.current_line is not None)
        line = p.current_line
        assert line is not None and line.shown == line.text and p.narrative.locale == "de"


def test_a_waiting_change_can_be_taken_back() -> None:
    with _app() as (app, seen):
        p = app.player
        _play_until(app, lambda: p.current_line is not None)
        app.handle_request(Request("language", {"captions": "fr"}, source="console"))
        _loaded(app)
        assert p.languages_pending == ("en", "fr")
        assert app.handle_request(Request("language", {"captions": "en"}, source="console")) == (True, None)
        assert p.languages_pending is None and _lang(app)["pending"] is None
        chapter = p.chapter_id
        _play_until(app, lambda: p.chapter_id != chapter)
        assert not any(isinstance(e, ev.LanguageChanged) for e in seen)


@pytest.mark.parametrize(("arg", "why"), [
    ({"captions": "xx"}, "no captions in 'xx'"),
    ({"audio": "it"}, "no narration in 'it'"),
])
def test_refused_changes_say_why_and_change_nothing(arg: object, why: str) -> None:
    with _app() as (app, _):
        ok, reason = app.handle_request(Request("language", arg, source="console"))
        assert not ok and reason is not None and why in reason
        assert app.player.languages_pending is None
        assert _lang(app)["captions"] == "en"


@pytest.mark.parametrize("arg", [{"speed": "es"}, "es", None, {}])
def test_a_bad_language_argument_is_not_a_request(arg: object) -> None:
    with pytest.raises(RequestError, match="language needs"):
        Request("language", arg, source="console")


def test_no_change_after_the_end() -> None:
    with _app() as (app, _):
        app.player.end("end")
        ok, reason = app.handle_request(Request("language", {"captions": "es"}, source="console"))
        assert not ok and reason == "the session has ended"


def test_the_protocol_checks_a_language_command() -> None:
    check_command_arg("language", {"audio": "es", "captions": "de-AT"})
    check_command_arg("language", {"captions": "fr"})
    for bad in (None, {}, {"audio": 3}, {"audio": "es", "x": "y"}, {"captions": "ES!"}, {"audio": "a" * 40}):
        with pytest.raises(ProtocolError, match="language needs"):
            check_command_arg("language", bad)
