"""Every request needs the token; WebSockets check Origin; sizes and rates are limited."""

from __future__ import annotations

import json

import aiohttp
import pytest

from facilitator import HubHandle, start_background_hub


async def test_http_without_token_is_401(hub: HubHandle) -> None:
    async with aiohttp.ClientSession() as s:
        for path in ("", "static/console.css", "static/js/main.js", "api/sessions", "report/ABC-123",
                     "api/sessions/ABC-123.json", "ws"):
            async with s.get(hub.url + path) as r:
                assert r.status == 401, path
        async with s.get(hub.url + "?token=wrong") as r:
            assert r.status == 401


async def test_token_becomes_a_strict_httponly_cookie(hub: HubHandle) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as s:
        async with s.get(hub.page_url, allow_redirects=False) as r:
            assert r.status == 303 and r.headers["Location"] == "/"
            cookie = r.headers["Set-Cookie"]
            assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        async with s.get(hub.url) as r:  # cookie only, no token in the address
            assert r.status == 200
            assert "default-src 'self'" in r.headers["Content-Security-Policy"]
            assert "Facilitator console" in await r.text()
        async with s.ws_connect(hub.ws_url) as ws:  # the cookie opens the WebSocket too
            await ws.send_str(json.dumps({"v": 1, "type": "hello", "role": "console"}))
            assert json.loads((await ws.receive()).data)["type"] == "welcome"


async def test_websocket_without_token_or_from_another_origin_is_refused(hub: HubHandle) -> None:
    async with aiohttp.ClientSession() as s:
        with pytest.raises(aiohttp.WSServerHandshakeError) as e:
            await s.ws_connect(hub.ws_url)
        assert e.value.status == 401
        with pytest.raises(aiohttp.WSServerHandshakeError) as e:
            await s.ws_connect(hub.ws_url, headers={"Authorization": f"Bearer {hub.token}",
                                                    "Origin": "http://evil.example"})
        assert e.value.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError) as e:  # DNS rebinding: foreign Host header
            await s.ws_connect(hub.ws_url, headers={"Authorization": f"Bearer {hub.token}",
                                                    "Host": "evil.example"})
        assert e.value.status == 403


async def test_first_message_must_be_hello(hub: HubHandle) -> None:
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {hub.token}"}) as s:
        async with s.ws_connect(hub.ws_url) as ws:
            await ws.send_str(json.dumps({"v": 1, "type": "command", "id": "1", "target": "all", "kind": "pause"}))
            err = json.loads((await ws.receive()).data)
            assert err["code"] == "bad_hello"
            assert (await ws.receive()).type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        async with s.ws_connect(hub.ws_url) as ws:
            await ws.send_str(json.dumps({"v": 99, "type": "hello", "role": "console"}))
            err = json.loads((await ws.receive()).data)
            assert "version" in err["message"]


async def test_oversized_frames(hub: HubHandle) -> None:
    headers = {"Authorization": f"Bearer {hub.token}"}
    async with aiohttp.ClientSession(headers=headers) as s, s.ws_connect(hub.ws_url) as ws:
        await ws.send_str(json.dumps({"v": 1, "type": "hello", "role": "console"}))
        await ws.receive()
        await ws.send_str(json.dumps({"v": 1, "type": "note", "session": "ABC-123", "text": "x" * 20000}))
        err = json.loads((await ws.receive()).data)
        assert err["type"] == "error" and "larger" in err["message"]
        try:
            await ws.send_str("x" * (2 * 1024 * 1024))  # beyond the hard limit: closed (1009)
        except (ConnectionError, aiohttp.ClientError):
            return  # the hub closed the socket while the frame was still being written: refused
        msg = await ws.receive()
        assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)


def test_lan_mode_accepts_other_hosts_but_still_needs_the_token(tmp_path) -> None:
    import asyncio

    h = start_background_hub("127.0.0.1", 0, tmp_path / "db.sqlite3", lan=True)
    try:
        async def go() -> tuple[int, int]:
            async with aiohttp.ClientSession() as s:
                async with s.get(h.url, headers={"Host": "192.168.1.20"}) as r1:
                    pass
                async with s.get(h.page_url, headers={"Host": "192.168.1.20"}, allow_redirects=False) as r2:
                    pass
            return r1.status, r2.status

        assert asyncio.run(go()) == (401, 303)
    finally:
        h.stop()
