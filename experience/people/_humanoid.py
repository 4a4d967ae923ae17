"""glTF/VRM humanoids (placeholder while the figures are built)."""

from __future__ import annotations

from pathlib import Path


def model_problems(path: Path) -> list[tuple[str, str]]:
    return []
