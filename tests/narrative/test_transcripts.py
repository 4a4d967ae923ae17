"""Golden transcripts: every narrative in narratives/ played start to end.

Regenerate after an intended change with ``python tests/narrative/update_transcripts.py``
(or ``UPDATE_TRANSCRIPTS=1 pytest tests/narrative/test_transcripts.py``) and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from experience.narrative import load_narrative
from experience.narrative._transcript import play_transcript

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "transcripts"
NARRATIVES = sorted((ROOT / "narratives").glob("*.yaml"))


def transcript_text(path: Path) -> str:
    # Timing from text only (content=None): transcripts do not depend on the narration cache.
    return "\n".join(play_transcript(load_narrative(path))) + "\n"


@pytest.mark.parametrize("path", NARRATIVES, ids=[p.stem for p in NARRATIVES])
def test_transcript(path: Path) -> None:
    got = transcript_text(path)
    golden = GOLDEN / f"{path.stem}.txt"
    if os.environ.get("UPDATE_TRANSCRIPTS") or not golden.exists():
        golden.write_text(got, encoding="utf-8")
        if not os.environ.get("UPDATE_TRANSCRIPTS"):
            pytest.fail(f"{golden} did not exist; written now: review and commit it")
    assert got == golden.read_text(encoding="utf-8"), (
        f"{path.name} plays differently from {golden.name}; if intended, run "
        "python tests/narrative/update_transcripts.py and review the diff")
    assert "ExperienceEnded" in got and "# not ended" not in got


def test_every_narrative_has_a_transcript() -> None:
    stems = {p.stem for p in NARRATIVES}
    orphans = sorted(p.name for p in GOLDEN.glob("*.txt") if p.stem not in stems)
    assert not orphans, f"transcripts without a narrative: {orphans} (delete them)"
