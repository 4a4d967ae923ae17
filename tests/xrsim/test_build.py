"""The runtime's build: manifest, exported symbols, warning-free C."""

from __future__ import annotations

import ctypes
import json
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from experience import xrsim

SRC = Path(xrsim.BUILD_SCRIPT).parent / "src"


def test_manifest_and_exports(xrsim_manifest):
    assert xrsim.build() == xrsim_manifest  # up to date: no rebuild, same manifest
    runtime = json.loads(xrsim_manifest.read_text())["runtime"]
    lib_path = Path(runtime["library_path"])
    assert lib_path.is_absolute() and lib_path.exists()
    lib = ctypes.CDLL(str(lib_path))
    assert lib.xrNegotiateLoaderRuntimeInterface  # the loader's entry point
    for hidden in ("xs_fail", "xrCreateInstance", "xrGetInstanceProcAddr"):
        with pytest.raises(AttributeError):
            getattr(lib, hidden)  # everything else is reached through xrGetInstanceProcAddr


def test_c_sources_compile_without_warnings():
    cc = shutil.which("cc") or shutil.which("gcc")
    assert cc, "a C compiler is needed to build the simulator"
    flags = ["-std=c11", "-D_GNU_SOURCE", "-Wall", "-Wextra", "-Wpedantic", "-Wshadow",
             "-Wstrict-prototypes", "-Wmissing-prototypes", "-fsyntax-only"]

    def check(src: Path) -> str:
        done = subprocess.run([cc, *flags, str(src)], capture_output=True, text=True)
        return done.stderr

    with ThreadPoolExecutor(max_workers=4) as pool:
        messages = "".join(pool.map(check, sorted(SRC.glob("*.c"))))
    assert messages == ""
