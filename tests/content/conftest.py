"""Shared helpers for the content tests: the bundled experiences as plain data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
NARRATIVES = ROOT / "narratives"
EXPERIENCES = ("voices", "grey", "crowd")
TUTORIAL = "tutorial"
PEARLS = ("reactions", "description", "analysis", "summary")
SCENE_IDS = {"workshop", "home", "office", "bus", "platform", "interview", "calm"}


def load(stem: str) -> dict[str, Any]:
    with open(NARRATIVES / f"{stem}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def steps(chapter: dict[str, Any], kind: str) -> list[Any]:
    """The values of every step of one kind in a chapter, in order."""
    return [v for s in chapter["steps"] for k, v in s.items() if k == kind]


def all_steps(doc: dict[str, Any], kind: str) -> list[Any]:
    return [v for c in doc["chapters"] for v in steps(c, kind)]


@pytest.fixture(params=EXPERIENCES)
def experience(request: pytest.FixtureRequest) -> dict[str, Any]:
    return load(request.param)


@pytest.fixture(params=(*EXPERIENCES, TUTORIAL))
def narrative(request: pytest.FixtureRequest) -> dict[str, Any]:
    return load(request.param)
