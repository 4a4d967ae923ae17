"""Diagnostics for authors and users: ``path:line:col: severity: message``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a content or config file (line and col are 1-based)."""

    path: str
    line: int
    col: int
    severity: str  # "error" | "warning"
    message: str
    hint: str = ""

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class ContentError(Exception):
    """Content could not be loaded; carries the diagnostics that say why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))


class UsageError(Exception):
    """A bad flag or configuration value: one line, exit status 2."""


def display_path(path: Path | str) -> str:
    """A path as shown in diagnostics: relative to the working directory when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
