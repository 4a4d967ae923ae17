"""Reading YAML with positions: typed getters that report ``path:line:col`` diagnostics.

The scene loader walks PyYAML's composed node tree (which keeps marks) instead
of plain Python values, so every problem points at the offending text.
"""

from __future__ import annotations

import difflib
import math
import re

import yaml

from ..errors import Diagnostic

Node = yaml.Node
SCENE_ID = re.compile(r"^[a-z][a-z0-9_]*$")

PALETTE: dict[str, tuple[float, float, float]] = {
    # Surfaces, chosen to sit together: warm neutrals with a few soft accents.
    "white": (0.93, 0.92, 0.89), "plaster": (0.88, 0.85, 0.79), "cream": (0.93, 0.88, 0.76),
    "linen": (0.86, 0.81, 0.72), "sand": (0.80, 0.72, 0.58), "stone": (0.62, 0.60, 0.56),
    "concrete": (0.56, 0.55, 0.53), "asphalt": (0.24, 0.24, 0.25), "charcoal": (0.20, 0.20, 0.22),
    "wood": (0.58, 0.41, 0.27), "oak": (0.70, 0.54, 0.36), "walnut": (0.40, 0.27, 0.18),
    "pine": (0.78, 0.63, 0.43), "tile": (0.78, 0.76, 0.72), "carpet": (0.45, 0.44, 0.48),
    "linoleum": (0.55, 0.58, 0.55), "sage": (0.58, 0.65, 0.55), "olive": (0.42, 0.46, 0.30),
    "terracotta": (0.72, 0.42, 0.30), "rust": (0.60, 0.30, 0.20), "mustard": (0.82, 0.64, 0.26),
    "teal": (0.22, 0.46, 0.48), "navy": (0.18, 0.22, 0.36), "slate": (0.36, 0.42, 0.48),
    "blush": (0.88, 0.70, 0.66), "lavender": (0.66, 0.62, 0.76), "sky": (0.66, 0.79, 0.91),
    "dusk": (0.42, 0.40, 0.56), "grass": (0.36, 0.52, 0.28), "leaf": (0.30, 0.50, 0.26),
    "brass": (0.78, 0.62, 0.32), "steel": (0.62, 0.64, 0.66), "black": (0.08, 0.08, 0.09),
    "warm": (1.0, 0.85, 0.65), "daylight": (1.0, 0.97, 0.92), "cool": (0.82, 0.90, 1.0),
    "candle": (1.0, 0.72, 0.42),
}


