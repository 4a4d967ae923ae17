"""A content pack of one's own, checked as a new author meets it: what a pack lacks, and hints that work."""

from __future__ import annotations

import shutil
from pathlib import Path

from experience.content import ContentRoot
from experience.narrative import lint_file
from experience.scene import lint_scene_file
from tests.kit import ROOT, tiny_pack

STORY = """id: tiny
title: Tiny
locales: [en, fr]
content_warnings: ["A short, quiet story."]
chapters:
  - id: one
    scene: placeholder
    steps:
      - line: {id: t_hello, text: "Hello."}
      - checkin: {id: t_ck, prompt: "How are you, from 0 (calm) to 10 (very distressed)?", kind: scale}
"""


def _messages(path: Path, content: ContentRoot) -> list[str]:
    return [d.format() for d in lint_file(path, content)]


def test_a_pack_without_a_tutorial_is_told_its_story_would_start_without_consent(tmp_path: Path) -> None:
    content = tiny_pack(tmp_path / "pack", STORY)
    story = content.narratives / "tiny.yaml"
    got = _messages(story, content)
    [warning] = [m for m in got if "no narratives/tutorial.yaml" in m]
    assert warning.startswith(f"{story}:1:1: warning: ") and "without the consent hold" in warning
    assert "copy the bundled narratives/tutorial.yaml and scenes/workshop.yaml" in warning
    shutil.copy(ROOT / "narratives" / "tutorial.yaml", content.narratives)
    assert not [m for m in _messages(story, content) if "tutorial.yaml" in m]
    bundled = ContentRoot.find(None)
    assert not [m for m in _messages(bundled.narratives / "example.yaml", bundled) if "no narratives/tutorial" in m]


def test_hints_name_the_pack_so_the_command_they_give_works(tmp_path: Path) -> None:
    content = tiny_pack(tmp_path / "pack", STORY)
    got = _messages(content.narratives / "tiny.yaml", content)
    pack = f"--content {content.root} "
    assert any(f"render it with: python run_vr.py {pack}narrate tiny" in m for m in got), got
    assert any(f"make them with: python run_vr.py {pack}strings export tiny --locale fr" in m for m in got), got
    bundled = ContentRoot.find(None)
    assert bundled.command("narrate voices") == "python run_vr.py narrate voices"


def test_a_misspelt_gaze_is_pointed_at_with_the_word_meant(tmp_path: Path) -> None:
    scene = tmp_path / "scenes" / "cafe.yaml"
    scene.parent.mkdir()
    scene.write_text("id: cafe\nenvironment: {kind: room}\npeople:\n"
                     "  - {id: jo, at: [0, 1, 0], heading: 180, gaze: participent}\n")
    [d] = [d for d in lint_scene_file(scene) if "looks at" in d.message]
    assert (d.line, d.col) == (4, 49) and d.hint == "did you mean 'participant'?"


def test_the_yaml_mistakes_writers_make_get_a_hint_that_names_them(tmp_path: Path) -> None:
    content = tiny_pack(tmp_path / "pack", STORY)
    story = content.narratives / "tiny.yaml"
    cases = {
        "\t- wait: 1": (10, 1, "never tabs"),  # a tab where the steps are indented
        "    - wait: 1": (10, 5, "line up the '-' of every step"),  # one step indented less than the others
    }
    for bad, (line, col, hint) in cases.items():
        story.write_text(STORY.replace("      - checkin:", bad + "\n      - checkin:", 1))
        [d] = [d for d in lint_file(story, content) if d.is_error]
        assert (d.line, d.col) == (line, col) and hint in d.hint, d.format()
