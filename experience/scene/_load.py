"""Scene file loader: YAML text to :class:`SceneSpec`, with ``path:line:col`` diagnostics."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

import yaml

from ..content import ContentRoot
from ..errors import ContentError, Diagnostic, display_path
from ..people import MAX_PEOPLE
from . import _catalog as cat
from . import fields as F
from ._person_schema import GAZES, read_person
from ._reader import Node, Reader, hint_for
from ._schema import read_breathing, read_environment, read_light, read_model, read_participant, read_prop
from ._spec import EnvironmentSpec, LightSpec, ParticipantSpec, PersonSpec, SceneSpec

TOP_KEYS = F.keys(F.TOP)


def load_scene_spec(path: str | Path, text: str | None = None) -> SceneSpec:
    """Load and validate a scene file.

    Raises:
        ContentError: with every error found (warnings alone do not raise).
    """
    p = Path(path)
    shown = display_path(p)
    if text is None:
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ContentError([Diagnostic(shown, 1, 1, "error", f"cannot read scene file: {exc}")]) from None
    spec, diags = _parse(shown, text, p.stem, p.parent)
    if spec is None or any(d.is_error for d in diags):
        raise ContentError([d for d in diags if d.is_error] or diags)
    return spec


def lint_scene_file(path: str | Path, content: str | ContentRoot | None = None) -> list[Diagnostic]:
    """All diagnostics for one scene file (never raises).

    ``content`` is the text, or None to read it, or the content pack (a
    :class:`experience.content.ContentRoot`): then the ambience must be a known sound id too.
    """
    p = Path(path)
    shown = display_path(p)
    text = content if isinstance(content, str) else None
    if text is None:
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return [Diagnostic(shown, 1, 1, "error", f"cannot read scene file: {exc}")]
    try:
        _, diags = _parse(shown, text, p.stem, p.parent, _sound_ids(content))
    except Exception as exc:  # a loader bug must never become a traceback for an author
        return [Diagnostic(shown, 1, 1, "error", f"internal error while checking this scene: {exc!r}")]
    return diags


def _sound_ids(content: str | ContentRoot | None) -> set[str] | None:
    if not isinstance(content, ContentRoot):
        return None
    from ..media import sound_ids

    return set(sound_ids(content))


def _parse(shown: str, text: str, stem: str, folder: Path,
           sounds: set[str] | None = None) -> tuple[SceneSpec | None, list[Diagnostic]]:
    r = Reader(shown)
    root = r.compose(text)
    if root is None:
        if not r.diagnostics:
            r.report(None, "the scene file is empty", "start with `id:` and `environment:`")
        return None, r.diagnostics
    top = r.mapping(root, "the scene", TOP_KEYS, F.required(F.TOP))
    if top is None:
        return None, r.diagnostics
    sid = r.ident(top["id"][1], "scene id", stem) if "id" in top else stem
    if "id" in top and sid != stem:
        r.report(top["id"][1], f"scene id {sid!r} does not match the file name {stem!r}",
                 f"narratives refer to scenes by file name; rename the file or use id: {stem}",
                 "warning")
    env = read_environment(r, top["environment"][1]) if "environment" in top else EnvironmentSpec()
    part = read_participant(r, top["participant"][1]) if "participant" in top else ParticipantSpec()
    props = _list(r, top, "props", lambda r, n, i: read_prop(r, n))
    people = _list(r, top, "people", lambda r, n, i: read_person(r, n, sid, i, folder))
    lights = _list(r, top, "lights", lambda r, n, i: read_light(r, n))
    models = _list(r, top, "models", lambda r, n, i: read_model(r, n, folder))
    anchors = _names(r, top, (people, lights, props, models))
    _check_people(r, people, anchors)
    _check_limits(r, top, people, lights)
    ambience = r.ident(top["ambience"][1], "ambience") if "ambience" in top else None
    if ambience and sounds is not None and ambience not in sounds:
        r.report(top["ambience"][1], f"unknown sound '{ambience}' for the ambience",
                 hint_for(ambience, sounds) or "sound ids are listed in audio/sounds.yaml or are files "
                 "under audio/sounds/ (python run_vr.py sounds --list)")
    breathing = read_breathing(r, top["breathing"][1]) if "breathing" in top else None
    spec = SceneSpec(
        id=sid,
        title=r.string(top["title"][1], "title") if "title" in top else sid,
        path=shown,
        environment=env,
        participant=part,
        props=tuple(s for s, _ in props),
        people=tuple(s for s, _ in people),
        lights=tuple(s for s, _ in lights),
        models=tuple(s for s, _ in models),
        anchors=anchors,
        ambience=ambience,
        breathing=breathing,
        comfort_vignette=(r.number(top["comfort_vignette"][1], "comfort_vignette", 0.0,
                                   *F.TOP["comfort_vignette"].range)
                          if "comfort_vignette" in top else (0.35 if env.motion else 0.0)),
        exposure=r.number(top["exposure"][1], "exposure", 1.0, *F.TOP["exposure"].range) if "exposure" in top else 1.0,
    )
    if not lights:
        r.report(top.get("lights", (root, root))[1] if "lights" in top else root,
                 "the scene has no lights; a default ambient and key light are used",
                 "add an ambient light and a sun or lamp that suit the scene", "warning")
    return spec, r.diagnostics


_T = TypeVar("_T")


class _Named(Protocol):
    """A scene part that can carry a name: a person, light, prop or model."""

    @property
    def id(self) -> str | None: ...

    @property
    def at(self) -> tuple[float, float, float]: ...


def _names(r: Reader, top: dict[str, tuple[Node, Node]],
           groups: tuple[Sequence[tuple[_Named, Node]], ...]) -> dict[str, tuple[float, float, float]]:
    """Every name in the scene (anchors, then people, lights, props and models with an id) and where it is."""
    anchors: dict[str, tuple[float, float, float]] = {}
    named: dict[str, Node] = {}

    def name(n: str, node: Node, pos: tuple[float, float, float]) -> None:
        if n in named:
            r.report(node, f"the name {n!r} is used twice",
                     "anchors, people, lights, props and models share one set of names")
            return
        named[n] = node
        anchors[n] = pos

    if "anchors" in top:
        amap = r.mapping(top["anchors"][1], "anchors") or {}
        for k, (kn, vn) in amap.items():
            r.ident(kn, "anchor name")
            name(k, kn, r.vec3(vn, f"anchor {k!r}"))
    for items in groups:
        for spec, node in items:
            if spec.id:
                name(spec.id, node, spec.at)
    return anchors


def _value_node(node: Node, key: str) -> Node:
    """The value of ``key`` in a mapping node (for a diagnostic's column), else the node itself."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == key:
                return v
    return node


def _check_people(r: Reader, people: list[tuple[PersonSpec, Node]],
                  anchors: dict[str, tuple[float, float, float]]) -> None:
    for person, node in people:
        if person.gaze not in GAZES and person.gaze not in anchors:
            close = hint_for(person.gaze, [*GAZES, *anchors])
            r.report(_value_node(node, "gaze"), f"person {person.id!r} looks at {person.gaze!r}, which is not a "
                     "name in this scene", close if close.startswith("did you mean")
                     else f"use {', '.join(GAZES)}, or an anchor or person id")
        for v in person.voice:
            if v and v not in anchors:
                r.report(node, f"person {person.id!r} speaks from {v!r}, which is not a name in this scene",
                         hint_for(v, list(anchors)) if anchors else "add it under anchors")


def _check_limits(r: Reader, top: dict[str, tuple[Node, Node]], people: list[tuple[PersonSpec, Node]],
                  lights: list[tuple[LightSpec, Node]]) -> None:
    drawn = [p for p, _ in people if p.model is None]
    if len(drawn) > MAX_PEOPLE:
        r.report(top["people"][1], f"{len(drawn)} people; a scene can animate at most {MAX_PEOPLE}",
                 "split the crowd over two scenes, or make some of them glTF models")
    animated = [ls for ls, _ in lights if ls.id]
    if len(animated) > cat.MAX_ANIMATED_LIGHTS:
        r.report(top["lights"][1], f"{len(animated)} lights have an id; at most "
                 f"{cat.MAX_ANIMATED_LIGHTS} can be animated", "remove the id from lights no cue refers to")


def _list(r: Reader, top: dict[str, tuple[Node, Node]], key: str,
          fn: Callable[[Reader, Node, int], _T | None]) -> list[tuple[_T, Node]]:
    """Each item of the list ``key`` read by ``fn(reader, node, index)``, with its node (unreadable ones left out)."""
    if key not in top:
        return []
    out = []
    for i, item in enumerate(r.sequence(top[key][1], key)):
        spec = fn(r, item, i)
        if spec is not None:
            out.append((spec, item))
    return out


__all__ = ["lint_scene_file", "load_scene_spec"]
