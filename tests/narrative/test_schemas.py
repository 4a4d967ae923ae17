"""JSON Schemas for editors: generated from the lint's definitions, committed, and followed by every file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from experience.content import ContentRoot
from experience.narrative import check_main
from experience.schemas import SCHEMA_DIR, render, schemas

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")

ROOT = Path(__file__).resolve().parents[2]
KINDS = {"narrative": ROOT / "narratives", "scene": ROOT / "scenes", "questionnaire": ROOT / "questionnaires"}


def validator(kind: str) -> object:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schemas_equal_the_generated_ones() -> None:
    for name, schema in schemas().items():
        committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == render(schema), f"schemas/{name} is out of date: run python run_vr.py schema"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_bundled_file_names_and_follows_its_schema(kind: str) -> None:
    v = validator(kind)
    files = sorted(KINDS[kind].glob("*.yaml"))
    assert files
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert text.splitlines()[0] == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json", f
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in v.iter_errors(yaml.safe_load(text))]  # type: ignore[attr-defined]
        assert errors == [], f"{f.name}: {errors[:3]}"


def test_the_lint_and_the_schema_share_their_keys() -> None:
    from experience.narrative import _parse
    from experience.scene import _load

    n = schemas()["narrative.schema.json"]
    assert tuple(n["properties"]) == _parse.TOP_KEYS
    assert tuple(n["$defs"]["line"]["properties"]) == _parse.LINE_KEYS
    assert tuple(n["$defs"]["chapter"]["properties"]) == _parse.CHAPTER_KEYS
    assert n["$defs"]["speaker"]["properties"]["pitch"]["maximum"] == 99
    assert tuple(schemas()["scene.schema.json"]["properties"]) == _load.TOP_KEYS
    from experience.questionnaire import _parse as qp

    q = schemas()["questionnaire.schema.json"]
    assert tuple(q["properties"]) == qp.TOP_KEYS
    assert tuple(q["properties"]["items"]["items"]["properties"]) == qp.ITEM_KEYS


EXAMPLE = (ROOT / "narratives" / "example.yaml").read_text(encoding="utf-8")
MISTAKES = [  # (what an author might type, replacing what) -- the lint and the editor both flag it
    ("scene: placeholder\n    steps:", "scene: placeholder\n    stpes:"),
    ("pitch: 45,", "pitch: 145,"),
    ("style: inner,", "style: quiet,"),
    ("- wait: 2.0", "- pause: 2.0"),
    ("{ambience: office_murmur, volume: 0.6}", "{ambience: office_murmur, volume: 0.6, sound: door}"),
    ("{id: ex_sam_1, speaker: Sam,", "{id: ex_sam_1, speakr: Sam,"),
    ("timing: {wpm: 150,", "timing: {wpm: 1500,"),
]


@pytest.mark.parametrize("was,typo", MISTAKES, ids=[t for _, t in MISTAKES])
def test_a_mistake_the_lint_reports_is_marked_by_the_schema_too(tmp_path: Path, was: str, typo: str) -> None:
    assert was in EXAMPLE
    text = EXAMPLE.replace(was, typo, 1)
    path = tmp_path / "example.yaml"
    path.write_text(text, encoding="utf-8")
    assert check_main([str(path)], ContentRoot.find(), io.StringIO(), io.StringIO()) == 1
    assert list(validator("narrative").iter_errors(yaml.safe_load(text)))  # type: ignore[attr-defined]


def test_scene_mistakes_are_marked() -> None:
    v = validator("scene")
    text = (ROOT / "scenes" / "office.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["props"][0]["kind"] = "sofabed"
    data["environment"]["colour"] = "white"
    bad = {tuple(e.absolute_path) for e in v.iter_errors(data)}  # type: ignore[attr-defined]
    assert ("props", 0, "kind") in bad and ("environment",) in bad


def test_questionnaire_mistakes_are_marked() -> None:
    v = validator("questionnaire")
    data = yaml.safe_load((ROOT / "questionnaires" / "workshop.yaml").read_text(encoding="utf-8"))
    data["items"][0]["kind"] = "stars"
    data["phases"]["later"] = {"title": "Later"}
    del data["consent"]["accept"]
    bad = {tuple(e.absolute_path) for e in v.iter_errors(data)}  # type: ignore[attr-defined]
    assert ("items", 0, "kind") in bad and ("phases",) in bad and ("consent",) in bad
