"""Scene files: the bundled scenes load cleanly; malformed ones get path:line:col messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from experience.errors import ContentError, Diagnostic
from experience.scene import PROP_KINDS, SceneSpec, lint_scene_file, load_scene_spec
from experience.scene._props import PROPS

ROOT = Path(__file__).resolve().parents[2]
SCENES = sorted((ROOT / "scenes").glob("*.yaml"))
BAD = Path(__file__).parent / "bad"


def test_every_scene_the_stories_need_is_bundled() -> None:
    have = {p.stem for p in SCENES}
    assert {"placeholder", "home", "office", "bus", "platform", "interview", "calm", "workshop"} <= have


@pytest.mark.parametrize("path", SCENES, ids=[p.stem for p in SCENES])
def test_bundled_scene_is_clean(path: Path) -> None:
    assert [d.format() for d in lint_scene_file(path)] == []
    spec = load_scene_spec(path)
    assert isinstance(spec, SceneSpec)
    assert spec.id == path.stem
    assert spec.ambience
    assert spec.anchors, "every scene offers anchors for cues"
    for person in spec.people:
        assert person.id in spec.anchors
    assert 0.9 <= spec.participant.eye_height <= 1.8


def test_anchor_names_include_people_lights_and_named_props() -> None:
    spec = load_scene_spec(ROOT / "scenes" / "home.yaml")
    assert {"kettle", "kitchen_light", "door", "window"} <= set(spec.anchors)
    assert spec.anchors["kettle"] == (1.2, 2.0, 0.92)


def test_calm_scene_has_a_six_breath_guide() -> None:
    spec = load_scene_spec(ROOT / "scenes" / "calm.yaml")
    assert spec.breathing is not None
    assert spec.breathing.rate == 6.0
    assert not spec.people


def test_bus_moves_inside_a_stable_frame_with_a_comfort_vignette() -> None:
    spec = load_scene_spec(ROOT / "scenes" / "bus.yaml")
    assert spec.environment.kind == "bus" and spec.environment.motion > 0
    assert spec.comfort_vignette >= 0.3


def test_prop_library_matches_the_catalogue() -> None:
    assert set(PROPS) == set(PROP_KINDS)


def _expected() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in (BAD / "expected.txt").read_text().splitlines():
        name, rest = line.split(":", 1)
        out.setdefault(name, []).append(rest)
    return out


@pytest.mark.parametrize("name", sorted(_expected()), ids=lambda n: n.removesuffix(".yaml"))
def test_malformed_scene_gets_positioned_messages(name: str) -> None:
    path = BAD / name
    diags = lint_scene_file(path)
    shown = [f"{d.line}:{d.col}: {d.severity}: {d.message}" for d in diags]
    for want in _expected()[name]:
        assert want in shown, f"{name}: expected {want!r} in {shown}"
    errors = [s for s, d in zip(shown, diags, strict=True) if d.is_error]
    assert sorted(errors) == sorted(w for w in _expected()[name] if ": error: " in w)
    for d in diags:
        assert d.format().startswith(f"{d.path}:{d.line}:{d.col}: {d.severity}: ")
        assert d.path.endswith(name)


def test_every_bad_file_has_expectations() -> None:
    assert {p.name for p in BAD.glob("*.yaml")} == set(_expected())


def test_load_raises_content_error_with_the_same_diagnostics() -> None:
    with pytest.raises(ContentError) as info:
        load_scene_spec(BAD / "bad_kind.yaml")
    assert all(isinstance(d, Diagnostic) and d.is_error for d in info.value.diagnostics)
    assert "prop kind 'tabel' is not known" in str(info.value)


@pytest.mark.parametrize("text", [
    "", "\x00\x01\x02", "id: [", "id: x\nenvironment: 5\n", "- - - -\n", "{{{{", "id: x\n\tenvironment: {}\n",
    "id: x\nenvironment: {kind: room, size: [1e999, 2, 3]}\n", "id: x\nenvironment: {kind: room}\nprops: {a: 1}\n",
    "id: x\nenvironment: {kind: room}\npeople: [1, 2]\nlights: [{kind: sun, direction: x}]\n",
    "id: x\nenvironment: {kind: bus, windows: 3}\nbreathing: 2\nanchors: [1]\n", "&a [*a]",
    "id: x\nenvironment: {kind: room}\nprops:\n" + "  - {kind: chair, at: [0, 0, 0]}\n" * 50,
])
def test_lint_never_raises(text: str, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    diags = lint_scene_file(path, text)
    assert isinstance(diags, list)
    for d in diags:
        assert d.line >= 1 and d.col >= 1


def test_lint_reads_the_file_when_no_content_is_given(tmp_path: Path) -> None:
    missing = lint_scene_file(tmp_path / "nope.yaml")
    assert len(missing) == 1 and "cannot read scene file" in missing[0].message


@pytest.mark.parametrize(("kind", "target", "params", "expect"), [
    ("scene", "manager", {"turn": "participant", "over": 1.5}, []),
    ("scene", "managr", {"turn": "participant"}, ["scene 'office' has nothing called 'managr'"]),
    ("scene", "door", {"turn": 90}, ["'turn' needs a person, and 'door' is not one"]),
    ("scene", "manager", {"look": "window_seat"}, ["'look: window_seat' names nothing in scene 'office'"]),
    ("scene", "manager", {"spin": 1}, ["a scene cue has no parameter 'spin'"]),
    ("scene", "", {"exposure": 0.5, "over": 2}, []),
    ("light", "panels_front", {"to": 0.2, "over": 3}, []),
    ("light", "panels", {"to": 0.2}, ["scene 'office' has no animatable light 'panels'"]),
    ("light", "panels_front", {"animation": "flicker", "rate": 6, "depth": 0.5},
     ["this light would flash 6 times a second (limit 3)"]),
])
def test_cue_problems(kind: str, target: str, params: dict[str, object], expect: list[str]) -> None:
    from experience.scene import cue_problems

    spec = load_scene_spec(ROOT / "scenes" / "office.yaml")
    assert [m for m, _ in cue_problems(spec, kind, target, params)] == expect
