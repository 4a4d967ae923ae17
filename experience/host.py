"""The machine the app runs on: where its files are, where records go, how a stop arrives.

Linux, macOS and Windows differ here, and so does the frozen Windows build
(tools/windows) from a checkout; the rest of the code asks this module instead of
assuming one of them.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

log = logging.getLogger("empathy-vr")

FROZEN = bool(getattr(sys, "frozen", False))
"""True in the frozen build (Panda3D's deploy stub sets ``sys.frozen``)."""
WINDOWS = sys.platform == "win32"

APP_NAME = "empathy-vr"


def app_root() -> Path:
    """The folder holding the bundled content: the checkout, or the frozen program's folder."""
    if FROZEN:
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def data_dir(platform: str = sys.platform, environ: Mapping[str, str] = os.environ) -> Path:
    """Per-user folder for session records.

    Windows: ``%LOCALAPPDATA%\\empathy-vr`` (inside the user's profile, whose
    access list lets only that user, administrators and the system in). Elsewhere:
    ``$XDG_DATA_HOME/empathy-vr`` (default ``~/.local/share/empathy-vr``).
    """
    if platform == "win32":
        base = environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP_NAME
    return Path(environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / APP_NAME


def prepare_process() -> None:
    """Call first in ``main``: lets the frozen Windows program start its scene process.

    ``multiprocessing`` starts children by running ``sys.executable``, which in the
    frozen build is the program itself; ``freeze_support`` turns such a start
    into the child's work loop instead of a second app.
    """
    import multiprocessing

    multiprocessing.freeze_support()


StopCallback = Callable[[str], None]

# Windows console control events (wincon.h).
_CTRL_NAMES = {1: "Ctrl+Break", 2: "console window closed", 5: "logoff", 6: "shutdown"}
_CTRL_GRACE_S = 4.0
"""Windows ends the process about 5 s after a close/logoff/shutdown event: tidy up within that."""


class StopHandlers:
    """Turns the operating system's stop requests into one callback, ``on_stop(reason)``.

    POSIX: SIGTERM, SIGHUP (the terminal went away) and the first Ctrl+C (SIGINT:
    a second one is Python's KeyboardInterrupt again, for a run that does not
    stop). Windows has neither SIGHUP nor a catchable SIGTERM; there it is the
    console's control events: Ctrl+Break, the console window closed, logoff,
    shutdown, and Ctrl+C stays Python's KeyboardInterrupt. ``on_stop`` runs on whatever thread
    the system uses, so it should only post a request; call :meth:`finished`
    once the app has stopped, so a Windows close event waits for the tidy-up.
    """

    def __init__(self, on_stop: StopCallback) -> None:
        self._on_stop = on_stop
        self._done = threading.Event()
        self._previous: dict[int, object] = {}
        self._ctrl_handler: object = None

    def install(self) -> StopHandlers:
        if threading.current_thread() is not threading.main_thread():
            return self  # signal handlers can only be set from the main thread
        if WINDOWS:
            self._install_windows()
        else:
            for name in ("SIGTERM", "SIGHUP"):
                num = getattr(signal, name, None)
                if num is not None:
                    self._previous[num] = signal.signal(num, self._signal)
            if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when SIGINT is ignored
                self._previous[signal.SIGINT] = signal.signal(signal.SIGINT, self._interrupt)
        return self

    def _signal(self, signum: int, _frame: object) -> None:
        self._on_stop(signal.Signals(signum).name)

    def _interrupt(self, _signum: int, _frame: object) -> None:
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a second Ctrl+C interrupts at once
        self._on_stop("Ctrl+C")

    def _install_windows(self) -> None:
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        handler_type = ctypes.WINFUNCTYPE(wintypes.BOOL, wintypes.DWORD)  # type: ignore[attr-defined]

        def handler(event: int) -> bool:
            reason = _CTRL_NAMES.get(event)
            if reason is None:
                return False  # Ctrl+C: Python's own handler (KeyboardInterrupt)
            try:
                self._on_stop(reason)
            except Exception:
                return False
            if event != 1:  # close/logoff/shutdown: returning ends the process, so wait for the tidy-up
                self._done.wait(_CTRL_GRACE_S)
            return True

        self._ctrl_handler = handler_type(handler)  # keep a reference: the system calls it later
        kernel32.SetConsoleCtrlHandler.argtypes = [handler_type, wintypes.BOOL]
        if not kernel32.SetConsoleCtrlHandler(self._ctrl_handler, True):
            log.debug("console control handler not installed (error %d)", ctypes.get_last_error())  # type: ignore[attr-defined]
            self._ctrl_handler = None

    def finished(self) -> None:
        """The app has stopped: a waiting Windows close event may let the process end."""
        self._done.set()

    def uninstall(self) -> None:
        self.finished()
        for num, previous in self._previous.items():
            signal.signal(num, previous)  # type: ignore[arg-type]
        self._previous.clear()
        if self._ctrl_handler is not None:
            import ctypes

            ctypes.WinDLL("kernel32").SetConsoleCtrlHandler(self._ctrl_handler, False)  # type: ignore[attr-defined]
            self._ctrl_handler = None


def panda_filename(path: str | os.PathLike[str]) -> object:
    """A Panda3D ``Filename`` for an OS path (``C:\\...`` on Windows; Panda3D's own form is ``/c/...``)."""
    from panda3d.core import Filename

    fn = Filename.from_os_specific(os.fspath(path))
    return fn
