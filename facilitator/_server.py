"""The hub's HTTP + WebSocket server (aiohttp) and its background-thread runner."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from experience import protocol as P
from experience.host import app_root
from experience.text import pick_language

from ._auth import auth_middleware, new_token, origin_ok, secure_headers
from ._hub import Client, Hub
from ._report import report_csv, report_html, report_json
from ._storage import Store
from ._survey import PUBLIC_PREFIX
from ._survey import add_routes as add_survey_routes

log = logging.getLogger(__name__)

STATIC = app_root() / "facilitator" / "static"
HARD_MAX_BYTES = 1024 * 1024
"""Frames above this close the WebSocket (1009); smaller oversized ones get an error."""
HELLO_TIMEOUT_S = 10.0
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
HUB_KEY: web.AppKey[Hub] = web.AppKey("hub", Hub)


def create_app(hub: Hub, token: str, lan: bool = False) -> web.Application:
    """The aiohttp application: page, static files, WebSocket, exports, the phone questionnaire."""
    app = web.Application(middlewares=[auth_middleware(token, None if lan else LOCAL_HOSTS, public=PUBLIC_PREFIX)],
                          client_max_size=64 * 1024)
    app.on_response_prepare.append(secure_headers)  # one place: every response, errors included
    app[HUB_KEY] = hub
    app.router.add_get("/", _index)
    app.router.add_get("/favicon.ico", _favicon)  # what browsers ask for on every page (the report too)
    app.router.add_get("/ws", _ws)
    app.router.add_get("/api/sessions", _sessions)
    app.router.add_get("/api/sessions/{code}.json", _export_json)
    app.router.add_get("/api/sessions/{code}.csv", _export_csv)
    app.router.add_get("/report/{code}", _report)
    app.router.add_static("/static/", STATIC, follow_symlinks=False)
    add_survey_routes(app, HUB_KEY)
    return app


async def _index(request: web.Request) -> web.StreamResponse:
    return web.FileResponse(STATIC / "index.html")


async def _favicon(request: web.Request) -> web.StreamResponse:
    return web.FileResponse(STATIC / "favicon.svg", headers={"Content-Type": "image/svg+xml"})


async def _sessions(request: web.Request) -> web.Response:
    hub = request.app[HUB_KEY]
    rows = await hub.db(hub.store.sessions)
    return web.json_response(rows)


def _code(request: web.Request) -> str:
    code = request.match_info["code"]
    if not P.valid_code(code):
        raise web.HTTPNotFound(text="no such session\n")
    return code


async def _record(request: web.Request) -> tuple[str, dict[str, Any]]:
    """The session code in the URL and its record (404 when there is none)."""
    hub = request.app[HUB_KEY]
    code = _code(request)
    rec = await hub.db(hub.store.record, code)
    if rec is None:
        raise web.HTTPNotFound(text="no such session\n")
    return code, rec


def _attachment(text: str, content_type: str, filename: str) -> web.Response:
    resp = web.Response(text=text, content_type=content_type)
    resp.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp


async def _export_json(request: web.Request) -> web.Response:
    code, rec = await _record(request)
    return _attachment(report_json(rec), "application/json", f"session-{code}.json")


async def _export_csv(request: web.Request) -> web.Response:
    code, rec = await _record(request)
    return _attachment(report_csv(rec), "text/csv", f"session-{code}.csv")


def report_language(request: web.Request) -> str:
    """The language a report is asked in: ``?lang=`` (the console passes its own), else the browser's."""
    return pick_language(request.query.get("lang"), request.headers.get("Accept-Language"))


async def _report(request: web.Request) -> web.Response:
    _, rec = await _record(request)
    resp = web.Response(text=report_html(rec, report_language(request)), content_type="text/html")
    resp.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return resp


