"""The typed seam between the app and its parts: what presenters and backends are handed.

:class:`Services` is built once by :class:`experience.app.Experience` in
``start`` and handed to every presenter (``attach``) and to the display
backend. It holds the shared services (stage, scheduler, worker, the request
sink and table, a read-only view of the player, the session state) and the
small shared models that used to be found by discovery: the current scene's
named nodes (:class:`SceneNodes`), the check-in selection
(:class:`Selection`) and the effect stack. Calls that go up to the app are on
:class:`Host`, which the app implements.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from . import events as ev
from .events import PlayerState
from .requests import Outcome, Reason, Request, RequestQueue, RequestTable

if TYPE_CHECKING:
    from panda3d.core import NodePath

    from .content import ContentRoot
    from .core import Clock, FrameStats, SlackScheduler, Worker
    from .display import Stage
    from .narrative import Chapter, CheckIn, Choice, Line, Narrative
    from .protocol import JsonObject
    from .scene import EffectStack
    from .settings import Settings

RequestListener = Callable[[Request, bool, "str | None"], None]


class PlayerView(Protocol):
    """What presenters may read of the player (requests change it; presenters never do)."""

    @property
    def state(self) -> PlayerState: ...
    @property
    def elapsed(self) -> float: ...
    @property
    def consent(self) -> bool | None: ...
    @property
    def narrative(self) -> Narrative: ...
    @property
    def chapter(self) -> Chapter | None: ...
    @property
    def chapter_index(self) -> int: ...
    @property
    def current_line(self) -> Line | None: ...
    @property
    def line_time(self) -> float: ...
    @property
    def hold(self) -> tuple[str, str] | None: ...
    @property
    def question(self) -> CheckIn | Choice | None: ...
    @property
    def awaiting_consent(self) -> bool: ...
    @property
    def ready(self) -> bool: ...
    @property
    def remaining(self) -> float: ...


class Host(Protocol):
    """What the app does when one of its parts reports something (the only calls up the seam)."""

    def headset_changed(self, on: bool, reason: str = "headset_off") -> None:
        """The headset left or regained focus (``reason``: headset_off, session_lost or runtime_exit)."""

    def display_ended(self, reason: str) -> None:
        """The display went away for good."""

    def console_link_changed(self, connected: bool) -> None:
        """The facilitator console's link went down or came back."""

    def swap_narrative(self, narrative: Narrative) -> None:
        """An edited or re-localised narrative replaces the playing one, keeping the position."""

    def media_position(self, line_id: str, seconds: float) -> None:
        """Where the narration audio of ``line_id`` is (the line's clock follows it)."""


class ShownLine(Protocol):
    """A caption as shown (speaker, text, whether it is on screen)."""

    speaker: str
    text: str
    visible: bool


@dataclass
class CaptionState:
    """The caption settings (the console's status card) and the line shown (the room view repeats it)."""

    on: bool = True
    size: float = 1.0
    locale: str | None = None
    line: ShownLine | None = None


@dataclass
class RoomViewState:
    """Whether the room view is open, and how (``window``, ``fullscreen``, ``offscreen``)."""

    on: bool = False
    kind: str = ""

    def as_dict(self) -> JsonObject:
        return {"on": self.on, "kind": self.kind}


@dataclass
class LanguageState:
    """The session's languages, for the console's status card."""

    audio: str
    captions: str
    available: list[str]
    pending: tuple[str, str] | None = None
    """(narration, captions) that apply at the next chapter, if a change waits."""

    def as_dict(self) -> JsonObject:
        pending = self.pending
        return {"audio": self.audio, "captions": self.captions, "available": [a for a in self.available],
                "pending": {"audio": pending[0], "captions": pending[1]} if pending else None}


@dataclass
class SessionState:
    """What the parts of a run report about the session (the console's status card reads it)."""

    headset: bool = True
    console_lost: bool = False
    audio: str = ""
    """``on`` or ``captions only``."""
    volumes: dict[str, float] = field(default_factory=dict)
    """Bus volumes as the mixer has them (``master`` and each bus); empty without audio."""
    scene: str = ""
    captions: CaptionState = field(default_factory=CaptionState)
    language: LanguageState | None = None
    room_view: RoomViewState | None = None
    session_code: str = ""
    """The anonymous session code the console knows this headset by ('' without a console)."""
    calm_hold: float = 0.0
    """How far both grips are towards the calm place (0..1)."""


