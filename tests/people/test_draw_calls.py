"""The budget's draw calls: every person, whatever they wear, is drawn with at most four Geoms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from experience.people import FACIAL_HAIR, GLASSES, HAIR_STYLES, HEAD_COVERINGS

PEOPLE = 20


def _crowd_scene(folder: Path) -> None:
    rows = []
    for i in range(PEOPLE):
        row, col = divmod(i, 5)
        rows.append(
            f"  - {{id: p{i}, at: [{(col - 2) * 0.75:.2f}, {1.2 + row * 0.9:.2f}, 0], heading: 180, "
            f"pose: {'seated' if i % 3 == 0 else 'standing'}, gaze: participant, "
            f"hair_style: {HAIR_STYLES[i % len(HAIR_STYLES)]}, facial_hair: {FACIAL_HAIR[i % len(FACIAL_HAIR)]}, "
            f"glasses: {GLASSES[i % len(GLASSES)]}, head_covering: {HEAD_COVERINGS[i % len(HEAD_COVERINGS)]}}}")
    (folder / "crowd.yaml").write_text(
        "id: crowd\nenvironment: {kind: room, size: [8, 9, 3]}\n"
        "participant: {position: [0, -2.5, 0], heading: 0, pose: seated}\n"
        "lights: [{kind: ambient, intensity: 0.6}, {kind: sun, direction: [0.3, -0.6, -0.7]}]\n"
        "people:\n" + "\n".join(rows) + "\n")


def test_twenty_people_take_at_most_four_draw_calls_each(renderer: Any, tmp_path: Path) -> None:
    _crowd_scene(tmp_path)
    inst = renderer.load("crowd", tmp_path)
    try:
        assert len(inst.people) == PEOPLE
        for pid, fig in inst.people.items():
            geoms = sum(n.node().getNumGeoms() for n in fig.root.findAllMatches("**/+GeomNode"))
            assert 1 <= geoms <= 4, f"{pid}: {geoms} Geoms (hair, glasses and coverings belong in the figure's own)"
        # One shader array for everyone: the people add no per-person shader inputs that change per frame.
        assert inst.root.getShaderInput("u_people") is not None
        for _ in range(3):
            inst.update(1 / 90)
            renderer.render()
        img = renderer.image()
        assert img.std() > 5 and np.isfinite(img).all(), "the crowd is drawn"
    finally:
        inst.root.removeNode()
        renderer.instance = None
