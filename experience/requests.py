"""Requests: what a participant, author or facilitator asks the experience to do.

A key, a controller gesture and a console command all become the same
:class:`Request` on the same :class:`RequestQueue`; the frame loop drains it in
the poll phase, a bounded number per frame.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

KINDS: frozenset[str] = frozenset(
    {
        "start",  # begin the experience after consent
        "consent",  # consent given (arg: True/False)
        "pause",
        "resume",
        "toggle_pause",
        "advance",  # skip the current line / answer default
        "next_chapter",
        "previous_chapter",
        "replay_chapter",
        "jump",  # arg: chapter id or label
        "continue",  # release a hold
        "calm",  # go to the calm place
        "leave_calm",  # come back from the calm place (resumes paused)
        "recenter",
        "answer",  # arg: check-in value or choice index
        "select",  # arg: +1/-1, move the check-in/choice selection shown in the headset
        "show_prompt",  # arg: debrief prompt text shown in the headset
        "volume",  # arg: {"bus": name, "value": 0..1}
        "captions",  # arg: {"on": bool, "size": float, "locale": str}
        "language",  # arg: {"audio": locale, "captions": locale}: narration and caption languages, never mid-line
        "hud",
        "room_view",  # arg: True (open), False (close) or None (toggle) the room view
        "end",
        "quit",
    }
)


@dataclass(frozen=True, slots=True)
class Request:
    """One request.

    Attributes:
        kind: one of :data:`KINDS`.
        arg: kind-specific argument.
        source: who asked: ``keyboard``, ``controller``, ``console``, ``system``, ``test``.
        id: optional correlation id (console command id) for the command result.
    """

    kind: str
    arg: Any = None
    source: str = "keyboard"
    id: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown request kind {self.kind!r}")


class RequestQueue:
    """Thread-safe, bounded queue of requests drained by the frame loop."""

    def __init__(self, maxlen: int = 512) -> None:
        self._q: deque[Request] = deque(maxlen=maxlen)
        self._lock = threading.Lock()

    def put(self, request: Request) -> None:
        with self._lock:
            self._q.append(request)

    def drain(self, limit: int = 16) -> list[Request]:
        """Take at most ``limit`` requests, oldest first."""
        if not self._q:
            return []
        with self._lock:
            n = min(limit, len(self._q))
            return [self._q.popleft() for _ in range(n)]

    def __len__(self) -> int:
        return len(self._q)
