"""The recording booth: a browser page to record lived-experience voices, line by line.

``empathy-vr record ID`` serves one narrative's lines in order (speaker, chapter,
the line before) on localhost with the console's own security: the token in
the printed address, then the signed login cookie, the same headers on every
response, and same-origin checks on every change. The page records 16-bit PCM
from the microphone (an AudioWorklet: lossless, and no decoder needed here),
uploads it; the take is trimmed and levelled (:mod:`facilitator._takes`), played
back, and kept or retaken. Kept takes go in the drop-in layout, so the next
run plays them; lines without one keep their synthetic voice.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web

from experience.narrative import Line, Narrative, folder_id, line_folder, load_session, read_takes, text_key
from experience.requests import Reason, reason_code

from . import _takes
from ._auth import auth_middleware, new_token, origin_ok, secure_headers
from ._server import LOCAL_HOSTS, STATIC

log = logging.getLogger(__name__)
MAX_UPLOAD = 48 * 1024 * 1024
"""A take of up to two minutes at 192 kHz (the page sends 16-bit mono)."""
STYLE_NOTES = {"whisper": "whispered", "voice": "a voice the person hears", "inner": "thoughts, close and quiet"}


@dataclass
class Booth:
    """One narrative's lines and where their takes go."""

    content: Any
    experience: str
    locale: str
    narrative: Narrative

    @classmethod
    def load(cls, content: Any, experience: str, locale: str | None = None) -> Booth:
        n = load_session(content, experience, tutorial=False, locale=locale)
        return cls(content, experience, n.locale, n)

    def lines(self) -> list[Line]:
        return list(self.narrative.lines())

    def line(self, line_id: str) -> Line:
        for line in self.lines():
            if line.id == line_id:
                return line
        raise web.HTTPNotFound(text=f"no line '{line_id}' in {self.experience}\n")

    def folder(self, line: Line) -> Path:
        return line_folder(self.content, folder_id(self.narrative, line), self.locale)

    def pending(self, line_id: str) -> Path:
        return _takes.pending_path(self.content.cache, self.experience, self.locale, line_id)

    def summary(self) -> dict[str, Any]:
        """Every line with its context and take status, and progress per speaker."""
        out: list[dict[str, Any]] = []
        progress: dict[str, dict[str, Any]] = {}
        previous = ""
        for ch in self.narrative.chapters:
            for step in ch.steps:
                if not isinstance(step, Line):
                    continue
                take = read_takes(self.folder(step)).get(step.id)
                kept = bool(take) and (self.folder(step) / str(take.get("file", ""))).is_file()  # type: ignore[union-attr]
                stale = kept and take.get("text") != text_key(step.text)  # type: ignore[union-attr]
                who = step.speaker or "Narrator"
                p = progress.setdefault(who, {"speaker": who, "lines": 0, "kept": 0})
                p["lines"] += 1
                p["kept"] += int(kept and not stale)
                out.append({"id": step.id, "speaker": who, "text": step.text, "chapter": ch.title or ch.id,
                            "previous": previous, "style": STYLE_NOTES.get(step.style, ""),
                            "kept": kept, "stale": stale, "pending": self.pending(step.id).is_file(),
                            "has_audio": bool(step.audio_path)})
                previous = step.text
        return {"experience": self.experience, "title": self.narrative.title, "locale": self.locale,
                "lines": out, "speakers": list(progress.values())}


BOOTH_KEY: web.AppKey[Booth] = web.AppKey("booth", Booth)


def create_booth_app(booth: Booth, token: str) -> web.Application:
    """The booth's aiohttp application (localhost only, the console's auth and headers)."""
    app = web.Application(middlewares=[auth_middleware(token, LOCAL_HOSTS)], client_max_size=MAX_UPLOAD)
    app.on_response_prepare.append(secure_headers)
    app[BOOTH_KEY] = booth
    app.router.add_get("/", _page)
    app.router.add_get("/api/lines", _lines)
    app.router.add_post("/api/take/{line}", _upload)
    app.router.add_get("/api/take/{line}.wav", _pending)
    app.router.add_post("/api/keep/{line}", _keep)
    app.router.add_post("/api/remove/{line}", _remove)
    app.router.add_get("/api/audio/{line}", _current)
    app.router.add_static("/static/", STATIC, follow_symlinks=False)
    return app


def _same_origin(request: web.Request) -> None:
    if request.headers.get("Origin") is None or not origin_ok(request):
        raise web.HTTPForbidden(text="changes are accepted from the booth's own page only\n")


async def _page(request: web.Request) -> web.StreamResponse:
    return web.FileResponse(STATIC / "booth.html")


async def _lines(request: web.Request) -> web.Response:
    booth = request.app[BOOTH_KEY]
    return web.json_response(await asyncio.to_thread(booth.summary))