async def _ws(request: web.Request) -> web.StreamResponse:
    if not origin_ok(request):
        return web.Response(status=403, text="cross-origin WebSocket refused\n")
    hub = request.app[HUB_KEY]
    ws = web.WebSocketResponse(max_msg_size=HARD_MAX_BYTES, heartbeat=10.0)
    await ws.prepare(request)
    client = Client(send_text=ws.send_str, close=ws.close)
    try:
        while not ws.closed:
            timeout = HELLO_TIMEOUT_S if client.role == "" else None
            try:
                msg = await ws.receive(timeout=timeout)
            except TimeoutError:
                break
            if msg.type == WSMsgType.TEXT:
                if not await hub.receive(client, msg.data):
                    break
                pause = client.limit.wait_time() if client.limit is not None else 0.0
                if pause > 0:  # stop reading: TCP backpressure slows the sender, the hub stays idle
                    await asyncio.sleep(pause)
            elif msg.type == WSMsgType.BINARY:
                await client.send(P.Error(code="bad_message", message="binary frames are not accepted"))
                if client.role == "":
                    break
            else:  # CLOSE, CLOSING, CLOSED, ERROR
                break
    finally:
        await hub.disconnect(client)
        await ws.close()
    return ws


@dataclass
class HubHandle:
    """A hub running on a background thread. ``stop()`` shuts it down and waits."""

    url: str
    token: str
    stop: Callable[[], None]
    hub: Hub
    port: int

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://", 1).rstrip("/") + "/ws"

    @property
    def page_url(self) -> str:
        return f"{self.url}?token={self.token}"


def start_background_hub(host: str = "127.0.0.1", port: int = 0, db_path: str | Path = ":memory:",
                         token: str | None = None, lan: bool = False, timeout: float = 10.0,
                         content: Any = None, organisation: str = "") -> HubHandle:
    """Start a hub on its own thread and event loop; returns once it listens.

    Args:
        host: bind address (``0.0.0.0`` only with ``lan``).
        port: TCP port (0 picks a free one).
        db_path: the record: a SQLite file, or a ``postgresql://`` URL.
        token: the access token (default: a new random one).
        lan: accept connections from the local network (any Host header).
        timeout: seconds to wait for the server to listen.
        content: the content pack whose questionnaires the phone page asks (default: the bundled one).
        organisation: the organisation new workshops belong to (campaign reports filter by it).

    Raises:
        OSError: the port could not be bound.
    """
    from experience.content import ContentRoot

    from .evaluation import Evaluation, HeadsetAnswers

    token = token or new_token()
    store = Store(db_path)
    content = content or ContentRoot.find()
    evaluation = Evaluation(store.db, content.questionnaires)
    store.hooks.append(HeadsetAnswers(evaluation))
    hub = Hub(store, evaluation=evaluation, organisation=organisation,
              experiences=tuple(i for i in content.experience_ids() if i != "tutorial"))
    ready = threading.Event()
    state: dict[str, object] = {}
    loop = asyncio.new_event_loop()

    async def main() -> None:
        runner = web.AppRunner(create_app(hub, token, lan=lan), access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, host, port, reuse_address=True)
        try:
            await site.start()
        except OSError as exc:
            state["error"] = exc
            ready.set()
            await runner.cleanup()
            return
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        state["port"] = sockets[0].getsockname()[1] if sockets else port
        stop_event = asyncio.Event()
        state["stop"] = stop_event
        ready.set()
        await stop_event.wait()
        await runner.cleanup()

    def thread_main() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(main())
        finally:
            loop.close()
            hub.shutdown()
            store.close()

    thread = threading.Thread(target=thread_main, name="console-hub", daemon=True)
    thread.start()
    if not ready.wait(timeout):
        raise OSError("the console hub did not start in time")
    if "error" in state:
        thread.join(timeout)
        raise state["error"]  # type: ignore[misc]

    def stop() -> None:
        ev = state.get("stop")
        if isinstance(ev, asyncio.Event) and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(ev.set)
            except RuntimeError:
                pass
        thread.join(timeout)

    shown = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
    bound = int(state["port"])  # type: ignore[call-overload]
    hub.workshop.public_url = f"http://{shown}:{bound}/"
    return HubHandle(url=f"http://{shown}:{bound}/", token=token, stop=stop, hub=hub, port=bound)
