"""The budget's draw calls: every person, whatever they wear, is drawn with at most four Geoms;
a distant person is drawn with the lighter figure, a near one with the full one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from experience.people import FACIAL_HAIR, FAR_FROM, GLASSES, HAIR_STYLES, HEAD_COVERINGS

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
            lods = fig.root.findAllMatches("**/+LODNode")
            assert len(lods) == 1 and lods[0].node().getNumSwitches() == 2, f"{pid}: a near and a far figure"
            near, far = (lods[0].getChild(k) for k in range(2))
            for level in (near, far):  # one of them is drawn, never both
                geoms = sum(n.node().getNumGeoms() for n in [level, *level.findAllMatches("**/+GeomNode")]
                            if n.node().isGeomNode())
                assert 1 <= geoms <= 4, f"{pid}: {geoms} Geoms (hair, glasses and coverings belong in the figure)"
            assert _vertices(far) < 0.7 * _vertices(near), f"{pid}: the far figure is lighter"
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


def _vertices(np_: Any) -> int:
    return sum(np_.node().getGeom(i).getVertexData().getNumRows() for i in range(np_.node().getNumGeoms()))


def test_people_near_the_seat_have_only_the_near_figure(renderer: Any, tmp_path: Path) -> None:
    _far_scene(tmp_path)
    inst = renderer.load("far", tmp_path)
    try:
        assert inst.people["near"].root.find("**/+LODNode").isEmpty()
        assert not inst.people["far"].root.find("**/+LODNode").isEmpty()
    finally:
        inst.root.removeNode()
        renderer.instance = None


def _far_scene(folder: Path) -> None:
    (folder / "far.yaml").write_text(
        "id: far\nenvironment: {kind: room, size: [9, 12, 3]}\n"
        "participant: {position: [0, -3, 0], heading: 0, pose: seated}\n"
        "lights: [{kind: ambient, intensity: 0.6}, {kind: sun, direction: [0.3, -0.6, -0.7]}]\n"
        "people:\n  - {id: near, at: [1.5, -1.5, 0], heading: 180, gaze: participant}\n"
        "  - {id: far, at: [0, 2, 0], heading: 180, gaze: participant, hair_style: long, glasses: round}\n")


@pytest.mark.parametrize(("distance", "level"), [(2.0, 0), (FAR_FROM + 1.5, 1)])
def test_the_figure_drawn_is_the_one_for_the_distance(closeup: Any, tmp_path: Path, distance: float,
                                                      level: int) -> None:
    """Unforced, the picture at ``distance`` is the near figure's within FAR_FROM and the far one's beyond."""
    _far_scene(tmp_path)
    inst = closeup.load("far", tmp_path)
    lod = inst.people["far"].root.find("**/+LODNode").node()
    closeup.face_closeup("far", distance=distance, fov_deg=8.0)
    pictures = []
    for force in (None, 0, 1):
        if force is None:
            lod.clearForceSwitch()
        else:
            lod.forceSwitch(force)
        closeup.render()
        pictures.append(closeup.image().astype(np.int16))
    auto, near, far = pictures
    assert np.abs(near - far).max() > 40, "the two figures differ in the close-up"
    chosen = (near, far)[level]
    assert np.abs(auto - chosen).max() == 0, f"at {distance} m the {('near', 'far')[level]} figure is drawn"
