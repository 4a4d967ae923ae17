"""The room view: a second, calm picture of the participant's view for a projector or a call.

A presenter (it reads the player and the captions, never steers them). Every
frame, in update, it follows the head with :class:`~._filter.HeadingFilter`
(display time, so any clock drives it) and moves its camera; about
:data:`RATE_HZ` times a second it draws the room view in slack, only when the
draw fits in what is left of the frame (XR: never otherwise; elsewhere the
scheduler forces a picture that waited a few frames). It shows
the participant's captions large, a calm card instead of the picture when the
story is paused, in the calm place or at a private check-in, and the session
code and chapter title in a corner.

Turned on by ``--room-view`` or the console's ``room_view`` request.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from .. import events as ev
from ..events import PlayerState
from ..narrative import system_text
from ..presenters import DEFAULT_SPEAKER, Presenter, hex_rgba
from ..requests import Kind, Outcome, Reason, Request
from ..services import RoomViewState
from ._filter import HeadingFilter

if TYPE_CHECKING:
    from collections.abc import Callable

    from panda3d.core import PNMImage

    from ..core import FrameContext, Job
    from ..display import Stage
    from ..services import Services
    from ._output import RoomOutput

log = logging.getLogger("empathy-vr")

MODES = ("window", "fullscreen", "offscreen")
"""``--room-view`` values: a window (drag it to the projector), a borderless full-screen window
(a presentation to share in a call), or an offscreen picture (no display; tests and captures)."""
RATE_HZ = 30.0
"""Room view pictures per second (the headset draws 72 to 120)."""
WINDOW_SIZE = (1280, 720)
OFFSCREEN_SIZE = (960, 540)
PICTURE_HEIGHT = 540
"""The picture is drawn this many pixels high and scaled to the output (cheaper than an eye)."""
FIRST_ESTIMATE_S = 0.004
SKIP_DECAY = 0.97
"""XR: each picture dropped for want of slack lowers a high cost estimate a little, so it is tried again..."""
TYPICAL_OF = 16
"""...but never below the cheapest quarter of the last this many draws (what a draw usually costs)."""


class RoomViewPresenter(Presenter):
    """Owns the room view's output and the ``room_view`` request.

    Args:
        mode: one of :data:`MODES` to open at start, or None (off until asked for).
        size: output size in pixels (default: by mode).
        rate_hz: pictures per second.
    """

    name = "room_view"

    def __init__(self, mode: str | None = None, size: tuple[int, int] | None = None,
                 rate_hz: float = RATE_HZ) -> None:
        super().__init__()
        if mode is not None and mode not in MODES:
            raise ValueError(f"room view mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.mode = mode
        self.size = size
        self.rate_hz = rate_hz
        self.filter = HeadingFilter()
        self.out: RoomOutput | None = None
        self.on = False
        self.kind = ""
        self.chapter = ""
        self.paused_reason = ""
        self.drawn = 0
        self.skipped = 0
        self.draw_ms: list[float] = []
        self.estimate = FIRST_ESTIMATE_S
        self._since_draw = 0.0
        self._job: Job | None = None
        self._warm = False
        self._recent: list[float] = []
        self._display_time = 0.0
        self._next_capture = 0
        self._captures: list[float] = []
        self._t0: float | None = None
        self.captured: list[str] = []
        self._shots: list[Callable[[PNMImage | None], object]] = []

    # -- contract ---------------------------------------------------------------
    def attach(self, services: Services) -> None:
        super().attach(services)
        services.table.register(Kind.ROOM_VIEW, self._request)
        s = services.settings
        if s.capture:
            self._captures = sorted(s.capture_at)
        if services.stage is not None:
            services.stage.base.accept("room-view-close", self.set_on, [False])
        if self.mode is not None:
            self._request(Request(Kind.ROOM_VIEW, True, source="system"))
        self._publish()

    def _request(self, req: Request) -> Outcome:
        """The ``room_view`` request (True opens, False closes, None toggles): applied, or why not."""
        try:
            self.set_on(req.arg if isinstance(req.arg, bool) else None)
        except RuntimeError as exc:  # no buffer or window could be made on this GPU
            log.warning("room view: %s", exc)
            self._publish()
            return False, Reason("room_view_failed", f"the room view could not open here: {exc}", detail=str(exc))
        return True, None

    def detach(self) -> None:
        self._close()
        if self.attached:
            self.services.table.unregister(Kind.ROOM_VIEW)
            if self.drawn or self.skipped:
                self.services.stats.extra["room_view"] = self.stats()

    @property
    def _stage(self) -> Stage:
        stage = self.services.stage
        assert stage is not None, "the room view needs a stage"
        return stage

    def on_event(self, event: ev.Event) -> None:
        if isinstance(event, ev.ChapterStarted):
            self.chapter = event.title or event.chapter_id
        elif isinstance(event, ev.Paused):
            self.paused_reason = event.reason
        elif isinstance(event, ev.Resumed):
            self.paused_reason = ""

    def update(self, ctx: FrameContext) -> None:
        if self.out is None:
            return
        stage = self._stage
        head = stage.head
        h, p, _ = head.getHpr()
        self.filter.update(float(h), float(p), ctx.dt)
        pos = head.getPos()
        self.out.set_pose((pos[0], pos[1], pos[2]), self.filter.yaw, self.filter.pitch)
        self._display_time = ctx.display_time
        if self._t0 is None:
            self._t0 = ctx.display_time
        self._schedule(ctx.dt)

    # -- turning it on and off ------------------------------------------------------
    def set_on(self, on: bool | None = None) -> bool:
        """Open (True), close (False) or toggle (None) the room view. Returns whether it is on."""
        want = (not self.on) if on is None else bool(on)
        if want and self.out is None:
            self._open()
        elif not want and self.out is not None:
            self._close()
        self._publish()
        return self.on

    def _open(self) -> None:
        from ._output import RoomOutput

        services = self.services
        kind = self.mode or self._default_kind()
        extra = services.settings.extra
        asked = extra.get("room_view_size")
        size = self.size or (asked if isinstance(asked, tuple) else None) or (
            OFFSCREEN_SIZE if kind == "offscreen" else WINDOW_SIZE)
        height = extra.get("room_view_height", PICTURE_HEIGHT)
        self.out = RoomOutput(self._stage, kind, size, height if isinstance(height, int) else PICTURE_HEIGHT)
        self.on = True
        self.kind = self.out.kind
        self.filter = HeadingFilter()
        self._since_draw = 1.0 / self.rate_hz  # draw at the first chance
        if services.stats.frames == 0:  # before the first frame: compile and upload now, not in a frame
            self._compose()
            self.out.draw()  # not counted: the first draw's cost is shader compiling and texture uploads
        else:
            self._warm = True
        log.info("room view: %s, %dx%d at %.0f pictures a second", self.out.kind, self.out.output.getXSize(),
                 self.out.output.getYSize(), self.rate_hz)

    def _default_kind(self) -> str:
        win = self._stage.base.win
        from panda3d.core import GraphicsWindow

        onscreen = win is not None and win.isOfType(GraphicsWindow.getClassType())
        if self.services.backend_name != "headless" and onscreen:
            return "window"
        return "offscreen"

    def _close(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None
        if self.out is not None:
            self.out.destroy()
            self.out = None
        self.on = False

    def _publish(self) -> None:
        self.services.session.room_view = RoomViewState(self.on, self.out.kind if self.out is not None else "")

    # -- drawing (slack) ---------------------------------------------------------------
    def _schedule(self, dt: float) -> None:
        """A picture is due about :data:`RATE_HZ` times a second: ask for a slice of slack.

        The slice starts only if the last draws' cost fits in what is left of the
        frame. In XR a picture still waiting at the next frame is dropped (the next
        one is asked for a period later), so the scheduler never forces it into a
        frame without slack;
        elsewhere the scheduler forces it after a few frames, so a busy desktop
        still updates the room.
        """
        period = 1.0 / self.rate_hz
        self._since_draw = min(self._since_draw + dt, period)
        job = self._job
        if job is not None:  # asked for and not drawn yet (a draw clears it)
            if self.services.backend_name != "openxr":
                return
            if self._shots or self._capture_due(advance=False):  # asked for explicitly: it may cost a frame
                return
            job.cancel()  # dropped: the next picture is asked for a period later
            self.skipped += 1
            self._job = None
            self._since_draw = 0.0
            # One slow draw (a busy moment) does not block it for good, but it never
            # comes below what draws usually cost.
            self.estimate = max(self._typical(), self.estimate * SKIP_DECAY)
            return
        if self._since_draw >= period - 1e-6:
            self._job = self.services.scheduler.defer("room-view", self._draw, estimate=self.estimate)

    def _typical(self) -> float:
        recent = sorted(self._recent)
        return recent[len(recent) // 4] if len(recent) >= 4 else FIRST_ESTIMATE_S  # one draw is no habit

    def _draw(self) -> None:
        out = self.out
        self._job = None
        if out is None:
            return
        if out.window_closed():
            self.set_on(False)
            return
        self._compose()
        capture = self._capture_due()
        clock = self.services.clock
        t0 = clock.now()
        img = out.draw(grab=capture or bool(self._shots))
        cost = clock.now() - t0
        if self._warm:  # the first picture after opening mid-run: compiling and uploads, not its cost
            self._warm = False
        else:
            self.estimate = cost if cost > self.estimate else 0.9 * self.estimate + 0.1 * cost
            self._recent.append(cost)
            del self._recent[:-TYPICAL_OF]
        self.draw_ms.append(cost * 1000.0)
        if len(self.draw_ms) > 4096:
            del self.draw_ms[:2048]
        self.drawn += 1
        self._since_draw = 0.0
        shots, self._shots = self._shots, []
        for callback in shots:
            callback(img)
        if capture and img is not None:
            self._write_capture(img)

    def _compose(self) -> None:
        """Card, captions and corner from what the participant is in now."""
        services = self.services
        out = self.out
        if out is None:
            return
        state = services.player.state
        captions = services.session.captions
        locale = captions.locale
        card = CARDS.get("headset_off" if state == PlayerState.PAUSED and self.paused_reason == "headset_off"
                         else str(state))
        ov = out.overlay
        if card is not None:
            ov.show_card(system_text(card[0], locale), system_text(card[1], locale))
        else:
            ov.hide_card()
        out.picture = card is None
        shown = captions.line
        if card is None and shown is not None and shown.visible and captions.on:
            ov.show_caption(shown.speaker, shown.text, self._speaker_rgba(shown.speaker))
        else:
            ov.hide_caption()
        code = services.session.session_code
        parts = [system_text("room_session", locale, code=code)] if code else []
        if self.chapter:
            parts.append(self.chapter)
        ov.set_corner("  ·  ".join(parts))

    def _speaker_rgba(self, name: str) -> tuple[float, float, float, float]:
        speaker = self.services.narrative.speakers.get(name)
        return hex_rgba((speaker.color if speaker is not None else "") or DEFAULT_SPEAKER)

    def request_picture(self, callback: Callable[[PNMImage | None], object]) -> None:
        """Hand the next picture the room view draws (a PNMImage, or None) to ``callback``.

        Tests and tools only: in XR that picture is not dropped for want of slack.
        """
        self._shots.append(callback)

    def _capture_due(self, advance: bool = True) -> bool:
        """``--capture``: the room view's picture at the run's capture times (or once a second).

        Like a picture asked for with :meth:`request_picture`, a capture that is due is
        never dropped in XR: the scheduler may force it into a frame (captures cost frames).
        """
        if not self.services.settings.capture:
            return False
        t = self._display_time - (self._t0 or 0.0)
        times = self._captures
        if times:
            due = self._next_capture < len(times) and t + 1e-9 >= times[self._next_capture]
            while advance and self._next_capture < len(times) and t + 1e-9 >= times[self._next_capture]:
                self._next_capture += 1
            return due
        if t + 1e-9 < self._next_capture:
            return False
        if advance:
            self._next_capture = int(t) + 1
        return True

    def _write_capture(self, img: PNMImage) -> None:
        from pathlib import Path

        from ..host import panda_filename

        t = self._display_time - (self._t0 or 0.0)
        path = Path(self.services.settings.capture or ".") / f"room_t{t:08.3f}.png"
        self.captured.append(str(path))
        self.services.worker.submit(img.write, panda_filename(path))

    def stats(self) -> dict[str, Any]:
        """For the stats document: pictures drawn and skipped, and what a draw cost (ms, on the frame clock)."""
        ms = sorted(self.draw_ms)

        def pct(q: float) -> float:
            return round(ms[min(len(ms) - 1, int(len(ms) * q))], 3) if ms else 0.0

        return {"kind": self.kind, "drawn": self.drawn, "skipped": self.skipped, "rate_hz": self.rate_hz,
                "draw_ms": {"p50": pct(0.5), "p99": pct(0.99), "max": round(ms[-1], 3) if ms else 0.0}}


CARDS: dict[str, tuple[str, str]] = {
    "paused": ("room_paused", "room_paused_note"),
    "headset_off": ("room_paused", "room_headset_off_note"),
    "calm": ("room_calm", "room_calm_note"),
    "checkin": ("room_checkin", "room_checkin_note"),
}
"""Player state → the card shown instead of the picture (system text keys: title, note)."""
