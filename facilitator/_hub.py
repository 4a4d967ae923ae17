"""The hub's live state and message routing (transport-agnostic).

:class:`Hub` keeps one :class:`LiveSession` per headset and a set of console
connections. Experience messages are stored (then acknowledged) and fanned out
to consoles; console commands are validated and routed to experiences. Storage
runs on one worker thread so disk syncs never hold up routing.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from experience import protocol as P

from ._auth import RateLimit
from ._storage import Store, consent_time
from ._workshop import RoomWorkshop

if TYPE_CHECKING:
    from .evaluation import Evaluation

log = logging.getLogger(__name__)

FRAMES_EVERY_S = 5.0
"""How often a session's frame summary is written to the record."""

LIMITS = {
    # role: (soft message size in bytes, messages per second, burst)
    "experience": (256 * 1024, 500.0, 2000.0),
    "console": (16 * 1024, 20.0, 60.0),
}
MAX_STRIKES = 2000
"""Refused messages (rate or validity) after which a connection is closed."""


@dataclass(eq=False)
class Client:
    """One WebSocket connection (either role)."""

    send_text: Callable[[str], Awaitable[None]]
    close: Callable[[], Awaitable[Any]]
    role: str = ""
    session: str = ""
    limit: RateLimit | None = None
    strikes: int = 0
    watching: set[str] = field(default_factory=set)

    async def send(self, msg: P.Message) -> None:
        try:
            await self.send_text(P.encode(msg))
        except (ConnectionError, RuntimeError):
            pass  # closing; the connection's own loop cleans up


@dataclass
class LiveSession:
    """What the consoles see of one headset."""

    code: str
    experience: str = ""
    title: str = ""
    chapters: list[dict[str, Any]] = field(default_factory=list)
    buses: list[str] = field(default_factory=list)
    client: Client | None = None
    status: dict[str, Any] = field(default_factory=dict)
    transcript: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=40))
    checkins: list[dict[str, Any]] = field(default_factory=list)
    debrief: dict[str, Any] = field(default_factory=dict)
    notes: list[dict[str, Any]] = field(default_factory=list)
    consent: bool = False
    consent_at: float | None = None
    ended_at: float | None = None
    last_seq: int = 0
    stored_seq: int = 0
    pending: list[tuple[int, float, str, dict[str, Any]]] = field(default_factory=list)
    writer: asyncio.Task[None] | None = None
    frames_at: float = 0.0

    def view(self) -> dict[str, Any]:
        return {
            "experience": self.experience, "title": self.title, "chapters": self.chapters,
            "buses": self.buses, "connected": self.client is not None, "status": self.status,
            "transcript": list(self.transcript), "checkins": self.checkins[-60:],
            "debrief": self.debrief, "notes": self.notes[-50:], "consent": self.consent,
            "consent_at": self.consent_at, "ended": self.ended_at is not None, "ended_at": self.ended_at,
        }


