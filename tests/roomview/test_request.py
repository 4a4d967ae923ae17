"""The room_view request: checked on the wire, refused with a reason where a run has no room view."""

from __future__ import annotations

import json

import pytest

from experience.app import Experience, Settings
from experience.content import ContentRoot
from experience.core import ManualClock
from experience.requests import Request
from facilitator import ProtocolError, parse
from tests.console.harness import PacedBackend


def _command(arg: object) -> str:
    return json.dumps({"v": 1, "type": "command", "id": "c1", "target": "K7M-4QX", "kind": "room_view", "arg": arg})


@pytest.mark.parametrize("arg", [True, False, None])
def test_the_console_may_open_close_or_toggle_it(arg: object) -> None:
    assert parse(_command(arg)).arg == arg  # type: ignore[attr-defined]


@pytest.mark.parametrize("arg", ["on", 1, {"on": True}])
def test_anything_else_is_refused(arg: object) -> None:
    with pytest.raises(ProtocolError, match="room_view needs true, false or nothing"):
        parse(_command(arg))


def test_a_run_without_a_room_view_says_so() -> None:
    clock = ManualClock()
    app = Experience(Settings(console=None, experience="example", tutorial=False), ContentRoot.find(),
                     PacedBackend(clock), clock, presenters=[])  # type: ignore[arg-type]
    app.start()
    try:
        assert app.handle_request(Request("room_view", True, source="console")) == (
            False, "the room view is not available in this run")
    finally:
        app.stop()
