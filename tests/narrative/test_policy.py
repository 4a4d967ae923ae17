"""The safety-practice lint: every content pack gets the checks the bundled stories pass."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from experience.content import ContentRoot
from experience.narrative import check_main, lint_narrative, parse_file, safety_practice

BARE = """id: bare
title: Bare
chapters:
  - id: one
    scene: placeholder
    steps:
      - line: {id: bare_1, text: "hello there"}
  - id: two
    scene: placeholder
    steps:
      - checkin: {id: bare_ck, prompt: "How are you?", kind: scale}
      - line: {id: bare_2, text: "goodbye"}
  - id: three
    scene: placeholder
    steps:
      - line: {id: bare_3, text: "the end"}
    debrief:
      reactions: ["How did that feel?"]
"""

CAREFUL = """id: careful
title: Careful
content_warnings: ["hearing voices"]
resources: {title: Help, items: [{name: Your facilitator, contact: Here in the room.}]}
chapters:
  - id: one
    scene: placeholder
    steps:
      - hold: {id: careful_h, note: settle}
    debrief:
      reactions: ["How did that feel?"]
      description: ["What happened there?"]
  - id: two
    scene: placeholder
    steps:
      - checkin: {id: careful_ck, prompt: "How are you, from 0 (calm) to 10 (very distressed)?", kind: scale}
    debrief:
      analysis: ["What made it harder?"]
      summary: ["One thing you take with you?"]
"""


def warnings(text: str, name: str) -> set[tuple[int, str]]:
    n, diags = parse_file(name, text)
    assert n is not None and not [d for d in diags if d.is_error]
    got = lint_narrative(n)
    assert all(d.severity == "warning" for d in got)
    return {(d.line, d.message) for d in got}


def test_every_part_of_the_safety_practice_is_checked() -> None:
    got = warnings(BARE, "bare.yaml")
    assert got == {
        (1, "no content_warnings"),
        (1, "no resources"),
        (1, "no hold in the whole experience"),
        (1, "the debrief has no description, analysis, summary prompts"),
        (4, "chapter 'one' has neither a check-in nor a hold"),
        (11, "check-in 'bare_ck' does not name its scale"),
        (13, "the last chapter 'three' has no check-in"),
        (13, "chapter 'three' has neither a check-in nor a hold"),
    }


def test_an_experience_with_the_whole_practice_is_clean() -> None:
    assert warnings(CAREFUL, "careful.yaml") == set()


def test_no_checkin_and_no_debrief_at_all() -> None:
    text = CAREFUL.replace('      - checkin: {id: careful_ck, prompt: "How are you, from 0 (calm) to 10 (very '
                           'distressed)?", kind: scale}\n', '      - hold: {id: careful_h2, note: talk}\n')
    text = "\n".join(line for line in text.splitlines() if not line.startswith(("    debrief", "      reactions",
                     "      description", "      analysis", "      summary")))
    got = {m for _, m in warnings(text, "careful.yaml")}
    assert got == {"no check-in in the whole experience", "no debrief prompts"}


def test_the_tutorial_needs_only_named_scales() -> None:
    got = {m for _, m in warnings(BARE.replace("id: bare", "id: tutorial", 1), "tutorial.yaml")}
    assert got == {"check-in 'bare_ck' does not name its scale"}


def test_another_pack_gets_the_checks_through_check(tmp_path: Path) -> None:
    (tmp_path / "narratives").mkdir()
    (tmp_path / "scenes").mkdir()
    root = Path(__file__).resolve().parents[2]
    (tmp_path / "scenes" / "placeholder.yaml").write_text((root / "scenes" / "placeholder.yaml").read_text())
    (tmp_path / "narratives" / "bare.yaml").write_text(BARE)
    out, err = io.StringIO(), io.StringIO()
    assert check_main([], ContentRoot.find(tmp_path), out, err) == 0  # warnings, not errors
    assert "narratives/bare.yaml:1:1: warning: no resources" in out.getvalue()
    assert "narratives/bare.yaml:11:9: warning: check-in 'bare_ck' does not name its scale" in out.getvalue()


@pytest.mark.parametrize("stem", ["voices", "grey", "crowd", "tutorial", "example", "placeholder"])
def test_bundled_narratives_pass_the_safety_practice(stem: str) -> None:
    root = Path(__file__).resolve().parents[2]
    n, _ = parse_file(root / "narratives" / f"{stem}.yaml")
    assert n is not None and [d.format() for d in safety_practice(n)] == []
