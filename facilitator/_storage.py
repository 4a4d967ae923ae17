"""Session records behind one interface: SQLite by default, PostgreSQL for an organisation.

One :class:`Store` per hub; nothing identifying is kept. Every write is its own
committed transaction, so a crash or power loss loses nothing that was
acknowledged. Events are keyed by (session, seq) and inserted idempotently, so
a resend after a reconnect, or many hubs writing to one PostgreSQL database,
never duplicates anything. The hub calls it from a single worker thread; reads
for exports may come from any thread (the connection has one lock). A SQLite
database and its WAL and SHM files are private to the user (0600) from their
creation; the hub's token is never kept here (see :mod:`facilitator._cli`).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._db import Database, is_url, open_database
from ._private import narrow, private_umask
from ._schema import MIGRATIONS, TYPES, migrate

SCHEMA = ";\n".join(text.format(**TYPES["sqlite"]) for text in MIGRATIONS[0][2]) + ";"
"""The first schema, as SQLite wrote it before migrations existed (tests make old records with it)."""

COMFORT_EVENTS = {"CalmEntered": "calm", "CalmLeft": "calm_left"}
"""Event names recorded as comfort events (plus pauses because the headset came off)."""

TABLES = ("sessions", "events", "checkins", "notes", "comfort", "commands", "frames")


class Store:
    """The hub's durable record.

    Args:
        path: SQLite file (``:memory:`` for tests that need no durability) or a
            ``postgresql://`` URL.
        now: wall-clock function (injected in tests).

    Attributes:
        legacy_token: the console token an older version kept in the record, removed
            from it on open (:func:`facilitator._cli.start_local_hub` moves it to its own file).
    """

    def __init__(self, path: str | Path, now: Callable[[], float] = time.time) -> None:
        self.path = str(path)
        self.now = now
        local = self.path != ":memory:" and not is_url(self.path)
        for f in [Path(self.path + ext) for ext in ("", "-wal", "-shm")] if local else []:
            narrow(f)  # a record made by an older version with wider modes
        with private_umask():  # the file and its -wal/-shm are created here, 0600
            self.db: Database = open_database(path)
            try:
                migrate(self.db)
                old = self.db.query("SELECT value FROM meta WHERE key='token'")
                if old:  # older versions kept the hub's token in the record; it leaves it here
                    self.db.execute("DELETE FROM meta WHERE key='token'")
            except BaseException:
                self.db.close()
                raise
        self.legacy_token: str | None = str(old[0]["value"]) if old else None
        self.hooks: list[Callable[[Database, str, int, float, str, dict[str, Any]], None]] = []
        """Called for each new event inside its transaction (the evaluation files headset answers)."""

    def close(self) -> None:
        self.db.close()

    def _write(self, sql: str, *rows: tuple[Any, ...]) -> None:
        with self.db.transaction() as db:
            for row in rows:
                db.execute(sql, row)

    def _query(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        return self.db.query(sql, params)

    def meta(self, key: str) -> str | None:
        """A hub setting kept with the record (never a secret)."""
        rows = self._query("SELECT value FROM meta WHERE key=?", key)
        return str(rows[0]["value"]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self._write("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                    (key, value))

    # -- writes ---------------------------------------------------------
    def open_session(self, code: str, experience: str, title: str, workshop: str = "") -> int:
        """Create or re-open a session; returns the last stored event seq."""
        with self.db.transaction() as db:
            db.execute(
                "INSERT INTO sessions(code, experience, title, created, workshop) VALUES (?,?,?,?,?) "
                "ON CONFLICT(code) DO UPDATE SET experience=excluded.experience, title=excluded.title",
                (code, experience[:200], title[:200], self.now(), workshop),
            )
            if workshop:
                db.execute("UPDATE sessions SET workshop=? WHERE code=? AND workshop=''", (workshop, code))
            rows = db.query("SELECT MAX(seq) AS last FROM events WHERE session=?", (code,))
        return int(rows[0]["last"] or 0)

    def add_event(self, code: str, seq: int, t: float, name: str, data: dict[str, Any]) -> bool:
        """Store one event (and its comfort/check-in row) atomically. False if a duplicate."""
        return self.add_events(code, [(seq, t, name, data)]) == 1

    def add_events(self, code: str, rows: list[tuple[int, float, str, dict[str, Any]]]) -> int:
        """Store events ``(seq, t, name, data)`` in one transaction; returns how many were new."""
        wall = self.now()
        fresh = 0
        with self.db.transaction() as db:
            for seq, t, name, data in rows:
                if db.execute("INSERT INTO events(session, seq, wall, t, event, data) VALUES (?,?,?,?,?,?) "
                              "ON CONFLICT DO NOTHING", (code, seq, wall, t, name, json.dumps(data))) == 1:
                    fresh += 1
                    self._derived(db, code, seq, wall, t, name, data)
        return fresh

    def _derived(self, db: Database, code: str, seq: int, wall: float, t: float, name: str,
                 data: dict[str, Any]) -> None:
        kind = COMFORT_EVENTS.get(name)
        if name == "Paused" and data.get("reason") in ("headset_off", "console_lost"):
            kind = f"paused_{data['reason']}"
        if kind:
            db.execute("INSERT INTO comfort(session, wall, kind, source, detail) VALUES (?,?,?,?,?)",
                       (code, wall, kind, str(data.get("source", "")), ""))
        if name == "CheckInAnswered":
            db.execute(
                "INSERT INTO checkins(session, seq, wall, t, checkin_id, prompt, value, source, practice) "
                "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                (code, seq, wall, t, str(data.get("checkin_id", "")), str(data.get("prompt", "")),
                 json.dumps(data.get("value")), str(data.get("source", "")), int(data.get("practice") is True)),
            )
        if name == "ExperienceEnded":
            db.execute("UPDATE sessions SET ended_at=? WHERE code=?", (wall, code))
        if name == "ConsentAnswered":  # the headset accepted it; recorded at the time it did
            db.execute("UPDATE sessions SET consent_given=?, consent_at=? WHERE code=?",
                       (int(data.get("given") is True), consent_time(data, wall), code))
        for hook in self.hooks:
            hook(db, code, seq, wall, name, data)

    def add_note(self, code: str, kind: str, prompt: str, text: str) -> float:
        wall = self.now()
        self._write("INSERT INTO notes(session, wall, kind, prompt, text) VALUES (?,?,?,?,?)",
                    (code, wall, kind, prompt, text))
        return wall

    def add_command(self, code: str, cmd_id: str, kind: str, arg: Any) -> None:
        self._write("INSERT INTO commands(session, wall, cmd_id, kind, arg) VALUES (?,?,?,?,?)",
                    (code, self.now(), cmd_id, kind, json.dumps(arg)))

    def command_result(self, code: str, cmd_id: str, ok: bool, error: str | None) -> None:
        """A command's result; a calm place request that applied is a comfort event (one refused is not)."""
        with self.db.transaction() as db:
            db.execute("UPDATE commands SET ok=?, error=? WHERE session=? AND cmd_id=?",
                       (int(ok), error, code, cmd_id))
            rows = db.query("SELECT kind FROM commands WHERE session=? AND cmd_id=?", (code, cmd_id)) if ok else []
            if any(r["kind"] == "calm" for r in rows):
                db.execute("INSERT INTO comfort(session, wall, kind, source, detail) VALUES (?,?,?,?,?)",
                           (code, self.now(), "calm_requested", "console", ""))

    def add_frames(self, code: str, fps: float, p50: float, p99: float, missed: int, hist: list[int]) -> None:
        summary = {"fps": fps, "frame_ms_p50": p50, "frame_ms_p99": p99, "missed_frames": missed}
        with self.db.transaction() as db:
            db.execute("INSERT INTO frames(session, wall, fps, p50, p99, missed, hist) VALUES (?,?,?,?,?,?,?)",
                       (code, self.now(), fps, p50, p99, missed, json.dumps(hist)))
            db.execute("UPDATE sessions SET frame_stats=? WHERE code=?", (json.dumps(summary), code))

    # -- reads ----------------------------------------------------------
    def sessions(self) -> list[dict[str, Any]]:
        """Every session row, ``frame_stats`` decoded."""
        out = self._query("SELECT * FROM sessions ORDER BY created")
        for r in out:
            r["frame_stats"] = _json_object(r["frame_stats"])
        return out

    def session(self, code: str) -> dict[str, Any] | None:
        rows = self._query("SELECT * FROM sessions WHERE code=?", code)
        return dict(rows[0]) if rows else None

    def rows(self, table: str, code: str) -> list[dict[str, Any]]:
        """All rows of ``table`` for one session, in order."""
        if table not in TABLES:
            raise ValueError(f"no table {table!r}")
        key = "code" if table == "sessions" else "session"
        order = "seq" if table in ("events", "checkins") else ("code" if table == "sessions" else "id")
        return self._query(f"SELECT * FROM {table} WHERE {key}=? ORDER BY {order}", code)

    def record(self, code: str) -> dict[str, Any] | None:
        """The whole anonymous record of one session (the JSON export)."""
        s = self.session(code)
        if s is None:
            return None
        out: dict[str, Any] = {"session": s}
        s["frame_stats"] = _json_object(s["frame_stats"])
        for table in TABLES[1:]:
            rows = self.rows(table, code)
            for r in rows:
                r.pop("session", None)
                for k in ("data", "hist", "arg", "value"):
                    if isinstance(r.get(k), str):
                        try:
                            r[k] = json.loads(r[k])
                        except ValueError:
                            pass
            out[table] = rows
        return out


def _json_object(text: Any) -> dict[str, Any]:
    try:
        v = json.loads(text or "{}")
    except (TypeError, ValueError):
        return {}
    return v if isinstance(v, dict) else {}


def consent_time(data: dict[str, Any], fallback: float) -> float:
    """When the headset accepted consent (its ``at``), or ``fallback`` when it sent none."""
    at = data.get("at")
    if isinstance(at, int | float) and not isinstance(at, bool) and math.isfinite(at) and at > 0:
        return float(at)
    return fallback
