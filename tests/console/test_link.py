"""The experience ↔ hub ↔ console path, end to end over loopback (no browser)."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from facilitator import HubHandle, start_background_hub

from .harness import ROOT, ConsoleSocket, LiveExperience, wait_until


def _status(session: str, state: str):
    return lambda m: m["type"] == "status" and m["session"] == session and m["data"]["state"] == state


async def test_commands_change_state_and_results_come_back(hub: HubHandle) -> None:
    exp = LiveExperience(hub.ws_url, hub.token, "AAA-111")
    try:
        async with ConsoleSocket(hub) as con:
            if "AAA-111" not in {x["session"] for x in con.welcome["sessions"]}:  # joined after the console
                await con.expect(lambda m: m["type"] == "session" and m["session"] == "AAA-111")
            await con.expect(_status("AAA-111", "hold"))
            cid = await con.command("AAA-111", "pause")
            res = await con.expect(lambda m: m["type"] == "command_result" and m["id"] == cid)
            assert res["ok"] and res["session"] == "AAA-111" and res["kind"] == "pause"
            con.messages.clear()  # what came before the result
            after = await con.expect(lambda m: m["type"] == "status" and m["session"] == "AAA-111")
            assert after["data"]["state"] == "paused"  # the very next status tick shows it
            await con.command("AAA-111", "resume")
            await con.expect(_status("AAA-111", "hold"))
            cid = await con.command("AAA-111", "continue")
            await con.expect(lambda m: m["type"] == "command_result" and m["id"] == cid and m["ok"])
            await con.expect(_status("AAA-111", "checkin"))
            exp.key("answer", 7)  # the participant answers on the controller
            ans = await con.expect(lambda m: m["type"] == "checkin_response")
            assert ans["value"] == 7 and ans["checkin_id"] == "c1" and ans["prompt"].startswith("How are you")
            cid = await con.command("AAA-111", "calm")
            await con.expect(_status("AAA-111", "calm"), timeout=2.0)
            assert exp.state == "calm"
            cid = await con.command("AAA-111", "jump", "nowhere")
            res = await con.expect(lambda m: m["type"] == "command_result" and m["id"] == cid)
            assert not res["ok"] and res["error"]
            await con.command("AAA-111", "show_prompt", "What did you notice?")
            await con.expect(lambda m: m["type"] == "event" and m["name"] == "PromptShown")
    finally:
        exp.close()


async def test_bad_commands_are_refused_and_change_nothing(hub: HubHandle) -> None:
    exp = LiveExperience(hub.ws_url, hub.token, "BAD-222")
    try:
        async with ConsoleSocket(hub) as con:
            await con.expect(_status("BAD-222", "hold"))
            for cmd in ({"kind": "explode"}, {"kind": "quit"}, {"kind": "volume", "arg": {"bus": "x", "value": 3}},
                        {"kind": "answer", "arg": "ten"}, {"kind": "pause", "arg": {"x": 1}}):
                await con.send({"type": "command", "id": "x1", "target": "BAD-222", **cmd})
                err = await con.expect(lambda m: m["type"] == "error")
                assert err["id"] == "x1" and err["code"] == "bad_message"
            cid = await con.command("NOT-HERE", "pause")
            res = await con.expect(lambda m: m["type"] == "command_result" and m["id"] == cid)
            assert not res["ok"] and "not connected" in res["error"]
            await con.expect(_status("BAD-222", "hold"))
            assert exp.results == []
    finally:
        exp.close()


async def test_two_experiences_pause_all(hub: HubHandle) -> None:
    a = LiveExperience(hub.ws_url, hub.token, "TWO-AAA")
    b = LiveExperience(hub.ws_url, hub.token, "TWO-BBB")
    try:
        async with ConsoleSocket(hub) as con:
            await con.expect(_status("TWO-AAA", "hold"))
            await con.expect(_status("TWO-BBB", "hold"))
            await con.command("all", "pause")
            await con.expect(_status("TWO-AAA", "paused"))
            await con.expect(_status("TWO-BBB", "paused"))
            assert a.state == b.state == "paused"
            await con.command("all", "calm")
            await asyncio.to_thread(wait_until, lambda: a.state == b.state == "calm", 2.0, "calm all")
    finally:
        a.close()
        b.close()


def _events(db: Path, code: str) -> list[int]:
    with sqlite3.connect(db) as c:
        return [r[0] for r in c.execute("SELECT seq FROM events WHERE session=? ORDER BY seq", (code,))]


def test_hub_restart_loses_nothing(db_path: Path) -> None:
    hub = start_background_hub("127.0.0.1", 0, db_path)
    port = hub.port
    exp = LiveExperience(hub.ws_url, hub.token, "RST-333")
    try:
        wait_until(lambda: exp.console.client.connected, timeout=10, what="first connection")
        wait_until(lambda: exp.state == "hold", timeout=10, what="first hold")
        hub.stop()
        wait_until(lambda: exp.app.session_state.console_lost, timeout=10, what="console_lost")
        # While the hub is away the participant goes on: events pile up unacknowledged.
        exp.key("continue")
        wait_until(lambda: exp.state == "checkin", timeout=10, what="check-in")
        exp.key("answer", 4)
        wait_until(lambda: exp.state == "hold", timeout=10, what="next hold")
        exp.key("continue")  # safe state: with the console lost it stops at the next hold and waits
        wait_until(lambda: exp.state == "running", timeout=10, what="running")
        hub = start_background_hub("127.0.0.1", port, db_path, token=hub.token)
        wait_until(lambda: exp.console.client.connected and not exp.console.client.unacked
                   and not exp.console.client.events, timeout=10, what="reconnect and resend")
        wait_until(lambda: not exp.app.session_state.console_lost, timeout=10, what="console back")
        seqs = _events(db_path, "RST-333")
        assert seqs == list(range(1, exp.console._seq + 1))
        with sqlite3.connect(db_path) as c:
            (value,) = c.execute("SELECT value FROM checkins WHERE session='RST-333'").fetchone()
        assert value == "4"
    finally:
        exp.close()
        hub.stop()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _room_hub(port: int, db: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, str(ROOT / "run_vr.py"), "console", "--port", str(port), "--db",
                             str(db), "--no-qr"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    m = re.search(r"\?token=(\S+)", line)
    assert m, line
    return proc, m.group(1)


def test_room_hub_killed_and_restarted_keeps_token_and_record(tmp_path: Path) -> None:
    """SIGKILL the room hub mid-session; restarted on the same record, the headset rejoins by itself."""
    db, port = tmp_path / "room.sqlite3", _free_port()
    proc, token = _room_hub(port, db)
    exp = None
    try:
        exp = LiveExperience(f"ws://127.0.0.1:{port}", token, "KIL-999")
        wait_until(lambda: exp.console.client.connected and exp.state == "hold", what="joined at the hold")
        proc.kill()
        proc.wait(10)
        wait_until(lambda: exp.app.session_state.console_lost, what="console_lost")
        exp.key("continue")
        wait_until(lambda: exp.state == "checkin", what="check-in")
        exp.key("answer", 8)
        wait_until(lambda: exp.state == "hold", what="second hold")
        proc, token2 = _room_hub(port, db)
        assert token2 == token  # kept in the record: headsets need nothing new
        wait_until(lambda: not exp.app.session_state.console_lost and not exp.console.client.unacked
                   and not exp.console.client.events, timeout=15, what="rejoin and resend")
        assert _events(db, "KIL-999") == list(range(1, exp.console._seq + 1))
    finally:
        if exp is not None:
            exp.close()
        proc.kill()
        proc.wait(10)
