"""The ``console`` subcommand: run a hub alone for a workshop room."""

from __future__ import annotations

import argparse
import threading

from experience.command import Command
from experience.errors import UsageError

from ._cli import RecordError, announce, default_db_path, start_local_hub
from ._db import redact


def _add(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lan", action="store_true",
                   help="accept headsets and tablets on the local network (binds 0.0.0.0; the token is required)")
    p.add_argument("--port", type=int, default=8765, metavar="N", help="TCP port (default 8765)")
    p.add_argument("--records", "--db", dest="db", default=None, metavar="PATH_OR_URL",
                   help=f"the record: a SQLite file (default {default_db_path()}) or postgresql://user@host/db "
                   "for one record shared by an organisation's rooms (needs empathy-vr[postgresql])")
    p.add_argument("--organisation", default="", metavar="NAME",
                   help="the organisation this room's workshops belong to (campaign reports filter by it)")
    p.add_argument("--no-qr", action="store_true", help="do not print the QR code")
    p.add_argument("--new-token", action="store_true",
                   help="make a new token (by default a restarted hub keeps its token, in a private file "
                   "next to its --db, so headsets reconnect by themselves)")


def _run(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be 0..65535, got {args.port}")
    db = args.db or str(default_db_path())
    with _StopSignals("hub") as stop:  # listening before the address is shown, so any stop after it counts
        try:
            from experience.content import ContentRoot

            hub = start_local_hub(args.port, db, lan=args.lan, fallback=False, keep_token=True,
                                  rotate_token=args.new_token, content=ContentRoot.find(args.content),
                                  organisation=args.organisation[:200])
        except RecordError as exc:
            raise UsageError(str(exc)) from None
        except OSError as exc:
            raise UsageError(f"cannot listen on port {args.port}: {exc.strerror or exc}") from None
        try:
            announce(hub, qr=not args.no_qr)
            print(f"  records: {redact(db)}   (Ctrl+C stops the hub)", flush=True)
            stop.wait()
        finally:
            hub.stop()
    return 0


class _StopSignals:
    """Ctrl+C, or the system's stop (SIGTERM from a service manager, SIGHUP, a closed console
    window on Windows), caught from ``with`` on, so a server ends as cleanly as Ctrl+C ends it
    even when the stop comes the moment its address is printed."""

    def __init__(self, what: str) -> None:
        from experience.host import StopHandlers

        self._what = what
        self._stopped = threading.Event()
        self._handlers = StopHandlers(self._on_stop)

    def _on_stop(self, why: str) -> None:  # a signal handler: hand the wake-up over from another thread
        print(f"stopping the {self._what}: {why}", flush=True)
        threading.Thread(target=self._stopped.set, daemon=True).start()

    def __enter__(self) -> _StopSignals:
        self._handlers.install()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._handlers.uninstall()

    def wait(self) -> None:
        """Block until a stop comes."""
        try:
            self._stopped.wait()
        except KeyboardInterrupt:
            pass


def _add_record(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID", help="experience id: its lines are recorded in order")
    p.add_argument("--locale", default=None, help="record this locale's text (default: the narrative's first)")
    p.add_argument("--port", type=int, default=8766, metavar="N", help="TCP port on localhost (default 8766)")


def _record(args: argparse.Namespace) -> int:
    from experience.content import ContentRoot

    from ._booth import start_booth

    content = ContentRoot.find(args.content)
    if args.id not in content.experience_ids():
        raise UsageError(f"record: unknown experience {args.id!r} (known: {', '.join(content.experience_ids())})")
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be 0..65535, got {args.port}")
    with _StopSignals("recording booth") as stop:
        try:
            booth = start_booth(content, args.id, args.locale, args.port)
        except OSError as exc:
            raise UsageError(f"record: cannot listen on port {args.port}: {exc}") from None
        try:
            print(f"Recording booth for {args.id}: {booth.page_url}", flush=True)
            print("  open it in Chromium, Firefox or Edge on this machine; takes go to "
                  f"{content.audio / 'narration' / args.id}/   (Ctrl+C stops)", flush=True)
            stop.wait()
        finally:
            booth.stop()
    return 0


COMMANDS = (
    Command("console", "run the facilitator console hub alone for a workshop room", _add, _run),
    Command("record", "recording booth: a browser page to record each line of ID with a real voice",
            _add_record, _record),
)
