"""The narrative model: what a narrative file means, after loading.

Plain data, no I/O. Every step keeps ``pos`` (line, column) of its node in
the file so the lint and the player's errors can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

Pos = tuple[int, int]
Vec3 = tuple[float, float, float]

TUTORIAL_ID = "tutorial"
"""The narrative a session plays first (consent, calm-place practice, warnings); exempt from the safety lint."""

PEARLS_PHASES = ("reactions", "description", "analysis", "summary")
CUE_KINDS = ("sound", "effect", "scene", "ambience", "light", "haptic")
LINE_STYLES = ("normal", "whisper", "voice", "inner")
LINE_MANNERS = ("calm", "hesitant", "animated")
STEP_KINDS = ("line", "cue", "wait", "hold", "checkin", "choice", "label", "jump", "questionnaire")


@dataclass(frozen=True)
class Timing:
    """How long lines without a recording last.

    Attributes:
        wpm: narration speed in words per minute for lines without audio.
        gap: silence after every line, seconds.
        min_line: shortest a line without audio may last, seconds.
        max_caption_wpm: reading speed limit; faster captions get a lint warning.
    """

    wpm: float = 150.0
    gap: float = 0.4
    min_line: float = 1.5
    max_caption_wpm: float = 200.0


@dataclass(frozen=True)
class Speaker:
    """A voice: caption colour, a neural voice per locale, and espeak-ng settings for the fallback.

    Attributes:
        voice: the espeak-ng voice used where no per-locale voice is given.
        pitch, rate: espeak-ng settings (the fallback synthesiser only).
        locale_voices: (locale, espeak-ng voice) pairs.
        neural: (locale, neural voice or blend) pairs, e.g. ``("en", "bf_emma 70% + bf_lily 30%")``.
        speed: pace of the neural voice (1.0: its own).
        shift: semitones the neural voice is raised (younger, smaller) or lowered (older, larger).
        locale_shifts: (locale, semitones) pairs that replace ``shift`` for their locale (``shift: {es: -3}``).
    """

    name: str
    voice: str = "en"
    pitch: int = 50
    rate: int = 160
    color: str = ""
    locale_voices: tuple[tuple[str, str], ...] = ()
    neural: tuple[tuple[str, str], ...] = ()
    speed: float = 1.0
    shift: float = 0.0
    locale_shifts: tuple[tuple[str, float], ...] = ()

    def shift_for(self, locale: str) -> float:
        """Semitones the neural voice of ``locale`` is shifted by."""
        return dict(self.locale_shifts).get(locale, self.shift)

    def voice_for(self, locale: str) -> str:
        """The espeak-ng voice for ``locale`` (the default voice when none is set for it)."""
        for loc, v in self.locale_voices:
            if loc == locale:
                return v
        return self.voice

    def neural_for(self, locale: str) -> str | None:
        """The neural voice (or blend) for ``locale`` (or the one given for every locale), or None."""
        given = dict(self.neural)
        return given.get(locale, given.get("*"))


@dataclass
class Step:
    """Base of all steps; ``pos`` is where the step's node starts in ``source``."""

    pos: Pos = (1, 1)
    source: str = ""

    @property
    def kind(self) -> str:
        return type(self).__name__.lower()

    def assets(self) -> tuple[tuple[str, str], ...]:
        """What this step needs loaded before it plays: ``(kind, name)`` pairs."""
        return ()


@dataclass
class Line(Step):
    """A line of narration or a voice.

    ``audio`` is the author's recording (relative to the content's audio/
    folder); ``audio_path`` and ``audio_duration`` are resolved at load time.
    ``duration`` is how long the line occupies the timeline, without the gap.
    ``levelled``: the audio is at the narration level (narrate made it, or levelled the recording).
    ``move_to``: a head-relative voice glides from ``position`` to here while it speaks.
    ``caption``: what the captions show when their locale differs from the narration's
    (None: the captions show ``text``, which is what the narration says).
    """

    id: str = ""
    speaker: str = ""
    text: str = ""
    audio: str | None = None
    position: Vec3 | None = None
    move_to: Vec3 | None = None
    anchor: str | None = None
    style: str = "normal"
    manner: str = ""  # "" is calm
    duration: float = 0.0
    set_duration: float | None = None
    audio_path: str | None = None
    audio_duration: float | None = None
    tts: bool = False
    levelled: bool = False
    gap: float = 0.4
    filled_for: str | None = None
    stale: bool = False
    caption: str | None = None

    @property
    def shown(self) -> str:
        """The caption text."""
        return self.text if self.caption is None else self.caption

    def assets(self) -> tuple[tuple[str, str], ...]:
        return (("audio", self.audio_path),) if self.audio_path else ()


