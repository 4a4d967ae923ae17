"""One field of a content file's format: the definition the readers and the JSON Schemas share.

Each area lists its fields in a ``fields`` module (``experience.narrative.fields``,
``experience.scene.fields``); its reader takes allowed keys, required keys, choices
and number ranges from there, and :mod:`experience.schemas` writes the editors'
JSON Schemas from the same tables.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One key of a mapping in a content file (``type``: see the area's ``fields`` module)."""

    type: str
    doc: str
    lo: float | None = None
    hi: float | None = None
    enum: tuple[str, ...] = ()
    required: bool = False

    @property
    def range(self) -> tuple[float, float]:
        """``(lo, hi)`` for the parser's number reads."""
        return (float("-inf") if self.lo is None else self.lo, float("inf") if self.hi is None else self.hi)
