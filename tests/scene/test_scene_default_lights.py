"""A scene with no ``lights`` block is lit by a default ambient and key light, people included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

UNLIT = """id: unlit
title: "No lights given"
environment: {kind: room, size: [5.0, 4.4, 2.7], wall: "#dcd3c4", floor: oak, windows: []}
participant: {position: [0, -1.2, 0], heading: 0, pose: seated, eye_height: 1.2}
props:
  - {kind: table, at: [0.0, 0.3, 0], width: 1.1, depth: 0.65, height: 0.5, color: walnut}
people:
  - {id: guest, at: [0.0, 1.2, 0], heading: 180, pose: standing, gaze: participant, idle: breathe,
     clothes: "#5b6f8a", skin: "#c68d6a", hair: "#2b1d14"}
"""


@pytest.mark.slow
def test_a_scene_without_lights_is_lit_by_default(renderer: Any, tmp_path: Path) -> None:
    (tmp_path / "unlit.yaml").write_text(UNLIT, encoding="utf-8")
    renderer.load("unlit", scenes_dir=tmp_path)
    renderer.render()
    renderer.render()
    img = renderer.image().astype(np.float32) / 255.0
    left = img[:, : img.shape[1] // 2]  # one eye
    h, w = left.shape[:2]
    luminance = left @ np.array([0.2126, 0.7152, 0.0722], np.float32)
    assert luminance.mean() > 0.3, luminance.mean()  # the room is lit, not black
    person = luminance[int(h * 0.2):int(h * 0.6), int(w * 0.42):int(w * 0.58)]  # the guest, ahead
    assert person.mean() > 0.15, person.mean()
    assert luminance.std() > 0.05  # shaded, not flat: a key light as well as the ambient


def test_the_lint_still_advises_lights(tmp_path: Path) -> None:
    from experience.scene import lint_scene_file

    (tmp_path / "unlit.yaml").write_text(UNLIT, encoding="utf-8")
    diags = lint_scene_file(tmp_path / "unlit.yaml")
    assert [d.severity for d in diags] == ["warning"] and "default" in diags[0].message
