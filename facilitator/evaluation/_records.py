"""Workshops and questionnaire answers in the record (same database as the sessions).

A workshop is one room's evaluation: its questionnaire, which phase is open and
the short key of its phone link. Answers are stored one row per item, keyed by
(submission, seq): a page that sends the same submission twice, or a headset
event resent after a reconnect, is stored once. Nothing identifies a person:
``participant`` is a self-made code or a headset session code.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .._db import Database

KEY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
KEY_LEN = 6
SOURCES = ("phone", "tablet", "headset")


def new_key() -> str:
    """A short, unambiguous key for a workshop's phone link (31^6 ≈ 887 million)."""
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LEN))


@dataclass(frozen=True)
class Filter:
    """Which workshops a campaign report covers (empty fields match everything)."""

    organisation: str = ""
    experience: str = ""
    questionnaire: str = ""
    since: float | None = None
    until: float | None = None
    workshops: tuple[str, ...] = ()


class EvaluationRecords:
    """Reads and writes of workshops and answers.

    Args:
        db: the record's database (shared with :class:`~facilitator.Store`).
        now: wall-clock function.
    """

    def __init__(self, db: Database, now: Callable[[], float] = time.time) -> None:
        self.db = db
        self.now = now

    def new_workshop(self, organisation: str, label: str, experience: str, questionnaire: str) -> dict[str, Any]:
        """Create a workshop (phase closed) and return it."""
        created = self.now()
        day = time.strftime("%Y%m%d", time.localtime(created))
        for _ in range(20):
            key = new_key()
            wid = f"W-{day}-{key}"
            try:
                with self.db.transaction() as db:
                    if db.query("SELECT 1 AS x FROM workshops WHERE survey_key=? OR id=?", (key, wid)):
                        continue
                    db.execute("INSERT INTO workshops (id, created, organisation, label, experience, questionnaire, "
                               "survey_key) VALUES (?,?,?,?,?,?,?)",
                               (wid, created, organisation[:200], label[:200], experience[:100],
                                questionnaire[:100], key))
            except Exception:  # a key taken by another hub at the same instant: try another
                if self.db.query("SELECT 1 AS x FROM workshops WHERE survey_key=?", (key,)):
                    continue
                raise
            found = self.workshop(wid)
            assert found is not None
            return found
        raise RuntimeError("no free workshop key")  # pragma: no cover - 20 collisions in 887 million

    def workshop(self, wid: str) -> dict[str, Any] | None:
        rows = self.db.query("SELECT * FROM workshops WHERE id=?", (wid,))
        return rows[0] if rows else None

    def by_key(self, key: str) -> dict[str, Any] | None:
        rows = self.db.query("SELECT * FROM workshops WHERE survey_key=?", (key.upper(),))
        return rows[0] if rows else None

    def workshops(self, f: Filter = Filter()) -> list[dict[str, Any]]:
        """Workshops matching ``f``, oldest first."""
        sql, params = "SELECT * FROM workshops WHERE 1=1", []
        for col in ("organisation", "experience", "questionnaire"):
            if getattr(f, col):
                sql += f" AND {col}=?"
                params.append(getattr(f, col))
        if f.since is not None:
            sql += " AND created>=?"
            params.append(f.since)
        if f.until is not None:
            sql += " AND created<?"
            params.append(f.until)
        rows = self.db.query(sql + " ORDER BY created, id", params)
        return [r for r in rows if not f.workshops or r["id"] in f.workshops]

    def set_phase(self, wid: str, phase: str) -> None:
        """Open ``phase`` for answers ('' closes the questionnaire)."""
        with self.db.transaction() as db:
            db.execute("UPDATE workshops SET phase=?, phase_at=? WHERE id=?", (phase, self.now(), wid))

    def add_answers(self, workshop: str, submission: str, participant: str, phase: str, questionnaire: str,
                    version: int, locale: str, source: str, answers: Sequence[tuple[str, Any]]) -> int:
        """Store one submission's answers ``(item, value)``; returns how many rows were new."""
        wall = self.now()
        fresh = 0
        with self.db.transaction() as db:
            for seq, (item, value) in enumerate(answers, 1):
                fresh += db.execute(
                    "INSERT INTO responses (submission, seq, workshop, participant, phase, questionnaire, version, "
                    "locale, item, value, wall, source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                    (submission, seq, workshop, participant, phase, questionnaire, version, locale, item,
                     json.dumps(value), wall, source))
        return fresh

    def add_decline(self, submission: str, workshop: str, phase: str, source: str) -> bool:
        """Count one person who declined the evaluation (nothing else about them is kept)."""
        with self.db.transaction() as db:
            return db.execute("INSERT INTO declines (submission, workshop, phase, wall, source) VALUES (?,?,?,?,?) "
                              "ON CONFLICT DO NOTHING", (submission, workshop, phase, self.now(), source)) == 1

    def responses(self, workshops: Sequence[str]) -> list[dict[str, Any]]:
        """Every answer row of these workshops (``value`` decoded), in the order given."""
        out: list[dict[str, Any]] = []
        for wid in workshops:
            rows = self.db.query("SELECT * FROM responses WHERE workshop=? ORDER BY wall, submission, seq", (wid,))
            for r in rows:
                r["value"] = json.loads(r["value"])
            out += rows
        return out

    def declines(self, workshops: Sequence[str]) -> dict[tuple[str, str], int]:
        """(workshop, phase) -> how many people declined."""
        out: dict[tuple[str, str], int] = {}
        for wid in workshops:
            for r in self.db.query("SELECT phase, COUNT(*) AS n FROM declines WHERE workshop=? GROUP BY phase",
                                   (wid,)):
                out[(wid, str(r["phase"]))] = int(r["n"])
        return out
