"""Captions in the 3D view: head-locked, below the eye line, with speaker and direction.

Two panels hang from ``app.stage.head_locked`` (so they appear in every eye at
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

from typing import Any

from .. import events as ev
from ..narrative import system_text
from ._base import Presenter
from ._caption_font import warm_glyphs
from ._caption_layout import (
    CAP_DEG,
    CAP_PER_EM,
    DEFAULT_SPEAKER,
    DISTANCE,
    PAGE_CHARS,
    Shown,
    hex_rgba,
    options_row,
    page_starts,
    paginate,
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


WAIT_NOTE = "Your facilitator will continue in a moment."
WAIT_NOTE_AFTER_S = 5.0
"""Seconds at a hold (or waiting for Start) before the participant is told they are waiting."""
WAIT_STATES = frozenset({"hold", "waiting", "debrief"})
"""Where the participant waits for the facilitator; never during the story."""
WAIT_KEYS = {"hold": "Enter continues", "consent": "Y records consent, then Enter starts", "waiting": "Enter starts",
             "debrief": "Enter ends the session"}
"""The desktop preview's key that goes on, by wait (the preview is its own facilitator)."""


class CaptionsPresenter(Presenter):
    """Shows lines, prompts and warnings as head-locked captions.

    Settings (``configure``, the console's ``captions`` request): ``on``,
    ``size`` (0.6 to 2.0, multiplies the angular size) and ``locale``.
    """

    name = "captions"

    def __init__(self) -> None:
        super().__init__()
        self.on = True
        self.size = 1.0
        self.locale: str | None = None
        self.caption = Shown()
        self.prompt = Shown()
        self.selection: int | None = None
        self._position: tuple[float, float, float] | None = None
        self._move_to: tuple[float, float, float] | None = None
        self._anchor: str | None = None
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
        self._view: Any = None  # the Panda3D side, made in attach when there is a stage

    # -- contract ---------------------------------------------------------------
    def attach(self, app: Any) -> None:
        super().attach(app)
        app.captions = self
        s = getattr(app, "settings", None)
        self.locale = getattr(s, "caption_locale", None) or getattr(s, "locale", None)
        stage = getattr(app, "stage", None)
        if stage is not None and getattr(stage, "head_locked", None) is not None:
            from ._caption_view import CaptionView

            self._view = CaptionView(stage.head_locked, self.size, warm_glyphs(_texts(app)))
        self._publish()

    def detach(self) -> None:
        if self._view is not None:
            self._view.destroy()
            self._view = None

    def on_event(self, event: ev.Event) -> None:
        fn = getattr(self, "_on_" + type(event).__name__, None)
        if fn is not None:
            fn(event)

    def update(self, ctx: Any) -> None:
        if self.caption.visible and len(self._pages) > 1:
            self._turn_page()
        if self.caption.visible and (self._position is not None or self._anchor):
            v = self._voice_in_head_space()
            arrow = voice_direction(v) if v is not None else None
            if arrow != self.caption.arrow:
                self.caption.arrow = arrow
                if self._view is not None:
                    self._view.set_arrow(arrow)
        self._wait_note(ctx.dt)
        if self._view is not None:
            self._view.fade(ctx.dt, self.on and not self._calm)

    def _wait_note(self, dt: float) -> None:
        """After a few seconds at any hold, tell the participant, calmly, that they are waiting."""
        player = getattr(self.app, "player", None)
        state = str(getattr(player, "state", "") or "")
        self._waited = self._waited + dt if state in WAIT_STATES and not self._calm else 0.0
        want = self._waited >= WAIT_NOTE_AFTER_S
        if want == self.note.visible:
            return
        if not want:
            self.note = Shown()
            if self._view is not None:
                self._view.hide_note()
            return
        key = "consent" if getattr(player, "awaiting_consent", False) else state
        desktop = getattr(getattr(self.app, "backend", None), "name", "") == "desktop"
        self.note = Shown(text=WAIT_NOTE, extra=WAIT_KEYS.get(key, "") if desktop else "", visible=True)
        if self._view is not None:
            self._view.show_note(self.note)

    # -- settings -----------------------------------------------------------------
    def configure(self, on: Any = None, size: Any = None, locale: Any = None, **_: Any) -> None:
        """Turn captions on/off, change their size, or switch the locale (reloads the narrative)."""
        if on is not None:
            self.on = bool(on)
        if isinstance(size, int | float) and not isinstance(size, bool):
            self.size = min(2.0, max(0.6, float(size)))
            if self._view is not None:
                self._view.set_size(self.size)
                self._refresh()
        if isinstance(locale, str) and locale and locale != self.locale:
            switch = getattr(self.app, "languages", None)
            if switch is not None:  # never mid-line: the switch applies it where the player allows
                switch.request({"captions": locale})
            else:
                self.locale = locale
                self._reload_locale(locale)
        self._publish()

    def _publish(self) -> None:
        """The settings, for the console's status card."""
        state = getattr(self.app, "session_state", None)
        if isinstance(state, dict):
            state["captions"] = {"on": self.on, "size": self.size, "locale": self.locale}

    def move_selection(self, delta: int) -> int | None:
        """Move the check-in or choice selection (controller thumbstick, arrow keys)."""
        if self._prompt_kind == "checkin" and not self._options:
            cur = 5 if self.selection is None else self.selection
            self.selection = min(10, max(0, cur + delta))
        elif self._options:
            cur = 0 if self.selection is None else self.selection
            self.selection = min(len(self._options) - 1, max(0, cur + delta))
        else:
            return None
        self._set_prompt_extra()
        return self.selection

    # -- events -------------------------------------------------------------------
    def _on_LineStarted(self, e: ev.LineStarted) -> None:
        self._position = e.position if e.position is not None else None
        self._move_to = e.move_to if e.position is not None else None
        self._anchor = e.anchor
        self._pages, self._page, self._duration = paginate(e.text), 0, e.duration
        self._starts = page_starts(self._pages)
        self.caption = Shown(speaker=e.speaker, text=self._pages[0], visible=True)
        v = self._voice_in_head_space()
        self.caption.arrow = voice_direction(v) if v is not None else None
        self._refresh()

    def _on_LineEnded(self, e: ev.LineEnded) -> None:
        self.caption.visible = False
        self._position = self._anchor = self._move_to = None
        if self._view is not None:
            self._view.hide_caption()

    def _on_CheckInAsked(self, e: ev.CheckInAsked) -> None:
        self._prompt_kind, self._options = "checkin", tuple(e.options)
        self.selection = None
        self.prompt = Shown(text=e.prompt, visible=True)
        self._set_prompt_extra()

    def _on_ChoiceAsked(self, e: ev.ChoiceAsked) -> None:
        self._prompt_kind, self._options = "choice", tuple(e.options)
        self.selection = None
        self.prompt = Shown(text=e.prompt, visible=True)
        self._set_prompt_extra()

    def _on_CheckInAnswered(self, e: ev.Event) -> None:
        self._hide_prompt()

    _on_ChoiceMade = _on_CheckInAnswered

    def _on_PromptShown(self, e: ev.PromptShown) -> None:
        if not e.text:
            if self._prompt_kind == "debrief":
                self._hide_prompt()
            return
        self._prompt_kind, self._options = "debrief", ()
        self.prompt = Shown(text=e.text, visible=True)
        self._refresh()

    def _on_Resources(self, e: ev.Resources) -> None:
        if not e.items:
            if self._prompt_kind == "resources":
                self._hide_prompt()
            return
        self._prompt_kind, self._options = "resources", ()
        self.prompt = Shown(speaker=e.title, text="\n".join(e.items), visible=True)
        self._refresh()

    def _on_ContentWarnings(self, e: ev.ContentWarnings) -> None:
        if not e.warnings:
            if self._prompt_kind == "warnings":
                self._hide_prompt()
            return
        self._prompt_kind, self._options = "warnings", ()
        body = "\n".join(f"- {w}" for w in e.warnings)
        self.prompt = Shown(speaker=system_text("content_notes", self.locale, title=e.title), text=body, visible=True)
        self._refresh()

    def _on_LanguageChanged(self, e: ev.LanguageChanged) -> None:
        self.locale = e.captions
        self._publish()

    def _on_CalmEntered(self, e: ev.Event) -> None:
        self._calm = True

    def _on_CalmLeft(self, e: ev.Event) -> None:
        self._calm = False

    def _on_StateChanged(self, e: ev.StateChanged) -> None:
        if self._prompt_kind in ("checkin", "choice") and e.state in ("running", "hold", "debrief", "ended"):
            self._hide_prompt()  # the question was skipped or navigated away from

    def _on_ExperienceEnded(self, e: ev.Event) -> None:
        self._on_LineEnded(ev.LineEnded(e.t))
        self._hide_prompt()

    # -- helpers -----------------------------------------------------------------
    def _turn_page(self) -> None:
        """Show the page of a long line that the narration has reached."""
        player = getattr(self.app, "player", None)
        t = float(getattr(player, "line_time", 0.0) or 0.0)
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
        self._prompt_kind, self._options, self.selection = "", (), None
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
        narrative = getattr(self.app, "narrative", None)
        speaker = getattr(narrative, "speakers", {}).get(name) if narrative is not None else None
        return hex_rgba(getattr(speaker, "color", "") or DEFAULT_SPEAKER)

    def _voice_in_head_space(self) -> tuple[float, float, float] | None:
        """Head-relative positions are already in head space (a gliding voice where it is now);
        anchors are looked up in the scene."""
        if self._position is not None and self._move_to is not None:
            player = getattr(self.app, "player", None)
            t = float(getattr(player, "line_time", 0.0) or 0.0)
            f = min(1.0, max(0.0, t / self._duration)) if self._duration > 0 else 1.0
            a, b = self._position, self._move_to
            return (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f)
        if self._position is not None:
            return self._position
        if not self._anchor or self.app is None:
            return None
        node = _anchor_node(self.app, self._anchor)
        head = getattr(getattr(self.app, "stage", None), "head", None)
        if node is None or head is None:
            return None
        p = node.getPos(head)
        return float(p[0]), float(p[1]), float(p[2])

    def _reload_locale(self, locale: str) -> None:
        app = self.app
        if app is None or getattr(app, "player", None) is None or getattr(app, "worker", None) is None:
            return
        from ..narrative import load_session

        s = app.settings
        audio = getattr(s, "audio_locale", None)  # a separate narration locale stays; else both switch

        def swap(narrative: Any) -> None:
            app.narrative = narrative
            app.player.reload(narrative)

        app.worker.submit(load_session, app.content, s.experience, s.tutorial, audio or locale, locale,
                          on_done=swap)


def _texts(app: Any) -> list[str]:
    """Everything the session's captions and prompts can show (their glyphs are rasterised first)."""
    n = getattr(app, "narrative", None)
    if n is None or not hasattr(n, "chapters"):
        return []
    out = [n.title, *n.content_warnings]
    for ch in n.chapters:
        for s in ch.steps:
            out += [getattr(s, "shown", ""), getattr(s, "speaker", ""), getattr(s, "prompt", "")]
            out += [o if isinstance(o, str) else getattr(o, "text", "") for o in getattr(s, "options", ())]
        out += [p for ps in ch.debrief.values() for p in ps]
    return [t for t in out if isinstance(t, str)]


def _anchor_node(app: Any, name: str) -> Any:
    """The scene's node called ``name`` (anchors, people, props), or None."""
    for p in getattr(getattr(app, "presenters", None), "items", ()):
        inst = getattr(p, "current", None) or getattr(p, "instance", None)
        anchors = getattr(inst, "anchors", None)
        if isinstance(anchors, dict) and name in anchors:
            return anchors[name]
    return None