class SceneNodes:
    """The current scene's named nodes (anchors, people, props), kept by the scene presenter."""

    def __init__(self) -> None:
        self._nodes: Mapping[str, NodePath] = {}

    def show(self, nodes: Mapping[str, NodePath]) -> None:
        """The scene now shown names these nodes."""
        self._nodes = nodes

    def node(self, name: str) -> NodePath | None:
        return self._nodes.get(name)


class Selection:
    """The check-in or choice selection: one model, moved by ``select`` requests (keys, thumbstick).

    ``value`` is None until someone moves it (Enter then has nothing to confirm);
    :attr:`current` is what a controller's trigger answers (the middle of a scale,
    the first option of a choice, until moved).
    """

    def __init__(self) -> None:
        self.asking: str | None = None
        """``checkin`` (a 0..10 scale or options), ``choice`` or None."""
        self.count = 0
        self.scale = False
        """A 0..10 scale (it starts in the middle), not a list of options."""
        self.value: int | None = None
        self.listeners: list[Callable[[], None]] = []

    @property
    def current(self) -> int | None:
        if self.asking is None:
            return None
        return self.value if self.value is not None else self._start

    @property
    def _start(self) -> int:
        return (self.count - 1) // 2 if self.scale else 0

    def on_event(self, event: ev.Event) -> None:
        """Follow the player: questions open a selection; answers, calm and the end close it."""
        if isinstance(event, ev.CheckInAsked):
            self._ask("checkin", len(event.options) or 11, not event.options)
        elif isinstance(event, ev.ChoiceAsked):
            self._ask("choice", max(1, len(event.options)), False)
        elif isinstance(event, ev.CheckInAnswered | ev.ChoiceMade | ev.ExperienceEnded) or (
                isinstance(event, ev.StateChanged) and event.state in ev.CLOSES_QUESTION):
            self._ask(None, 0, False)

    def _ask(self, kind: str | None, count: int, scale: bool) -> None:
        if (self.asking, self.count, self.value) == (kind, count, None):
            return
        self.asking, self.count, self.scale, self.value = kind, count, scale, None
        self._changed()

    def move(self, step: int) -> int | None:
        """Move by ``step`` (from the start point the first time), clamped; None when nothing is asked."""
        if self.asking is None:
            return None
        self.value = min(self.count - 1, max(0, self._start + step if self.value is None else self.value + step))
        self._changed()
        return self.value

    def request(self, req: Request, state: PlayerState) -> Outcome:
        """The ``select`` request's handler."""
        if self.move(req.number) is None:
            return False, Reason("nothing_to_select", f"nothing to select while {state}", state=str(state))
        return True, None

    def _changed(self) -> None:
        for fn in self.listeners:
            fn()


@dataclass(eq=False)
class Services:
    """What presenters and backends are handed (see the module docstring).

    Attributes:
        requests: the request sink (keys, controllers and the console put requests here).
        table: the request table; a part registers the requests it owns in ``attach``.
        player: a read-only view of the player.
        narrative: the session being played (replaced on a hot reload or a locale switch).
        listeners: ``fn(request, ok, error)`` after each request is handled.
    """

    settings: Settings
    content: ContentRoot
    clock: Clock
    stats: FrameStats
    scheduler: SlackScheduler
    worker: Worker
    requests: RequestQueue
    table: RequestTable
    player: PlayerView
    narrative: Narrative
    host: Host
    effects: EffectStack
    stage: Stage | None = None
    backend_name: str = "headless"
    refresh_hz: float = 60.0
    session: SessionState = field(default_factory=SessionState)
    scene: SceneNodes = field(default_factory=SceneNodes)
    selection: Selection = field(default_factory=Selection)
    diagnostics: list[str] = field(default_factory=list)
    listeners: list[RequestListener] = field(default_factory=list)

    @property
    def hot_reload(self) -> bool:
        """Whether content files are watched (the desktop preview, or asked for)."""
        return self.backend_name == "desktop" or bool(self.settings.extra.get("hot_reload"))