def hint_for(word: str, options: list[str] | tuple[str, ...] | set[str]) -> str:
    """A 'did you mean' hint, or the list of options when nothing is close."""
    opts = sorted(options)
    close = difflib.get_close_matches(word, opts, n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    return "one of: " + ", ".join(opts)


class Reader:
    """Collects diagnostics while reading typed values from composed YAML nodes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    # -- reporting ------------------------------------------------------
    def report(self, node: Node | None, message: str, hint: str = "", severity: str = "error") -> None:
        line = col = 1
        if node is not None and node.start_mark is not None:
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
        self.diagnostics.append(Diagnostic(self.path, line, col, severity, message, hint))

    def compose(self, text: str) -> Node | None:
        """Parse text into a node tree; a YAML syntax error becomes a diagnostic."""
        try:
            return yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            msg = f"YAML syntax: {exc.problem or exc.context or 'cannot parse'}"
            self.diagnostics.append(Diagnostic(self.path, line, col, "error", msg,
                                               "check indentation, colons and quotes"))
        except yaml.YAMLError as exc:
            self.diagnostics.append(Diagnostic(self.path, 1, 1, "error", f"YAML: {exc}"))
        return None

    # -- structure ------------------------------------------------------
    def mapping(self, node: Node, what: str, allowed: tuple[str, ...] = (),
                required: tuple[str, ...] = ()) -> dict[str, tuple[Node, Node]] | None:
        """A mapping as ``{key: (key_node, value_node)}``; reports duplicates and unknown keys."""
        if not isinstance(node, yaml.MappingNode):
            self.report(node, f"{what} must be a mapping (key: value)", f"got {_kind(node)}")
            return None
        out: dict[str, tuple[Node, Node]] = {}
        for k, v in node.value:
            key = str(k.value) if isinstance(k, yaml.ScalarNode) else "?"
            if key in out:
                self.report(k, f"duplicate key {key!r} in {what}", "each key may appear once")
                continue
            out[key] = (k, v)
            if allowed and key not in allowed:
                self.report(k, f"unknown key {key!r} in {what}", hint_for(key, allowed))
        for r in required:
            if r not in out:
                self.report(node, f"{what} needs {r!r}")
        return out

    def sequence(self, node: Node, what: str) -> list[Node]:
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        self.report(node, f"{what} must be a list", f"got {_kind(node)}; write `- item` lines or [a, b]")
        return []

    # -- scalars --------------------------------------------------------
    def number(self, node: Node, what: str, default: float, lo: float = -math.inf,
               hi: float = math.inf) -> float:
        v = _scalar(node)
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            self.report(node, f"{what} must be a number", f"got {_show(node)}")
            return default
        if not lo <= v <= hi:
            self.report(node, f"{what} {v:g} is out of range", f"use {lo:g}..{hi:g}")
            return min(max(float(v), lo), hi)
        return float(v)

    def string(self, node: Node, what: str, default: str = "") -> str:
        v = _scalar(node)
        if not isinstance(v, str) or not v.strip():
            self.report(node, f"{what} must be a non-empty text", f"got {_show(node)}")
            return default
        return v

    def ident(self, node: Node, what: str, default: str = "") -> str:
        v = self.string(node, what, default)
        if v and not SCENE_ID.match(v):
            self.report(node, f"{what} {v!r} is not a valid id",
                        "use lower case letters, digits and _, starting with a letter")
        return v

    def choice(self, node: Node, what: str, options: tuple[str, ...], default: str) -> str:
        v = _scalar(node)
        if not isinstance(v, str) or v not in options:
            self.report(node, f"{what} {_show(node)} is not known", hint_for(str(v), options))
            return default
        return v

    def boolean(self, node: Node, what: str, default: bool) -> bool:
        v = _scalar(node)
        if not isinstance(v, bool):
            self.report(node, f"{what} must be true or false", f"got {_show(node)}")
            return default
        return v

    def vec(self, node: Node, what: str, n: int, default: tuple[float, ...],
            lo: float = -1000.0, hi: float = 1000.0) -> tuple[float, ...]:
        items = node.value if isinstance(node, yaml.SequenceNode) else None
        if items is None or len(items) != n:
            got = f"{len(items)} values" if items is not None else _show(node)
            self.report(node, f"{what} must be a list of {n} numbers", f"got {got}; write [x, y, z]"[: 200])
            return default
        return tuple(self.number(i, what, d, lo, hi) for i, d in zip(items, default, strict=True))

    def vec3(self, node: Node, what: str, default: tuple[float, float, float] = (0.0, 0.0, 0.0),
             lo: float = -1000.0, hi: float = 1000.0) -> tuple[float, float, float]:
        x, y, z = self.vec(node, what, 3, default, lo, hi)
        return (x, y, z)

    def color(self, node: Node, what: str, default: tuple[float, float, float]) -> tuple[float, float, float]:
        """``"#rrggbb"``, a palette name, or ``[r, g, b]`` in 0..1."""
        if isinstance(node, yaml.SequenceNode):
            return self.vec3(node, what, default, 0.0, 1.0)
        v = _scalar(node)
        if isinstance(v, str):
            if re.fullmatch(r"#[0-9a-fA-F]{6}", v):
                return (int(v[1:3], 16) / 255, int(v[3:5], 16) / 255, int(v[5:7], 16) / 255)
            if v in PALETTE:
                return PALETTE[v]
            self.report(node, f"{what} {v!r} is not a colour",
                        "use \"#rrggbb\", [r, g, b] in 0..1, or a palette name: "
                        + hint_for(v, tuple(PALETTE)))
            return default
        self.report(node, f"{what} must be a colour", "use \"#rrggbb\" (quoted), [r, g, b] or a palette name")
        return default


def _scalar(node: Node) -> int | float | str | _NotScalarType | None:
    if not isinstance(node, yaml.ScalarNode):
        return _NotScalar
    tag = node.tag.rsplit(":", 1)[-1]
    try:
        if tag == "int":
            return int(node.value.replace("_", ""), 0)
        if tag == "float":
            return float(node.value.replace("_", ""))
        if tag == "bool":
            return node.value.lower() in ("true", "yes", "on")
        if tag == "null":
            return None
    except ValueError:
        return node.value
    return node.value


class _NotScalarType:
    def __repr__(self) -> str:
        return "a list or mapping"


_NotScalar = _NotScalarType()


def _kind(node: Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return _show(node)


def _show(node: Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        v = _scalar(node)
        return "nothing" if v is None else repr(v)
    return _kind(node)
