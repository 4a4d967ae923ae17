"""The experience's console link: an asyncio WebSocket client on its own thread.

The frame thread only appends to thread-safe deques and pokes the client's
loop; everything else (JSON, sockets, reconnects) happens here. Events carry
sequence numbers and stay in ``unacked`` until the hub says it stored them, so
a hub restart or a network drop loses nothing: after reconnecting, the hub's
``welcome.last_seq`` says where to resume.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import random
import threading
from collections import deque
from collections.abc import Callable

import aiohttp

from .. import protocol as P
from ..events import Event

log = logging.getLogger(__name__)

MAX_UNSENT = 100_000
"""Events kept while the hub is away (oldest dropped beyond this)."""
RESEND_CHUNK = 200


HUB_MAX_BYTES = 1 << 20
"""Largest hub message the client reads (the socket's own limit)."""


class ConsoleClient:
    """Background WebSocket client with reconnect, backoff and resend.

    Args:
        url: ``ws://host:port/ws`` of the hub.
        token: the hub's token (sent as a bearer header).
        hello: returns the hello message (called on each connect).
        on_command: ``fn(command)`` on the client thread.
        on_link: ``fn(connected)`` on the client thread.
        backoff: (first, longest) reconnect delay in seconds.
    """

    def __init__(self, url: str, token: str, hello: Callable[[], P.Hello],
                 on_command: Callable[[P.Command], None], on_link: Callable[[bool], None],
                 backoff: tuple[float, float] = (0.2, 5.0)) -> None:
        self.url = url if url.rstrip("/").endswith("/ws") else url.rstrip("/") + "/ws"
        self.token = token
        self._hello = hello
        self._on_command = on_command
        self._on_link = on_link
        self.backoff = backoff
        self.events: deque[tuple[int, Event, P.JsonObject | None]] = deque(maxlen=MAX_UNSENT)
        self.others: deque[str] = deque(maxlen=1000)
        self.status: P.JsonObject | None = None
        self.thumb: bytes | None = None
        self.unacked: deque[tuple[int, str]] = deque()
        self.acked = 0
        self.connected = False
        self.mirror_wanted = False
        self.connects = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- frame-thread side (cheap, thread-safe) -------------------------
    def poke(self) -> None:
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None and self.connected:
            try:
                loop.call_soon_threadsafe(wake.set)
            except RuntimeError:
                pass  # loop closed at shutdown

    def post_event(self, seq: int, event: Event, extra: P.JsonObject | None = None) -> None:
        self.events.append((seq, event, extra))
        self.poke()

    def post(self, msg: P.Message) -> None:
        self.others.append(P.encode(msg))
        self.poke()

    def post_status(self, data: P.JsonObject) -> None:
        self.status = data
        self.poke()

    def post_thumbnail(self, data: bytes) -> None:
        self.thumb = data
        self.poke()

    # -- lifecycle ----------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self._main, name="console-client", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        self.poke_always()
        if self._thread is not None:
            self._thread.join(timeout)

    def poke_always(self) -> None:
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None:
            try:
                loop.call_soon_threadsafe(wake.set)
            except RuntimeError:
                pass

    def _main(self) -> None:
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(self._run())
        finally:
            loop.close()

    async def _run(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        delay = self.backoff[0]
        headers = {"Authorization": f"Bearer {self.token}"}
        async with aiohttp.ClientSession(headers=headers) as http:
            while not self._stop.is_set():
                try:
                    async with http.ws_connect(self.url, heartbeat=5.0, max_msg_size=1 << 20,
                                               timeout=aiohttp.ClientWSTimeout(ws_close=2.0)) as ws:
                        if await self._session(ws):
                            delay = self.backoff[0]
                except (aiohttp.ClientError, OSError, TimeoutError, ValueError) as exc:
                    log.debug("console link: %s", exc)
                if self.connected or self.connects == 0:
                    log.debug("console link lost; retrying")
                self.connected = False
                self._on_link(False)
                if self._stop.is_set():
                    break
                self._wake.clear()
                try:  # back off, but wake at once to stop
                    await asyncio.wait_for(self._wake.wait(), delay * (0.75 + 0.5 * random.random()))
                except TimeoutError:
                    pass
                delay = min(delay * 2, self.backoff[1])

    async def _session(self, ws: aiohttp.ClientWebSocketResponse) -> bool:
        await ws.send_str(P.encode(self._hello()))
        first = await ws.receive(timeout=5.0)
        if first.type != aiohttp.WSMsgType.TEXT:
            return False
        welcome = _parse(first.data)
        if not isinstance(welcome, P.Welcome):
            why = welcome.message if isinstance(welcome, P.Error) else "not a welcome"
            log.warning("console hub refused this experience: %s", why)
            return False
        self._ack(welcome.last_seq)
        self.connected = True
        self.connects += 1
        self._on_link(True)
        reader = asyncio.create_task(self._read(ws))
        try:
            # Resend what the hub has not stored, a chunk at a time.
            pending = list(self.unacked)
            for i in range(0, len(pending), RESEND_CHUNK):
                for _, text in pending[i:i + RESEND_CHUNK]:
                    await ws.send_str(text)
                await asyncio.sleep(0)
            while not self._stop.is_set() and not ws.closed and not reader.done():
                await self._flush(ws)
                self._wake.clear()  # type: ignore[union-attr]
                if self._pending():
                    continue
                waiter = asyncio.create_task(self._wake.wait())  # type: ignore[union-attr]
                await asyncio.wait({waiter, reader}, return_when=asyncio.FIRST_COMPLETED)
                waiter.cancel()
        finally:
            reader.cancel()
            if self._stop.is_set():
                await self._flush(ws)
        return True

    def _pending(self) -> bool:
        return bool(self.events or self.others or self.status is not None or self.thumb is not None)

    async def _flush(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        while self.others:  # command results first: a console is waiting for them
            await ws.send_str(self.others.popleft())
        while self.events:
            seq, event, extra = self.events.popleft()
            text = P.encode(P.event_message(seq, event, extra))
            self.unacked.append((seq, text))
            await ws.send_str(text)
        status, self.status = self.status, None
        if status is not None:
            await ws.send_str(P.encode(P.Status(data=status)))
        thumb, self.thumb = self.thumb, None
        if thumb is not None and self.mirror_wanted:
            mime = "image/png" if thumb.startswith(b"\x89PNG") else "image/jpeg"
            await ws.send_str(P.encode(P.Mirror(mime=mime, data=base64.b64encode(thumb).decode())))

    def _ack(self, seq: int) -> None:
        self.acked = max(self.acked, seq)
        while self.unacked and self.unacked[0][0] <= self.acked:
            self.unacked.popleft()

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        async for msg in ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                break
            got = _parse(msg.data)
            if isinstance(got, P.Ack):
                self._ack(got.seq)
            elif isinstance(got, P.Command):
                self._on_command(got)
            elif isinstance(got, P.Watch):
                self.mirror_wanted = got.mirror
            elif isinstance(got, P.Error):
                log.debug("console hub: %s", got.message)


def _parse(text: str) -> P.Message | None:
    """A hub message, or None (logged) for one this client cannot read."""
    try:
        return P.parse(text, HUB_MAX_BYTES)
    except P.ProtocolError as exc:
        log.debug("console hub sent a message the client cannot read: %s", exc)
        return None
