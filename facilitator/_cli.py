"""Starting a hub from the command line: URL, token and a terminal QR code."""

from __future__ import annotations

import os
import socket
import sqlite3
import sys
from pathlib import Path
from typing import TextIO

from ._auth import new_token
from ._server import HubHandle, start_background_hub
from ._storage import Store


class RecordError(Exception):
    """The session record database cannot be opened (one line, for the user)."""


def default_db_path() -> Path:
    """Where session records live: ``$XDG_DATA_HOME/empathy-vr/console.sqlite3``."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "empathy-vr" / "console.sqlite3"


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


def start_local_hub(port: int, db_path: str | Path, lan: bool = False, fallback: bool = True,
                    keep_token: bool = False) -> HubHandle:
    """Start a hub on ``port`` (or any free port when that one is taken and ``fallback``).

    With ``keep_token`` the token is kept in the record database and reused when
    the hub restarts on it, so headsets reconnect by themselves after a crash.
    """
    token = None
    try:
        if str(db_path) != ":memory:":
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        store = Store(db_path)
        try:
            if keep_token:
                token = store.meta("token") or new_token()
                store.set_meta("token", token)
        finally:
            store.close()
    except (OSError, sqlite3.Error) as exc:
        raise RecordError(f"cannot open the session record {db_path}: {exc}") from None
    host = "0.0.0.0" if lan else "127.0.0.1"
    try:
        hub = start_background_hub(host, port, db_path, token=token, lan=lan)
    except OSError:
        if not fallback:
            raise
        hub = start_background_hub(host, 0, db_path, token=token, lan=lan)
    if lan:
        hub.url = f"http://{lan_address()}:{hub.port}/"
    return hub


def announce(hub: HubHandle, out: TextIO | None = None, qr: bool = True) -> None:
    """Print the console's address, token and (for a tablet) a QR code of the full URL."""
    out = out or sys.stderr
    print(f"Facilitator console: {hub.page_url}", file=out)
    print(f"  token: {hub.token}   (experiences join with --console {hub.ws_url} --token {hub.token})",
          file=out)
    if qr:
        try:
            import segno

            segno.make(hub.page_url, error="m").terminal(out=out, compact=True)
        except Exception:  # a QR code is a convenience; never fail a start for it
            pass
    out.flush()
