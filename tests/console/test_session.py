"""The session's life through the hub, with the real timeline player and the bundled narratives:
consent only when the headset accepts it, Start, answers from the console, the end."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import time
from pathlib import Path
from typing import Any

import aiohttp

from facilitator import HubHandle

from .harness import ConsoleSocket, LiveExperience, wait_until


def _status(code: str, pred: Any) -> Any:
    return lambda m: m["type"] == "status" and m["session"] == code and pred(m["data"])


def _result(cid: str) -> Any:
    return lambda m: m["type"] == "command_result" and m["id"] == cid


def _session_row(db: Path, code: str) -> dict[str, Any]:
    with sqlite3.connect(db) as c:
        c.row_factory = sqlite3.Row
        return dict(c.execute("SELECT * FROM sessions WHERE code=?", (code,)).fetchone())


async def _stored(read: Any, done: Any) -> Any:
    """The record as soon as the hub's storage thread has written what ``done`` looks for."""
    def check() -> Any:
        row = read()
        return row if done(row) else None

    return await asyncio.to_thread(wait_until, check, 10.0, "the record to be written")


async def _ask(con: ConsoleSocket, code: str, kind: str, arg: Any = None) -> dict[str, Any]:
    cid = await con.command(code, kind, arg)
    return await con.expect(_result(cid))


async def test_consent_is_recorded_only_when_the_headset_accepts_it(hub: HubHandle, db_path: Path) -> None:
    code = "CON-111"
    exp = LiveExperience(hub.ws_url, hub.token, code, story="example", tutorial=True, time_scale=30.0)
    try:
        async with ConsoleSocket(hub) as con, ConsoleSocket(hub) as other:
            await con.expect(_status(code, lambda d: True))
            early = await _ask(con, code, "consent", True)  # the tutorial is still running
            assert not early["ok"]
            assert not (await _ask(con, "all", "start"))["ok"]  # Start all: nothing to start yet
            assert _session_row(db_path, code)["consent_given"] == 0 and exp.app.player.consent is None
            assert "consent hold" in early["error"] and early["kind"] == "consent"
            await con.expect(_status(code, lambda d: d["state"] == "hold"))  # practising the calm place
            assert (await _ask(con, code, "continue"))["ok"]
            await con.expect(_status(code, lambda d: d["state"] == "checkin"))
            assert (await _ask(con, code, "answer", 4))["ok"]  # the practice check-in, said aloud
            await con.expect(_status(code, lambda d: (d["hold"] or {}).get("consent") is True), timeout=20)
            assert not (await _ask(con, code, "continue"))["ok"]  # the consent hold waits for consent
            assert not (await _ask(con, code, "next_chapter"))["ok"] and exp.state == "hold"
            before = time.time()
            assert (await _ask(con, code, "consent", True))["ok"]
            after = time.time()
            ready = await con.expect(_status(code, lambda d: d["state"] == "waiting"))
            assert ready["data"]["consent"] is True
            # Every console hears of consent once, when the headset accepted it, with that time.
            told = await other.expect(lambda m: m["type"] == "session" and m["data"].get("consent") is True)
            assert before <= told["data"]["consent_at"] <= after
            row = await _stored(lambda: _session_row(db_path, code), lambda r: r["consent_given"] == 1)
            assert before <= row["consent_at"] <= after
            assert (await _ask(con, "all", "start"))["ok"]
            await con.expect(_status(code, lambda d: d["state"] == "running"))
            assert not (await _ask(con, code, "consent", True))["ok"]
        events = [e["event"] for e in await _record_events(hub, code)]
        assert events.count("ConsentAnswered") == 1
    finally:
        exp.close()


async def _record_events(hub: HubHandle, code: str) -> list[dict[str, Any]]:
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {hub.token}"}) as s, \
            s.get(hub.url + f"api/sessions/{code}.json") as r:
        return list((await r.json())["events"])


async def test_answers_from_the_console_and_a_skipped_checkin_leaves_the_card(hub: HubHandle) -> None:
    code = "ASK-111"
    exp = LiveExperience(hub.ws_url, hub.token, code, story="example", time_scale=4.0)
    try:
        async with ConsoleSocket(hub) as con:
            st = await con.expect(_status(code, lambda d: d["state"] == "choice"), timeout=20)
            assert len(st["data"]["choice"]["options"]) >= 2 and st["data"]["choice"]["prompt"] is not None
            assert (await _ask(con, code, "answer", 0))["ok"]
            await con.expect(_status(code, lambda d: d["state"] == "hold"), timeout=20)
            assert (await _ask(con, code, "jump", "desk"))["ok"]
            st = await con.expect(_status(code, lambda d: d["state"] == "checkin"))
            assert st["data"]["checkin"]["kind"] == "scale" and st["data"]["checkin"]["prompt"].startswith("How")
            assert (await _ask(con, code, "next_chapter"))["ok"]  # skipped: the question leaves the card
            st = await con.expect(_status(code, lambda d: d["state"] != "checkin"))
            assert st["data"]["checkin"] is None and st["data"]["choice"] is None
            assert (await _ask(con, code, "jump", "desk"))["ok"]
            await con.expect(_status(code, lambda d: d["state"] == "checkin"))
            assert (await _ask(con, code, "answer", 6))["ok"]
            ans = await con.expect(lambda m: m["type"] == "checkin_response")
            assert ans["value"] == 6 and ans["source"] == "console"
            st = await con.expect(_status(code, lambda d: d["state"] != "checkin"))
            assert st["data"]["checkin"] is None
    finally:
        exp.close()


