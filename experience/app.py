"""The running experience: backend + frame loop + player + presenters.

:class:`Experience` builds the :class:`~experience.services.Services` its
parts are handed, owns the request queue (keys, controller and console all feed
it) and hands each request to the request table in the poll phase of the frame;
the part that owns a behaviour registered its handler there.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from .events import Event, HeadsetChanged, PlayerState, PromptShown
from .languages import LanguageSwitch
from .presenters import Presenter, SafePresenters
from .requests import Kind, Outcome, Reason, Request, RequestQueue, RequestTable
from .services import RequestListener, Services, SessionState
from .settings import Settings

if TYPE_CHECKING:
    from .display import DisplayBackend, Stage
    from .narrative import Narrative, TimelinePlayer
    from .presenters.console import ConsolePresenter

__all__ = ["END_LINGER_S", "AutoPilot", "Experience", "Settings", "default_presenters", "write_stats"]

log = logging.getLogger("empathy-vr")

END_LINGER_S = 2.5
"""Seconds of display time the experience keeps running after the narrative ends (closing fades)."""


class Experience:
    """One participant's session in one process.

    Args:
        settings: what to run.
        content: the content pack.
        backend: a display backend, not started (made by :func:`~experience.display.make_backend`).
        clock: the frame clock (tests pass a ManualClock).
        presenters: presenters to use; default: :func:`default_presenters`.
        work_clock: a real-time clock that bounds and measures real work (the preload
            watchdog, time to first frame, the GC guard's cost estimate); never the
            frame clock, which a headless run simulates.
        player: the player to run (default: the session of ``settings``, loaded in ``start``).
    """

    def __init__(self, settings: Settings, content: ContentRoot, backend: DisplayBackend, clock: Clock | None = None,
                 presenters: list[Presenter] | None = None, work_clock: Clock | None = None,
                 player: TimelinePlayer | None = None) -> None:
        self.settings = settings
        self.content = content
        self.backend = backend
        self.clock: Clock = clock or MonotonicClock()
        self.work_clock: Clock = work_clock or MonotonicClock()
        self.requests = RequestQueue()
        self.table = RequestTable(missing={
            Kind.VOLUME: Reason("no_audio", "no audio in this run"),
            Kind.CAPTIONS: Reason("no_captions", "captions are not available"),
            Kind.ROOM_VIEW: Reason("no_room_view", "the room view is not available in this run")})
        self.stats = FrameStats(PHASES, refresh_hz=backend.refresh_hz)
        self.scheduler = SlackScheduler(self.clock, self.stats)
        self.worker = Worker(self.scheduler)
        self.gc_guard = GcGuard(self.stats, work_clock=self.work_clock)
        self.session_state = SessionState()
        self.presenters = SafePresenters()
        self.console: ConsolePresenter | None = None
        self._the_player: TimelinePlayer | None = player
        self.services: Services | None = None
        self.languages: LanguageSwitch | None = None
        self.stage: Stage | None = None
        self.loop: FrameLoop | None = None
        self._listeners: list[RequestListener] = []
        self._paused_by_headset = False
        self._focus_lost_reason: str | None = None
        self._first_frame_ms: float | None = None
        self._end_countdown: float | None = None
        self._display_t0: float | None = None
        self._stopped = False
        self._presenters_given = presenters
        self._player_part = self.stats.part("player")

    @property
    def player(self) -> TimelinePlayer:
        """The session's player (loaded in :meth:`start` unless one was given)."""
        if self._the_player is None:
            raise RuntimeError("the experience has no player before start()")
        return self._the_player

    @property
    def narrative(self) -> Narrative | None:
        """The session being played (None before ``start``)."""
        return self.services.narrative if self.services is not None else None

    @property
    def diagnostics(self) -> list[str]:
        """Content problems found by a hot reload (the HUD shows them)."""
        return self.services.diagnostics if self.services is not None else []

    # -- set-up ---------------------------------------------------------
    def load(self) -> TimelinePlayer:
        """Load the session's player (once; :meth:`start` calls it).

        Call it before ``start`` to subscribe to the player before its first event.
        """
        from .narrative import TimelinePlayer, load_session

        if self._the_player is None:
            s = self.settings
            narrative = load_session(self.content, s.experience, tutorial=s.tutorial, locale=s.audio_locale or s.locale,
                                     caption_locale=s.caption_locale or s.locale)
            self._the_player = TimelinePlayer(narrative)
        return self._the_player

    def start(self) -> None:
        """Load the narrative, open the display, hand every part the services, attach presenters."""
        from .audio import AudioConfig, open_audio
        from .scene import EffectStack

        s = self.settings
        player = self.load()
        open_audio(AudioConfig.from_settings(s))  # OpenAL opens before ShowBase picks Panda3D's (null) audio
        self.stage = stage = self.backend.stage_factory()
        stage.tracking_origin = self.backend.tracking_origin
        stage.worker = self.worker
        self.services = services = Services(
            settings=s, content=self.content, clock=self.clock, stats=self.stats, scheduler=self.scheduler,
            worker=self.worker, requests=self.requests, table=self.table, player=player.view,
            narrative=player.narrative, host=self, effects=EffectStack(), stage=stage,
            backend_name=self.backend.name, refresh_hz=self.backend.refresh_hz, session=self.session_state,
            listeners=self._listeners)
        self.backend.services = services
        self.backend.start(stage)
        player.subscribe(self._on_event)
        self._register_requests(player, services)
        self.languages = LanguageSwitch(player, services)
        for p in self._presenters_given if self._presenters_given is not None else default_presenters(self):
            self.presenters.add(p)
        self.presenters.attach(services)
        self.presenters.time_into(self.stats, self.clock.now)
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

            install_hot_reload(services)
        player.start()
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
        self.backend.warm_up()
        log.debug("preloaded in %.0f ms", (self.work_clock.now() - start) * 1000)

    # -- frame phases ---------------------------------------------------
    def _poll(self, ctx: FrameContext) -> None:
        self.backend.poll(ctx)
        for req in self.requests.drain(16):
            self.handle_request(req)

    def _update(self, ctx: FrameContext) -> None:
        player = self._player
        t = self.clock.now()
        player.update(ctx.dt * self.settings.time_scale)
        self._player_part.add((self.clock.now() - t) * 1000.0)
        self.presenters.update(ctx)
        if self._first_frame_ms is None:
            self._first_frame_ms = (self.work_clock.now() - PROCESS_START) * 1000.0
        if self._display_t0 is None:
            self._display_t0 = ctx.display_time
        duration = self.settings.duration
        if duration is not None and ctx.display_time - self._display_t0 >= duration:
            ctx.stop = True
        if player.state == PlayerState.ENDED and self.settings.extra.get("exit_at_end", True):
            # Let the closing fades (picture and sound) finish before stopping.
            if self._end_countdown is None:
                self._end_countdown = END_LINGER_S
            self._end_countdown -= ctx.dt
            if self._end_countdown <= 0:
                ctx.stop = True

    @property
    def _player(self) -> TimelinePlayer:
        return self.player

    def _on_event(self, event: Event) -> None:
        if self.services is not None:
            self.services.selection.on_event(event)  # the models first: presenters show them
        if self.languages is not None:
            self.languages.on_event(event)
        self.presenters.on_event(event)

    def _refresh_hud(self) -> None:
        hud = self.backend.hud()
        if hud is None:
            return
        if self.diagnostics and not hud.hud_visible:
            hud.set_hud(True)  # content errors after an edit: show them
        if not hud.hud_visible:
            return
        lines = [f"{self.backend.name}  {self._player.state}", *self.stats.hud_lines(), *self.diagnostics[:6]]
        hud.set_hud_text("\n".join(lines))

    # -- requests -------------------------------------------------------
    def add_request_listener(self, fn: RequestListener) -> None:
        """``fn(request, ok, error)`` is called after each request is handled."""
        self._listeners.append(fn)

    def handle_request(self, req: Request) -> Outcome:
        """Apply one request; tell listeners the result. Never raises."""
        try:
            ok, err = self.table.handle(req)
        except (ValueError, TypeError, KeyError) as exc:  # a bad argument: refused, nothing changed
            text = str(exc) or type(exc).__name__
            ok, err = False, exc.args[0] if exc.args and isinstance(exc.args[0], Reason) else Reason(
                "failed", text, detail=text)
        except Exception as exc:
            log.exception("request %s failed", req.kind)
            text = f"{type(exc).__name__}: {exc}"
            ok, err = False, Reason("failed", text, detail=text)
        for fn in self._listeners:
            try:
                fn(req, ok, err)
            except Exception:
                log.exception("request listener failed")
        return ok, err

    def _register_requests(self, player: TimelinePlayer, services: Services) -> None:
        """The app's own requests, the player's and the selection's (presenters register theirs in attach)."""
        from .narrative import player_handlers

        t = self.table
        selection = services.selection
        for kind, fn in player_handlers(player, lambda: selection.value).items():
            t.register(kind, fn)
        t.register(Kind.SELECT, lambda req: selection.request(req, player.state))
        t.register(Kind.RECENTER, self._recenter)
        t.register(Kind.SHOW_PROMPT, self._show_prompt)
        t.register(Kind.HUD, self._toggle_hud)
        t.register(Kind.QUIT, self._quit)

    def _recenter(self, req: Request) -> Outcome:
        assert self.stage is not None
        self.stage.recenter()
        return True, None

    def _show_prompt(self, req: Request) -> Outcome:
        self.presenters.on_event(PromptShown(self._player.elapsed, req.text))
        return True, None

    def _toggle_hud(self, req: Request) -> Outcome:
        hud = self.backend.hud()
        if hud is not None:
            hud.set_hud(not hud.hud_visible)
        return True, None

    def _quit(self, req: Request) -> Outcome:
        """The preview window or Esc: recorded as the end, then stop at once."""
        self._player.end("quit")
        if self.loop is not None:
            self.loop.ctx.stop = True
        return True, None

    # -- the host side of the services (calls up from the parts) ----------
    def headset_changed(self, on: bool, reason: str = "headset_off") -> None:
        """The headset left or regained focus: pause narration, resume when back.

        ``reason`` says why focus went: ``headset_off`` (taken off, the system menu) or
        ``session_lost`` / ``runtime_exit`` (the runtime's session went; the headset itself did
        not change, so no :class:`HeadsetChanged` is recorded for it, only the pause's reason).
        """
        p = self._player
        if not on and p.state not in (PlayerState.PAUSED, PlayerState.CALM, PlayerState.ENDED):
            p.pause(reason=reason)
            self._paused_by_headset = True
        elif on and self._paused_by_headset:
            self._paused_by_headset = False
            if p.state == PlayerState.PAUSED:
                p.resume()
        if on:
            was_off, self._focus_lost_reason = self._focus_lost_reason == "headset_off", None
        else:
            was_off, self._focus_lost_reason = reason == "headset_off", reason
        if was_off:
            self.session_state.headset = on
            self.presenters.on_event(HeadsetChanged(p.elapsed, on))

    def display_ended(self, reason: str) -> None:
        """The display went away for good (the XR runtime exited or could not go on): the session
        ends, recorded with ``reason``, and the run stops."""
        p = self._the_player
        if p is not None and p.state != PlayerState.ENDED:
            p.end(reason)

    def console_link_changed(self, connected: bool) -> None:
        """While the console is lost the player also waits at the next chapter boundary (the one writer)."""
        lost = not connected
        if self.session_state.console_lost != lost:
            self.session_state.console_lost = lost
            self._player.stop_at_next_hold = lost
            log.info("facilitator console %s", "lost: waiting at the next hold" if lost else "connected")

    def swap_narrative(self, narrative: Narrative) -> None:
        """An edited or re-localised session replaces the playing one at the same place."""
        assert self.services is not None
        self.services.narrative = narrative
        self._player.reload(narrative)

    def media_position(self, line_id: str, seconds: float) -> None:
        self._player.set_media_position(line_id, seconds)

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
        doc["player_state"] = str(self._the_player.state) if self._the_player is not None else None
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


def default_presenters(app: Experience) -> list[Presenter]:
    """The standard presenters (their ``after`` declares the order they see each event and frame)."""
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
    after = ("captions",)  # answers what the participant was shown
    delay = 1.0

    def __init__(self) -> None:
        super().__init__()
        self._due: float | None = None

    def on_event(self, event: Event) -> None:
        from .events import CheckInAsked, ChoiceAsked, HoldReached, StateChanged

        if isinstance(event, HoldReached | CheckInAsked | ChoiceAsked) or (
                isinstance(event, StateChanged) and event.state == PlayerState.WAITING):
            self._due = self.delay

    def update(self, ctx: FrameContext) -> None:
        if self._due is None:
            return
        services = self.services
        self._due -= ctx.dt * services.settings.time_scale
        if self._due > 0:
            return
        self._due = None
        p = services.player
        put = services.requests.put
        if p.awaiting_consent:  # consent first, then (state waiting) start
            put(Request(Kind.CONSENT, True, source="test"))
        elif p.state in (PlayerState.HOLD, PlayerState.WAITING, PlayerState.DEBRIEF):
            put(Request(Kind.CONTINUE, source="test"))
        elif p.state == PlayerState.CHECKIN:
            put(Request(Kind.ANSWER, 2, source="test"))
        elif p.state == PlayerState.CHOICE:
            put(Request(Kind.ANSWER, 0, source="test"))


def write_stats(path: str, doc: dict[str, Any]) -> None:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