class Hub:
    """Routing and live state. Transport code calls :meth:`connect`, :meth:`receive`, :meth:`disconnect`."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.monotonic,
                 evaluation: Evaluation | None = None, organisation: str = "",
                 experiences: tuple[str, ...] = ()) -> None:
        self.store = store
        self.clock = clock
        self.sessions: dict[str, LiveSession] = {}
        self.consoles: set[Client] = set()
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hub-db")
        self.workshop = RoomWorkshop(self, evaluation, organisation, experiences)

    async def db(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._db, fn, *args)

    def db_later(self, fn: Callable[..., Any], *args: Any) -> None:
        """Queue a write without waiting for it (same thread, so order is kept)."""
        fut = asyncio.get_running_loop().run_in_executor(self._db, fn, *args)
        fut.add_done_callback(_log_failure)

    def shutdown(self) -> None:
        self._db.shutdown(wait=True)

    async def broadcast(self, msg: P.Message, watching: str | None = None) -> None:
        text = P.encode(msg)
        for c in list(self.consoles):
            if watching is not None and watching not in c.watching:
                continue
            try:
                await c.send_text(text)
            except (ConnectionError, RuntimeError):
                pass

    # -- connection lifecycle --------------------------------------------
    async def hello(self, client: Client, msg: P.Hello) -> None:
        rate_size = LIMITS[msg.role]
        client.role = msg.role
        client.limit = RateLimit(rate_size[1], rate_size[2], self.clock)
        if msg.role == "console":
            self.consoles.add(client)
            sessions = [{"session": code, **s.view()} for code, s in self.sessions.items()]
            await client.send(P.Welcome(role="console", sessions=sessions, workshop=await self.workshop.data()))
            return
        code = msg.session
        last = await self.db(self.store.open_session, code, msg.experience, msg.title, self.workshop.current)
        s = self.sessions.get(code)
        if s is None:
            s = self.sessions[code] = LiveSession(code)
            await self.db(self._reload, s)
        old = s.client
        s.client, client.session = client, code
        s.experience, s.title = msg.experience, msg.title
        s.stored_seq = max(s.stored_seq, last)
        s.last_seq = max(s.last_seq, last)
        s.chapters = [c for c in msg.chapters if isinstance(c, dict)][:200]
        s.buses = [b for b in msg.buses if isinstance(b, str)][:16]
        if old is not None and old is not client:
            old.session = ""
            await old.close()
        await client.send(P.Welcome(role="experience", session=code, last_seq=last))
        if any(code in c.watching for c in self.consoles):
            await client.send(P.Watch(session=code, mirror=True))
        await self.broadcast(P.Session(session=code, data=s.view()))

    def _reload(self, s: LiveSession) -> None:
        rec = self.store.session(s.code)
        if rec is not None:
            s.consent = bool(rec["consent_given"])
            s.consent_at = rec["consent_at"]
            s.ended_at = rec["ended_at"]
        for r in self.store.rows("checkins", s.code):
            s.checkins.append({"checkin_id": r["checkin_id"], "prompt": r["prompt"], "practice": bool(r["practice"]),
                               "value": json.loads(r["value"]), "t": r["t"], "wall": r["wall"]})
        for r in self.store.rows("notes", s.code):
            s.notes.append({"kind": r["kind"], "prompt": r["prompt"], "text": r["text"], "wall": r["wall"]})

    async def disconnect(self, client: Client) -> None:
        self.consoles.discard(client)
        s = self.sessions.get(client.session)
        if s is not None and s.client is client:
            s.client = None
            s.frames_at = 0.0
            self._frames(s)  # the last frame summary of this connection
            await self.broadcast(P.Session(session=s.code, data={"connected": False}))

    # -- messages ---------------------------------------------------------
    async def receive(self, client: Client, text: str) -> bool:
        """Handle one frame from ``client``. Returns False when it should be closed."""
        if client.role == "":
            try:
                msg = P.parse(text, LIMITS["console"][0])
                if not isinstance(msg, P.Hello):
                    raise P.ProtocolError("the first message must be hello")
            except P.ProtocolError as exc:
                await client.send(P.Error(code="bad_hello", message=str(exc)))
                return False
            await self.hello(client, msg)
            return True
        assert client.limit is not None
        if not client.limit.allow():
            client.strikes += 1
            if client.limit.strikes % 100 == 1:
                await client.send(P.Error(code="rate_limited", message="too many messages; slow down"))
            return client.strikes < MAX_STRIKES
        try:
            msg = P.parse(text, LIMITS[client.role][0])
            handler = self._handler(client.role, msg)
        except P.ProtocolError as exc:
            client.strikes += 1
            cid = _id_of(text) if len(text) <= 16384 else None
            await client.send(P.Error(id=cid, code="bad_message", message=str(exc)))
            return client.strikes < MAX_STRIKES
        await handler(client, msg)
        return True

    def _handler(self, role: str, msg: P.Message) -> Callable[[Client, Any], Awaitable[None]]:
        table: dict[type[P.Message], Callable[[Client, Any], Awaitable[None]]]
        if role == "experience":
            table = {P.Status: self._status, P.EventMsg: self._event, P.CheckinResponse: self._checkin,
                     P.CommandResult: self._result, P.Mirror: self._mirror}
        else:
            table = {P.Command: self._command, P.Note: self._note, P.Watch: self._watch,
                     **self.workshop.handlers()}
        fn = table.get(type(msg))
        if fn is None:
            raise P.ProtocolError(f"a {role} may not send {msg.type!r}")
        return fn

    async def _status(self, client: Client, msg: P.Status) -> None:
        s = self.sessions[client.session]
        data = msg.data if len(json.dumps(msg.data)) <= 16384 else {}
        s.status = data
        await self.broadcast(P.Status(session=s.code, data=data))
        self._frames(s)

    def _frames(self, s: LiveSession) -> None:
        """Write the frame summary of the latest status, at most every FRAMES_EVERY_S."""
        data = s.status
        now = self.clock()
        fps = data.get("fps")
        if now - s.frames_at >= FRAMES_EVERY_S and type(fps) in (int, float):  # strict: a bool is no rate
            s.frames_at = now
            raw = data.get("hist")
            hist = [n for n in raw[:64] if type(n) is int] if isinstance(raw, list) else []
            self.db_later(self.store.add_frames, s.code, float(data["fps"]), _num(data.get("frame_p50")),
                          _num(data.get("frame_p99")), int(_num(data.get("missed"))), hist)

    def _store_event(self, s: LiveSession, seq: int, t: float, name: str, data: dict[str, Any]) -> None:
        """Queue an event for the record; a writer commits queued events in groups, then acks."""
        s.last_seq = max(s.last_seq, seq)
        s.pending.append((seq, t, name, data))
        if s.writer is None or s.writer.done():
            s.writer = asyncio.create_task(self._write_events(s))

    async def _write_events(self, s: LiveSession) -> None:
        while s.pending:
            rows, s.pending = s.pending, []
            try:
                await self.db(self.store.add_events, s.code, rows)
            except Exception:  # not acknowledged: the experience resends after reconnecting
                log.exception("storing events of %s failed", s.code)
                s.last_seq = s.stored_seq
                if s.client is not None:
                    await s.client.close()
                return
            s.stored_seq = max(s.stored_seq, rows[-1][0])
            if s.client is not None:
                await s.client.send(P.Ack(seq=s.stored_seq))

    async def _event(self, client: Client, msg: P.EventMsg) -> None:
        """Show at once; store in the background; acknowledge once durably stored."""
        s = self.sessions[client.session]
        if msg.seq <= s.last_seq:  # a resend of something stored or being stored
            await client.send(P.Ack(seq=s.stored_seq))
            return
        changed = self._live_view(s, msg)
        msg.session = s.code
        await self.broadcast(msg)
        self._store_event(s, msg.seq, msg.t, msg.name[:60], msg.data)
        if changed:
            await self.broadcast(P.Session(session=s.code, data=changed))

    def _live_view(self, s: LiveSession, msg: P.EventMsg) -> dict[str, Any]:
        """Apply one event to the live session; returns the card fields it changed."""
        d = msg.data
        if msg.name == "LineStarted":
            s.transcript.append({"speaker": d.get("speaker", ""), "text": d.get("text", ""), "t": msg.t})
        elif msg.name == "DebriefReached":
            s.debrief = {"chapter_id": d.get("chapter_id", ""), "prompts": d.get("prompts", {})}
        elif msg.name == "ConsentAnswered":  # the headset accepted it: only now is consent recorded
            s.consent = d.get("given") is True
            s.consent_at = consent_time(d, self.store.now())
            return {"consent": s.consent, "consent_at": s.consent_at}
        elif msg.name == "ExperienceEnded":
            s.ended_at = self.store.now()
            return {"ended": True, "ended_at": s.ended_at}
        elif msg.name == "LanguageChanged":  # the title, chapters and debrief prompts in the new captions
            title, chapters = d.get("title"), d.get("chapters")
            if isinstance(title, str):
                s.title = title[:200]
            if isinstance(chapters, list):
                s.chapters = [c for c in chapters if isinstance(c, dict)][:200]
            return {"title": s.title, "chapters": s.chapters}
        return {}

    async def _checkin(self, client: Client, msg: P.CheckinResponse) -> None:
        s = self.sessions[client.session]
        data = {"checkin_id": msg.checkin_id, "prompt": msg.prompt, "value": msg.value, "source": msg.source,
                "practice": msg.practice}
        if msg.seq <= s.last_seq:
            await client.send(P.Ack(seq=s.stored_seq))
            return
        s.checkins.append({**data, "t": msg.t, "wall": self.store.now()})
        msg.session = s.code
        await self.broadcast(msg)
        self._store_event(s, msg.seq, msg.t, "CheckInAnswered", data)

    async def _result(self, client: Client, msg: P.CommandResult) -> None:
        s = self.sessions[client.session]
        msg.session = s.code
        await self.broadcast(msg)
        self.db_later(self.store.command_result, s.code, msg.id, msg.ok, msg.error)

    async def _mirror(self, client: Client, msg: P.Mirror) -> None:
        if msg.mime not in ("image/jpeg", "image/png"):
            await client.send(P.Error(code="bad_message", message="mirror.mime must be image/jpeg or image/png"))
            return
        msg.session = client.session
        await self.broadcast(msg, watching=client.session)

    async def _command(self, client: Client, msg: P.Command) -> None:
        if msg.target == "all":
            targets = [s for s in self.sessions.values() if s.client is not None]
        else:
            s = self.sessions.get(msg.target)
            if s is None or s.client is None:
                await client.send(P.command_result(msg.id, msg.kind, False, session=msg.target, why=P.Reason(
                    "not_connected", "that headset is not connected")))
                return
            targets = [s]
        for s in targets:  # forward first: the record follows on the storage thread, in order
            if s.client is not None:
                await s.client.send(P.Command(id=msg.id, target=s.code, kind=msg.kind, arg=msg.arg))
            self.db_later(self.store.add_command, s.code, msg.id, msg.kind, msg.arg)

    async def _note(self, client: Client, msg: P.Note) -> None:
        s = self.sessions.get(msg.session)
        if s is None or not msg.text.strip():
            await client.send(P.Error(code="bad_message", message="note needs a known session and text"))
            return
        wall = await self.db(self.store.add_note, s.code, msg.kind, msg.prompt, msg.text)
        s.notes.append({"kind": msg.kind, "prompt": msg.prompt, "text": msg.text, "wall": wall})
        await self.broadcast(P.Session(session=s.code, data={"notes": [n for n in s.notes[-50:]]}))

    async def _watch(self, client: Client, msg: P.Watch) -> None:
        s = self.sessions.get(msg.session)
        if s is None:
            await client.send(P.Error(code="bad_message", message="watch needs a known session"))
            return
        (client.watching.add if msg.mirror else client.watching.discard)(s.code)
        if s.client is not None:
            wanted = any(s.code in c.watching for c in self.consoles)
            await s.client.send(P.Watch(session=s.code, mirror=wanted))


def _log_failure(fut: asyncio.Future[Any]) -> None:
    if not fut.cancelled() and fut.exception() is not None:
        log.error("console record write failed: %s", fut.exception())


def _num(v: Any) -> float:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else 0.0


def _id_of(text: str) -> str | None:
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):
        return None
    v = obj.get("id") if isinstance(obj, dict) else None
    return v[:64] if isinstance(v, str) else None
