"""YAML that remembers where every node came from.

:func:`load_located` parses a document into plain ``dict``/``list``/scalar
values, except that mappings are :class:`LMap` and sequences are
:class:`LList`, which carry the 1-based line and column of the node itself,
of each key and of each value. The lint uses these positions so every
message points at the exact node an author has to fix.
"""

from __future__ import annotations

import yaml
from yaml.constructor import SafeConstructor

Pos = tuple[int, int]

#: A key of a YAML mapping: any plain (hashable) scalar value.
YamlKey = object
#: A located YAML value: an :class:`LMap`, an :class:`LList` or a scalar (text, number,
#: true/false, a date, ``None``); readers narrow it with ``isinstance``.
YamlValue = object


class LMap(dict[YamlKey, YamlValue]):
    """A mapping with positions: ``pos`` (the mapping), ``key_pos`` and ``value_pos`` per key."""

    pos: Pos
    key_pos: dict[YamlKey, Pos]
    value_pos: dict[YamlKey, Pos]

    def at(self, key: YamlKey) -> Pos:
        """Position of the value of ``key`` (of the mapping when the key is absent)."""
        return self.value_pos.get(key, self.pos)

    def key_at(self, key: YamlKey) -> Pos:
        """Position of ``key`` itself (of the mapping when the key is absent)."""
        return self.key_pos.get(key, self.pos)


class LList(list[YamlValue]):
    """A sequence with positions: ``pos`` (the sequence) and ``item_pos`` per item."""

    pos: Pos
    item_pos: list[Pos]

    def at(self, index: int) -> Pos:
        """Position of item ``index`` (of the sequence when out of range)."""
        return self.item_pos[index] if 0 <= index < len(self.item_pos) else self.pos


class YamlProblem(Exception):
    """The text is not YAML (or not a single document); ``pos`` says where."""

    def __init__(self, message: str, pos: Pos, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.hint = hint


def _pos(node: yaml.Node) -> Pos:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self) -> None:
        self._constructor = SafeConstructor()
        self._seen: dict[int, YamlValue] = {}
        self._open: set[int] = set()

    def build(self, node: yaml.Node) -> YamlValue:
        key = id(node)
        if key in self._open:
            raise YamlProblem("this anchor is used inside itself (an alias loop)", _pos(node),
                              "an alias (*name) must not appear inside the node its anchor (&name) marks")
        if key in self._seen:  # an alias of a finished node: share the value
            return self._seen[key]
        self._open.add(key)
        try:
            return self._build(node, key)
        finally:
            self._open.discard(key)

    def _build(self, node: yaml.Node, key: int) -> YamlValue:
        if isinstance(node, yaml.MappingNode):
            out = LMap()
            out.pos, out.key_pos, out.value_pos = _pos(node), {}, {}
            self._seen[key] = out
            self._constructor.flatten_mapping(node)
            for k_node, v_node in node.value:
                k = self.build(k_node)
                if isinstance(k, list | dict):
                    raise YamlProblem("a mapping key must be a plain value", _pos(k_node))
                if k in out:
                    raise YamlProblem(f"duplicate key {k!r}", _pos(k_node), "each key may appear once in a mapping")
                out[k] = self.build(v_node)
                out.key_pos[k] = _pos(k_node)
                out.value_pos[k] = _pos(v_node)
            return out
        if isinstance(node, yaml.SequenceNode):
            seq = LList()
            seq.pos, seq.item_pos = _pos(node), []
            self._seen[key] = seq
            for item in node.value:
                seq.append(self.build(item))
                seq.item_pos.append(_pos(item))
            return seq
        try:
            value = self._constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise YamlProblem(f"cannot read this value: {_first_line(exc)}", _pos(node)) from None
        except (ValueError, TypeError, OverflowError):
            value = node.value  # e.g. a malformed timestamp: keep the text
        self._seen[key] = value
        return value


def _first_line(exc: BaseException) -> str:
    problem = getattr(exc, "problem", None)
    return str(problem or exc).strip().splitlines()[0] if str(problem or exc).strip() else "invalid YAML"


def _hint(problem: str) -> str:
    """A hint for the YAML mistakes writers make most (empty: the reader's general one)."""
    if "'\\t'" in problem or "\t" in problem:
        return "YAML indents with spaces, never tabs: replace the tab with spaces"
    if "expected <block end>, but found '-'" in problem:
        return "this '-' is indented differently from the items above it: line up the '-' of every step"
    return ""


def load_located(text: str) -> YamlValue:
    """Parse one YAML document into located values (``None`` for an empty document).

    Raises:
        YamlProblem: the text is not valid YAML, or holds several documents.
    """
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(f"not valid YAML: {what}", pos, _hint(what)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"not valid YAML: {_first_line(exc)}", (1, 1)) from None
    if node is None:
        return None
    return _Builder().build(node)


def read_text(data: bytes) -> tuple[str | None, str]:
    """Decode file bytes as UTF-8 text; returns ``(text, problem)``."""
    if b"\x00" in data[:8192]:
        return None, "this is a binary file, not a YAML text file"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (bad byte at offset {exc.start})"
