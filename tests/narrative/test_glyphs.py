"""Text every language needs: the caption font's coverage, glyph pixels, line breaking."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from experience.presenters._caption_font import CANDIDATES, ENV_VAR, font_file
from experience.presenters._caption_layout import NBSP, glue, wrap_rows

ROOT = Path(__file__).resolve().parents[2]
MISSING = "\ue000"  # a private-use character: no font has it, so it renders as the missing-glyph box
TEXTS = ("ñ", "n", "ß", "œ", "ł", "l", "Ψυχή", "Слово", MISSING, MISSING * 4, MISSING * 5)


def test_font_file_prefers_the_environment_then_dejavu(tmp_path: Path) -> None:
    own = tmp_path / "Own.ttf"
    own.write_bytes(b"")
    assert font_file({ENV_VAR: str(own)}) == own
    assert font_file({ENV_VAR: str(tmp_path / "absent.ttf")}, (str(own),)) == own
    assert font_file({}, (str(tmp_path / "none.ttf"),)) is None
    assert "dejavu" in CANDIDATES[0].lower()


def test_the_caption_font_covers_latin_greek_and_cyrillic() -> None:
    from experience.presenters._caption_font import caption_font, missing_scripts

    font = caption_font()
    assert font is not None, "no caption font: scripts/bootstrap.sh installs fonts-dejavu-core"
    assert missing_scripts(font) == []


def test_rows_break_between_words_only() -> None:
    text = "Menschen mit Psychose-Erfahrung und Stimmenhören-Selbsthilfegruppen-Treffen heute"
    rows = wrap_rows(text, 20).split("\n")
    assert all(len(r) <= 20 for r in rows if "-" not in r[:-1])
    joined = " ".join(rows).replace("- ", "-")
    assert joined == text  # nothing lost, every break at a space or after a hyphen
    assert "Selbsthilfegruppen-" in rows  # a long compound breaks after its hyphens, never inside a word
    assert wrap_rows("Donaudampfschifffahrtsgesellschaft ja", 10).split("\n")[0] == \
        "Donaudampfschifffahrtsgesellschaft"  # too long for a row: its own row, whole


def test_rows_are_balanced_and_keep_one_letter_words_with_the_next() -> None:
    rows = wrap_rows("Two months. I practised this walk in my head all weekend.", 37).split("\n")
    assert len(rows) == 2 and abs(len(rows[0]) - len(rows[1])) <= 6
    for text in ("Quiero ir a casa y hablar con mi madre hoy mismo", "Je pense à toi et à la maison ce soir"):
        for row in wrap_rows(text, 16).split("\n")[:-1]:
            assert len(row.split(" ")[-1]) > 1, row


def test_french_punctuation_stays_with_its_word() -> None:
    assert glue("Sam ! Tu es revenu ? « Oui »") == f"Sam{NBSP}! Tu es revenu{NBSP}? «{NBSP}Oui{NBSP}»"
    for row in wrap_rows("Sam ! Tu es revenu ? « Oui » dit-il.", 12).split("\n"):
        assert not row.startswith(("!", "?", "»"))
    assert wrap_rows("  1. Left\n> 2. Right", 30) == "  1. Left\n> 2. Right"  # option rows keep their indent


@pytest.mark.slow
def test_accented_greek_and_cyrillic_glyphs_render(tmp_path: Path) -> None:
    """ñ ß œ ł, a Greek and a Cyrillic word, through the real caption path offscreen."""
    from panda3d.core import PNMImage

    done = subprocess.run([sys.executable, str(Path(__file__).with_name("_render_glyphs.py")), str(tmp_path),
                           *TEXTS], capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    shots = sorted(tmp_path.glob("*.png"))
    assert len(shots) == len(TEXTS), done.stderr[-2000:]
    ink = dict(zip(TEXTS, (_Ink(PNMImage(str(s))) for s in shots), strict=True))
    box = ink[MISSING]
    for t in ("ñ", "ß", "œ", "ł"):
        assert len(ink[t]) > 40 and _overlap(ink[t], box) < 0.6, f"{t!r} renders as a missing glyph"
    assert ink["ñ"].top < ink["n"].top - 3 and ink["ñ"].bottom == ink["n"].bottom  # the tilde
    assert ink["ß"].top < ink["n"].top - 3  # an ascender, not an 's'
    assert ink["œ"].width > 1.6 * ink["n"].width  # one wide ligature
    assert ink["ł"].width > 2 * ink["l"].width  # the stroke
    assert _overlap(ink["Ψυχή"], ink[MISSING * 4]) < 0.5 and len(ink["Ψυχή"]) > 200
    assert _overlap(ink["Слово"], ink[MISSING * 5]) < 0.5 and len(ink["Слово"]) > 200


class _Ink:
    """Bright caption pixels below the eye line: their top row and shape (relative to the box)."""

    def __init__(self, img: object) -> None:
        w, h = img.getXSize(), img.getYSize()  # type: ignore[attr-defined]
        pts = [(x, y) for y in range(h // 2, h) for x in range(w // 4, 3 * w // 4)
               if min(img.getXel(x, y)) > 0.5]  # type: ignore[attr-defined]
        x0, self.top = (min(p[0] for p in pts), min(p[1] for p in pts)) if pts else (0, 0)
        self.shape = {(x - x0, y - self.top) for x, y in pts}
        self.bottom = self.top + max((y for _, y in self.shape), default=0)
        self.width = max((x for x, _ in self.shape), default=-1) + 1

    def __len__(self) -> int:
        return len(self.shape)


def _overlap(a: _Ink, b: _Ink) -> float:
    return len(a.shape & b.shape) / max(1, len(a.shape | b.shape))
