"""A small experience for console tests: the real ``Experience`` app, frame loop and
timeline player, with a paced display that draws nothing (or the real headless one).
"""

from __future__ import annotations

import asyncio
import atexit
import json
import shutil
import struct
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

from experience.app import Experience, Settings
from experience.content import ContentRoot
from experience.core import MonotonicClock
from experience.display import DisplayBackend
from experience.presenters.console import ConsolePresenter

ROOT = Path(__file__).resolve().parents[2]


def _png(w: int = 160, h: int = 90) -> bytes:
    """A small PNG (a soft sky-to-floor gradient) standing in for the eye thumbnail."""
    rows = b"".join(b"\x00" + bytes(c for _ in range(w) for c in (40 + y, 60 + y, 90 + y // 2)) for y in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    head = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


THUMB = _png()


def mini_pack() -> ContentRoot:
    """A content pack with the console tests' session (``mini``: line, hold, line, check-in, hold, line),
    the bundled scenes beside it; made once per test process."""
    global _MINI
    if _MINI is None:
        root = Path(tempfile.mkdtemp(prefix="empathy-mini-"))
        (root / "narratives").mkdir()
        shutil.copyfile(Path(__file__).with_name("mini") / "mini.yaml", root / "narratives" / "mini.yaml")
        (root / "scenes").symlink_to(ROOT / "scenes")
        atexit.register(shutil.rmtree, root, True)
        _MINI = ContentRoot.find(root)
    return _MINI


_MINI: ContentRoot | None = None


class FakeStage:
    """A stage that draws nothing: head-locked UI goes under a node no camera sees."""

    def __init__(self) -> None:
        from panda3d.core import NodePath

        self.worker: Any = None
        self.tracking_origin = "eye"
        self.head = NodePath("head")
        self.head_locked = NodePath("head_locked")
        self.recentered = 0

    def recenter(self) -> None:
        self.recentered += 1

    def request_thumbnail(self, callback: Callable[[bytes], None]) -> None:
        self.worker.submit(lambda: THUMB, on_done=callback)

    def destroy(self) -> None:
        pass


class PacedBackend(DisplayBackend):
    """A display that paces frames on the wall clock at ``hz`` and draws nothing."""

    name = "fake"
    tracking_origin = "eye"

    def __init__(self, clock: MonotonicClock, hz: float = 90.0) -> None:
        self.clock = clock
        self.refresh_hz = hz
        self._next = 0.0

    def stage_factory(self) -> FakeStage:  # type: ignore[override]  # a stage that draws nothing
        return FakeStage()

    def start(self, stage: Any) -> None:
        self._next = self.clock.now()

    def poll(self, ctx: Any) -> None:
        pass

    def wait_frame(self, ctx: Any) -> None:
        period = 1.0 / self.refresh_hz
        self.clock.sleep_until(self._next)
        start = max(self._next, self.clock.now() - period)  # never owe more than one frame
        self._next = start + period
        ctx.period, ctx.dt = period, period if ctx.index > 0 else 0.0
        ctx.display_time = start
        ctx.deadline = self._next

    def locate_views(self, ctx: Any) -> None:
        pass

    def render(self, ctx: Any) -> None:
        pass

    def end_frame(self, ctx: Any) -> None:
        pass

    def warm_up(self) -> None:
        pass  # nothing to draw

    def stop(self) -> None:
        pass


class BusyBackend(PacedBackend):
    """Paced like a display, but every frame uses its whole budget: no slack for deferred jobs."""

    def wait_frame(self, ctx: Any) -> None:
        super().wait_frame(ctx)
        ctx.deadline = self.clock.now()


class PacedHeadless:
    """Factory for the real headless backend, paced on the wall clock like a display."""

    @staticmethod
    def make(clock: MonotonicClock, hz: float, eye_size: tuple[int, int] = (192, 108)) -> Any:
        from experience.display._headless import HeadlessBackend

        class Paced(HeadlessBackend):
            _nx = 0.0

            def wait_frame(self, ctx: Any) -> None:
                super().wait_frame(ctx)
                nxt = self._nx or self.clock.now()
                self.clock.sleep_until(nxt)
                self._nx = max(nxt, self.clock.now() - ctx.period) + ctx.period
                ctx.deadline = self._nx

        return Paced(clock, eye_size=eye_size, refresh_hz=hz, stereo=False)


class LiveExperience:
    """An Experience with a console presenter, built and run on its own thread.

    With ``real`` (an experience id) it plays that narrative with the headless
    renderer and every presenter; with ``story`` (an experience id) the real
    timeline player plays that narrative, after the tutorial when ``tutorial``,
    with only the console presenter on a display that draws nothing (the session
    as the runner composes it, without the cost of drawing); otherwise the real
    player plays the short ``mini`` session (:func:`mini_pack`) on that display.
    Panda3D's GL context belongs to the thread that made it, so the whole app
    lives on that thread.
    """

    def __init__(self, ws_url: str, token: str, code: str, hz: float = 90.0,
                 real: str | None = None, time_scale: float = 1.0, story: str | None = None,
                 tutorial: bool = False, busy: bool = False, eye_size: tuple[int, int] = (192, 108)) -> None:
        self.results: list[tuple[str, bool]] = []
        self.handled_at: dict[str, int] = {}
        """Console command id -> the frame count when the experience applied it."""
        self._busy = busy
        self._eye_size = eye_size
        self._stop = False
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._story = (story, tutorial)
        self._args = (ws_url, token, code, hz, real, time_scale)
        self._thread = threading.Thread(target=self._main, daemon=True, name=f"experience-{code}")
        self._thread.start()
        if not self._ready.wait(60):
            raise AssertionError("the experience did not start")
        if self._error is not None:
            raise self._error

    def _build(self) -> None:
        ws_url, token, code, hz, real, time_scale = self._args
        clock = MonotonicClock()
        self.console = ConsolePresenter(ws_url, token, code)
        story, tutorial = self._story
        display = (BusyBackend if self._busy else PacedBackend)(clock, hz)
        settings = Settings(mode="headless", console=None, experience=real or story or "mini", tutorial=tutorial,
                            time_scale=time_scale)
        settings.extra["exit_at_end"] = False
        if story:  # the runner's order: the console is a presenter before the player starts
            self.app = Experience(settings, ContentRoot.find(), display, clock, presenters=[self.console])
        elif real:
            self.app = Experience(settings, ContentRoot.find(), PacedHeadless.make(clock, hz, self._eye_size), clock)
        else:
            self.app = Experience(settings, mini_pack(), display, clock, presenters=[self.console])
        self.app.start()
        if real and not story:
            assert self.app.services is not None
            self.app.presenters.add(self.console)
            self.console.attach(self.app.services)
        self.app.add_request_listener(self._on_result)

    def _on_result(self, request: Any, ok: bool, error: str | None) -> None:
        self.results.append((request.kind, ok))
        if request.id:
            self.handled_at[request.id] = self.app.stats.frames

    def _main(self) -> None:
        try:
            self._build()
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        loop = self.app.loop
        assert loop is not None
        try:
            while not self._stop:
                loop.run_frame()
        finally:
            self.app.stop()

    @property
    def state(self) -> str:
        return str(self.app.player.state)

    def key(self, kind: str, arg: Any = None) -> None:
        """A participant's key or controller press."""
        from experience.requests import Request

        self.app.requests.put(Request(kind, arg, source="keyboard"))

    def close(self) -> None:
        self._stop = True
        self._thread.join(10)


def wait_until(cond: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
    """Wait (bounded) for ``cond()`` to be truthy; polls without busy spinning."""
    end = time.monotonic() + timeout
    while True:
        v = cond()
        if v:
            return v
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


class ConsoleSocket:
    """A console (browser stand-in) speaking the protocol over aiohttp."""

    def __init__(self, hub: Any) -> None:
        self.hub = hub
        self.messages: list[dict[str, Any]] = []
        self.welcome: dict[str, Any] = {}
        self._n = 0

    async def __aenter__(self) -> ConsoleSocket:
        self.http = aiohttp.ClientSession(headers={"Authorization": f"Bearer {self.hub.token}"})
        self.ws = await self.http.ws_connect(self.hub.ws_url)
        await self.send({"type": "hello", "role": "console"})
        self.welcome = await self.expect(lambda m: m["type"] == "welcome")
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.ws.close()
        await self.http.close()

    async def send(self, obj: dict[str, Any]) -> None:
        await self.ws.send_str(json.dumps({"v": 1, **obj}))

    async def command(self, target: str, kind: str, arg: Any = None) -> str:
        self._n += 1
        cid = f"c{self._n}"
        await self.send({"type": "command", "id": cid, "target": target, "kind": kind, "arg": arg})
        return cid

    async def expect(self, pred: Callable[[dict[str, Any]], bool], timeout: float = 10.0) -> dict[str, Any]:
        """The next message (already received or coming) that matches ``pred``."""
        for m in self.messages:
            if pred(m):
                self.messages.remove(m)
                return m
        try:
            async with asyncio.timeout(timeout):
                while True:
                    msg = await self.ws.receive()
                    if msg.type != aiohttp.WSMsgType.TEXT:
                        raise AssertionError(f"console socket closed: {msg.type}")
                    m = json.loads(msg.data)
                    if pred(m):
                        return m
                    self.messages.append(m)
                    del self.messages[:-500]
        except TimeoutError:
            seen = [(m["type"], m.get("name") or (m.get("data") or {}).get("state")) for m in self.messages[-12:]]
            raise AssertionError(f"no matching message within {timeout} s; last seen: {seen}") from None
