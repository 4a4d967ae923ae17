"""Questionnaires as data: items, response scales, scoring and when each item is asked.

A questionnaire is content (``questionnaires/<id>.yaml``); this module holds the
parsed form that the phone page, the headset and the statistics all read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ITEM_KINDS = ("likert", "slider", "choice", "text")
"""likert: anchored points (1-5, 1-7, ...); slider: whole numbers min..max (0-10);
choice: one of several options (nominal, not scored); text: short free text."""
PHASES = ("pre", "post", "follow_up")
"""When an item can be asked: before, right after, and some weeks after the workshop."""
SCORE_METHODS = ("mean", "sum")
Pos = tuple[int, int]


@dataclass(frozen=True)
class Option:
    """One answer a participant can pick: the stored ``value`` and what it says."""

    value: int
    label: str


@dataclass
class Item:
    """One question.

    Attributes:
        id: stable key (records, exports and translations use it).
        kind: one of :data:`ITEM_KINDS`.
        text: the question as shown (empty in a licensed scale whose text comes from strings).
        ask: the phases it is asked in.
        low, high: the numeric range (likert and slider).
        labels: value -> label for the anchored points of a likert or slider.
        options: the options of a choice item.
        reverse: score as ``low + high - value`` (agreement with a negative statement).
        headset: short enough to answer in the headset with the check-in UI.
        required: the page asks for an answer before going on.
        max_length: longest text answer, in characters.
        scale: the shared response scale it uses (its labels are translated once).
    """

    id: str
    kind: str
    text: str = ""
    ask: tuple[str, ...] = ()
    low: int = 1
    high: int = 5
    labels: dict[int, str] = field(default_factory=dict)
    options: tuple[Option, ...] = ()
    reverse: bool = False
    headset: bool = False
    required: bool = False
    max_length: int = 300
    scale: str = ""
    pos: Pos = (1, 1)

    @property
    def numeric(self) -> bool:
        """Whether answers are numbers on a scale (likert, slider)."""
        return self.kind in ("likert", "slider")

    def values(self) -> tuple[int, ...]:
        """Every value an answer may take (empty for free text)."""
        if self.numeric:
            return tuple(range(self.low, self.high + 1))
        return tuple(o.value for o in self.options)

    def score(self, value: int) -> float:
        """The scored value (reverse items flipped)."""
        return float(self.low + self.high - value) if self.reverse else float(value)

    def label(self, value: int) -> str:
        """What an answer value says (its anchor, option text or the number)."""
        if self.kind == "choice":
            return next((o.label for o in self.options if o.value == value), str(value))
        return self.labels.get(value, str(value))


@dataclass
class Subscale:
    """A score made of items: their mean or sum, times ``weight`` (e.g. SSQ's 9.54)."""

    id: str
    title: str
    items: tuple[str, ...]
    method: str = "mean"
    weight: float = 1.0
    min_answered: int = 0
    pos: Pos = (1, 1)


@dataclass
class Phase:
    """When a questionnaire is given; a follow-up says after how many weeks."""

    id: str
    title: str = ""
    intro: str = ""
    after_weeks: float = 0.0


@dataclass
class Consent:
    """The evaluation consent question, asked before any item (its own question)."""

    prompt: str = ""
    details: str = ""
    accept: str = ""
    decline: str = ""


@dataclass
class Questionnaire:
    """One questionnaire file, parsed (texts in ``locale``)."""

    id: str
    title: str
    version: int = 1
    intro: str = ""
    locales: tuple[str, ...] = ("en",)
    locale: str = "en"
    licence: str = ""
    text_in_strings: bool = False
    consent: Consent = field(default_factory=Consent)
    phases: dict[str, Phase] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    subscales: list[Subscale] = field(default_factory=list)
    ui: dict[str, str] = field(default_factory=dict)
    source: str = ""

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def items_for(self, phase: str) -> list[Item]:
        """The items asked in ``phase``, in file order."""
        return [i for i in self.items if phase in i.ask]

    def headset_items(self, phase: str) -> list[Item]:
        """The short items of ``phase`` that the headset can ask."""
        return [i for i in self.items_for(phase) if i.headset]
