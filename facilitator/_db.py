"""One database interface for the record: SQLite (a file) or PostgreSQL (a server).

The record's SQL is written once, with ``?`` placeholders and the subset both
engines share (``INSERT ... ON CONFLICT``, ``excluded.``); :class:`Database`
adapts placeholders for PostgreSQL. Transactions are explicit: every write is
its own committed transaction, so nothing acknowledged is lost in a crash.

PostgreSQL needs the optional extra ``empathy-vr[postgresql]`` (psycopg 3).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class RecordsError(Exception):
    """The record database cannot be opened or used (one line, for the user)."""


def is_url(target: str | Path) -> bool:
    """Whether ``target`` names a PostgreSQL server rather than a SQLite file."""
    return str(target).startswith(("postgresql://", "postgres://"))


def redact(target: str | Path) -> str:
    """The database's name for messages: a URL without its password."""
    text = str(target)
    if not is_url(text) or "@" not in text:
        return text
    scheme, rest = text.split("://", 1)
    cred, host = rest.rsplit("@", 1)
    return f"{scheme}://{cred.split(':', 1)[0]}:***@{host}" if ":" in cred else text


class Database:
    """A connection with one lock; ``dialect`` is ``sqlite`` or ``postgresql``."""

    dialect = "sqlite"

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self.lock = threading.RLock()

    def sql(self, text: str) -> str:
        """The engine's spelling of a statement written with ``?`` placeholders."""
        return text

    def execute(self, text: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns the number of rows it changed."""
        with self.lock:
            cur = self._conn.execute(self.sql(text), tuple(params))
            return int(cur.rowcount)

    def query(self, text: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a query as dicts."""
        with self.lock:
            cur = self._conn.execute(self.sql(text), tuple(params))
            names = [d[0] for d in cur.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """A write transaction: committed on success, rolled back on any error."""
        with self.lock:
            self._begin()
            try:
                yield self
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _begin(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def lock_schema(self) -> None:
        """Inside a transaction: keep other hubs out while the schema is migrated."""

    def tables(self) -> set[str]:
        rows = self.query("SELECT name FROM sqlite_master WHERE type='table'")
        return {str(r["name"]) for r in rows}

    def close(self) -> None:
        with self.lock:
            self._conn.close()


class SQLiteDatabase(Database):
    """A SQLite file in WAL mode with ``synchronous=FULL``."""

    def __init__(self, path: str | Path) -> None:
        conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=5000")
        super().__init__(conn)


class PostgresDatabase(Database):
    """A PostgreSQL connection (psycopg 3), autocommit with explicit transactions."""

    dialect = "postgresql"
    SCHEMA_LOCK = 7_310_417
    """Advisory lock key held while a hub migrates the schema."""

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError:
            raise RecordsError("--records postgresql://... needs the PostgreSQL driver: "
                               "pip install 'empathy-vr[postgresql]' (psycopg)") from None
        try:
            conn = psycopg.connect(url, autocommit=True, connect_timeout=10, application_name="empathy-vr hub")
        except psycopg.Error as exc:
            raise RecordsError(f"cannot connect to {redact(url)}: {str(exc).strip().splitlines()[0]}") from None
        super().__init__(conn)

    def sql(self, text: str) -> str:
        return text.replace("%", "%%").replace("?", "%s")

    def _begin(self) -> None:
        self._conn.execute("BEGIN")

    def lock_schema(self) -> None:
        self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (self.SCHEMA_LOCK,))

    def tables(self) -> set[str]:
        rows = self.query("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = "
                          "current_schema()")
        return {str(r["name"]) for r in rows}


def open_database(target: str | Path) -> Database:
    """Open the record: a PostgreSQL URL, or a SQLite file path (``:memory:`` for tests).

    Raises:
        RecordsError: the driver is missing or the server cannot be reached.
        sqlite3.Error, OSError: the SQLite file cannot be opened.
    """
    if is_url(target):
        return PostgresDatabase(str(target))
    return SQLiteDatabase(target)
