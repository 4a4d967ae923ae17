#!/usr/bin/env python3
"""Runs the Windows build under Wine on Linux: its prefix, its X server, its environment.

What a run needs, learnt the hard way (docs/windows.md, "Testing under Wine"):

* Debian installs ``wine64`` outside PATH; ``wine`` picks it for 64-bit programs.
* The frozen program fails with "Invalid handle" when its stdout or stderr is a
  file: give it pipes.
* Xvfb must run without MIT-SHM (``-extension MIT-SHM``), or Wine's OpenGL
  can't make the offscreen buffers Panda3D draws the eyes into.
* A crash would start winedbg, which waits until a time-out: it is turned off
  (``WINEDLLOVERRIDES=winedbg.exe=d``), and so are the Mono and Gecko installers
  a new prefix would otherwise offer.

Usage: python tools/windows/wine.py [EMPATHY-VR ARGS...]   (runs the last build's empathy-vr.exe)
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PREFIX = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "empathy-vr" / "wine-prefix"
"""Outside the checkout: a prefix links drive Z: to /, and tools that walk the tree following
links (setuptools' package discovery) would walk the whole disk through it."""
WINE_ENV = {
    "WINEDEBUG": "-all",
    "WINEDLLOVERRIDES": "winedbg.exe=d;mscoree,mshtml=",
    "WINEARCH": "win64",
}


class WineError(Exception):
    """Wine can't run here; the message says why in one line."""


def find_wine() -> str:
    """The ``wine`` launcher (Debian's ``wine64`` is not on PATH)."""
    exe = shutil.which("wine")
    if exe is None:
        raise WineError("Wine is not installed (Debian: apt-get install wine wine64; "
                        "scripts/bootstrap.sh test does it as root)")
    return exe


def windows_path(path: Path) -> str:
    """A Linux path as the Windows program sees it (Wine maps / to drive Z:)."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


def env(prefix: Path = PREFIX, display: str | None = None, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    out = {**os.environ, **WINE_ENV, "WINEPREFIX": str(prefix)}
    if display is not None:
        out["DISPLAY"] = display
    out.update(extra or {})
    return out


def ensure_prefix(prefix: Path = PREFIX, timeout: float = 300) -> Path:
    """Make the Wine prefix once (about 10 s and 700 MB); later runs reuse it."""
    if (prefix / "system.reg").is_file():
        return prefix
    prefix.parent.mkdir(parents=True, exist_ok=True)
    e = env(prefix)
    e.pop("DISPLAY", None)  # no dialogs while the prefix is made
    done = subprocess.run([find_wine(), "wineboot", "--init"], env=e, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)
    stop_server(prefix)
    if not (prefix / "system.reg").is_file():
        raise WineError(f"wineboot did not make a prefix in {prefix}: {done.stdout[-500:]}")
    return prefix


def stop_server(prefix: Path = PREFIX) -> None:
    """End the prefix's wineserver and the Windows services it started (no process is left behind)."""
    server = shutil.which("wineserver") or "/usr/lib/wine/wineserver64"
    if Path(server).exists() or shutil.which(server):
        subprocess.run([server, "-k"], env=env(prefix), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=60, check=False)


@contextmanager
def xvfb(size: str = "1280x800x24") -> Iterator[str]:
    """An X server for Wine (MIT-SHM off); yields its DISPLAY."""
    exe = shutil.which("Xvfb")
    if exe is None:
        raise WineError("Xvfb is not installed (apt-get install xvfb)")
    r, w = os.pipe()
    proc = subprocess.Popen([exe, "-displayfd", str(w), "-screen", "0", size, "-nolisten", "tcp",
                             "-extension", "MIT-SHM"], pass_fds=(w,), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.close(w)
    number = b""
    try:
        while not number.endswith(b"\n"):
            ready, _, _ = select.select([r], [], [], 30)
            chunk = os.read(r, 64) if ready else b""
            if not chunk:
                raise WineError("Xvfb did not report a display number within 30 s")
            number += chunk
        yield f":{number.decode().strip()}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        os.close(r)


def popen(exe: Path, args: list[str], environ: Mapping[str, str], cwd: Path | None = None) -> subprocess.Popen[str]:
    """Start ``exe`` under Wine with piped output (never files: see the module docstring)."""
    return subprocess.Popen([find_wine(), str(exe), *args], env=dict(environ), cwd=cwd or exe.parent,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, encoding="utf-8", errors="replace")


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE))
    import build

    exe = build.app_dir() / "empathy-vr.exe"
    if not exe.is_file():
        print(f"wine: no build at {exe}; run tools/windows/build.py first", file=sys.stderr)
        return 1
    try:
        ensure_prefix()
        display = os.environ.get("DISPLAY")
        if display:
            proc = popen(exe, argv, env(display=display))
            assert proc.stdout is not None
            for line in proc.stdout:
                sys.stderr.write(line)
            return proc.wait()
        with xvfb() as d:
            proc = popen(exe, argv, env(display=d))
            assert proc.stdout is not None
            for line in proc.stdout:
                sys.stderr.write(line)
            return proc.wait()
    except WineError as exc:
        print(f"wine: {exc}", file=sys.stderr)
        return 1
    finally:
        stop_server()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
