"""Switching scenes during a headless run: built in slack, swapped under a fade, no missed frames."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]

NARRATIVE = """\
id: switch
title: "Scene switch"
summary: "Three scenes in a row, for the loading test."
duration_min: 0.2
content_warnings: ["A test: no story."]
audience_notes: "Tests only."
locales: [en]
speakers:
  Narrator: {voice: en-gb}
chapters:
  - id: one
    title: "One"
    scene: placeholder
    steps:
      - wait: 2.5
  - id: two
    title: "Two"
    scene: office
    steps:
      - cue: {effect: vignette, to: 0.4, over: 1.0}
      - wait: 2.5
  - id: three
    title: "Three"
    scene: bus
    steps:
      - wait: 2.5
"""


def _png(path: Path) -> np.ndarray:
    from panda3d.core import PNMImage

    img = PNMImage(str(path))
    return np.array([[img.getXel(x, y) for x in range(0, img.getXSize(), 4)]
                     for y in range(0, img.getYSize(), 4)], np.float32)


@pytest.mark.slow
def test_scene_switches_mid_run_without_missed_frames(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "narratives").mkdir(parents=True)
    (pack / "scenes").symlink_to(ROOT / "scenes")
    (pack / "narratives" / "switch.yaml").write_text(NARRATIVE)
    stats, shots = tmp_path / "s.json", tmp_path / "shots"
    done = run_cli("--content", str(pack), "run", "--mode", "headless", "--experience", "switch", "--no-tutorial",
                   "--no-console", "--duration", "9", "--stats-json", str(stats), "--size", "320x240",
                   "--refresh", "20", "--auto-continue", "--capture", str(shots), "--capture-at", "2.4,5.2,8.5")
    assert done.returncode == 0, done.stderr[-2000:]
    doc = json.loads(stats.read_text())
    scene_overruns = {k: v for k, v in doc.get("job_overruns", {}).items() if k.startswith("scene:")}
    assert scene_overruns == {}, f"scene building overran the slack: {scene_overruns}"
    assert doc["missed_frames"] == 0
    one, two, three = (_png(p) for p in sorted(shots.glob("*.png")))
    # Three different places were shown, each one lit (not a black transition frame).
    for img in (one, two, three):
        assert img.mean() > 0.15
    assert np.abs(one - two).mean() > 0.05 and np.abs(two - three).mean() > 0.05
