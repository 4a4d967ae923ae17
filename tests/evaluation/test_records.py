"""The record store on SQLite and on a real PostgreSQL server: migrations, idempotence, many hubs."""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from facilitator import Store
from facilitator._db import open_database, redact
from facilitator._schema import LATEST, migrate, version
from facilitator.evaluation import AnswerError, Filter

from .seed import evaluation, seed_workshop


def test_migrations_apply_once(records_url: str) -> None:
    db = open_database(records_url)
    try:
        assert migrate(db) == list(range(1, LATEST + 1))
        assert migrate(db) == [] and version(db) == LATEST
        assert {"sessions", "events", "workshops", "responses", "declines"} <= db.tables()
    finally:
        db.close()


def test_an_old_sqlite_record_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as c:  # the schema before migrations existed
        c.execute("CREATE TABLE sessions (code TEXT PRIMARY KEY, experience TEXT NOT NULL DEFAULT '', title TEXT "
                  "NOT NULL DEFAULT '', created REAL NOT NULL, consent_given INTEGER NOT NULL DEFAULT 0, "
                  "consent_at REAL, ended_at REAL, frame_stats TEXT NOT NULL DEFAULT '{}')")
        c.execute("CREATE TABLE events (session TEXT NOT NULL, seq INTEGER NOT NULL, wall REAL NOT NULL, "
                  "t REAL NOT NULL, event TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (session, seq))")
        c.execute("INSERT INTO sessions (code, created) VALUES ('OLD-123', 1.0)")
        c.execute("INSERT INTO events VALUES ('OLD-123', 1, 1.0, 0.0, 'ExperienceStarted', '{}')")
    store = Store(path)
    try:
        assert version(store.db) == LATEST
        assert store.open_session("OLD-123", "grey", "Grey") == 1
        rec = store.record("OLD-123")
        assert rec is not None and rec["session"]["workshop"] == "" and len(rec["events"]) == 1
    finally:
        store.close()


def test_events_are_stored_once(records_url: str) -> None:
    store = Store(records_url)
    try:
        store.open_session("K7M-4QX", "grey", "Grey")
        rows: list[tuple[int, float, str, dict[str, Any]]] = [
            (1, 0.0, "ExperienceStarted", {}), (2, 1.0, "CalmEntered", {"source": "console"}),
            (3, 2.0, "CheckInAnswered", {"checkin_id": "c1", "prompt": "How?", "value": 4, "source": "keyboard"})]
        assert store.add_events("K7M-4QX", rows) == 3
        assert store.add_events("K7M-4QX", rows) == 0  # a resend after a reconnect
        assert store.open_session("K7M-4QX", "grey", "Grey") == 3
        rec = store.record("K7M-4QX")
        assert rec is not None and [c["kind"] for c in rec["comfort"]] == ["calm"]
        assert [c["value"] for c in rec["checkins"]] == [4]
    finally:
        store.close()


def test_many_hubs_write_to_one_record(records_url: str) -> None:
    """Six hubs start together (each migrates), then write, resend and overlap; each event lands once."""
    hubs: list[Store] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def hub(i: int) -> None:
        try:
            s = Store(records_url)
            with lock:
                hubs.append(s)
            for room in (f"ROOM-{i}", "SHARED-1"):
                s.open_session(room, "grey", "Grey")
                for start in range(1, 61, 10):
                    batch = [(seq, float(seq), "LineStarted", {"n": seq}) for seq in range(start, start + 10)]
                    s.add_events(room, batch)
                    s.add_events(room, batch[:5])  # resent
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=hub, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    try:
        assert errors == []
        check = hubs[0]
        for room in [f"ROOM-{i}" for i in range(6)] + ["SHARED-1"]:
            seqs = [e["seq"] for e in check.rows("events", room)]
            assert seqs == list(range(1, 61)), room
        assert version(check.db) == LATEST
    finally:
        for s in hubs:
            s.close()


