"""Presenters fail loudly: a broken one is an error in the log, never a silent absence."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

from experience import events as ev
from experience.app import default_presenters
from experience.presenters import Presenter, SafePresenters


def test_the_standard_presenters_come_in_their_declared_order() -> None:
    app = SimpleNamespace(settings=SimpleNamespace(auto_continue=False, console=None, room_view=None), console=None)
    found = default_presenters(app)  # type: ignore[arg-type]
    assert [type(p).__name__ for p in found] == [
        "ScenePresenter", "EffectsPresenter", "CaptionsPresenter", "AudioPresenter", "RoomViewPresenter"]


class _Broken(Presenter):
    name = "broken"

    def on_event(self, event: ev.Event) -> None:
        raise RuntimeError("boom")


def test_a_presenter_that_fails_is_logged_once_as_an_error(caplog: pytest.LogCaptureFixture) -> None:
    ps = SafePresenters()
    ps.add(_Broken())
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            ps.on_event(ev.Paused(t=0.0, reason="test"))
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "presenter broken failed in on_event" in errors[0].getMessage()


def test_a_local_console_whose_record_cannot_open_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    """The experience goes on for the participant without a console (one warning line)."""
    from experience.console_link import console_presenter

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    with caplog.at_level(logging.WARNING, logger="empathy-vr"):
        assert console_presenter("local", None) is None
    assert [r.getMessage().split(":")[0] for r in caplog.records] == ["facilitator console not started"]
