"""The lint: a corpus of malformed narratives, each with its exact message and place."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from experience.content import ContentRoot
from experience.errors import ContentError, display_path
from experience.narrative import check_main, lint_file, load_narrative

from ._util import narrative

HERE = Path(__file__).parent
BAD = HERE / "bad"
ROOT = HERE.parents[1]
ROWS = [line.split("\t") for line in (BAD / "EXPECTED.tsv").read_text().splitlines()
        if line and not line.startswith("#")]
CONTENT = ContentRoot.find()


def test_corpus_is_complete() -> None:
    listed = {r[0] for r in ROWS}
    files = {p.name for p in BAD.glob("*.yaml")}
    assert listed == files and len(files) >= 20


@pytest.mark.parametrize("name,where,severity,text", ROWS, ids=[r[0] for r in ROWS])
def test_bad_narrative(name: str, where: str, severity: str, text: str) -> None:
    path = BAD / name
    diags = lint_file(path, CONTENT)
    want = f"{display_path(path)}:{where}: {severity}: "
    formatted = [d.format() for d in diags]
    assert any(f.startswith(want) and text in f for f in formatted), formatted
    out, err = io.StringIO(), io.StringIO()
    assert check_main([str(path)], CONTENT, out, err) == 1
    assert "Traceback" not in out.getvalue() + err.getvalue()


@pytest.mark.parametrize("name", ["placeholder", "example"])
def test_bundled_examples_are_clean(name: str) -> None:
    path = ROOT / "narratives" / f"{name}.yaml"
    if not path.exists():
        pytest.skip(f"{path.name} not written yet")
    got = [d.format() for d in lint_file(path, CONTENT)]
    assert [g for g in got if "synthesised narration will be used" not in g] == []
    assert len(got) <= 1  # at most the one narration note


def test_warnings_do_not_fail(tmp_path: Path) -> None:
    text = """id: warn
title: Warnings
timing: {max_caption_wpm: 180}
speakers: {Sam: {voice: en-gb}}
chapters:
  - id: one
    scene: placeholder
    steps:
      - line: {id: line3, speaker: Sam, text: "one two three four five six seven eight nine ten", duration: 2}
      - line: {id: a2, speaker: Sma, text: "typo in the speaker", audio: missing/file.wav}
      - jump: end
      - wait: 1
