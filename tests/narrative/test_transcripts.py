"""Golden transcripts: every narrative in narratives/ played start to end, in each of its languages.

``<id>.txt`` is the file's own language; ``<id>.<locale>.txt`` the same story with
the strings of narratives/strings/<id>.<locale>.csv; ``<id>.audio-<a>.captions-<c>.txt``
a participant who hears one language and reads another. Regenerate after an
intended change with ``python tests/narrative/update_transcripts.py`` (or
``UPDATE_TRANSCRIPTS=1 pytest tests/narrative/test_transcripts.py``) and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from experience.narrative import load_narrative
from experience.narrative._transcript import play_transcript

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "transcripts"
STRINGS = ROOT / "narratives" / "strings"
NARRATIVES = sorted((ROOT / "narratives").glob("*.yaml"))
MIXED = [("example", "en", "es"), ("example", "de", "en"), ("crowd", "en", "es")]  # (id, narration, captions)


def cases() -> list[tuple[str, str | None, str | None]]:
    """(narrative id, narration locale, caption locale): None is the file's own language."""
    out: list[tuple[str, str | None, str | None]] = [(p.stem, None, None) for p in NARRATIVES]
    out += sorted((s.name.split(".")[0], s.name.split(".")[1], None) for s in STRINGS.glob("*.*.csv"))
    return out + [(i, a, c) for i, a, c in MIXED]


def golden_name(nid: str, audio: str | None, captions: str | None) -> str:
    if captions:
        return f"{nid}.audio-{audio}.captions-{captions}.txt"
    return f"{nid}.{audio}.txt" if audio else f"{nid}.txt"


def transcript_text(nid: str, audio: str | None = None, captions: str | None = None) -> str:
    # Timing from text only (content=None): transcripts do not depend on the narration cache.
    n = load_narrative(ROOT / "narratives" / f"{nid}.yaml", None, audio, captions, strings=STRINGS)
    return "\n".join(play_transcript(n)) + "\n"


CASES = cases()


@pytest.mark.parametrize("nid,audio,captions", CASES, ids=[golden_name(*c)[:-4] for c in CASES])
def test_transcript(nid: str, audio: str | None, captions: str | None) -> None:
    got = transcript_text(nid, audio, captions)
    golden = GOLDEN / golden_name(nid, audio, captions)
    if os.environ.get("UPDATE_TRANSCRIPTS") or not golden.exists():
        golden.write_text(got, encoding="utf-8")
        if not os.environ.get("UPDATE_TRANSCRIPTS"):
            pytest.fail(f"{golden} did not exist; written now: review and commit it")
    assert got == golden.read_text(encoding="utf-8"), (
        f"{nid} plays differently from {golden.name}; if intended, run "
        "python tests/narrative/update_transcripts.py and review the diff")
    assert "ExperienceEnded" in got and "# not ended" not in got


def test_every_transcript_has_a_narrative() -> None:
    names = {golden_name(*c) for c in CASES}
    orphans = sorted(p.name for p in GOLDEN.glob("*.txt") if p.name not in names)
    assert not orphans, f"transcripts without a narrative or strings: {orphans} (delete them)"


def test_translated_transcripts_show_the_translation() -> None:
    """Same events and ids as the original; every caption in the translation's language."""
    es = transcript_text("example", "es")
    assert "text='¡Sam! ¡Ya has vuelto!'" in es and "Sam! You're back." not in es
    mixed = transcript_text("example", "en", "es")  # hears English, reads Spanish
    assert "text='¡Sam! ¡Ya has vuelto!'" in mixed and "title='De vuelta al trabajo'" in mixed
    de_en = transcript_text("example", "de", "en")  # hears German, reads English
    assert "text=\"Sam! You're back.\"" in de_en
