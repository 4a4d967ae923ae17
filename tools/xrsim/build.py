#!/usr/bin/env python3
"""Builds the xrsim OpenXR runtime: build/libxrsim.so and build/xrsim.json.

Compiles src/*.c with the system C compiler (``$CC`` or ``cc``). Does nothing
when the library is newer than every source file and the manifest points at
it. Needs the OpenXR headers (Debian: libopenxr-dev); zlib is used for PNG
compression when its header is present.

With ``--sanitize`` it builds an AddressSanitizer/UBSan variant into
build/asan/ instead (run the client with
``LD_PRELOAD=$(cc -print-file-name=libasan.so)``).

Usage: python tools/xrsim/build.py [--force] [--quiet] [--sanitize]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
BUILD = HERE / "build"
TEMPLATE = HERE / "xrsim.json.in"
FLAGS = ["-std=c11", "-D_GNU_SOURCE", "-O2", "-g", "-fPIC", "-Wall", "-Wextra", "-Wpedantic",
         "-Wshadow", "-Wstrict-prototypes", "-Wmissing-prototypes", "-fvisibility=hidden",
         "-shared"]


def _sources() -> list[Path]:
    return sorted(SRC.glob("*.c")) + sorted(SRC.glob("*.h")) + [TEMPLATE, Path(__file__)]


SANITIZE = ["-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-O1"]


def _outputs(sanitize: bool) -> tuple[Path, Path]:
    folder = BUILD / "asan" if sanitize else BUILD
    return folder / "libxrsim.so", folder / "xrsim.json"


def _up_to_date(sanitize: bool = False) -> bool:
    lib, manifest = _outputs(sanitize)
    if not lib.exists() or not manifest.exists():
        return False
    built = lib.stat().st_mtime
    if any(p.stat().st_mtime > built for p in _sources()):
        return False
    try:
        data = json.loads(manifest.read_text())
    except (OSError, ValueError):
        return False
    return bool(data.get("runtime", {}).get("library_path") == str(lib))


def _has_header(cc: str, header: str) -> bool:
    probe = subprocess.run([cc, "-E", "-x", "c", "-"], input=f"#include <{header}>\n",
                           capture_output=True, text=True)
    return probe.returncode == 0


def build(force: bool = False, quiet: bool = False, sanitize: bool = False) -> Path:
    """Builds when needed and returns the manifest path."""
    lib, manifest = _outputs(sanitize)
    if not force and _up_to_date(sanitize):
        return manifest
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not cc:
        raise RuntimeError("no C compiler found (install gcc)")
    if not _has_header(cc, "openxr/openxr.h"):
        raise RuntimeError("OpenXR headers missing (Debian: apt-get install libopenxr-dev)")
    lib.parent.mkdir(parents=True, exist_ok=True)
    flags = list(FLAGS) + (SANITIZE if sanitize else [])
    # nodelete: the loader unloads the runtime at xrDestroyInstance; the run's state
    # (timeline, control file offset, report) must outlive an app's restart.
    libs = ["-ldl", "-lm", "-lpthread", "-Wl,-z,nodelete"]
    if _has_header(cc, "zlib.h"):
        flags.append("-DXRSIM_HAVE_ZLIB")
        libs.append("-lz")
    objdir = lib.parent / f"obj.{os.getpid()}"  # private: concurrent builds must not collide
    objdir.mkdir(exist_ok=True)
    sources = sorted(SRC.glob("*.c"))
    compile_flags = [f for f in flags if f != "-shared"]

    def compile_one(src: Path) -> subprocess.CompletedProcess[str]:
        obj = objdir / (src.stem + ".o")
        cmd = [cc, *compile_flags, "-c", "-o", str(obj), str(src)]
        if not quiet:
            print(" ".join(cmd), file=sys.stderr)
        return subprocess.run(cmd, capture_output=True, text=True)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(compile_one, sources))
    tmp = lib.with_name(f"{lib.name}.{os.getpid()}.tmp")
    objects = [str(objdir / (src.stem + ".o")) for src in sources]
    results.append(subprocess.run([cc, *flags, "-o", str(tmp), *objects, *libs],
                                  capture_output=True, text=True))
    shutil.rmtree(objdir, ignore_errors=True)
    errors = "".join(r.stderr for r in results)
    if any(r.returncode != 0 for r in results):
        raise RuntimeError(f"xrsim build failed:\n{errors}")
    if errors and not quiet:
        print(errors, file=sys.stderr)
    tmp.replace(lib)
    text = TEMPLATE.read_text().replace("@LIBRARY_PATH@", str(lib))
    tmp_manifest = manifest.with_name(f"{manifest.name}.{os.getpid()}.tmp")
    tmp_manifest.write_text(text)
    tmp_manifest.replace(manifest)
    return manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.add_argument("--sanitize", action="store_true",
                        help="AddressSanitizer + UBSan variant in build/asan/")
    args = parser.parse_args()
    try:
        path = build(force=args.force, quiet=args.quiet, sanitize=args.sanitize)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
