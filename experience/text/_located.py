"""Reading a content file as located YAML, with one diagnostic instead of an exception."""

from __future__ import annotations

from pathlib import Path

from ..errors import Diagnostic, display_path
from ._yaml import YamlProblem, YamlValue, load_located, read_text


def read_located(path: str | Path, text: str | None = None,
                 what: str = "narratives") -> tuple[YamlValue, list[Diagnostic]]:
    """Read a content file as located YAML; returns ``(value, [])`` or ``(None, diagnostics)``, never raises."""
    p = Path(path)
    shown = display_path(p)
    if text is None:
        try:
            data = p.read_bytes()
        except OSError as exc:
            return None, [Diagnostic(shown, 1, 1, "error", f"cannot read the file: {exc.strerror or exc}")]
        text, problem = read_text(data)
        if text is None:
            return None, [Diagnostic(shown, 1, 1, "error", problem, f"{what} are UTF-8 YAML text files")]
    try:
        return load_located(text), []
    except YamlProblem as exc:
        return None, [Diagnostic(shown, exc.pos[0], exc.pos[1], "error", exc.message, exc.hint or
                                 "check indentation and quotes near this spot; text with ':' needs quotes")]
    except RecursionError:
        return None, [Diagnostic(shown, 1, 1, "error", "the YAML is nested too deeply")]