@dataclass
class Cue(Step):
    """An instruction for a presenter: ``kind`` is one of :data:`CUE_KINDS`.

    ``delay`` fires it that many seconds after the cue is reached, without
    holding up the steps that follow.
    """

    cue_kind: str = ""
    target: str = ""
    params: dict[str, object] = field(default_factory=dict)
    delay: float = 0.0

    def assets(self) -> tuple[tuple[str, str], ...]:
        return (("sound", self.target),) if self.cue_kind in ("sound", "ambience") else ()


@dataclass
class Wait(Step):
    seconds: float = 0.0


@dataclass
class Hold(Step):
    """Wait for the facilitator's continue; ``consent`` marks the consent hold.

    ``show: resources`` shows the narrative's resources block in the headset while
    the hold lasts.
    """

    id: str = ""
    note: str = ""
    consent: bool = False
    show: str = ""


@dataclass
class CheckIn(Step):
    """A question to the participant: ``scale`` (0-10 distress) or ``choice``."""

    id: str = ""
    prompt: str = ""
    checkin_kind: str = "scale"
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Option:
    text: str
    jump: str | None = None
    pos: Pos = (1, 1)


@dataclass
class Choice(Step):
    """The participant picks an option; each option may jump to a label or chapter."""

    id: str = ""
    prompt: str = ""
    options: tuple[Option, ...] = ()


@dataclass
class Label(Step):
    name: str = ""


@dataclass
class AskQuestionnaire(Step):
    """Ask a questionnaire's short (``headset: true``) items of ``phase`` with the check-in UI.

    Loading with a content pack expands it into the consent choice, one check-in
    per item and a closing label (:func:`experience.narrative.headset_steps`).
    """

    questionnaire: str = ""
    phase: str = "post"

    @property
    def kind(self) -> str:
        return "questionnaire"


@dataclass
class Jump(Step):
    """Go to a label or a chapter id; ``end`` ends the experience."""

    target: str = ""


@dataclass
class Chapter:
    id: str
    title: str
    scene: str
    steps: list[Step]
    debrief: dict[str, tuple[str, ...]]
    pos: Pos = (1, 1)
    source: str = ""
    scene_pos: Pos = (1, 1)


class Resources(TypedDict, total=False):
    """Where help is found: a title and items, each a ``name`` and a ``contact`` (all text)."""

    title: str
    items: list[dict[str, str]]


@dataclass
class Narrative:
    """One experience (or a composed session: tutorial + experience)."""

    id: str
    title: str
    summary: str = ""
    duration_min: float = 0.0
    content_warnings: tuple[str, ...] = ()
    audience_notes: str = ""
    locales: tuple[str, ...] = ("en",)
    resources: Resources = field(default_factory=lambda: Resources())
    speakers: dict[str, Speaker] = field(default_factory=dict)
    timing: Timing = field(default_factory=Timing)
    chapters: list[Chapter] = field(default_factory=list)
    locale: str = "en"
    source: str = ""
    parts: tuple[str, ...] = ()
    caption_locale: str | None = None  # when the captions' locale differs from ``locale`` (the narration's)
    spoken: tuple[str, tuple[str, ...]] | None = None  # then: the narration's title and content warnings

    def assets(self, chapter: int | None = None) -> list[tuple[str, str]]:
        """What to preload (scenes, sounds, narration files), in play order, without repeats."""
        out: dict[tuple[str, str], None] = {}
        for i, c in enumerate(self.chapters):
            if chapter is not None and i != chapter:
                continue
            out[("scene", c.scene)] = None
            for s in c.steps:
                out.update(dict.fromkeys(s.assets()))
        return list(out)

    def lines(self) -> list[Line]:
        """Every line, in file order."""
        return [s for c in self.chapters for s in c.steps if isinstance(s, Line)]

    def chapter_index(self, chapter_id: str) -> int:
        for i, c in enumerate(self.chapters):
            if c.id == chapter_id:
                return i
        return -1

    def labels(self) -> dict[str, tuple[int, int]]:
        """Label name -> (chapter index, step index)."""
        out: dict[str, tuple[int, int]] = {}
        for ci, c in enumerate(self.chapters):
            for si, s in enumerate(c.steps):
                if isinstance(s, Label):
                    out.setdefault(s.name, (ci, si))
        return out
