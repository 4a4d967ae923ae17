"""Checking scene and light cues against a scene (for the narrative lint and the presenter)."""

from __future__ import annotations

from collections.abc import Mapping

from ._catalog import IDLE_KINDS
from ._effects import FLASH_LIMIT, flash_rate
from ._reader import hint_for
from ._spec import SceneSpec

SCENE_PARAMS = ("turn", "look", "expression", "idle", "show", "exposure", "over", "curve")
LIGHT_PARAMS = ("to", "over", "animation", "rate", "depth", "curve")
LOOKS = ("participant", "stare", "glance", "away", "none")
EXPRESSIONS = ("neutral", "warm", "worried", "tired")


def cue_problems(spec: SceneSpec, kind: str, target: str, params: Mapping[str, object]) -> list[tuple[str, str]]:
    """Problems with a ``scene`` or ``light`` cue in ``spec``, as (message, hint) pairs; [] when fine."""
    if kind == "light":
        return _light_cue_problems(spec, target, params)
    if kind != "scene":
        return []
    out = [(f"a scene cue has no parameter '{k}'", hint_for(k, SCENE_PARAMS)) for k in params if k not in SCENE_PARAMS]
    if target in ("", "scene"):
        if any(k in params for k in ("turn", "look", "expression", "idle", "show")):
            out.append(("turn, look, expression, idle and show need a target name",
                        "e.g. cue: {scene: manager, turn: participant}"))
        return out
    if target not in spec.anchors:
        out.append((f"scene '{spec.id}' has nothing called '{target}'", hint_for(target, list(spec.anchors))))
        return out
    return out + _person_cue_problems(spec, target, params)


def _light_cue_problems(spec: SceneSpec, target: str, params: Mapping[str, object]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    lights = list(spec.light_ids)
    if target not in lights:
        out.append((f"scene '{spec.id}' has no animatable light '{target}'",
                    hint_for(target, lights) if lights else "give a light an `id` in the scene file"))
    out += [(f"a light cue has no parameter '{k}'", hint_for(k, LIGHT_PARAMS)) for k in params if k not in LIGHT_PARAMS]
    anim = params.get("animation")
    if anim is not None and anim not in ("flicker", "breathe", "none"):
        out.append((f"unknown light animation '{anim}'", "flicker, breathe or none"))
    if anim in ("flicker", "breathe") and flash_rate(str(anim), params) > FLASH_LIMIT:
        out.append((f"this light would flash {flash_rate(str(anim), params):g} times a second "
                    f"(limit {FLASH_LIMIT:g})", "lower the rate to 3 or less"))
    return out


def _person_cue_problems(spec: SceneSpec, target: str, params: Mapping[str, object]) -> list[tuple[str, str]]:
    """A scene cue on a named node: what only a person can do, where they look, how they move."""
    out: list[tuple[str, str]] = []
    people = set(spec.person_ids)
    for k in ("turn", "look", "expression", "idle"):
        if k in params and target not in people:
            out.append((f"'{k}' needs a person, and '{target}' is not one", hint_for(target, people or {"-"})))
    for k in ("turn", "look"):
        v = params.get(k)
        if isinstance(v, str) and v not in LOOKS and v not in spec.anchors:
            out.append((f"'{k}: {v}' names nothing in scene '{spec.id}'",
                        "participant, stare, away, none, or a name in the scene"))
        elif k == "look" and v is not None and not isinstance(v, str):
            out.append((f"'look' must be a name, not {v!r}", "participant, stare, away, none, or a name in the scene"))
    if (v := params.get("look")) and v == target:
        out.append((f"'{target}' cannot look at themselves", "participant, stare, away, none, or another name"))
    if "expression" in params and params["expression"] not in EXPRESSIONS:
        out.append((f"unknown expression '{params['expression']}'", hint_for(str(params["expression"]), EXPRESSIONS)))
    over = params.get("over")
    if over is not None and (isinstance(over, bool) or not isinstance(over, int | float) or over < 0):
        out.append((f"'over' must be a number of seconds, not {over!r}", "e.g. over: 1.5"))
    if "idle" in params and params["idle"] not in IDLE_KINDS:
        out.append((f"unknown idle motion '{params['idle']}'", hint_for(str(params["idle"]), IDLE_KINDS)))
    return out
