"""Fixtures for console tests: a hub on a background thread with a file-backed record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator import HubHandle, start_background_hub


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "hub.sqlite3"


@pytest.fixture
def hub(db_path: Path) -> Iterator[HubHandle]:
    h = start_background_hub("127.0.0.1", 0, db_path)
    try:
        yield h
    finally:
        h.stop()