def test_answers_are_idempotent_and_checked(records_url: str) -> None:
    store = Store(records_url)
    try:
        ev = evaluation(store.db)
        w = ev.records.new_workshop("Org", "Team day", "grey", "workshop")
        assert re.fullmatch(r"W-\d{8}-[A-Z2-9]{6}", w["id"]) and w["phase"] == ""
        body = {"submission": "s" * 20, "phase": "pre", "participant": "mé07l", "consent": True, "locale": "en",
                "answers": {"work_with_voices": 4, "weakness": 2}}
        with pytest.raises(AnswerError, match="not open"):
            ev.submit(w["survey_key"], body)
        ev.records.set_phase(w["id"], "pre")
        assert ev.submit(w["survey_key"], body)[1] == 3  # consent + two answers
        assert ev.submit(w["survey_key"], body)[1] == 0  # the page sent it twice
        rows = ev.records.responses([w["id"]])
        assert {r["participant"] for r in rows} == {"ME07L"} and rows[0]["item"] == "_consent"
        refused: list[tuple[dict[str, Any], str]] = [
            ({"answers": {"work_with_voices": 6}}, "takes one of"),
            ({"answers": {"headset_comfort": 5}}, "unknown item"),
            ({"participant": "Bob"}, "personal code"), ({"consent": False}, "consent"),
            ({"answers": {"work_with_voices": True}}, "takes one of"), ({"submission": "x"}, "random id")]
        for bad, msg in refused:
            with pytest.raises(AnswerError, match=msg):
                ev.submit(w["survey_key"], {**body, "submission": "t" * 20, **bad})
        assert len(ev.records.responses([w["id"]])) == 3  # nothing stored for refused ones
        ev.decline(w["survey_key"], {"submission": "d" * 20})
        ev.decline(w["survey_key"], {"submission": "d" * 20})
        assert ev.counts(w["id"]) == {"pre": 1, "post": 0, "follow_up": 0, "paired": 0, "declined": 1}
    finally:
        store.close()


def test_campaign_report_shows_effects_and_hides_a_group_of_four(records_url: str) -> None:
    store = Store(records_url)
    try:
        ev = evaluation(store.db)
        seed_workshop(ev, "Leeds team day", "Northern Trust", 9, 1, seed=1)
        seed_workshop(ev, "York briefing", "Northern Trust", 7, 1, seed=2)
        seed_workshop(ev, "Hull drop-in", "Northern Trust", 4, 2, seed=3)
        seed_workshop(ev, "Other org", "Southern Care", 8, 0, seed=4)
        page = ev.campaign_report(Filter(organisation="Northern Trust"))
        assert "3 workshops (organisation: Northern Trust)" in page
        assert "Hull drop-in" in page and "hidden: fewer than 5 people" in page
        assert "hidden so that a smaller group cannot be worked out" in page  # York, the next smallest
        assert "Leeds team day" in page and "Other org" not in page
        assert "k-anonymity, k = 5" in page and "d<sub>z</sub>" in page
        assert re.search(r"<td class=\"num\">20</td>", page)  # the pooled attitudes change: 9 + 7 + 4 people
        tiny = ev.workshop_report(ev.records.workshops(Filter(organisation="Northern Trust"))[2]["id"])
        assert "Results are hidden" in tiny and "<svg" not in tiny
    finally:
        store.close()


def test_postgres_url_errors_are_one_line(pg_server: object) -> None:
    from facilitator._db import RecordsError

    bad = pg_server.url("no_such_db")  # type: ignore[attr-defined]
    with pytest.raises(RecordsError) as exc:
        open_database(bad.replace("evr@", "evr:secret@"))
    assert "no_such_db" in str(exc.value) and "secret" not in str(exc.value) and "\n" not in str(exc.value)
    assert redact("postgresql://u:pw@h/db") == "postgresql://u:***@h/db"