"""
    (tmp_path / "narratives").mkdir()
    (tmp_path / "scenes").mkdir()
    (tmp_path / "scenes" / "placeholder.yaml").write_text((ROOT / "scenes" / "placeholder.yaml").read_text())
    path = tmp_path / "narratives" / "warn.yaml"
    path.write_text(text)
    content = ContentRoot.find(tmp_path)
    got = {(d.line, d.severity, d.message.split(":")[0].split(" (")[0]) for d in lint_file(path, content)}
    assert (9, "warning", "id 'line3' looks like a position, not a name") in got
    assert (9, "warning", "caption of line 'line3' is too fast to read") in got
    assert (10, "warning", "speaker 'Sma' is not in 'speakers'") in got
    assert (10, "warning", "audio 'missing/file.wav' not found in audio/") in got
    assert (12, "warning", "this wait can never play") in got
    assert (9, "warning", "2 of 2 lines have no recording") in got
    assert all(sev == "warning" for _, sev, _ in got)
    assert check_main([str(path)], content, io.StringIO(), io.StringIO()) == 0


@pytest.mark.parametrize("name", ["not_yaml.yaml", "binary.yaml", "unknown_scene.yaml", "flash.yaml"])
def test_cli_check_subprocess(name: str) -> None:
    from tests.conftest import run_cli

    done = run_cli("check", str(BAD / name), timeout=60)
    row = next(r for r in ROWS if r[0] == name)
    assert done.returncode == 1, done.stderr
    assert f":{row[1]}: error: " in done.stdout and row[3] in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_cli_check_usage_error() -> None:
    from tests.conftest import run_cli

    done = run_cli("check", "no/such/file.yaml", timeout=60)
    assert done.returncode == 2 and "no such file" in done.stderr and "Traceback" not in done.stderr


def test_wrong_types_everywhere_never_raise(tmp_path: Path) -> None:
    values = ["1", "true", "[]", "{}", "null", "'x'", "[1, [2]]", "{a: {b: c}}", "-1e999"]
    keys = ["id", "title", "chapters", "speakers", "timing", "resources", "content_warnings", "locales"]
    for v in values:
        for k in keys:
            text = f"id: t\ntitle: T\nchapters: [{{id: c, scene: s, steps: [{{wait: 1}}]}}]\n{k}: {v}\n"
            text = text.replace(f"\n{k}: ", f"\n{k}: ", 1)
            n_, diags = None, lint_file(_write(tmp_path, text), None)
            del n_
            assert all(d.line >= 1 for d in diags)
        for step in ["line", "cue", "wait", "hold", "checkin", "choice", "label", "jump"]:
            text = f"id: t\ntitle: T\nchapters: [{{id: c, scene: s, steps: [{{{step}: {v}}}]}}]\n"
            assert lint_file(_write(tmp_path, text), None) is not None


def _write(tmp: Path, text: str) -> Path:
    p = tmp / "t.yaml"
    p.write_text(text)
    return p


def test_parse_keeps_positions() -> None:
    n = narrative()
    assert n.chapters[0].steps[0].pos == (8, 9) and n.chapters[1].pos == (13, 5)


def test_check_all_content_covers_every_kind_of_file() -> None:
    from experience.narrative import collect

    files = {str(p.relative_to(ROOT)): linter.__name__ for p, linter in collect([], CONTENT)}
    assert files["narratives/placeholder.yaml"] == "_lint_narrative"
    assert files["scenes/placeholder.yaml"] == "_lint_scene"
    assert files["narratives/strings/example.fr.csv"] == "_lint_strings"
    out, err = io.StringIO(), io.StringIO()
    assert check_main([], CONTENT, out, err) in (0, 1)
    assert "Traceback" not in out.getvalue() and "checked" in err.getvalue()


@pytest.mark.parametrize("name", sorted({r[0] for r in ROWS}))
def test_loading_refuses_exactly_what_check_calls_an_error(name: str) -> None:
    path = BAD / name
    errors = {d.format() for d in lint_file(path, CONTENT) if d.is_error}
    with pytest.raises(ContentError) as exc:
        load_narrative(path, CONTENT)
    assert {d.format() for d in exc.value.diagnostics} == errors


def test_run_refuses_a_bad_jump(tmp_path: Path) -> None:
    """``run`` is gated by the lint: a jump to nowhere is refused before anything plays."""
    from tests.conftest import run_cli

    (tmp_path / "narratives").mkdir()
    (tmp_path / "scenes").mkdir()
    (tmp_path / "scenes" / "placeholder.yaml").write_text((ROOT / "scenes" / "placeholder.yaml").read_text())
    (tmp_path / "narratives" / "jump_nowhere.yaml").write_text((BAD / "jump_nowhere.yaml").read_text())
    done = run_cli("--content", str(tmp_path), "run", "--mode", "headless", "-e", "jump_nowhere", "--no-console",
                   "--duration", "2", timeout=120)
    assert done.returncode == 1, done.stderr
    lines = [line for line in done.stderr.splitlines() if ": error: " in line]
    path = tmp_path / "narratives" / "jump_nowhere.yaml"
    assert lines == [f"{path}:8:9: error: jump to 'nowhere', which is no label or chapter (hint: known: end, one)"]
    assert "Traceback" not in done.stdout + done.stderr


def test_caption_speed_is_judged_per_on_screen_page(tmp_path: Path) -> None:
    # 22 words in 8 s are 165 wpm for the whole line: within 190. The captions show it in three
    # pages, each for its share of the characters: the first (many short words) gets 2.8 s for
    # 15 words, 322 wpm, which nobody reads; the lint says so and names the page.
    from experience.narrative._resolve import caption_pages

    text = ("It is a day of rain and I am on my own at home now. Unremarkable, "
            "interminable, inexplicable afternoons accumulate, unacknowledged, uncomplainingly.")
    pages = caption_pages(text, 8.0)
    assert len(pages) == 3 and sum(s for _, s in pages) == pytest.approx(8.0)
    body = f"""id: paged
title: Paged
timing: {{max_caption_wpm: 190}}
speakers: {{Sam: {{voice: en-gb}}}}
chapters:
  - id: one
    scene: placeholder
    steps:
      - line: {{id: long, speaker: Sam, text: "{text}", duration: 8}}
      - line: {{id: calm, speaker: Sam, text: "{text}", duration: 14}}
"""
    (tmp_path / "narratives").mkdir()
    (tmp_path / "scenes").mkdir()
    (tmp_path / "scenes" / "placeholder.yaml").write_text((ROOT / "scenes" / "placeholder.yaml").read_text())
    path = tmp_path / "narratives" / "paged.yaml"
    path.write_text(body)
    got = [d.format() for d in lint_file(path, ContentRoot.find(tmp_path))]
    fast = [g for g in got if "too fast to read" in g]
    assert len(fast) == 1 and "line 'long'" in fast[0], got
    assert "322 words per minute (page 1 of 3, on screen 2.8 s)" in fast[0]
    assert "give it at least" in fast[0]
