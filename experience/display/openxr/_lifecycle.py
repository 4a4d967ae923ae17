"""The OpenXR session lifecycle as a small state machine.

The runtime drives the session through IDLE → READY → SYNCHRONIZED → VISIBLE
→ FOCUSED and back (STOPPING, LOSS_PENDING, EXITING). This module turns each
state change into the actions the backend must take, without making any
OpenXR call itself, so the rules can be read (and tested) in one place:

* READY: begin the session (frames start).
* STOPPING: end the session (frames stop; we wait for READY or EXITING).
* LOSS_PENDING: destroy the session and try to make a new one.
* EXITING: leave the frame loop.
* Leaving FOCUSED while running (headset off, system menu): tell the app,
  which pauses the narrative; back in FOCUSED: tell the app again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class XrState(IntEnum):
    """``XrSessionState`` values (same numbers as the OpenXR spec)."""

    UNKNOWN = 0
    IDLE = 1
    READY = 2
    SYNCHRONIZED = 3
    VISIBLE = 4
    FOCUSED = 5
    STOPPING = 6
    LOSS_PENDING = 7
    EXITING = 8


RUNNING_STATES = frozenset({XrState.READY, XrState.SYNCHRONIZED, XrState.VISIBLE, XrState.FOCUSED})
"""States in which the session has begun and frames must be submitted."""


@dataclass(frozen=True, slots=True)
class Action:
    """Something the backend must do after a state change.

    kind: ``begin`` | ``end`` | ``recreate`` | ``exit`` | ``focus_lost`` | ``focus_gained``.
    """

    kind: str
    reason: str = ""


@dataclass
class Lifecycle:
    """Tracks the session state and says what to do on each change.

    Attributes:
        state: the last state the runtime reported.
        running: whether xrBeginSession has been called and not yet ended.
        focused_once: whether the session has been FOCUSED at least once
            (the first focus is not a "headset back on").
        headset_on: the last value given to the app through ``focus_*`` actions.
        history: states seen, oldest first (for logs and tests).
    """

    state: XrState = XrState.UNKNOWN
    running: bool = False
    focused_once: bool = False
    headset_on: bool = True
    exit_requested: bool = False
    history: list[XrState] = field(default_factory=list)

    def on_state(self, new_state: int) -> list[Action]:
        """Record ``new_state`` and return the actions to take, in order."""
        try:
            st = XrState(new_state)
        except ValueError:
            st = XrState.UNKNOWN
        old = self.state
        self.state = st
        self.history.append(st)
        out: list[Action] = []
        if old == XrState.FOCUSED and st != XrState.FOCUSED and self.headset_on and not self.exit_requested:
            self.headset_on = False
            out.append(Action("focus_lost", st.name.lower()))
        if st == XrState.READY and not self.running:
            out.append(Action("begin"))
            self.running = True
        elif st == XrState.FOCUSED:
            if not self.headset_on:
                self.headset_on = True
                out.append(Action("focus_gained"))
            self.focused_once = True
        elif st == XrState.STOPPING:
            if self.running:
                out.append(Action("end"))
                self.running = False
        elif st == XrState.LOSS_PENDING:
            self.running = False
            out.append(Action("recreate", "session loss pending"))
        elif st == XrState.EXITING:
            self.running = False
            out.append(Action("exit", "runtime asked to exit"))
        return out

    def on_instance_loss(self) -> list[Action]:
        """The whole instance is going away: nothing can be recreated."""
        self.running = False
        return [Action("exit", "instance loss pending")]

    def reset(self) -> None:
        """A new session was made: start from UNKNOWN (headset state kept)."""
        self.state = XrState.UNKNOWN
        self.running = False
