"""Controller gestures → requests: trigger, thumbstick/grip selection, the calm gesture.

Pure logic on per-frame input snapshots and an injected time, so the rules are
the same whichever runtime, profile or test feeds them:

* Trigger (either hand): answers the check-in or choice being asked with the
  current selection; in the calm place, comes back from it. While the
  narrative just runs it does nothing: a resting finger must never skip the
  story (skipping a line is the facilitator's Skip, or a key in preview).
* Thumbstick left/right (or a single short grip press: left −1, right +1)
  moves the selection of a check-in (0..10) or a choice (option index): a
  ``select`` request, as the arrow keys make, on the run's one
  :class:`~experience.services.Selection`.
* Both grips held for ``hold_s`` (2 s): the calm place — the participant's
  safe gesture. It fires once per hold; letting go re-arms it.
* A short haptic tick confirms an answer and the calm gesture.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...events import QUESTION_STATES, PlayerState
from ...requests import Kind, Request
from ...services import Selection

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
        model: the run's check-in selection (the backend hands it the services' one).
    """

    hold_s: float = 2.0
    model: Selection = field(default_factory=Selection)
    calm_progress: float = 0.0
    hands: list[HandInput] = field(default_factory=lambda: [HandInput(), HandInput()])
    _state: list[_HandState] = field(default_factory=lambda: [_HandState(), _HandState()])
    _both_since: float | None = None
    _calm_fired: bool = False
    _moved: int = 0  # selection steps asked for this frame, not yet applied

    @property
    def selection(self) -> int | None:
        """What the trigger would answer now (None when nothing is asked), counting this frame's moves."""
        cur = self.model.current
        if cur is None:
            return None
        return min(self.model.count - 1, max(0, cur + self._moved))

    # -- per frame -------------------------------------------------------
    def update(self, now: float, player_state: PlayerState | str, out: list[Request], haptics: list[Haptic]) -> None:
        """Read ``self.hands`` (this frame's input) and append requests and haptics.

        Args:
            now: clock time in seconds.
            player_state: the player's state (``checkin``/``choice`` mean an answer is expected).
            out: requests are appended here.
            haptics: haptic pulses are appended here.
        """
        self._moved = 0
        self._calm(now, out, haptics)
        for i, (h, st) in enumerate(zip(self.hands, self._state, strict=True)):
            if not h.active:
                st.trigger = st.grip = False
                st.stick = 0
                continue
            if h.trigger and not st.trigger:
                self._trigger(i, player_state, out, haptics)
            st.trigger = h.trigger
            self._stick(h, st, player_state, out)
            self._grip_click(i, h, st, now, player_state, out)
        self._moved = 0  # the app applies this frame's select requests before anyone reads again

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
            out.append(Request(Kind.CALM, source="controller"))
            haptics.append(Haptic(LEFT, 0.08, 0.8))
            haptics.append(Haptic(RIGHT, 0.08, 0.8))

    def _trigger(self, hand: int, player_state: PlayerState | str, out: list[Request], haptics: list[Haptic]) -> None:
        answer = self.selection
        if player_state in QUESTION_STATES and answer is not None:
            out.append(Request(Kind.ANSWER, answer, source="controller"))
            haptics.append(Haptic(hand))
        elif player_state == PlayerState.CALM:
            out.append(Request(Kind.LEAVE_CALM, source="controller"))
            haptics.append(Haptic(hand))

    def _stick(self, h: HandInput, st: _HandState, player_state: PlayerState | str, out: list[Request]) -> None:
        x = h.stick_x
        if st.stick == 0:
            if x >= STICK_ON:
                st.stick = 1
                self._move(1, player_state, out)
            elif x <= -STICK_ON:
                st.stick = -1
                self._move(-1, player_state, out)
        elif abs(x) <= STICK_OFF:
            st.stick = 0

    def _grip_click(self, hand: int, h: HandInput, st: _HandState, now: float, player_state: PlayerState | str,
                    out: list[Request]) -> None:
        pressed = h.grip >= (GRIP_OFF if st.grip else GRIP_ON)
        if pressed and not st.grip:
            st.grip_since = now
            st.grip_with_other = False
        elif not pressed and st.grip and not st.grip_with_other and now - st.grip_since <= GRIP_CLICK_MAX_S:
            self._move(-1 if hand == LEFT else 1, player_state, out)
        st.grip = pressed

    def _move(self, step: int, player_state: PlayerState | str, out: list[Request]) -> None:
        """Ask to move the selection by ``step`` (nothing when no question is asked)."""
        if player_state in QUESTION_STATES and self.model.asking is not None:
            self._moved += step
            out.append(Request(Kind.SELECT, step, source="controller"))

    @property
    def input_expected(self) -> bool:
        """Whether controller models/rays should be shown."""
        return self.model.asking is not None or self.calm_progress > 0.0
