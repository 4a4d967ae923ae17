"""Run the placeholder headless with the room view offscreen and a local console hub, and
write the room view's pictures (and the eyes') to argv[1] at set times; the facilitator pauses,
resumes and sends the calm place on the way. One ShowBase per process: test_headless.py runs it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from experience.app import Experience, Settings
from experience.content import ContentRoot
from experience.core import MonotonicClock
from experience.presenters import Presenter
from experience.requests import Request
from experience.roomview import RoomViewPresenter
from experience.runner import make_backend

CAPTION_T, PAUSED_T, CALM_T = 3.0, 6.5, 9.0
"""Display times of the pictures: a caption on screen, paused, in the calm place."""
REQUESTS = ((6.0, "pause"), (7.0, "resume"), (8.0, "calm"))


class Facilitator(Presenter):
    """Puts the facilitator's requests on the queue at display times (as the console would)."""

    name = "facilitator"

    def __init__(self) -> None:
        super().__init__()
        self.todo = list(REQUESTS)

    def update(self, ctx: Any) -> None:
        while self.todo and ctx.display_time >= self.todo[0][0]:
            _, kind = self.todo.pop(0)
            self.services.requests.put(Request(kind, source="console"))


if __name__ == "__main__":
    out = Path(sys.argv[1])
    s = Settings(mode="headless", experience="placeholder", tutorial=False, duration=9.3, capture=str(out),
                 capture_at=(CAPTION_T, PAUSED_T, CALM_T), size=(320, 180), console="local", refresh=30.0,
                 room_view="offscreen", extra={"room_view_height": 270})
    clock = MonotonicClock()
    exp = Experience(s, ContentRoot.find(), make_backend(s, clock), clock)
    exp.start()
    exp.presenters.add(Facilitator())
    assert exp.services is not None
    exp.presenters.items[-1].attach(exp.services)
    doc = exp.run()
    rv = exp.presenters.find(RoomViewPresenter)
    assert rv is not None
    (out / "result.json").write_text(json.dumps({
        "stats": doc, "captured": rv.captured, "session": exp.console.session_code if exp.console else "",
        "eye_size": [320, 180]}))
