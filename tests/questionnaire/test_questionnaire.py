"""Questionnaires as content: the lint corpus, the bundled file, translations and licensed scales."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from experience.content import ContentRoot
from experience.errors import ContentError, display_path
from experience.narrative import check_main
from experience.questionnaire import Questionnaires, lint_file, source_strings
from tests.conftest import Done

HERE = Path(__file__).parent
BAD = HERE / "bad"
ROOT = HERE.parents[1]
ROWS = [line.split("\t") for line in (BAD / "EXPECTED.tsv").read_text().splitlines()
        if line and not line.startswith("#")]
CONTENT = ContentRoot.find()
LICENSED = """id: scale9
title: A licensed scale
version: 2
licence: "Used under licence; item texts are in strings/scale9.<locale>.csv, kept by the organisation."
text_in_strings: true
consent: {prompt: "May we use your answers?", accept: "Yes", decline: "No"}
phases: {pre: {}, post: {}}
scales:
  nine: {kind: likert, points: 9, labels: {1: "not at all", 9: "very much"}}
items:
  - {id: s1, scale: nine}
  - {id: s2, scale: nine, reverse: true}
subscales:
  - {id: total, title: Total, items: [s1, s2], method: sum, weight: 3.74}
"""


def test_corpus_is_complete() -> None:
    assert {r[0] for r in ROWS} == {p.name for p in BAD.glob("*.yaml")} and len(ROWS) >= 30


@pytest.mark.parametrize("name,where,severity,text", ROWS, ids=[r[0] for r in ROWS])
def test_bad_questionnaire(name: str, where: str, severity: str, text: str) -> None:
    path = BAD / name
    formatted = [d.format() for d in lint_file(path, CONTENT)]
    want = f"{display_path(path)}:{where}: {severity}: "
    assert any(f.startswith(want) and text in f for f in formatted), formatted
    out, err = io.StringIO(), io.StringIO()
    assert check_main([str(path)], CONTENT, out, err) == 1
    assert "Traceback" not in out.getvalue() + err.getvalue()


def test_bundled_questionnaire_is_clean_and_holds_the_guide_items() -> None:
    path = ROOT / "questionnaires" / "workshop.yaml"
    assert [d.format() for d in lint_file(path, CONTENT) if d.is_error or "not translated" not in d.message] == []
    q = Questionnaires(CONTENT.questionnaires).load("workshop")
    guide = (ROOT / "docs" / "facilitator-guide.md").read_text()
    for item in q.items:  # the guide's original items, word for word
        assert item.text in guide.replace("\n   ", " "), item.id
    assert [i.id for i in q.items_for("pre")] == [i.id for i in q.items[:6]]
    assert {i.id for i in q.headset_items("post")} == {"headset_comfort", "distress_peak"}
    weakness = q.item("weakness")
    assert weakness is not None and weakness.reverse and weakness.score(5) == 1 and weakness.score(2) == 4
    assert [s.id for s in q.subscales] == ["attitudes", "confidence"]
    assert q.phases["follow_up"].after_weeks == 6


def test_french_strings_apply() -> None:
    q = Questionnaires(CONTENT.questionnaires).load("workshop", "fr")
    assert q.locale == "fr" and q.title != "About mental health, before and after"
    assert q.ui["send"] != "Send my answers" and q.item("weakness").labels[1] != "Strongly disagree"  # type: ignore[union-attr]
    en = Questionnaires(CONTENT.questionnaires).load("workshop")
    assert en.ui["send"] == "Send my answers"


def run_cli(*args: str) -> Done:
    """The real command line, in this process (the subcommands are plain functions)."""
    from contextlib import redirect_stderr, redirect_stdout

    from experience.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return Done(code, out.getvalue(), err.getvalue())


def _pack(tmp: Path) -> Path:
    for d in ("narratives", "scenes", "questionnaires"):
        (tmp / d).mkdir()
    (tmp / "questionnaires" / "scale9.yaml").write_text(LICENSED)
    return tmp


def test_licensed_scale_keeps_its_text_in_strings_only(tmp_path: Path) -> None:
    root = _pack(tmp_path)
    pack = ContentRoot.find(root)
    done = run_cli("--content", str(root), "check")
    assert done.returncode == 1 and "scale9.yaml:1:1: error: no strings for locale 'en'" in done.stdout
    done = run_cli("--content", str(root), "strings", "export", "scale9", "--locale", "en")
    assert done.returncode == 0, done.stderr
    exported = root / "questionnaires" / "strings" / "scale9.en.csv"
    rows = list(csv.reader(exported.open()))
    assert rows[0] == ["id", "source", "text"] and ["s1", "", ""] in rows
    done = run_cli("--content", str(root), "check")
    assert done.returncode == 1 and "scale9.en.csv:1:1: error: no text for item 's1'" in done.stdout
    texts = {"s1": "Licensed item one.", "s2": "Licensed item two."}
    work = tmp_path / "scale9.en.csv"
    with work.open("w", newline="") as f:
        w = csv.writer(f)
        for key, src, tr in rows:
            w.writerow([key, src, texts.get(key, tr)])
    exported.unlink()
    done = run_cli("--content", str(root), "strings", "import", str(work))
    assert done.returncode == 0, done.stderr
    q = Questionnaires(pack.questionnaires).load("scale9")
    assert [i.text for i in q.items] == ["Licensed item one.", "Licensed item two."]
    assert q.item("s2").low == 1 and q.item("s2").high == 9  # type: ignore[union-attr]
    assert q.subscales[0].weight == 3.74 and q.subscales[0].method == "sum"
    assert "Licensed item" not in (root / "questionnaires" / "scale9.yaml").read_text()
    done = run_cli("--content", str(root), "check")
    assert done.returncode == 0, done.stdout + done.stderr


def test_strings_import_refuses_unknown_ids(tmp_path: Path) -> None:
    root = _pack(tmp_path)
    bad = tmp_path / "scale9.fr.csv"
    bad.write_text("id,source,text\ns1,,Un.\nnope,,Rien\n")
    done = run_cli("--content", str(root), "strings", "import", str(bad))
    assert done.returncode == 1 and "scale9.fr.csv:3:1: error: unknown string id 'nope'" in done.stderr
    assert "Traceback" not in done.stderr


def test_loading_a_broken_questionnaire_refuses(tmp_path: Path) -> None:
    root = _pack(tmp_path)
    (root / "questionnaires" / "broken.yaml").write_text("id: broken\ntitle: B\nitems: 3\n")
    with pytest.raises(ContentError) as exc:
        Questionnaires(ContentRoot.find(root).questionnaires).load("broken")
    assert "broken.yaml:3:8: error: 'items' must be a list" in str(exc.value)


def test_every_string_has_a_key() -> None:
    q = Questionnaires(CONTENT.questionnaires).load("workshop")
    keys = [k for k, _, _ in source_strings(q)]
    assert len(keys) == len(set(keys)) and "_scale.agree5.3" in keys and "_ui.send" in keys
