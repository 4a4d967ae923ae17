"""Fixtures for the headset simulator tests: build, environment, GL context."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from experience import xrsim

from ._client import Client
from ._egl import EglContext


@pytest.fixture(scope="session")
def xrsim_manifest() -> Path:
    """Builds the runtime once per test run (a no-op when it is up to date)."""
    return xrsim.build()


@pytest.fixture(scope="session")
def egl() -> Iterator[EglContext]:
    ctx = EglContext()
    yield ctx
    ctx.close()


@pytest.fixture
def sim(xrsim_manifest: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> Callable[..., xrsim.Simulator]:
    """Returns a factory: ``sim(**options)`` configures a run and exports its environment."""

    def make(**options: Any) -> xrsim.Simulator:
        options.setdefault("pacing", "free")
        options.setdefault("eye_size", (64, 48))
        s = xrsim.Simulator(tmp_path / "xrsim", **options)
        for key, value in s.env().items():
            monkeypatch.setenv(key, value)
        return s

    return make


@pytest.fixture
def client(egl: EglContext) -> Iterator[Callable[..., Client]]:
    """Returns a factory of plain pyopenxr clients; all are closed at teardown."""
    made: list[Client] = []

    def make(**kwargs: Any) -> Client:
        c = Client(egl, **kwargs)
        made.append(c)
        return c

    yield make
    for c in made:
        c.close()
