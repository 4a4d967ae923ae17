"""JSON Schemas for editors, generated from the definitions the readers use.

``python run_vr.py schema`` writes ``schemas/narrative.schema.json``,
``schemas/scene.schema.json`` and ``schemas/questionnaire.schema.json`` from
:mod:`experience.narrative.fields`, :mod:`experience.scene.fields` and
:mod:`experience.questionnaire.fields` (the tables the lint takes its keys,
required keys, choices and ranges from), so an editor's completion, hover text and
error marks follow the lint. ``--check`` exits 1 when the committed files are
out of date. Bundled files point at them with a first line
``# yaml-language-server: $schema=../schemas/<kind>.schema.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .command import Command
from .content import REPO_ROOT
from .fields import Field

SCHEMA_DIR = REPO_ROOT / "schemas"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
Schema = dict[str, Any]


def _bounded(out: Schema, f: Field) -> Schema:
    if f.lo is not None:
        out["minimum"] = f.lo
    if f.hi is not None:
        out["maximum"] = f.hi
    return out


class _Types:
    """How each field type of one format is written in JSON Schema."""

    def __init__(self, ident: str, text: Schema, colors: tuple[str, ...] = ()) -> None:
        self.ident, self.text, self.colors = ident, text, colors

    def of(self, f: Field) -> Schema:
        if f.enum:
            return {"enum": list(f.enum)}
        t = f.type
        if t in ("number", "integer"):  # integers are read as numbers and used whole
            return _bounded({"type": "number"}, f)
        if t == "bool":
            return {"type": "boolean"}
        if t == "ident":
            return {"type": "string", "pattern": self.ident}
        if t == "text":
            return dict(self.text)
        if t == "texts":
            return {"anyOf": [dict(self.text), {"type": "array", "items": dict(self.text)}]}
        if t == "vec3":
            return {"type": "array", "minItems": 3, "maxItems": 3, "items": _bounded({"type": "number"}, f)}
        if t == "color":
            return {"anyOf": [{"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"}, {"enum": list(self.colors)},
                              {"type": "array", "minItems": 3, "maxItems": 3,
                               "items": {"type": "number", "minimum": 0, "maximum": 1}}]}
        if t == "object":
            return {"type": "object"}
        if t == "list":
            return {"type": "array"}
        if t == "any":
            return {}
        raise ValueError(f"field type {t!r} has no JSON Schema")

    def obj(self, table: dict[str, Field], parts: dict[str, Schema] | None = None, closed: bool = True) -> Schema:
        """A mapping of ``table``'s keys; ``parts`` gives the shape of nested objects and lists."""
        props = {}
        for key, f in table.items():
            props[key] = {**(parts or {}).get(key, self.of(f)), "description": f.doc}
        out: Schema = {"type": "object", "properties": props, "additionalProperties": not closed}
        req = [k for k, f in table.items() if f.required]
        if req:
            out["required"] = req
        return out


def narrative_schema() -> Schema:
    """The narrative format, from :mod:`experience.narrative.fields`."""
    from .narrative import CUE_KINDS, STEP_KINDS
    from .narrative import fields as F
    from .text import ID_RE

    ty = _Types(ID_RE.pattern, {"type": ["string", "number"]})
    if set(F.STEP_DOCS) != set(STEP_KINDS):
        raise ValueError("every step kind needs a description in narrative.fields.STEP_DOCS")
    ident = ty.of(Field("ident", ""))
    target = {"anyOf": [{"type": "string"}, {"type": "object", "required": ["name"],
                                             "properties": {"name": {"type": "string"}}}]}
    cue = ty.obj(F.CUE, {k: target for k in CUE_KINDS}, closed=False)
    cue["description"] = "Exactly one of " + ", ".join(CUE_KINDS) + "; other keys go to the part that presents it."
    cue["oneOf"] = [{"required": [k]} for k in CUE_KINDS]
    steps = {
        "line": {"$ref": "#/$defs/line"},
        "cue": cue,
        "wait": {"anyOf": [ty.of(F.WAIT["seconds"]), ty.obj(F.WAIT)]},
        "hold": {"anyOf": [ident, ty.obj(F.HOLD)]},
        "checkin": ty.obj(F.CHECKIN),
        "choice": ty.obj(F.CHOICE, {"options": {"type": "array", "minItems": 2, "items": ty.obj(F.OPTION)}}),
        "label": ident,
        "jump": ident,
        "questionnaire": ty.obj(F.QUESTIONNAIRE_STEP),
    }
    step = {"type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": False,
            "properties": {k: {**steps[k], "description": F.STEP_DOCS[k]} for k in STEP_KINDS}}
    voice = {"anyOf": [{"type": "string"}, {"type": "object", "additionalProperties": {"type": "string"}}]}
    shift = ty.of(F.SPEAKER["shift"])
    speaker = ty.obj(F.SPEAKER, {"voice": voice, "fallback": voice,
                                 "shift": {"anyOf": [shift, {"type": "object", "additionalProperties": shift}]}})
    resources = ty.obj(F.RESOURCES, {"items": {"type": "array", "items": ty.obj(F.RESOURCE_ITEM)}})
    chapter = ty.obj(F.CHAPTER, {"steps": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/step"}},
                                 "debrief": ty.obj(F.DEBRIEF)})
    top = ty.obj(F.TOP, {
        "resources": resources,
        "speakers": {"type": "object", "additionalProperties": {"$ref": "#/$defs/speaker"}},
        "timing": ty.obj(F.TIMING),
        "chapters": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/chapter"}},
    })
    return {"$schema": DRAFT, "$id": "https://empathy-vr.invalid/schemas/narrative.schema.json",
            "title": "empathy-vr narrative", "description": "One experience (narratives/README.md).",
            **top, "$defs": {"chapter": chapter, "step": step, "line": ty.obj(F.LINE), "speaker": speaker}}


