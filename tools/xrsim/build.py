#!/usr/bin/env python3
"""Builds the xrsim OpenXR runtime: build/libxrsim.so and build/xrsim.json.

Compiles src/*.c with the system C compiler (``$CC`` or ``cc``). Does nothing
when the library is newer than every source file and the manifest points at
it. Needs the OpenXR headers (Debian: libopenxr-dev); zlib is used for PNG
compression when its header is present.

Usage: python tools/xrsim/build.py [--force] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
BUILD = HERE / "build"
LIB = BUILD / "libxrsim.so"
MANIFEST = BUILD / "xrsim.json"
TEMPLATE = HERE / "xrsim.json.in"
FLAGS = ["-std=c11", "-D_GNU_SOURCE", "-O2", "-g", "-fPIC", "-Wall", "-Wextra",
         "-fvisibility=hidden", "-shared"]


def _sources() -> list[Path]:
    return sorted(SRC.glob("*.c")) + sorted(SRC.glob("*.h")) + [TEMPLATE, Path(__file__)]


def _up_to_date() -> bool:
    if not LIB.exists() or not MANIFEST.exists():
        return False
    built = LIB.stat().st_mtime
    if any(p.stat().st_mtime > built for p in _sources()):
        return False
    try:
        manifest = json.loads(MANIFEST.read_text())
    except (OSError, ValueError):
        return False
    return bool(manifest.get("runtime", {}).get("library_path") == str(LIB))


def _has_header(cc: str, header: str) -> bool:
    probe = subprocess.run([cc, "-E", "-x", "c", "-"], input=f"#include <{header}>\n",
                           capture_output=True, text=True)
    return probe.returncode == 0


def build(force: bool = False, quiet: bool = False) -> Path:
    """Builds when needed and returns the manifest path."""
    if not force and _up_to_date():
        return MANIFEST
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not cc:
        raise RuntimeError("no C compiler found (install gcc)")
    if not _has_header(cc, "openxr/openxr.h"):
        raise RuntimeError("OpenXR headers missing (Debian: apt-get install libopenxr-dev)")
    BUILD.mkdir(exist_ok=True)
    flags = list(FLAGS)
    libs = ["-ldl", "-lm", "-lpthread"]
    if _has_header(cc, "zlib.h"):
        flags.append("-DXRSIM_HAVE_ZLIB")
        libs.append("-lz")
    tmp = LIB.with_suffix(".so.tmp")
    cmd = [cc, *flags, "-o", str(tmp), *map(str, sorted(SRC.glob("*.c"))), *libs]
    if not quiet:
        print(" ".join(cmd), file=sys.stderr)
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"xrsim build failed:\n{result.stderr}")
    if result.stderr and not quiet:
        print(result.stderr, file=sys.stderr)
    tmp.replace(LIB)
    text = TEMPLATE.read_text().replace("@LIBRARY_PATH@", str(LIB))
    MANIFEST.write_text(text)
    return MANIFEST


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    args = parser.parse_args()
    try:
        path = build(force=args.force, quiet=args.quiet)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
