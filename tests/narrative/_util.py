"""Helpers: a narrative from YAML text, a recording player."""

from __future__ import annotations

from typing import Any

from experience import events as ev
from experience.narrative import Narrative, TimelinePlayer, parse_file
from experience.narrative._resolve import resolve

SMALL = """
id: small
title: Small
chapters:
  - id: one
    scene: placeholder
    steps:
      - line: {id: a1, speaker: Sam, text: "one two three four five six seven eight nine ten", duration: 4}
      - cue: {sound: chime, delay: 1.0}
      - wait: 2
      - hold: {id: h1, note: "settle"}
      - line: {id: a2, speaker: Voice, text: "behind you", duration: 2, position: [0, -1, 0]}
  - id: two
    scene: placeholder
    steps:
      - checkin: {id: c1, prompt: "How are you?", kind: scale}
      - choice: {id: ch1, prompt: "Which way?", options: [{text: Left, jump: left}, {text: Right, jump: three}]}
      - label: left
      - line: {id: b1, text: "you went left", duration: 2}
  - id: three
    scene: placeholder
    steps:
      - line: {id: c3, text: "last line", duration: 3}
    debrief:
      reactions: ["How was it?"]
"""


def narrative(text: str = SMALL, name: str = "small.yaml") -> Narrative:
    n, diags = parse_file(name, text)
    errors = [d.format() for d in diags if d.is_error]
    assert n is not None and not errors, errors
    return resolve(n, None)


class Rec:
    """A started player plus everything it emitted."""

    def __init__(self, n: Narrative | None = None, start: bool = True) -> None:
        self.p = TimelinePlayer(n or narrative())
        self.events: list[ev.Event] = []
        self.p.subscribe(self.events.append)
        if start:
            self.p.start()

    def run(self, seconds: float, dt: float = 1 / 32) -> None:
        for _ in range(round(seconds / dt)):
            self.p.update(dt)

    def names(self, since: int = 0) -> list[str]:
        return [type(e).__name__ for e in self.events[since:] if not isinstance(e, ev.StateChanged)]

    def of(self, cls: type[Any]) -> list[Any]:
        return [e for e in self.events if isinstance(e, cls)]

    def mark(self) -> int:
        return len(self.events)