async def _upload(request: web.Request) -> web.Response:
    _same_origin(request)
    booth = request.app[BOOTH_KEY]
    line = booth.line(request.match_info["line"])
    if request.content_type not in ("audio/wav", "audio/x-wav", "audio/wave"):
        raise web.HTTPUnsupportedMediaType(text="send the take as audio/wav\n")
    raw = await request.read()
    try:
        take = await asyncio.to_thread(_takes.process, raw)
    except _takes.TakeError as exc:
        return web.json_response(_refusal(exc), status=422)
    await asyncio.to_thread(_takes.hold, take, booth.pending(line.id))
    return web.json_response({"ok": True, "seconds": round(take.seconds, 2), "lufs": round(take.lufs, 1),
                              "peak_dbtp": round(take.peak_dbtp, 1), "trimmed": round(take.trimmed_s, 2),
                              "url": f"/api/take/{line.id}.wav"})


def _refusal(why: object) -> dict[str, Any]:
    """A refused take: its English text, and its code and fields for the page's language."""
    code, fields = reason_code(why)
    return {"ok": False, "error": str(why), "reason": code, "reason_args": fields}


async def _pending(request: web.Request) -> web.StreamResponse:
    booth = request.app[BOOTH_KEY]
    path = booth.pending(booth.line(request.match_info["line"]).id)
    if not path.is_file():
        raise web.HTTPNotFound(text="no take waiting for this line\n")
    return web.FileResponse(path, headers={"Content-Type": "audio/wav"})


async def _keep(request: web.Request) -> web.Response:
    _same_origin(request)
    booth = request.app[BOOTH_KEY]
    line = booth.line(request.match_info["line"])
    pending = booth.pending(line.id)
    if not pending.is_file():
        return web.json_response(_refusal(Reason("take_missing", "record a take first")), status=409)
    dest = await asyncio.to_thread(_takes.keep, booth.content, folder_id(booth.narrative, line), booth.locale,
                                   line.id, line.text, pending)
    log.info("booth: kept %s", dest)
    return web.json_response({"ok": True, "file": dest.name})


async def _remove(request: web.Request) -> web.Response:
    _same_origin(request)
    booth = request.app[BOOTH_KEY]
    line = booth.line(request.match_info["line"])
    done = await asyncio.to_thread(_takes.remove, booth.content, folder_id(booth.narrative, line), booth.locale,
                                   line.id)
    return web.json_response({"ok": done})


async def _current(request: web.Request) -> web.StreamResponse:
    """What the line plays now (a kept take, or its synthetic voice), for comparison."""
    booth = request.app[BOOTH_KEY]
    line = booth.line(request.match_info["line"])
    folder = booth.folder(line)
    for ext in (_takes.TAKE_EXT, ".opus", ".ogg", ".wav"):
        p = folder / f"{line.id}{ext}"
        if p.is_file():
            kind = {".flac": "audio/flac", ".opus": "audio/ogg", ".ogg": "audio/ogg"}.get(ext, "audio/wav")
            return web.FileResponse(p, headers={"Content-Type": kind})
    if line.audio_path and Path(line.audio_path).is_file():
        return web.FileResponse(Path(line.audio_path))
    raise web.HTTPNotFound(text="this line has no audio yet\n")


@dataclass
class BoothHandle:
    """A booth served from a background thread (tests, ``record``)."""

    url: str
    token: str
    stop: Callable[[], None]

    @property
    def page_url(self) -> str:
        return f"{self.url}/?token={self.token}"


def start_booth(content: Any, experience: str, locale: str | None = None, port: int = 0,
                token: str | None = None) -> BoothHandle:
    """Serve the booth for ``experience`` on 127.0.0.1 in a thread; returns once it listens."""
    booth = Booth.load(content, experience, locale)
    token = token or new_token()
    ready = threading.Event()
    state: dict[str, Any] = {}

    async def main() -> None:
        runner = web.AppRunner(create_booth_app(booth, token), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", port)
        await site.start()
        state["port"] = runner.addresses[0][1]
        state["stop"] = asyncio.Event()
        ready.set()
        await state["stop"].wait()
        await runner.cleanup()

    def thread_main() -> None:
        loop = asyncio.new_event_loop()
        state["loop"] = loop
        try:
            loop.run_until_complete(main())
        except Exception as exc:  # reported to the caller below
            state["error"] = exc
            ready.set()
        finally:
            loop.close()

    thread = threading.Thread(target=thread_main, name="booth", daemon=True)
    thread.start()
    ready.wait(30)
    if "error" in state or "port" not in state:
        raise OSError(f"the booth could not start: {state.get('error', 'timed out')}")

    def stop() -> None:
        loop = state["loop"]
        if not loop.is_closed():
            loop.call_soon_threadsafe(state["stop"].set)
        thread.join(10)

    return BoothHandle(f"http://127.0.0.1:{state['port']}", token, stop)
