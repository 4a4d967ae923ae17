"""The console presenter: the experience side of the facilitator console.

Per frame it costs almost nothing: ``on_event`` appends to a deque and pokes
the client thread. Status snapshots (~5 Hz) and mirror thumbnails (~1 Hz, only
while a console watches) are built in slack via ``services.scheduler.every``.
Console commands become :class:`~experience.requests.Request` objects with
``source="console"`` on ``services.requests``; their results go back through
the services' request listeners. A lost or regained link is reported to the
host (``console_link_changed``): while the hub is unreachable the player stops
at the next hold and waits.
"""

from __future__ import annotations

import logging
import time
from bisect import bisect_left
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import protocol as P
from ..events import (
    ChapterStarted,
    CheckInAnswered,
    CheckInAsked,
    ConsentAnswered,
    Event,
    ExperienceStarted,
    LanguageChanged,
    PlayerState,
    StateChanged,
)
from ..protocol import HIST_EDGES_MS
from ..requests import Kind, Request
from ._base import Presenter
from ._console_client import ConsoleClient

if TYPE_CHECKING:
    from facilitator import HubHandle

    from ..narrative import Chapter, CheckIn, Choice, Narrative
    from ..services import Services

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
    after = ("scene", "effects", "captions", "audio", "autopilot")  # records what the others presented

    def __init__(self, url: str, token: str, session_code: str | None = None, hub: HubHandle | None = None,
                 wall: Callable[[], float] = time.time) -> None:
        super().__init__()
        self._wall = wall
        self.session_code = session_code or P.new_session_code()
        self.hub = hub
        self.client = ConsoleClient(url, token, self._hello, self._on_command, self._on_link)
        self._seq = 0
        self._prompts: dict[str, str] = {}
        self._practice: set[str] = set()  # check-ins asked in the tutorial
        self._started = False
        self._hist = [0] * (len(HIST_EDGES_MS) + 1)
        self._last_frames = 0
        self._last_time = 0.0
        self._fps = self._p50 = self._p99 = 0.0
        self._thumb_pending = False
        self._thumb_waits = 0

    # -- presenter contract -------------------------------------------------
    def attach(self, services: Services) -> None:
        super().attach(services)
        hz = services.refresh_hz or 90.0
        services.scheduler.every("console-status", self.snapshot, frames=max(1, round(hz / STATUS_HZ)),
                                 estimate=0.0003)
        services.scheduler.every("console-mirror", self._mirror, frames=max(1, round(hz / MIRROR_HZ)),
                                 estimate=0.00002)
        services.listeners.append(self._on_result)
        services.session.session_code = self.session_code
        self._last_time = services.clock.now()
        self._catch_up()
        self.client.start()

    def _catch_up(self) -> None:
        """Joined after the player started: record where it is, so the session record is whole."""
        player = self.services.player
        if (player.state == PlayerState.WAITING and not player.ready) or self._seq:
            return
        narrative, t = self.services.narrative, player.elapsed
        self.on_event(ExperienceStarted(t, narrative.id, narrative.title))
        ch = player.chapter
        if ch is not None:
            self.on_event(ChapterStarted(t, ch.id, player.chapter_index, ch.title, ch.scene))
        self.on_event(StateChanged(t, player.state))

    def on_event(self, event: Event) -> None:
        if isinstance(event, CheckInAsked):
            self._prompts[event.checkin_id] = event.prompt
            if _in_tutorial(self.services.player.chapter):
                self._practice.add(event.checkin_id)
        elif isinstance(event, ExperienceStarted):
            self._started = True
        self._seq += 1
        extra: P.JsonObject | None = None
        if isinstance(event, CheckInAnswered):
            extra = {"prompt": self._prompts.get(event.checkin_id, ""), "practice": event.checkin_id in self._practice}
        elif isinstance(event, ConsentAnswered):
            extra = {"at": self._wall()}  # when the headset accepted it (the record's consent time)
        elif isinstance(event, LanguageChanged):  # the card's title, chapters and prompts in the new captions
            narrative = self.services.player.narrative  # the player's, new already (services' follows later)
            chapters: list[P.JsonValue] = [*_chapters(narrative)]
            extra = {"title": narrative.title, "chapters": chapters}
        self.client.post_event(self._seq, event, extra)

    def detach(self) -> None:
        self.client.stop()
        if self.hub is not None:
            self.hub.stop()

    # -- client thread → frame thread ---------------------------------------
    def _hello(self) -> P.Hello:
        narrative = self.services.narrative
        chapters = _chapters(narrative)
        from ..audio import BUSES

        return P.Hello(role="experience", session=self.session_code, experience=narrative.id, title=narrative.title,
                       chapters=chapters, buses=["master", *BUSES][:16])

    def _on_command(self, cmd: P.Command) -> None:
        try:
            req = Request(Kind(cmd.kind), cmd.arg, source="console", id=cmd.id)
        except ValueError as exc:
            self.client.post(P.command_result(cmd.id, cmd.kind, False, exc))
            return
        ok, why = self.services.requests.put(req)
        if not ok:  # a full queue refuses: the console hears so at once
            self.client.post(P.command_result(cmd.id, cmd.kind, False, why))

    def _on_link(self, connected: bool) -> None:
        host = self.services.host
        self.services.scheduler.call_soon(lambda: host.console_link_changed(connected))

    def _on_result(self, request: Request, ok: bool, error: str | None) -> None:
        """A console command was handled: the new state goes out with its result, at once.

        The snapshot is built here, on the frame thread in the poll phase (a few
        microseconds), not deferred to slack, so the card changes when the result comes.
        """
        if request.source != "console" or not request.id:
            return
        self.snapshot()
        answer = request.arg if request.kind is Kind.CONSENT and isinstance(request.arg, bool) else None
        self.client.post(P.command_result(request.id, request.kind, bool(ok), error, consent=answer))

    # -- slack jobs ---------------------------------------------------------
    def snapshot(self) -> None:
        """Build and post one status snapshot (runs in slack)."""
        services = self.services
        player, stats = services.player, services.stats
        now = services.clock.now()
        frames = stats.frames
        new = frames - self._last_frames
        dt = now - self._last_time
        if dt >= 0.1:  # a snapshot right after another keeps the last rate
            self._fps = new / dt
            self._last_frames, self._last_time = frames, now
        recent = stats.frame.last(min(new, 512)) if dt >= 0.1 else []
        hist = self._hist
        for v in recent:
            hist[bisect_left(HIST_EDGES_MS, v)] += 1
        if recent:
            recent.sort()
            self._p50 = recent[len(recent) // 2]
            self._p99 = recent[min(len(recent) - 1, int(len(recent) * 0.99))]
        ss = services.session
        ch = player.chapter
        cl = player.current_line
        held = player.hold
        checkin, choice = _question(player.question)
        self.client.post_status({
            "state": str(player.state),
            "chapter": {"id": ch.id, "index": player.chapter_index, "title": ch.title} if ch is not None else {},
            "line": {"speaker": cl.speaker, "text": cl.text} if cl is not None else None,
            "hold": {"id": held[0], "note": held[1], "consent": player.awaiting_consent} if held else None,
            "checkin": checkin, "choice": choice, "elapsed": round(player.elapsed, 2),
            "remaining": round(player.remaining, 1),
            "fps": round(self._fps, 1), "frame_p50": round(self._p50, 3), "frame_p99": round(self._p99, 3),
            "missed": stats.missed_frames, "frames": frames, "hist": list(hist),
            "headset": ss.headset, "console_lost": ss.console_lost,
            "consent": player.consent,
            "room_view": ss.room_view.as_dict() if ss.room_view is not None else None,
            "volume": dict(ss.volumes),
            "language": ss.language.as_dict() if ss.language is not None else None,
        })

    def _mirror(self) -> None:
        stage = self.services.stage
        if not self.client.mirror_wanted or stage is None:
            return
        if self._thumb_pending:  # a stage may skip a frame without calling back
            self._thumb_waits += 1
            self._thumb_pending = self._thumb_waits < 3
            return
        self._thumb_pending, self._thumb_waits = True, 0
        # A one-shot job with its own small estimate: it waits for a frame with room, never starves.
        self.services.scheduler.defer("console-mirror-grab", lambda: stage.request_thumbnail(self._on_thumb),
                                      estimate=0.0005)

    def _on_thumb(self, data: bytes | None) -> None:
        self._thumb_pending = False
        if data:
            self.client.post_thumbnail(bytes(data))


def _in_tutorial(chapter: Chapter | None) -> bool:
    """Whether ``chapter`` comes from the tutorial (its check-in is practice, not part of the trend)."""
    from ..narrative import TUTORIAL_ID

    return chapter is not None and Path(chapter.source).stem == TUTORIAL_ID


def _chapters(narrative: Narrative) -> list[P.JsonObject]:
    """The card's chapters: id, title and debrief prompts, in the narrative's caption language."""
    return [{"id": c.id, "title": c.title, "debrief": {k: list(v) for k, v in c.debrief.items()}}
            for c in narrative.chapters]


def _question(step: CheckIn | Choice | None) -> tuple[P.JsonObject | None, P.JsonObject | None]:
    """The check-in or choice the player waits for, as the card's ``checkin`` / ``choice`` fields."""
    from ..narrative import CheckIn

    if step is None:
        return None, None
    if isinstance(step, CheckIn):
        return {"id": step.id, "prompt": step.prompt, "kind": step.checkin_kind,
                "options": list(step.options)}, None
    return None, {"id": step.id, "prompt": step.prompt, "options": [o.text for o in step.options]}