async def test_an_ended_session_reads_as_ended_everywhere(hub: HubHandle, db_path: Path) -> None:
    code = "END-111"
    exp = LiveExperience(hub.ws_url, hub.token, code, story="example", time_scale=4.0)
    closed = False
    try:
        async with ConsoleSocket(hub) as con:
            await con.expect(_status(code, lambda d: d["state"] == "choice"), timeout=20)
            assert (await _ask(con, code, "pause"))["ok"]
            assert (await _ask(con, code, "end"))["ok"]
            ended = await con.expect(lambda m: m["type"] == "event" and m["name"] == "ExperienceEnded")
            assert ended["data"]["reason"] == "end"
            await con.expect(lambda m: m["type"] == "session" and m["data"].get("ended") is True)
            await con.expect(_status(code, lambda d: d["state"] == "ended"))
            exp.close()
            closed = True
            await con.expect(lambda m: m["type"] == "session" and m["data"].get("connected") is False)
        async with ConsoleSocket(hub) as later:  # a console opened afterwards
            (view,) = [s for s in later.welcome["sessions"] if s["session"] == code]
            assert view["ended"] is True and view["status"]["state"] == "ended" and not view["connected"]
        await _stored(lambda: _session_row(db_path, code), lambda r: r["ended_at"] is not None)
        async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {hub.token}"}) as s:
            async with s.get(hub.url + "api/sessions") as r:
                (row,) = [x for x in await r.json() if x["code"] == code]
            assert row["ended_at"] is not None and isinstance(row["frame_stats"], dict)
            async with s.get(hub.url + f"api/sessions/{code}.csv") as r:
                assert any(line.startswith("ended,") for line in (await r.text()).splitlines())
            async with s.get(hub.url + f"report/{code}") as r:
                page = await r.text()
            assert re.search(r"<th>Ended</th><td>\d{1,2} [A-Z][a-z]+ 20\d\d, \d\d:\d\d</td>", page), page
    finally:
        if not closed:
            exp.close()


async def test_the_state_a_command_causes_comes_with_its_result(hub: HubHandle) -> None:
    """Even when frames leave no slack for deferred jobs, the status showing a command's effect
    is built in the frame that applied it and sent with the result."""
    exp = LiveExperience(hub.ws_url, hub.token, "BSY-111", busy=True)
    try:
        async with ConsoleSocket(hub) as con:
            await con.expect(_status("BSY-111", lambda d: d["state"] == "hold"))
            for kind, state in (("pause", "paused"), ("resume", "hold"), ("calm", "calm")):
                con.messages.clear()
                cid = await con.command("BSY-111", kind)
                assert (await con.expect(_result(cid)))["ok"]
                shown = await con.expect(_status("BSY-111", lambda d, s=state: d["state"] == s))
                assert shown["data"]["frames"] == exp.handled_at[cid]
    finally:
        exp.close()


async def test_results_say_what_was_asked_and_refused_calm_leaves_no_comfort_row(hub: HubHandle,
                                                                                    db_path: Path) -> None:
    exp = LiveExperience(hub.ws_url, hub.token, "CLM-111")
    try:
        async with ConsoleSocket(hub) as con, ConsoleSocket(hub) as other:
            await con.expect(_status("CLM-111", lambda d: d["state"] == "hold"))
            assert (await _ask(con, "CLM-111", "calm"))["ok"]
            heard = await other.expect(lambda m: m["type"] == "command_result")
            assert heard["kind"] == "calm" and heard["ok"]  # another console can tell what was done
            assert not (await _ask(con, "CLM-111", "calm"))["ok"]  # already there: refused
            assert (await _ask(con, "CLM-111", "leave_calm"))["ok"]
            await con.expect(_status("CLM-111", lambda d: d["state"] == "paused"))
        exp.close()
        def comfort() -> list[tuple[str, str]]:
            with sqlite3.connect(db_path) as c:
                return c.execute("SELECT kind, source FROM comfort WHERE session='CLM-111' ORDER BY id").fetchall()

        rows = await _stored(comfort, lambda r: len(r) >= 3)
        assert sorted(rows) == [("calm", "console"), ("calm_left", "console"), ("calm_requested", "console")]
    finally:
        exp.close()


def test_event_wire_text_carries_the_consent_time() -> None:
    from experience import events as ev
    from experience.protocol import EventMsg, encode, event_message, parse

    text = encode(event_message(3, ev.ConsentAnswered(1.0, True, "console"), {"at": 1234.5}))
    msg = json.loads(text)
    assert msg["data"] == {"given": True, "source": "console", "at": 1234.5}
    back = parse(text)  # the client encodes with the protocol the hub parses
    assert isinstance(back, EventMsg) and back.seq == 3 and back.name == "ConsentAnswered"
