"""The facilitator guide and the checklist: complete, and in sync with the narratives."""

from __future__ import annotations

import re

from . import _checklist_html, _guide_prompts
from .conftest import ROOT

GUIDE = (ROOT / "docs" / "facilitator-guide.md").read_text(encoding="utf-8")
CHECKLIST = (ROOT / "docs" / "checklist.md").read_text(encoding="utf-8")


def test_guide_debrief_prompts_are_in_sync_with_the_narratives():
    assert _guide_prompts.updated(GUIDE) == GUIDE, \
        "run: .venv/bin/python -m tests.content._guide_prompts"


def test_checklist_html_is_in_sync():
    html = (ROOT / "docs" / "checklist.html").read_text(encoding="utf-8")
    assert _checklist_html.render(CHECKLIST) == html, \
        "run: .venv/bin/python -m tests.content._checklist_html"


def test_checklist_fits_one_page():
    items = [line for line in CHECKLIST.splitlines() if line.startswith("- [ ]")]
    assert 20 <= len(items) <= 36
    assert len(CHECKLIST.splitlines()) <= 60
    assert all(len(i) <= 110 for i in items), "one line per item"


def test_guide_covers_the_workshop():
    for heading in ("Setting up the headsets", "Room layout", "Consent", "Running the session",
                    "What to watch for", "When to use the calm place", "The debrief",
                    "Resources and helplines", "Measuring change"):
        assert re.search(rf"^## {heading}$", GUIDE, re.M), heading
    assert "(runtimes.md)" in GUIDE
    for phase in ("Reactions", "Description", "Analysis", "Summary"):
        assert f"**{phase}**" in GUIDE


def test_guide_says_the_experiences_are_samples_to_review_with_lived_experience():
    intro = re.sub(r"[\s>*]+", " ", GUIDE.split("## Contents")[0])
    assert "The bundled experiences are samples" in intro
    assert "review them with people who have lived experience" in intro


def test_validated_scales_are_named_not_bundled():
    for scale in ("AQ-9", "CAMI", "SSQ"):
        assert f"**{scale}**" in GUIDE
    assert "not bundled" in GUIDE
    original = re.findall(r"^\d+\. ", GUIDE.split("**Original items**")[1].split("<!--")[0], re.M)
    assert len(original) >= 6


def test_links_between_docs_resolve_or_are_expected():
    expected_elsewhere = {"runtimes.md", "console.md", "../narratives/README.md", "../README.md", "storyboards/"}
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", GUIDE + CHECKLIST):
        if target.startswith("http"):
            continue
        assert (ROOT / "docs" / target).exists() or target in expected_elsewhere, target


def test_a_storyboard_per_experience():
    import struct

    from .conftest import EXPERIENCES, TUTORIAL

    for stem in (*EXPERIENCES, TUTORIAL):
        png = ROOT / "docs" / "storyboards" / f"{stem}.png"
        head = png.read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n", png
        w, h = struct.unpack(">II", head[16:24])
        assert w >= 1200 and h >= 900, (png.name, w, h)
        assert f"storyboards/{stem}.png" in GUIDE