def scene_schema() -> Schema:
    """The scene format, from :mod:`experience.scene.fields`."""
    from .scene import PALETTE, SCENE_ID
    from .scene import fields as F

    ty = _Types(SCENE_ID.pattern, {"type": "string", "minLength": 1}, tuple(PALETTE))

    def items(table: dict[str, Field], parts: dict[str, Schema] | None = None) -> Schema:
        return {"type": "array", "items": ty.obj(table, parts)}

    vec3 = ty.of(Field("vec3", ""))
    top = ty.obj(F.TOP, {
        "environment": ty.obj(F.ENVIRONMENT, {"windows": items(F.OPENING), "doors": items(F.OPENING)}),
        "participant": ty.obj(F.PARTICIPANT),
        "props": items(F.PROP),
        "people": items(F.PERSON),
        "lights": items(F.LIGHT, {"animation": ty.obj(F.ANIMATION)}),
        "anchors": {"type": "object", "propertyNames": {"pattern": SCENE_ID.pattern}, "additionalProperties": vec3},
        "models": items(F.MODEL),
        "breathing": ty.obj(F.BREATHING),
    })
    return {"$schema": DRAFT, "$id": "https://empathy-vr.invalid/schemas/scene.schema.json",
            "title": "empathy-vr scene", "description": "One scene (scenes/README.md).", **top}


def questionnaire_schema() -> Schema:
    """The questionnaire format, from :mod:`experience.questionnaire.fields`."""
    from .questionnaire import PHASES
    from .questionnaire import fields as F
    from .text import ID_RE

    ty = _Types(ID_RE.pattern, {"type": ["string", "number"]})
    labels = {"type": "object", "additionalProperties": ty.text}
    scale = ty.obj(F.SCALE, {"labels": labels})
    top = ty.obj(F.TOP, {
        "consent": ty.obj(F.CONSENT),
        "phases": {"type": "object", "minProperties": 1, "additionalProperties": False,
                   "properties": {p: {"anyOf": [{"type": "null"}, ty.obj(F.PHASE)]} for p in PHASES}},
        "scales": {"type": "object", "additionalProperties": scale},
        "items": {"type": "array", "minItems": 1, "items": ty.obj(F.ITEM, {
            "labels": labels, "options": {"type": "array", "items": ty.obj(F.OPTION)},
            "ask": {"anyOf": [{"enum": list(PHASES)}, {"type": "array", "items": {"enum": list(PHASES)}}]}})},
        "subscales": {"type": "array", "items": ty.obj(F.SUBSCALE)},
    })
    return {"$schema": DRAFT, "$id": "https://empathy-vr.invalid/schemas/questionnaire.schema.json",
            "title": "empathy-vr questionnaire", "description": "One questionnaire (questionnaires/README.md).",
            **top}


def schemas() -> dict[str, Schema]:
    """Every schema, by file name."""
    return {"narrative.schema.json": narrative_schema(), "scene.schema.json": scene_schema(),
            "questionnaire.schema.json": questionnaire_schema()}


def render(schema: Schema) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _add(p: argparse.ArgumentParser) -> None:
    p.add_argument("--check", action="store_true", help="exit 1 if the committed schemas are out of date")


def _main(args: argparse.Namespace) -> int:
    stale = []
    for name, schema in schemas().items():
        path = SCHEMA_DIR / name
        text = render(schema)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        if args.check:
            stale.append(name)
            continue
        SCHEMA_DIR.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    if stale:
        print(f"out of date: {', '.join(stale)} (run: python run_vr.py schema)", file=sys.stderr)
        return 1
    return 0


COMMANDS = (
    Command("schema", "write the JSON Schemas editors use for narratives, scenes and questionnaires (schemas/)",
            _add, _main),
)
