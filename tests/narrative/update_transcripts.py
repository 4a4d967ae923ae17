"""Regenerate the golden transcripts: ``python tests/narrative/update_transcripts.py``."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.narrative.test_transcripts import CASES, GOLDEN, golden_name, transcript_text

if __name__ == "__main__":
    names = {golden_name(*c) for c in CASES}
    for old in GOLDEN.glob("*.txt"):
        if old.name not in names:
            old.unlink()
    for case in CASES:
        path = GOLDEN / golden_name(*case)
        path.write_text(transcript_text(*case), encoding="utf-8")
        print(f"wrote {path}")
