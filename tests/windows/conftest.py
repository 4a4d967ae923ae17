"""Fixtures for the Windows build: the zip (built once, cached), its unpacked copy, Wine."""

from __future__ import annotations

import importlib.util
import platform
import shutil
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools" / "windows"
NEEDED_GB = 2.0
"""Build (about 350 MB with its wheel cache), Wine itself, a prefix (700 MB), an unpacked copy (250 MB)."""


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"windows_{name}", TOOLS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


build_tool = _load("build")
wine_tool = _load("wine")


def _skip_unless_possible() -> None:
    if sys.platform != "linux" or platform.machine() not in ("x86_64", "AMD64"):
        pytest.skip("the Windows build is made and smoke-tested on Linux x86-64")
    free_gb = shutil.disk_usage(ROOT).free / 1e9
    if free_gb < NEEDED_GB:
        pytest.skip(f"disk short: {free_gb:.1f} GB free, the Windows build and its Wine test need about {NEEDED_GB} GB")


@pytest.fixture(scope="session")
def windows_zip() -> Path:
    """The distribution zip, built by tools/windows/build.py (a no-op when it is up to date)."""
    _skip_unless_possible()
    try:
        return Path(build_tool.build(quiet=True))
    except build_tool.BuildError as exc:
        pytest.skip(f"the Windows build can't be made here: {exc}")


@pytest.fixture(scope="session")
def unpacked(windows_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip unpacked as a facilitator would: returns the folder holding empathy-vr.exe."""
    dest = tmp_path_factory.mktemp("windows")
    with zipfile.ZipFile(windows_zip) as z:
        z.extractall(dest)
    return dest / "empathy-vr"


@pytest.fixture(scope="session")
def wine() -> Iterator[dict[str, str]]:
    """Wine's environment for the build: a prefix (made once, cached in build/) and an X server."""
    _skip_unless_possible()
    try:
        wine_tool.find_wine()
        prefix = wine_tool.ensure_prefix()
    except wine_tool.WineError as exc:
        pytest.skip(str(exc))
    with wine_tool.xvfb() as display:
        try:
            yield wine_tool.env(prefix, display)
        finally:
            wine_tool.stop_server(prefix)
