"""Regenerate the golden transcripts: ``python tests/narrative/update_transcripts.py``."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.narrative.test_transcripts import GOLDEN, NARRATIVES, transcript_text

if __name__ == "__main__":
    for old in GOLDEN.glob("*.txt"):
        if old.stem not in {p.stem for p in NARRATIVES}:
            old.unlink()
    for path in NARRATIVES:
        (GOLDEN / f"{path.stem}.txt").write_text(transcript_text(path), encoding="utf-8")
        print(f"wrote {GOLDEN / (path.stem + '.txt')}")
