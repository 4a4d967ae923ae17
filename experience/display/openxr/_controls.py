"""Controller gestures → requests: trigger, thumbstick/grip selection, the calm gesture.

Pure logic on per-frame input snapshots and an injected time, so the rules are
the same whichever runtime, profile or test feeds them:

* Trigger (either hand): answers the check-in or choice being asked with the
  current selection; in the calm place, comes back from it. While the
  narrative just runs it does nothing: a resting finger must never skip the
  story (skipping a line is the facilitator's Skip, or a key in preview).
* Thumbstick left/right (or a single short grip press: left −1, right +1)
  moves the selection of a check-in (0..10) or a choice (option index).
* Both grips held for ``hold_s`` (2 s): the calm place — the participant's
  safe gesture. It fires once per hold; letting go re-arms it.
* A short haptic tick confirms an answer and the calm gesture.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...requests import Request

LEFT, RIGHT = 0, 1

GRIP_ON = 0.7
GRIP_OFF = 0.4
STICK_ON = 0.6
STICK_OFF = 0.3
GRIP_CLICK_MAX_S = 0.6


@dataclass
class HandInput:
    """One hand's input this frame (filled in place by the action reader)."""

    active: bool = False
    trigger: bool = False
    grip: float = 0.0
    stick_x: float = 0.0
    stick_y: float = 0.0


@dataclass
class Haptic:
    """A haptic pulse to play on ``hand``."""

    hand: int
    duration_s: float = 0.03
    amplitude: float = 0.6


@dataclass
class _HandState:
    trigger: bool = False
    grip: bool = False
    grip_since: float = 0.0
    grip_with_other: bool = False
    stick: int = 0


@dataclass
class Controls:
    """Turns controller snapshots into :class:`Request` objects and haptic ticks.

    Args:
        hold_s: how long both grips must be held for the calm place.
    """

    hold_s: float = 2.0
    selection: int | None = None
    low: int = 0
    high: int = 10
    asking: str | None = None  # "checkin" | "choice" | None
    calm_progress: float = 0.0
    hands: list[HandInput] = field(default_factory=lambda: [HandInput(), HandInput()])
    _state: list[_HandState] = field(default_factory=lambda: [_HandState(), _HandState()])
    on_move: Callable[[int], Any] | None = None
    _both_since: float | None = None
    _calm_fired: bool = False

    # -- what is being asked (from player events) ------------------------
    def on_event(self, event: Any) -> None:
        """Follow the player: check-ins and choices set the selection range."""
        name = type(event).__name__
        if name == "CheckInAsked":
            opts = getattr(event, "options", ())
            if getattr(event, "kind", "scale") == "choice" and opts:
                self.ask("choice", len(opts))
            else:
                self.ask("checkin", 11)
        elif name == "ChoiceAsked":
            self.ask("choice", len(getattr(event, "options", ())) or 1)
        elif name in ("CheckInAnswered", "ChoiceMade", "CalmEntered", "ExperienceEnded"):
            self.asking = None
            self.selection = None

    def ask(self, kind: str, count: int) -> None:
        """Start a selection over ``count`` options (a scale of 11 starts in the middle)."""
        self.asking = kind
        self.low, self.high = 0, max(0, count - 1)
        self.selection = (self.high // 2) if kind == "checkin" else 0

    # -- per frame -------------------------------------------------------
    def update(self, now: float, player_state: str, out: list[Request], haptics: list[Haptic]) -> None:
        """Read ``self.hands`` (this frame's input) and append requests and haptics.

        Args:
            now: clock time in seconds.
            player_state: ``app.player.state`` (``checkin``/``choice`` mean an answer is expected).
            out: requests are appended here.
            haptics: haptic pulses are appended here.
        """
        if player_state in ("checkin", "choice") and self.asking is None:
            self.ask(player_state, 11 if player_state == "checkin" else 2)
        elif player_state not in ("checkin", "choice") and self.asking is not None:
            self.asking = None
            self.selection = None
        self._calm(now, out, haptics)
        for i, (h, st) in enumerate(zip(self.hands, self._state, strict=True)):
            if not h.active:
                st.trigger = st.grip = False
                st.stick = 0
                continue
            if h.trigger and not st.trigger:
                self._trigger(i, player_state, out, haptics)
            st.trigger = h.trigger
            self._stick(h, st)
            self._grip_click(i, h, st, now)

    def _calm(self, now: float, out: list[Request], haptics: list[Haptic]) -> None:
        both = all(h.active and h.grip >= GRIP_ON for h in self.hands) or (
            self._both_since is not None and all(h.active and h.grip >= GRIP_OFF for h in self.hands)
        )
        if not both:
            self._both_since = None
            self._calm_fired = False
            self.calm_progress = 0.0
            return
        for st in self._state:
            st.grip_with_other = True
        if self._both_since is None:
            self._both_since = now
        held = now - self._both_since
        self.calm_progress = min(1.0, held / self.hold_s) if self.hold_s > 0 else 1.0
        if held + 1e-9 >= self.hold_s and not self._calm_fired:
            self._calm_fired = True
            out.append(Request("calm", source="controller"))
            haptics.append(Haptic(LEFT, 0.08, 0.8))
            haptics.append(Haptic(RIGHT, 0.08, 0.8))

    def _trigger(self, hand: int, player_state: str, out: list[Request], haptics: list[Haptic]) -> None:
        if self.asking is not None and self.selection is not None:
            out.append(Request("answer", self.selection, source="controller"))
            haptics.append(Haptic(hand))
            self.asking = None
            self.selection = None
        elif player_state == "calm":
            out.append(Request("leave_calm", source="controller"))
            haptics.append(Haptic(hand))

    def _stick(self, h: HandInput, st: _HandState) -> None:
        x = h.stick_x
        if st.stick == 0:
            if x >= STICK_ON:
                st.stick = 1
                self.move(1)
            elif x <= -STICK_ON:
                st.stick = -1
                self.move(-1)
        elif abs(x) <= STICK_OFF:
            st.stick = 0

    def _grip_click(self, hand: int, h: HandInput, st: _HandState, now: float) -> None:
        pressed = h.grip >= (GRIP_OFF if st.grip else GRIP_ON)
        if pressed and not st.grip:
            st.grip_since = now
            st.grip_with_other = False
        elif not pressed and st.grip and not st.grip_with_other and now - st.grip_since <= GRIP_CLICK_MAX_S:
            self.move(-1 if hand == LEFT else 1)
        st.grip = pressed

    def move(self, step: int) -> None:
        """Move the selection by ``step`` within the range (no effect when nothing is asked).

        With ``on_move`` set (the captions presenter's ``move_selection``, which shows the
        selection in the headset), its answer is the selection.
        """
        if self.asking is None or self.selection is None:
            return
        self.selection = max(self.low, min(self.high, self.selection + step))
        if self.on_move is not None:
            shown = self.on_move(step)
            if isinstance(shown, int):
                self.selection = max(self.low, min(self.high, shown))

    @property
    def input_expected(self) -> bool:
        """Whether controller models/rays should be shown."""
        return self.asking is not None or self.calm_progress > 0.0
