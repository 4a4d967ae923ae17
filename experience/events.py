"""Events the timeline player emits. Presenters and the console subscribe.

The player knows nothing about rendering or audio; these plain records are
the whole interface between it and everything that presents.
All times ``t`` are in seconds of experience (media) time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

Vec3 = tuple[float, float, float]


class PlayerState(StrEnum):
    """The player's coarse state (its wire name is the value)."""

    WAITING = "waiting"
    """Before the start, or consent given: waiting for the facilitator's start."""
    RUNNING = "running"
    PAUSED = "paused"
    HOLD = "hold"
    CALM = "calm"
    CHECKIN = "checkin"
    CHOICE = "choice"
    DEBRIEF = "debrief"
    ENDED = "ended"

    def __repr__(self) -> str:
        return repr(self.value)  # records and transcripts show the wire name


LIVE_STATES = frozenset({PlayerState.RUNNING, PlayerState.HOLD, PlayerState.CHECKIN, PlayerState.CHOICE,
                         PlayerState.DEBRIEF})
"""Where experience time counts and a pause applies."""
QUESTION_STATES = frozenset({PlayerState.CHECKIN, PlayerState.CHOICE})
"""Where the player waits for an answer."""
CLOSES_QUESTION = frozenset({PlayerState.RUNNING, PlayerState.HOLD, PlayerState.DEBRIEF, PlayerState.ENDED,
                             PlayerState.WAITING})
"""States that mean a question was answered, skipped or navigated away from."""


@dataclass(frozen=True, slots=True)
class Event:
    t: float


@dataclass(frozen=True, slots=True)
class ExperienceStarted(Event):
    experience_id: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class ExperienceEnded(Event):
    """The session is over. ``reason``: ``finished`` (continued after the debrief), ``end``
    (the facilitator ended it), ``quit`` (the preview window or Esc), ``runtime_exit``
    (the XR runtime closed the session for good)."""

    experience_id: str = ""
    reason: str = "finished"


@dataclass(frozen=True, slots=True)
class ChapterStarted(Event):
    chapter_id: str = ""
    index: int = 0
    title: str = ""
    scene: str = ""


@dataclass(frozen=True, slots=True)
class ChapterEnded(Event):
    chapter_id: str = ""


@dataclass(frozen=True, slots=True)
class LineStarted(Event):
    """A line of narration or a voice.

    Attributes:
        position: where the voice is, in metres. ``head_relative`` says whether
            it is relative to the head (x right, y forward, z up) or a scene
            position; ``None`` means narrator (no direction).
        audio: a resolved audio file path, or None (captions only).
        move_to: a head-relative voice glides from ``position`` to here over ``duration``.
        anchor: a scene name the voice comes from; a person's id (or a point at their head) makes them speak.
    """

    line_id: str = ""
    speaker: str = ""
    text: str = ""
    duration: float = 0.0
    audio: str | None = None
    position: Vec3 | None = None
    head_relative: bool = True
    anchor: str | None = None
    style: str = "normal"  # "normal" | "whisper" | "voice" | "inner"
    move_to: Vec3 | None = None
    manner: str = ""  # how a person in the scene says it: "calm" (also "") | "hesitant" | "animated"


@dataclass(frozen=True, slots=True)
class LineEnded(Event):
    line_id: str = ""


@dataclass(frozen=True, slots=True)
class Cue(Event):
    """A timed instruction for a presenter.

    kind: ``sound`` | ``effect`` | ``scene`` | ``ambience`` | ``light`` | ``haptic``.
    """

    kind: str = ""
    target: str = ""
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class HoldReached(Event):
    """A wait for the facilitator's continue; ``consent`` marks the consent hold."""

    hold_id: str = ""
    note: str = ""
    consent: bool = False


@dataclass(frozen=True, slots=True)
class ConsentAnswered(Event):
    """The facilitator recorded the participant's answer at the consent hold.

    Given, the player waits (state ``waiting``) for the facilitator's start; declined,
    it stays at the hold. Emitted only at a consent hold, so the record holds only
    consent the headset accepted, at the moment it accepted it.
    """

    given: bool = True
    source: str = ""


@dataclass(frozen=True, slots=True)
class ContentWarnings(Event):
    """The experience's content warnings, shown before consent (empty ``warnings`` hides them).

    Emitted when a session reaches the chapter with the consent hold, and again,
    empty, when that hold is released.
    """

    experience_id: str = ""
    title: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HoldReleased(Event):
    hold_id: str = ""


@dataclass(frozen=True, slots=True)
class CheckInAsked(Event):
    """kind: ``scale`` (0..10 distress) or ``choice`` (options)."""

    checkin_id: str = ""
    prompt: str = ""
    kind: str = "scale"
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckInAnswered(Event):
    checkin_id: str = ""
    value: Any = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class ChoiceAsked(Event):
    choice_id: str = ""
    prompt: str = ""
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChoiceMade(Event):
    choice_id: str = ""
    index: int = 0
    source: str = ""


@dataclass(frozen=True, slots=True)
class DebriefReached(Event):
    chapter_id: str = ""
    prompts: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Paused(Event):
    reason: str = ""  # "request" | "headset_off" | "session_lost" | "runtime_exit" | "console_lost" | "calm"


@dataclass(frozen=True, slots=True)
class Resumed(Event):
    pass


@dataclass(frozen=True, slots=True)
class CalmEntered(Event):
    source: str = ""


@dataclass(frozen=True, slots=True)
class CalmLeft(Event):
    source: str = ""


@dataclass(frozen=True, slots=True)
class StateChanged(Event):
    """The player's coarse state, for the console card.

    state: a :class:`PlayerState`.
    """

    state: PlayerState = PlayerState.WAITING


@dataclass(frozen=True, slots=True)
class Resources(Event):
    """The workshop's support resources, shown in the headset (empty ``items`` hides them).

    Each item is one line: "name: contact".
    """

    title: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PromptShown(Event):
    """A debrief prompt the facilitator chose to show in the headset (empty text hides it)."""

    text: str = ""


@dataclass(frozen=True, slots=True)
class LanguageChanged(Event):
    """The session now plays in other languages: narration in ``audio``, captions and prompts in ``captions``.

    Emitted when a change the facilitator asked for applies: at once before the start, at a
    hold or in the debrief; else at the start of the next chapter (never in the middle of a line).
    """

    audio: str = ""
    captions: str = ""


@dataclass(frozen=True, slots=True)
class HeadsetChanged(Event):
    """The headset was taken off (``on`` False) or put back on."""

    on: bool = True
