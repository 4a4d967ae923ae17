"""Captions in the 3D view: head-locked, below the eye line, with speaker and direction.

Two panels hang from the stage's ``head_locked`` node (so they appear in every eye at
a real depth, which a 2D overlay cannot do in stereo): the caption panel for
lines (speaker name in the speaker's colour, text, and an arrow towards a
voice that is off-screen or behind), and the prompt panel for check-ins,
choices, debrief prompts from the console and the content warnings.

Sizes are angular: at the default size the capital letters are 1.2 degrees
tall, whatever the distance. Geometry is rebuilt only when an event changes
what is shown; per frame there is only a fade and, for positional voices, the
arrow's direction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import events as ev
from ..events import PlayerState
from ..narrative import PAGE_CHARS, page_starts, paginate, system_text
from ..requests import CaptionSettings, Kind, Languages, Outcome, Request
from ._base import Presenter
from ._caption_font import warm_glyphs
from ._caption_layout import (
    CAP_DEG,
    CAP_PER_EM,
    DEFAULT_SPEAKER,
    DISTANCE,
    Shown,
    hex_rgba,
    options_row,
    scale_row,
    text_scale,
    voice_direction,
)

__all__ = [
    "CAP_DEG",
    "CAP_PER_EM",
    "DISTANCE",
    "PAGE_CHARS",
    "CaptionsPresenter",
    "Shown",
    "hex_rgba",
    "paginate",
    "text_scale",
    "voice_direction",
]

if TYPE_CHECKING:
    from panda3d.core import NodePath

    from ..core import FrameContext
    from ..narrative import Narrative
    from ..services import Services
    from ._caption_view import CaptionView


WAIT_NOTE = system_text("wait_note", "en")
"""The waiting note in English (the headset shows it in the caption language)."""
WAIT_NOTE_AFTER_S = 5.0
"""Seconds at a hold (or waiting for Start) before the participant is told they are waiting."""
WAIT_STATES = frozenset({PlayerState.HOLD, PlayerState.WAITING, PlayerState.DEBRIEF})
"""Where the participant waits for the facilitator; never during the story."""
WAIT_KEYS = {"hold": "key_hold", "consent": "key_consent", "waiting": "key_waiting", "debrief": "key_debrief"}
"""The desktop preview's key that goes on, by wait (the preview is its own facilitator): system text keys."""


