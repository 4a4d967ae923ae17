"""A hub with a file-backed record for the evaluation's browser tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator import HubHandle, start_background_hub


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubHandle]:
    h = start_background_hub("127.0.0.1", 0, tmp_path / "hub.sqlite3")
    try:
        yield h
    finally:
        h.stop()
