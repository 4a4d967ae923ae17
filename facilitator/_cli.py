"""Starting a hub from the command line: URL, token and a terminal QR code."""

from __future__ import annotations

import socket
import sqlite3
import sys
from pathlib import Path
from typing import Any, TextIO

from experience.host import data_dir

from ._auth import new_token
from ._db import RecordsError, is_url, redact
from ._private import make_private_dir, narrow, write_private
from ._server import HubHandle, start_background_hub
from ._storage import Store


class RecordError(Exception):
    """The session record database cannot be opened (one line, for the user)."""


def default_db_path() -> Path:
    """Where session records live: ``console.sqlite3`` in :func:`experience.host.data_dir`
    (``$XDG_DATA_HOME/empathy-vr``, or ``%LOCALAPPDATA%\\empathy-vr`` on Windows)."""
    return data_dir() / "console.sqlite3"


def lan_address() -> str:
    """This machine's address on the local network (no traffic is sent)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.connect(("10.255.255.255", 1))
        return str(s.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        s.close()


def token_path(db_path: str | Path) -> Path:
    """The room hub's token file, next to its record: ``<db>.token`` (0600, never in the record).

    For a PostgreSQL record it is in this user's data folder, one per server and database.
    """
    if is_url(db_path):
        import hashlib

        tag = hashlib.sha256(redact(db_path).encode()).hexdigest()[:12]
        return default_db_path().with_name(f"console-postgresql-{tag}.token")
    db = Path(db_path)
    return db.with_name(db.name + ".token")


def _kept_token(db_path: str | Path, legacy: str | None) -> str:
    """The token kept for this record (made once; an older version's token from the record moves here)."""
    path = token_path(db_path)
    try:
        narrow(path)
        token = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        token = ""
    if not token:
        token = legacy or new_token()
        write_private(path, token + "\n")
    return token


def open_record(db_path: str | Path, keep_token: bool = False, rotate_token: bool = False) -> str | None:
    """Make the record's folder and database private and usable; returns the kept token (or None).

    Args:
        db_path: the SQLite file.
        keep_token: read (or make) the token kept next to the record.
        rotate_token: forget the kept token first (``console --new-token``).

    Raises:
        RecordError: the folder or database cannot be made or opened (one line for the user).
    """
    token = None
    try:
        if str(db_path) != ":memory:":
            parent = token_path(db_path).parent if is_url(db_path) else Path(db_path).parent
            make_private_dir(parent, tighten=parent == default_db_path().parent)
        store = Store(db_path)
        try:
            if keep_token:
                if rotate_token:
                    token_path(db_path).unlink(missing_ok=True)
                token = _kept_token(db_path, None if rotate_token else store.legacy_token)
        finally:
            store.close()
    except RecordsError as exc:
        raise RecordError(str(exc)) from None
    except (OSError, sqlite3.Error) as exc:
        raise RecordError(f"cannot open the session record {redact(db_path)}: {exc}") from None
    return token


def start_local_hub(port: int, db_path: str | Path, lan: bool = False, fallback: bool = True,
                    keep_token: bool = False, rotate_token: bool = False, content: Any = None,
                    organisation: str = "") -> HubHandle:
    """Start a hub on ``port`` (or any free port when that one is taken and ``fallback``).

    With ``keep_token`` the token is kept in a private file next to the record
    (:func:`token_path`) and reused when the hub restarts on it, so headsets
    reconnect by themselves after a crash; ``rotate_token`` makes a new one.

    Raises:
        RecordError: the record cannot be opened.
        OSError: the port cannot be bound (and no ``fallback``).
    """
    token = open_record(db_path, keep_token, rotate_token)
    host = "0.0.0.0" if lan else "127.0.0.1"
    try:
        hub = start_background_hub(host, port, db_path, token=token, lan=lan, content=content,
                                   organisation=organisation)
    except OSError:
        if not fallback:
            raise
        hub = start_background_hub(host, 0, db_path, token=token, lan=lan, content=content,
                                   organisation=organisation)
    if lan:
        hub.url = f"http://{lan_address()}:{hub.port}/"
        hub.hub.workshop.public_url = hub.url
    return hub


def announce(hub: HubHandle, out: TextIO | None = None, qr: bool = True) -> None:
    """Print the console's address, token and (for a tablet) a QR code of the full URL."""
    out = out or sys.stderr
    print(f"Facilitator console: {hub.page_url}", file=out)
    print(f"  token: {hub.token}   (experiences join with --console {hub.ws_url} --token={hub.token})",
          file=out)
    if qr and _can_print(out, "\u2588\u2580\u2584"):
        try:
            import segno

            segno.make(hub.page_url, error="m").terminal(out=out, compact=True)
        except Exception:  # a QR code is a convenience; never fail a start for it
            pass
    out.flush()


def _can_print(out: TextIO, text: str) -> bool:
    """Whether ``out`` can show ``text`` (a QR code's block characters need UTF-8 or a Windows console)."""
    try:
        text.encode(getattr(out, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True