class CaptionsPresenter(Presenter):
    """Shows lines, prompts and warnings as head-locked captions.

    Settings (``configure``, the console's ``captions`` request): ``on``,
    ``size`` (0.6 to 2.0, multiplies the angular size) and ``locale``. The
    check-in selection it draws is the shared model's (``services.selection``).
    """

    name = "captions"
    after = ("scene",)  # voices are placed at the nodes of the scene shown

    def __init__(self) -> None:
        super().__init__()
        self.on = True
        self.size = 1.0
        self.locale: str | None = None
        self.caption = Shown()
        self.prompt = Shown()
        self._position: tuple[float, float, float] | None = None
        self._move_to: tuple[float, float, float] | None = None
        self._anchor: str | None = None
        self._anchor_node: NodePath | None = None
        self._anchor_world = (0.0, 0.0, 0.0)
        self._prompt_kind = ""  # "checkin" | "choice" | "debrief" | "warnings"
        self._options: tuple[str, ...] = ()
        self._calm = False
        self._pages: list[str] = []
        self._starts: list[float] = []
        self._page = 0
        self._duration = 0.0
        self.note = Shown()
        """The waiting note, shown after :data:`WAIT_NOTE_AFTER_S` at a hold."""
        self._waited = 0.0
        self._view: CaptionView | None = None  # the Panda3D side, made in attach when there is a stage

    @property
    def selection(self) -> int | None:
        """The selected answer (the shared model's), None until moved."""
        return self.services.selection.value if self.attached else None

    # -- contract ---------------------------------------------------------------
    def attach(self, services: Services) -> None:
        super().attach(services)
        s = services.settings
        self.locale = s.caption_locale or s.locale
        if services.stage is not None:
            from ._caption_view import CaptionView

            self._view = CaptionView(services.stage.head_locked, self.size, warm_glyphs(_texts(services.narrative)))
        services.table.register(Kind.CAPTIONS, self._request)
        services.selection.listeners.append(self._selection_moved)
        self._publish()

    def detach(self) -> None:
        if self.attached:
            self.services.table.unregister(Kind.CAPTIONS)
        if self._view is not None:
            self._view.destroy()
            self._view = None

    def _request(self, req: Request) -> Outcome:
        arg = req.arg if isinstance(req.arg, CaptionSettings) else CaptionSettings()
        self.configure(arg.on, arg.size, arg.locale)
        return True, None

    def on_event(self, event: ev.Event) -> None:
        match event:
            case ev.LineStarted():
                self._line_started(event)
            case ev.LineEnded():
                self._line_ended()
            case ev.CheckInAsked() | ev.ChoiceAsked():
                self._asked(event)
            case ev.CheckInAnswered() | ev.ChoiceMade():
                self._hide_prompt()
            case ev.PromptShown():
                self._prompt_shown(event)
            case ev.Resources():
                self._resources(event)
            case ev.ContentWarnings():
                self._warnings(event)
            case ev.LanguageChanged():
                self.locale = event.captions
                self._publish()
            case ev.CalmEntered():
                self._calm = True
            case ev.CalmLeft():
                self._calm = False
            case ev.StateChanged():
                if self._prompt_kind in ("checkin", "choice") and event.state in ev.CLOSES_QUESTION:
                    self._hide_prompt()  # the question was skipped or navigated away from
            case ev.ExperienceEnded():
                self._line_ended()
                self._hide_prompt()

    def update(self, ctx: FrameContext) -> None:
        if self.caption.visible and len(self._pages) > 1:
            self._turn_page()
        if self.caption.visible and (self._position is not None or self._anchor):
            arrow = self._arrow()
            if arrow != self.caption.arrow:
                self.caption.arrow = arrow
                if self._view is not None:
                    self._view.set_arrow(arrow)
        self._wait_note(ctx.dt)
        if self._view is not None:
            self._view.fade(ctx.dt, self.on and not self._calm)

    def _wait_note(self, dt: float) -> None:
        """After a few seconds at any hold, tell the participant, calmly, that they are waiting."""
        services = self.services
        player = services.player
        state = player.state
        self._waited = self._waited + dt if state in WAIT_STATES and not self._calm else 0.0
        # Consent declined: at once, nothing more will play and the facilitator helps them out.
        declined = player.awaiting_consent and player.consent is False and not self._calm
        want = declined or self._waited >= WAIT_NOTE_AFTER_S
        text = system_text("declined_note" if declined else "wait_note", self.locale) if want else ""
        if want == self.note.visible and text == self.note.text:
            return
        if not want:
            self.note = Shown()
            if self._view is not None:
                self._view.hide_note()
            return
        key = "consent" if player.awaiting_consent else str(state)
        desktop = services.backend_name == "desktop"
        keys = system_text(WAIT_KEYS[key], self.locale) if desktop and key in WAIT_KEYS and not declined else ""
        self.note = Shown(text=text, extra=keys, visible=True)
        if self._view is not None:
            self._view.show_note(self.note)

    # -- settings -----------------------------------------------------------------
    def configure(self, on: bool | None = None, size: float | None = None, locale: str | None = None) -> None:
        """Turn captions on/off, change their size, or switch the locale (reloads the narrative)."""
        if on is not None:
            self.on = bool(on)
        if size is not None:
            self.size = min(2.0, max(0.6, float(size)))
            if self._view is not None:
                self._view.set_size(self.size)
                self._refresh()
        if locale and locale != self.locale:
            # Never mid-line: the language part applies it where the player allows.
            self.services.table.handle(Request(Kind.LANGUAGE, Languages(captions=locale), source="console"))
        self._publish()

    def _publish(self) -> None:
        """The settings, for the console's status card."""
        if self.attached:
            c = self.services.session.captions
            c.on, c.size, c.locale = self.on, self.size, self.locale

    def _selection_moved(self) -> None:
        """The shared selection moved (keys, thumbstick): show it in the prompt."""
        if self._prompt_kind in ("checkin", "choice"):
            self._set_prompt_extra()

    # -- events -------------------------------------------------------------------
    def _line_started(self, e: ev.LineStarted) -> None:
        self._position = e.position if e.position is not None else None
        self._move_to = e.move_to if e.position is not None else None
        self._anchor = e.anchor
        self._anchor_node = None
        self._pages, self._page, self._duration = paginate(e.text), 0, e.duration
        self._starts = page_starts(self._pages)
        self.caption = Shown(speaker=e.speaker, text=self._pages[0], visible=True)
        self.services.session.captions.line = self.caption
        self.caption.arrow = self._arrow()
        self._refresh()

    def _line_ended(self) -> None:
        self.caption.visible = False
        self._position = self._anchor = self._move_to = None
        self._anchor_node = None
        if self._view is not None:
            self._view.hide_caption()

    def _asked(self, e: ev.CheckInAsked | ev.ChoiceAsked) -> None:
        self._prompt_kind = "checkin" if isinstance(e, ev.CheckInAsked) else "choice"
        self._options = tuple(e.options)
        self.prompt = Shown(text=e.prompt, visible=True)
        self._set_prompt_extra()

    def _prompt_shown(self, e: ev.PromptShown) -> None:
        if not e.text:
            if self._prompt_kind == "debrief":
                self._hide_prompt()
            return
        self._prompt_kind, self._options = "debrief", ()
        self.prompt = Shown(text=e.text, visible=True)
        self._refresh()

    def _resources(self, e: ev.Resources) -> None:
        if not e.items:
            if self._prompt_kind == "resources":
                self._hide_prompt()
            return
        self._prompt_kind, self._options = "resources", ()
        self.prompt = Shown(speaker=e.title, text="\n".join(e.items), visible=True)
        self._refresh()

    def _warnings(self, e: ev.ContentWarnings) -> None:
        if not e.warnings:
            if self._prompt_kind == "warnings":
                self._hide_prompt()
            return
        self._prompt_kind, self._options = "warnings", ()
        body = "\n".join(f"- {w}" for w in e.warnings)
        self.prompt = Shown(speaker=system_text("content_notes", self.locale, title=e.title), text=body, visible=True)
        self._refresh()

    # -- helpers -----------------------------------------------------------------
    def _turn_page(self) -> None:
        """Show the page of a long line that the narration has reached."""
        t = self.services.player.line_time
        frac = t / self._duration if self._duration > 0 else 0.0
        page = self._page
        while page + 1 < len(self._starts) and frac >= self._starts[page + 1]:
            page += 1
        if page != self._page:
            self._page = page
            self.caption.text = self._pages[page]
            self._refresh()

    def _set_prompt_extra(self) -> None:
        if self._prompt_kind == "checkin" and not self._options:
            self.prompt.extra = scale_row(self.selection)
        else:
            self.prompt.extra = options_row(self._options, self.selection)
        self._refresh()

    def _hide_prompt(self) -> None:
        self._prompt_kind, self._options = "", ()
        self.prompt = Shown()
        if self._view is not None:
            self._view.hide_prompt()

    def _refresh(self) -> None:
        if self._view is None:
            return
        if self.caption.visible:
            self._view.show_caption(self.caption, self._speaker_rgba(self.caption.speaker))
        if self.prompt.visible:
            self._view.show_prompt(self.prompt)

    def _speaker_rgba(self, name: str) -> tuple[float, float, float, float]:
        speaker = self.services.narrative.speakers.get(name) if self.attached else None
        return hex_rgba((speaker.color if speaker is not None else "") or DEFAULT_SPEAKER)

    def _arrow(self) -> float | None:
        """The arrow's angle towards the voice, in whole degrees (None when the voice is in view).

        Whole degrees: the arrow is moved when it turns by a degree, not in every frame the head moves.
        """
        v = self._voice_in_head_space()
        a = voice_direction(v) if v is not None else None
        return None if a is None else float(round(a))

    def _voice_in_head_space(self) -> tuple[float, float, float] | None:
        """Head-relative positions are already in head space (a gliding voice where it is now);
        anchors are looked up in the scene."""
        if self._position is not None and self._move_to is not None:
            t = self.services.player.line_time
            f = min(1.0, max(0.0, t / self._duration)) if self._duration > 0 else 1.0
            a, b = self._position, self._move_to
            return (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f)
        if self._position is not None:
            return self._position
        stage = self.services.stage
        node = self.services.scene.node(self._anchor) if self._anchor else None
        if node is None or stage is None:
            return None
        if node is not self._anchor_node:  # a new line or scene: where the voice is in the world (fixed there)
            p = node.getPos(stage.world)
            self._anchor_node, self._anchor_world = node, (float(p[0]), float(p[1]), float(p[2]))
        return stage.to_head_space(self._anchor_world)


def _texts(n: Narrative) -> list[str]:
    """Everything the session's captions and prompts can show (their glyphs are rasterised first)."""
    from ..narrative import CheckIn, Choice, Line

    out = [n.title, *n.content_warnings]
    for ch in n.chapters:
        for s in ch.steps:
            if isinstance(s, Line):
                out += [s.shown, s.speaker]
            elif isinstance(s, CheckIn):
                out += [s.prompt, *s.options]
            elif isinstance(s, Choice):
                out += [s.prompt, *(o.text for o in s.options)]
        out += [p for ps in ch.debrief.values() for p in ps]
    return [t for t in out if isinstance(t, str)]
