"""The running experience: backend + frame loop + player + presenters.

:class:`Experience` is what presenters see as ``app``. It owns the request
queue (keys, controller and console all feed it) and maps each request to the
player, the stage or a presenter, in the poll phase of the frame.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .content import ContentRoot
from .core import (
    PHASES,
    PROCESS_START,
    Clock,
    FrameBudget,
    FrameContext,
    FrameLoop,
    FrameStats,
    GcGuard,
    MonotonicClock,
    SlackScheduler,
    Worker,
)
from .events import Event, HeadsetChanged, PromptShown
from .languages import LanguageSwitch
from .presenters import Presenter, SafePresenters
from .requests import Request, RequestQueue

log = logging.getLogger("empathy-vr")

END_LINGER_S = 2.5
"""Seconds of display time the experience keeps running after the narrative ends (closing fades)."""

RequestListener = Callable[[Request, bool, "str | None"], None]


@dataclass
class Settings:
    """What a run was asked to do (from the command line or a test)."""

    mode: str = "headless"
    experience: str | None = None
    tutorial: bool = True
    duration: float | None = None
    stats_json: str | None = None
    capture: str | None = None
    capture_every: int = 0
    capture_at: tuple[float, ...] = ()
    size: tuple[int, int] | None = None
    refresh: float | None = None
    stereo: bool = True
    time_scale: float = 1.0
    locale: str | None = None  # narration and captions
    audio_locale: str | None = None  # narration only (overrides locale)
    caption_locale: str | None = None  # captions, prompts and titles only (overrides locale)
    head_path: str = "still"
    auto_continue: bool = False
    console: str | None = "local"  # "local" (in-process hub), "ws://..." or None
    console_token: str | None = None
    room_view: str | None = None  # "window" | "fullscreen" | "offscreen": open the room view at start
    extra: dict[str, Any] = field(default_factory=dict)


class Experience:
    """One participant's session in one process.

    Args:
        settings: what to run.
        content: the content pack.
        backend: a started-or-not display backend (made by :func:`make_backend`).
        clock: the frame clock (tests pass a ManualClock).
        presenters: presenters to use; default: every available one.
        work_clock: a real-time clock that bounds and measures real work (the preload
            watchdog, time to first frame, the GC guard's cost estimate); never the
            frame clock, which a headless run simulates.
    """

    def __init__(self, settings: Settings, content: ContentRoot, backend: Any, clock: Clock | None = None,
                 presenters: list[Presenter] | None = None, work_clock: Clock | None = None) -> None:
        self.settings = settings
        self.content = content
        self.backend = backend
        self.clock: Clock = clock or MonotonicClock()
        self.work_clock: Clock = work_clock or MonotonicClock()
        self.requests = RequestQueue()
        self.stats = FrameStats(PHASES, refresh_hz=backend.refresh_hz)
        self.scheduler = SlackScheduler(self.clock, self.stats)
        self.worker = Worker(self.scheduler)
        self.gc_guard = GcGuard(self.stats, work_clock=self.work_clock)
        self.session_state: dict[str, Any] = {"headset": True, "console_lost": False}
        self.presenters = SafePresenters()
        self.audio: Any = None
        self.captions: Any = None
        self.console: Any = None
        self.room_view: Any = None
        self.player: Any = None
        self.narrative: Any = None
        self.languages = LanguageSwitch(self)
        self.diagnostics: list[str] = []
        self._listeners: list[RequestListener] = []
        self._paused_by_headset = False
        self._first_frame_ms: float | None = None
        self._end_countdown: float | None = None
        self._display_t0: float | None = None
        self._stopped = False
        self._presenters_given = presenters
        self.stage: Any = None
        self.loop: FrameLoop | None = None

    # -- set-up ---------------------------------------------------------
    def start(self) -> None:
        """Open the display, load the narrative, attach presenters."""
        self.backend.app = self
        if self._presenters_given is None:
            # OpenAL must open before ShowBase picks Panda3D's (null) audio library.
            from .audio import AudioConfig, open_audio

            open_audio(AudioConfig.from_settings(self.settings))
        self.stage = self.backend.stage_factory()
        self.stage.app = self
        self.stage.tracking_origin = self.backend.tracking_origin
        self.backend.start(self.stage)
        if self.player is None:
            from .narrative import TimelinePlayer, load_session

            s = self.settings
            self.narrative = load_session(self.content, s.experience, tutorial=s.tutorial,
                                          locale=s.audio_locale or s.locale,
                                          caption_locale=s.caption_locale or s.locale)
            self.player = TimelinePlayer(self.narrative)
        self.player.subscribe(self._on_event)
        self.languages.publish()
        for p in self._presenters_given if self._presenters_given is not None else default_presenters(self):
            self.presenters.add(p)
        self.presenters.attach(self)
        self.loop = FrameLoop(
            self.clock,
            FrameBudget.from_hz(self.backend.refresh_hz),
            {
                "poll": self._poll,
                "wait": self.backend.wait_frame,
                "views": self.backend.locate_views,
                "update": self._update,
                "render": self.backend.render,
                "submit": self.backend.end_frame,
            },
            self.scheduler,
            self.stats,
            self.gc_guard,
        )
        self.scheduler.every("hud", self._refresh_hud, frames=15)
        if self.backend.name == "desktop":
            from .narrative import install_hot_reload

            install_hot_reload(self)
        self.player.start()
        self._preload()
        self.gc_guard.install()

    def _preload(self, timeout: float = 120.0) -> None:
        """Before the first frame: load and build what it shows (first scene, calm place).

        Loading here counts in time-to-first-frame, never as missed frames, and keeps
        headless runs (simulated time) independent of how busy the machine is.
        """
        start = self.work_clock.now()
        while not self.presenters.ready():
            self.scheduler.run(self.clock.now() + 0.05)
            if self.presenters.ready():
                break
            self.scheduler.wait_for_callback(0.02)
            if self.work_clock.now() - start > timeout:
                log.warning("still loading after %.0f s; starting anyway", timeout)
                break
        warm_up = getattr(self.backend, "warm_up", None)  # optional for backends outside the contract
        if warm_up is not None:
            warm_up()
        log.debug("preloaded in %.0f ms", (self.work_clock.now() - start) * 1000)

    # -- frame phases ---------------------------------------------------
    def _poll(self, ctx: FrameContext) -> None:
        self.backend.poll(ctx)
        for req in self.requests.drain(16):
            self.handle_request(req)
        if self.player is not None:
            self.player.stop_at_next_hold = bool(self.session_state.get("console_lost"))

    def _update(self, ctx: FrameContext) -> None:
        self.player.update(ctx.dt * self.settings.time_scale)
        self.presenters.update(ctx)
        if self._first_frame_ms is None:
            self._first_frame_ms = (self.work_clock.now() - PROCESS_START) * 1000.0
        if self._display_t0 is None:
            self._display_t0 = ctx.display_time
        duration = self.settings.duration
        if duration is not None and ctx.display_time - self._display_t0 >= duration:
            ctx.stop = True
        if self.player.state == "ended" and self.settings.extra.get("exit_at_end", True):
            # Let the closing fades (picture and sound) finish before stopping.
            if self._end_countdown is None:
                self._end_countdown = END_LINGER_S
            self._end_countdown -= ctx.dt
            if self._end_countdown <= 0:
                ctx.stop = True

    def _on_event(self, event: Event) -> None:
        self.languages.on_event(type(event).__name__)
        self.presenters.on_event(event)

    def _refresh_hud(self) -> None:
        set_text = getattr(self.backend, "set_hud_text", None)
        if set_text is None:
            return
        if self.diagnostics and not self.backend.hud_visible:
            self.backend.set_hud(True)  # content errors after an edit: show them
        if not self.backend.hud_visible:
            return
        lines = [f"{self.backend.name}  {self.player.state}", *self.stats.hud_lines(), *self.diagnostics[:6]]
        set_text("\n".join(lines))

    # -- requests -------------------------------------------------------
    def add_request_listener(self, fn: RequestListener) -> None:
        """``fn(request, ok, error)`` is called after each request is handled."""
        self._listeners.append(fn)

    def handle_request(self, req: Request) -> tuple[bool, str | None]:
        """Apply one request; tell listeners the result. Never raises."""
        try:
            ok, err = self._apply(req)
        except (ValueError, TypeError, KeyError) as exc:  # a bad argument: refused, nothing changed
            ok, err = False, str(exc) or type(exc).__name__
        except Exception as exc:
            log.exception("request %s failed", req.kind)
            ok, err = False, f"{type(exc).__name__}: {exc}"
        for fn in self._listeners:
            try:
                fn(req, ok, err)
            except Exception:
                log.exception("request listener failed")
        return ok, err

    def _apply(self, req: Request) -> tuple[bool, str | None]:
        p = self.player
        k = req.kind
        simple: dict[str, Callable[[], Any]] = {
            "pause": lambda: p.pause(),
            "resume": lambda: p.resume(),
            "toggle_pause": lambda: p.resume() if p.state == "paused" else p.pause(),
            "advance": lambda: p.advance(),
            "next_chapter": lambda: p.next_chapter(),
            "previous_chapter": lambda: p.previous_chapter(),
            "replay_chapter": lambda: p.replay_chapter(),
            "continue": lambda: p.continue_hold(),
            "calm": lambda: p.calm(req.source),
            "leave_calm": lambda: p.leave_calm(req.source),
            "start": lambda: p.start(),
            "end": lambda: p.end("end"),
        }
        if k == "continue" and p.state in ("checkin", "choice"):  # Enter confirms the selected answer
            selection = getattr(self.captions, "selection", None)
            if selection is None:
                return False, "move the selection first (arrow keys or thumbstick), or answer with a number"
            return _result(p.answer(selection, req.source), "answer", p)
        if k in simple:
            return _result(simple[k](), k, p)
        if k == "select":
            move = getattr(self.captions, "move_selection", None)
            if move is None or move(int(req.arg or 0)) is None:
                return False, f"nothing to select while {p.state}"
            return True, None
        if k == "jump":
            return _result(p.jump(req.arg), k, p)
        if k == "answer":
            return _result(p.answer(req.arg, req.source), k, p)
        if k == "consent":
            return _result(p.record_consent(req.arg is None or bool(req.arg), req.source), k, p)
        if k == "recenter":
            self.stage.recenter()
            return True, None
        if k == "show_prompt":
            self.presenters.on_event(PromptShown(p.elapsed, str(req.arg or "")))
            return True, None
        if k == "volume":
            if self.audio is None:
                return False, "no audio in this run"
            arg = req.arg if isinstance(req.arg, dict) else {}
            self.audio.set_bus_volume(str(arg.get("bus", "")), float(arg.get("value", 1.0)))
            return True, None
        if k == "captions":
            if self.captions is None:
                return False, "captions are not available"
            self.captions.configure(**(req.arg if isinstance(req.arg, dict) else {}))
            return True, None
        if k == "language":
            return self.languages.request(req.arg)
        if k == "room_view":
            if self.room_view is None:
                return False, "the room view is not available in this run"
            return self.room_view.request(req.arg)
        if k == "hud":
            if hasattr(self.backend, "set_hud"):
                self.backend.set_hud(not self.backend.hud_visible)
            return True, None
        if k == "quit":  # the preview window or Esc: recorded as the end, then stop at once
            p.end("quit")
            if self.loop is not None:
                self.loop.ctx.stop = True
            return True, None
        return False, f"unknown request {k!r}"

    def headset_changed(self, on: bool) -> None:
        """The headset left or regained focus: pause narration, resume when back."""
        self.session_state["headset"] = on
        p = self.player
        if not on and p.state not in ("paused", "calm", "ended"):
            p.pause(reason="headset_off")
            self._paused_by_headset = True
        elif on and self._paused_by_headset:
            self._paused_by_headset = False
            if p.state == "paused":
                p.resume()
        self.presenters.on_event(HeadsetChanged(p.elapsed, on))

    def display_ended(self, reason: str) -> None:
        """The display went away for good (the XR runtime exited or could not go on): the session
        ends, recorded with ``reason``, and the run stops."""
        p = self.player
        if p is not None and p.state != "ended":
            p.end(reason)

    # -- running --------------------------------------------------------
    def run(self) -> dict[str, Any]:
        """Run until the duration, the end, or a quit. Returns the stats document."""
        assert self.loop is not None, "call start() first"
        try:
            self.loop.run()
        finally:
            self.stop()
        return self.stats_json()

    def stats_json(self) -> dict[str, Any]:
        doc = self.stats.to_json()
        doc["backend"] = self.backend.name
        doc["experience"] = self.settings.experience
        doc["time_to_first_frame_ms"] = round(self._first_frame_ms or 0.0, 1)
        doc["player_state"] = self.player.state if self.player is not None else None
        return doc

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self.gc_guard.uninstall()
        self.presenters.detach()
        self.worker.shutdown()
        try:
            self.backend.stop()
        finally:
            if self.stage is not None:
                self.stage.destroy()


NAVIGATION = frozenset({"next_chapter", "previous_chapter", "replay_chapter", "jump"})


def _result(value: Any, kind: str, player: Any) -> tuple[bool, str | None]:
    if value is not False:
        return True, None
    return False, refusal(kind, player)


def refusal(kind: str, player: Any) -> str:
    """Why a request did not apply, in the facilitator's words (the console shows it)."""
    state = player.state
    at_consent = bool(getattr(player, "awaiting_consent", False))
    if kind == "consent":
        return f"consent is recorded at the consent hold (the session is {STATE_WORDS.get(state, state)})"
    if kind == "start":
        if at_consent:
            return "consent comes first: press Consent given, then Start"
        if state == "waiting":
            return "consent comes first, at the consent hold"
        return f"the story has started already (the session is {STATE_WORDS.get(state, state)})"
    if at_consent and (kind == "continue" or kind in NAVIGATION):
        return "the consent hold waits for Consent given, then Start"
    if kind in NAVIGATION and state != "waiting" and getattr(player, "consent", True) is not True:
        return "nothing beyond the consent hold plays before consent"
    return f"{kind.replace('_', ' ')} does not apply while {STATE_WORDS.get(state, state)}"


STATE_WORDS = {"waiting": "waiting for Start", "hold": "at a hold", "checkin": "at a check-in",
               "choice": "at a choice", "calm": "in the calm place", "debrief": "at the debrief"}


def default_presenters(app: Experience) -> list[Presenter]:
    """The standard presenters, in the order they see each event and frame."""
    from .presenters.audio import AudioPresenter
    from .presenters.captions import CaptionsPresenter
    from .presenters.effects import EffectsPresenter
    from .presenters.scene_cues import ScenePresenter
    from .roomview import RoomViewPresenter

    found: list[Presenter] = [ScenePresenter(), EffectsPresenter(), CaptionsPresenter(), AudioPresenter(),
                              RoomViewPresenter(app.settings.room_view)]
    if app.settings.auto_continue:
        found.append(AutoPilot())
    if app.settings.console:
        from .console_link import console_presenter

        app.console = console_presenter(app.settings.console, app.settings.console_token)
        if app.console is not None:
            found.append(app.console)
    return found


class AutoPilot(Presenter):
    """Unattended runs: releases holds and answers check-ins and choices after a moment."""

    name = "autopilot"
    delay = 1.0

    def __init__(self) -> None:
        super().__init__()
        self._due: float | None = None

    def on_event(self, event: Event) -> None:
        from .events import CheckInAsked, ChoiceAsked, HoldReached, StateChanged

        if isinstance(event, HoldReached | CheckInAsked | ChoiceAsked) or (
                isinstance(event, StateChanged) and event.state == "waiting"):
            self._due = self.delay

    def update(self, ctx: FrameContext) -> None:
        if self._due is None:
            return
        self._due -= ctx.dt * self.app.settings.time_scale
        if self._due > 0:
            return
        self._due = None
        p = self.app.player
        if getattr(p, "awaiting_consent", False):  # consent first, then (state waiting) start
            self.app.requests.put(Request("consent", True, source="test"))
        elif p.state in ("hold", "waiting", "debrief"):
            self.app.requests.put(Request("continue", source="test"))
        elif p.state == "checkin":
            self.app.requests.put(Request("answer", 2, source="test"))
        elif p.state == "choice":
            self.app.requests.put(Request("answer", 0, source="test"))


def write_stats(path: str, doc: dict[str, Any]) -> None:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
