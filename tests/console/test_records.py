"""The session record: durable, deduplicated, anonymous; exports and the HTML report."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp

from facilitator import HubHandle, Store, report_csv, report_html

from .harness import ROOT, ConsoleSocket, LiveExperience

CRASH = """
import os, sys
from facilitator import Store
s = Store(sys.argv[1])
s.open_session("CRS-111", "grey", "Grey")
for i in range(1, 51):
    s.add_event("CRS-111", i, i * 0.5, "LineStarted", {"text": f"line {i}"})
print("stored", flush=True)
os.kill(os.getpid(), 9)  # no close, no flush: a crash
"""


def test_a_crash_loses_nothing_that_was_stored(tmp_path: Path) -> None:
    db = tmp_path / "crash.sqlite3"
    p = subprocess.run([sys.executable, "-c", CRASH, str(db)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert p.stdout.strip() == "stored" and p.returncode == -9
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert [r[0] for r in c.execute("SELECT seq FROM events ORDER BY seq")] == list(range(1, 51))


def _store(tmp_path: Path) -> Store:
    clock = iter(float(t) for t in range(1000, 2000))
    s = Store(tmp_path / "r.sqlite3", now=lambda: next(clock))
    s.open_session("REC-123", "grey", "Grey")
    events: list[tuple[str, dict[str, Any]]] = [("ExperienceStarted", {"experience_id": "grey"}),
              ("ChapterStarted", {"chapter_id": "a", "title": "Morning"}),
              ("LineStarted", {"speaker": "Sam", "text": "Hello, \"friend\""}),
              ("CheckInAnswered", {"checkin_id": "c1", "prompt": "0 to 10?", "value": 3, "source": "keyboard"}),
              ("CalmEntered", {"source": "console"}), ("ChapterStarted", {"chapter_id": "b", "title": "Bus"}),
              ("Paused", {"reason": "headset_off"}),
              ("CheckInAnswered", {"checkin_id": "c2", "prompt": "0 to 10?", "value": 6, "source": "console"}),
              ("ConsentAnswered", {"given": True, "source": "console", "at": 1500.25}),
              ("CalmLeft", {"source": "controller"}),
              ("ExperienceEnded", {"experience_id": "grey", "reason": "end"})]
    for seq, (name, data) in enumerate(events, 1):
        assert s.add_event("REC-123", seq, seq * 10.0, name, data)
    assert not s.add_event("REC-123", 3, 30.0, "LineStarted", {})  # a resent duplicate is ignored
    s.add_note("REC-123", "debrief", "What did you notice?", "<b>The voices</b> felt close")
    s.add_frames("REC-123", 89.9, 4.1, 9.8, 2, [0, 10, 50, 20, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    return s


def test_record_and_exports(tmp_path: Path) -> None:
    s = _store(tmp_path)
    rec = s.record("REC-123")
    assert rec is not None
    assert rec["session"]["consent_given"] == 1 and rec["session"]["consent_at"] == 1500.25  # the headset's time
    assert rec["session"]["ended_at"] is not None
    assert [c["value"] for c in rec["checkins"]] == [3, 6]
    assert [(c["kind"], c["source"]) for c in rec["comfort"]] == [("calm", "console"), ("paused_headset_off", ""),
                                                                 ("calm_left", "controller")]
    assert len(rec["events"]) == 11 and rec["session"]["frame_stats"]["fps"] == 89.9
    rows = list(csv.reader(io.StringIO(report_csv(rec))))
    assert rows[0] == ["record", "wall", "t", "seq", "name", "value", "detail"]
    assert sum(r[0] == "checkin" for r in rows) == 2 and sum(r[0] == "debrief" for r in rows) == 1
    assert ["consent", "1500.25", "", "", "consent_given", "1", ""] in rows and any(r[0] == "ended" for r in rows)
    page = report_html(rec)
    assert page.count("<svg") == 3 and "<script" not in page
    assert "&lt;b&gt;The voices&lt;/b&gt;" in page  # notes are escaped
    assert "Morning" in page and "Bus" in page
    json.dumps(rec)  # JSON-serialisable as is


def test_report_charts_draw_every_bar_with_its_name_and_value() -> None:
    """Parsed as SVG: durations that are not whole seconds get their bar and name too."""
    import xml.etree.ElementTree as ET

    from facilitator._report import svg_bars

    items = [("Morning", 12.5), ("Bus", 30.0), ("A very long chapter title that is cut", 0.25)]
    svg = ET.fromstring(svg_bars(items, unit=" s", label="chapters"))
    ns = "{http://www.w3.org/2000/svg}"
    rects = svg.findall(f"{ns}rect") or svg.findall("rect")
    texts = [t.text for t in (svg.findall(f"{ns}text") or svg.findall("text"))]
    assert len(rects) == 3 and all(float(r.get("width", "0")) > 0 for r in rects)
    assert texts == ["Morning", "12.5 s", "Bus", "30 s", "A very long chapter title th", "0.2 s"]
    assert float(rects[1].get("width", "0")) > float(rects[0].get("width", "0"))


def test_no_identifying_columns(tmp_path: Path) -> None:
    s = _store(tmp_path)
    with sqlite3.connect(s.path) as c:
        cols = {r[1] for t in ("sessions", "events", "checkins", "notes", "comfort", "commands", "frames")
                for r in c.execute(f"PRAGMA table_info({t})")}
    assert not cols & {"name", "email", "ip", "address", "user", "participant", "age", "gender"}


async def test_http_exports(hub: HubHandle) -> None:
    exp = LiveExperience(hub.ws_url, hub.token, "EXP-777")
    try:
        async with ConsoleSocket(hub) as con:
            await con.expect(lambda m: m["type"] == "status" and m["data"]["state"] == "hold")
            await con.send({"type": "note", "session": "EXP-777", "kind": "note", "prompt": "", "text": "calm room"})
            await con.expect(lambda m: m["type"] == "session" and "notes" in m["data"])
        headers = {"Authorization": f"Bearer {hub.token}"}
        async with aiohttp.ClientSession(headers=headers) as s:
            async with s.get(hub.url + "api/sessions/EXP-777.json") as r:
                rec = await r.json()
                assert r.headers["Content-Disposition"].startswith("attachment")
            assert rec["notes"][0]["text"] == "calm room" and rec["events"][0]["event"] == "ExperienceStarted"
            async with s.get(hub.url + "api/sessions/EXP-777.csv") as r:
                assert r.status == 200 and "calm room" in await r.text()
            async with s.get(hub.url + "report/EXP-777") as r:
                assert r.status == 200 and "<svg" in await r.text()
            async with s.get(hub.url + "report/NOPE-000") as r:
                assert r.status == 404
            async with s.get(hub.url + "api/sessions") as r:
                assert [x["code"] for x in await r.json()] == ["EXP-777"]
    finally:
        exp.close()
