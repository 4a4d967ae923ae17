"""Typed reads from located YAML values, reporting problems as diagnostics."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable

from ..errors import Diagnostic
from ._yaml import LList, LMap, Pos, YamlValue

ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")


def type_name(value: YamlValue) -> str:
    """How a value's type is called in messages for writers."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def did_you_mean(word: str, options: Iterable[object]) -> str:
    """A 'did you mean' hint, or a list of the options."""
    opts = sorted(str(o) for o in options)
    close = difflib.get_close_matches(str(word), opts, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if not opts:
        return ""
    shown = ", ".join(opts[:12]) + (", ..." if len(opts) > 12 else "")
    return f"known: {shown}"


class Reader:
    """Collects diagnostics for one file while values are read from it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def report(self, pos: Pos, message: str, hint: str = "", severity: str = "error") -> None:
        self.diagnostics.append(Diagnostic(self.path, pos[0], pos[1], severity, message, hint))

    def warn(self, pos: Pos, message: str, hint: str = "") -> None:
        self.report(pos, message, hint, "warning")

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    # -- typed reads ------------------------------------------------------
    def mapping(self, value: YamlValue, pos: Pos, what: str, allowed: tuple[str, ...] = ()) -> LMap | None:
        """``value`` as a mapping; unknown keys are reported (with a suggestion)."""
        if not isinstance(value, LMap):
            self.report(pos, f"{what} must be a mapping (key: value lines), not {type_name(value)}")
            return None
        if allowed:
            for k in value:
                if isinstance(k, bool):
                    self.report(value.key_at(k), f"unknown key '{k}' in {what}",
                                "YAML reads yes/no/on/off as true/false: put the key in quotes, or use another name")
                elif k not in allowed:
                    self.report(value.key_at(k), f"unknown key '{k}' in {what}",
                                did_you_mean(str(k), allowed))
        return value

    def sequence(self, value: YamlValue, pos: Pos, what: str) -> LList | None:
        if not isinstance(value, LList):
            self.report(pos, f"{what} must be a list (lines starting with '- '), not {type_name(value)}",
                        "write each item on its own line starting with '- '")
            return None
        return value

    def text(self, m: LMap, key: str, what: str, required: bool = False, default: str = "") -> str:
        if key not in m or m[key] is None:
            if required:
                self.report(m.pos, f"{what} needs '{key}'")
            return default
        v = m[key]
        if isinstance(v, bool) or not isinstance(v, str | int | float):
            self.report(m.at(key), f"'{key}' of {what} must be text, not {type_name(v)}",
                        "put text in quotes")
            return default
        return str(v)

    def ident(self, m: LMap, key: str, what: str, required: bool = False) -> str:
        v = self.text(m, key, what, required)
        if v and not ID_RE.match(v):
            hint = "use letters, digits, '_' or '-', starting with a letter, e.g. 'kitchen_1'"
            if v.strip().isdigit():
                hint = "a number is not a stable id: give it a name such as 'intro_1'"
            self.report(m.at(key), f"'{v}' is not a valid {key} for {what}", hint)
            return ""
        return v

    def number(self, m: LMap, key: str, what: str, default: float, lo: float = -math.inf,
               hi: float = math.inf, required: bool = False) -> float:
        if key not in m or m[key] is None:
            if required:
                self.report(m.pos, f"{what} needs '{key}'")
            return default
        return self.number_value(m[key], m.at(key), f"'{key}' of {what}", default, lo, hi)

    def number_value(self, v: YamlValue, pos: Pos, what: str, default: float, lo: float = -math.inf,
                     hi: float = math.inf) -> float:
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            self.report(pos, f"{what} must be a number, not {type_name(v)}" +
                        (f" '{v}'" if isinstance(v, str) else ""), "e.g. 2.5")
            return default
        if not lo <= v <= hi:
            rng = f"from {lo:g} to {hi:g}" if math.isfinite(hi) else f"at least {lo:g}"
            self.report(pos, f"{what} is {v:g}; it must be {rng}")
            return min(max(float(v), lo), hi)
        return float(v)

    def boolean(self, m: LMap, key: str, what: str, default: bool = False) -> bool:
        if key not in m or m[key] is None:
            return default
        v = m[key]
        if not isinstance(v, bool):
            self.report(m.at(key), f"'{key}' of {what} must be true or false, not {type_name(v)}")
            return default
        return v

    def text_list(self, m: LMap, key: str, what: str) -> tuple[str, ...]:
        if key not in m or m[key] is None:
            return ()
        v = m[key]
        if isinstance(v, str):
            return (v,)
        seq = self.sequence(v, m.at(key), f"'{key}' of {what}")
        if seq is None:
            return ()
        out = []
        for i, item in enumerate(seq):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.report(seq.at(i), f"each item of '{key}' must be text, not {type_name(item)}")
            else:
                out.append(str(item))
        return tuple(out)

    def vec3(self, m: LMap, key: str, what: str) -> tuple[float, float, float] | None:
        if key not in m or m[key] is None:
            return None
        v = m[key]
        if not isinstance(v, LList) or len(v) != 3:
            self.report(m.at(key), f"'{key}' of {what} must be three numbers [x, y, z] in metres",
                        "x right, y forward, z up, relative to the head; e.g. [-0.5, 0.2, 0.1]")
            return None
        out = [self.number_value(x, v.at(i), f"'{key}' [{i}]", 0.0) for i, x in enumerate(v)]
        return out[0], out[1], out[2]
