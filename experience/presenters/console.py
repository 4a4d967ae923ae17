"""The console presenter: the experience side of the facilitator console.

Per frame it costs almost nothing: ``on_event`` appends to a deque and pokes
the client thread. Status snapshots (~5 Hz) and mirror thumbnails (~1 Hz, only
while a console watches) are built in slack via ``app.scheduler.every``.
Console commands become :class:`~experience.requests.Request` objects with
``source="console"`` on ``app.requests``; their results go back through the
app's request listener. While the hub is unreachable,
``app.session_state["console_lost"]`` is True, so the player stops at the
next hold and waits.
"""

from __future__ import annotations

import logging
import time
from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from facilitator._protocol import HIST_EDGES_MS

from ..events import (
    ChapterStarted,
    CheckInAnswered,
    CheckInAsked,
    ConsentAnswered,
    Event,
    ExperienceStarted,
    HoldReached,
    HoldReleased,
    LineEnded,
    LineStarted,
    StateChanged,
)
from ..requests import Request
from ._base import Presenter
from ._console_client import ConsoleClient

log = logging.getLogger(__name__)

STATUS_HZ = 5.0
MIRROR_HZ = 1.0


class ConsolePresenter(Presenter):
    """Links one experience to a console hub.

    Args:
        url: the hub, ``ws://host:port`` (``/ws`` is added when missing).
        token: the hub's token.
        session_code: the anonymous session code (default: a new random one).
        hub: an in-process hub handle to stop at detach (optional).
        wall: wall clock for the moment consent is accepted (injected in tests).
    """

    name = "console"

    def __init__(self, url: str, token: str, session_code: str | None = None, hub: Any = None,
                 wall: Callable[[], float] = time.time) -> None:
        super().__init__()
        self._wall = wall
        if session_code is None:
            from facilitator._auth import new_session_code

            session_code = new_session_code()
        self.session_code = session_code
        self.hub = hub
        self.client = ConsoleClient(url, token, self._hello, self._on_command, self._on_link)
        self._seq = 0
        self._chapter: dict[str, Any] = {}
        self._line: dict[str, str] | None = None
        self._hold: dict[str, Any] | None = None
        self._checkin: dict[str, Any] | None = None
        self._prompts: dict[str, str] = {}
        self._state = "waiting"
        self._started = False
        self._hist = [0] * (len(HIST_EDGES_MS) + 1)
        self._last_frames = 0
        self._last_time = 0.0
        self._fps = self._p50 = self._p99 = 0.0
        self._thumb_pending = False
        self._thumb_waits = 0

    # -- presenter contract -------------------------------------------------
    def attach(self, app: Any) -> None:
        super().attach(app)
        hz = getattr(app.stats, "refresh_hz", 0.0) or 90.0
        app.scheduler.every("console-status", self.snapshot, frames=max(1, round(hz / STATUS_HZ)),
                            estimate=0.0003)
        app.scheduler.every("console-mirror", self._mirror, frames=max(1, round(hz / MIRROR_HZ)),
                            estimate=0.00002)
        if hasattr(app, "add_request_listener"):
            app.add_request_listener(self._on_result)
        self._last_time = app.clock.now()
        self._catch_up(getattr(app, "player", None))
        self.client.start()

    def _catch_up(self, player: Any) -> None:
        """Joined after the player started: record where it is, so the session record is whole."""
        waiting = getattr(player, "state", "waiting") == "waiting" and not getattr(player, "ready", False)
        if player is None or waiting or self._seq:
            return
        narrative = getattr(player, "narrative", None)
        t = float(getattr(player, "elapsed", 0.0) or 0.0)
        self.on_event(ExperienceStarted(t, str(getattr(narrative, "id", "")), str(getattr(narrative, "title", ""))))
        ch = getattr(player, "chapter", None)
        if ch is not None:
            self.on_event(ChapterStarted(t, ch.id, int(player.chapter_index), ch.title, getattr(ch, "scene", "")))
        self.on_event(StateChanged(t, str(player.state)))

    def on_event(self, event: Event) -> None:
        if isinstance(event, StateChanged):
            self._state = event.state
        elif isinstance(event, LineStarted):
            self._line = {"speaker": event.speaker, "text": event.text}
        elif isinstance(event, LineEnded):
            self._line = None
        elif isinstance(event, ChapterStarted):
            self._chapter = {"id": event.chapter_id, "index": event.index, "title": event.title}
        elif isinstance(event, HoldReached):
            self._hold = {"id": event.hold_id, "note": event.note, "consent": event.consent}
        elif isinstance(event, HoldReleased):
            self._hold = None
        elif isinstance(event, CheckInAsked):
            self._checkin = {"id": event.checkin_id, "prompt": event.prompt, "kind": event.kind,
                             "options": list(event.options)}
            self._prompts[event.checkin_id] = event.prompt
        elif isinstance(event, ExperienceStarted):
            self._started = True
        if isinstance(event, StateChanged) and event.state in ("running", "hold", "debrief", "ended", "waiting"):
            self._checkin = None  # answered, skipped or navigated away from
        self._seq += 1
        extra: dict[str, Any] | None = None
        if isinstance(event, CheckInAnswered):
            self._checkin = None
            extra = {"prompt": self._prompts.get(event.checkin_id, "")}
        elif isinstance(event, ConsentAnswered):
            extra = {"at": self._wall()}  # when the headset accepted it (the record's consent time)
        self.client.post_event(self._seq, event, extra)

    def detach(self) -> None:
        self.client.stop()
        if self.hub is not None:
            self.hub.stop()

    # -- client thread → frame thread ---------------------------------------
    def _hello(self) -> dict[str, Any]:
        app = self.app
        narrative = getattr(app, "narrative", None) or getattr(getattr(app, "player", None), "narrative", None)
        chapters = []
        for c in getattr(narrative, "chapters", None) or []:
            debrief = {k: list(v) for k, v in (getattr(c, "debrief", None) or {}).items()}
            chapters.append({"id": c.id, "title": c.title, "debrief": debrief})
        from ..audio import BUSES

        buses = ["master", *BUSES]
        return {"session": self.session_code, "experience": str(getattr(narrative, "id", "") or ""),
                "title": str(getattr(narrative, "title", "") or ""), "chapters": chapters,
                "buses": [str(b) for b in buses][:16]}

    def _on_command(self, cmd_id: str, kind: str, arg: Any) -> None:
        try:
            req = Request(kind, arg, source="console", id=cmd_id)
        except ValueError as exc:
            self.client.post({"type": "command_result", "id": cmd_id, "ok": False, "error": str(exc)})
            return
        self.app.requests.put(req)
        if not hasattr(self.app, "add_request_listener"):
            self.client.post({"type": "command_result", "id": cmd_id, "ok": True, "error": None})

    def _on_link(self, connected: bool) -> None:
        self.app.scheduler.call_soon(lambda: self._set_lost(not connected))

    def _set_lost(self, lost: bool) -> None:
        state = self.app.session_state
        if state.get("console_lost") != lost:
            state["console_lost"] = lost
            player = getattr(self.app, "player", None)
            if player is not None and hasattr(player, "stop_at_next_hold"):
                player.stop_at_next_hold = lost
            log.info("facilitator console %s", "lost: waiting at the next hold" if lost else "connected")

    def _on_result(self, request: Request, ok: bool, error: str | None) -> None:
        """A console command was handled: the new state goes out with its result, at once.

        The snapshot is built here, on the frame thread in the poll phase (a few
        microseconds), not deferred to slack, so the card changes when the result comes.
        """
        if request.source != "console" or not request.id:
            return
        self.snapshot()
        self.client.post({"type": "command_result", "id": request.id, "kind": request.kind, "ok": bool(ok),
                          "error": error})

    # -- slack jobs ---------------------------------------------------------
    def snapshot(self) -> None:
        """Build and post one status snapshot (runs in slack)."""
        app = self.app
        player: Any = getattr(app, "player", None)
        stats = app.stats
        now = app.clock.now()
        frames = stats.frames
        new = frames - self._last_frames
        dt = now - self._last_time
        if dt >= 0.1:  # a snapshot right after another keeps the last rate
            self._fps = new / dt
            self._last_frames, self._last_time = frames, now
        fps = self._fps
        recent = _recent(stats.frame, min(new, 512)) if dt >= 0.1 else []
        hist = self._hist
        for v in recent:
            hist[bisect_left(HIST_EDGES_MS, v)] += 1
        if recent:
            recent.sort()
            self._p50 = recent[len(recent) // 2]
            self._p99 = recent[min(len(recent) - 1, int(len(recent) * 0.99))]
        state = str(getattr(player, "state", self._state) or self._state)
        ss = app.session_state
        elapsed = float(getattr(player, "elapsed", 0.0) or 0.0)
        remaining = getattr(player, "remaining", None)
        if remaining is None:
            narrative = getattr(app, "narrative", None) or getattr(player, "narrative", None)
            total = float(getattr(narrative, "duration_min", 0.0) or 0.0) * 60.0
            remaining = max(0.0, total - elapsed) if total else None
        audio = getattr(app, "audio", None)
        chapter, line, hold, checkin, choice = self._chapter, self._line, self._hold, self._checkin, None
        if player is not None and hasattr(player, "chapter_index"):  # the player's read-only views
            ch = player.chapter
            chapter = {"id": ch.id, "index": player.chapter_index, "title": ch.title} if ch is not None else {}
            cl = player.current_line
            line = {"speaker": cl.speaker, "text": cl.text} if cl is not None else None
            held = player.hold
            hold = {"id": held[0], "note": held[1], "consent": bool(player.awaiting_consent)} if held else None
            checkin, choice = _question(player.question)
        self.client.post_status({
            "state": state, "chapter": chapter, "line": line, "hold": hold,
            "checkin": checkin, "choice": choice, "elapsed": round(elapsed, 2),
            "remaining": None if remaining is None else round(float(remaining), 1),
            "fps": round(fps, 1), "frame_p50": round(self._p50, 3), "frame_p99": round(self._p99, 3),
            "missed": stats.missed_frames, "frames": frames, "hist": list(hist),
            "headset": bool(ss.get("headset", True)), "console_lost": bool(ss.get("console_lost")),
            "consent": getattr(player, "consent", None),
            "room_view": ss.get("room_view"),
            "volume": _volumes(audio),
            "language": ss.get("language"),
        })

    def _mirror(self) -> None:
        request = getattr(getattr(self.app, "stage", None), "request_thumbnail", None)
        if not self.client.mirror_wanted or request is None:
            return
        if self._thumb_pending:  # a stage may skip a frame without calling back
            self._thumb_waits += 1
            self._thumb_pending = self._thumb_waits < 3
            return
        self._thumb_pending, self._thumb_waits = True, 0
        # A one-shot job with its own small estimate: it waits for a frame with room, never starves.
        self.app.scheduler.defer("console-mirror-grab", lambda: request(self._on_thumb), estimate=0.0005)

    def _on_thumb(self, data: bytes | None) -> None:
        self._thumb_pending = False
        if data:
            self.client.post_thumbnail(bytes(data))


def _question(step: Any) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The check-in or choice the player waits for, as the card's ``checkin`` / ``choice`` fields."""
    if step is None:
        return None, None
    if hasattr(step, "checkin_kind"):
        return {"id": step.id, "prompt": step.prompt, "kind": step.checkin_kind,
                "options": list(step.options)}, None
    return None, {"id": step.id, "prompt": step.prompt, "options": [o.text for o in step.options]}


def _volumes(audio: Any) -> dict[str, float]:
    """Bus volumes of the audio presenter's mixer (empty without audio)."""
    mixer = getattr(getattr(audio, "engine", None), "mixer", None)
    if mixer is None:
        return {}
    return {"master": float(mixer.master), **{k: float(v) for k, v in mixer.volumes.items()}}


def _recent(series: Any, n: int) -> list[float]:
    """The last ``n`` samples of a :class:`~experience.core.Series` (newest last)."""
    buf = getattr(series, "_buf", None)
    if buf is None or n <= 0:
        return []
    i = series._i
    size = len(buf)
    n = min(n, series._n)
    if n <= i:
        return list(buf[i - n:i])
    return list(buf[size - (n - i):]) + list(buf[:i])
