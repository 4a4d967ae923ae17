"""Bring your own characters: a glTF/VRM humanoid made here, driven by the same gaze, blink and speech."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from experience.people._humanoid import model_problems, read_gltf_json, rig_info
from experience.scene import lint_scene_file, load_scene_spec

from ._tiny_gltf import write_tiny_humanoid


def test_bones_and_blend_shapes_come_from_vrm_or_from_names(tmp_path: Path) -> None:
    plain = rig_info(read_gltf_json(write_tiny_humanoid(tmp_path / "plain.gltf")))
    vrm = rig_info(read_gltf_json(write_tiny_humanoid(tmp_path / "v.gltf", vrm=True)))
    for info in (plain, vrm):
        assert info.bones["head"] == "Head"
        assert info.shapes["blink"] == [("blink", 1.0)] and info.shapes["open"] == [("aa", 1.0)]


def test_what_panda3d_gltf_cannot_do_is_reported(tmp_path: Path) -> None:
    unskinned = write_tiny_humanoid(tmp_path / "u.gltf", skinned=False)
    assert any("cannot be animated" in m for m, _ in model_problems(unskinned))
    draco = tmp_path / "d.gltf"
    doc = json.loads(write_tiny_humanoid(draco).read_text())
    doc["extensionsRequired"] = ["KHR_draco_mesh_compression"]
    draco.write_text(json.dumps(doc))
    assert any("Draco" in m for m, _ in model_problems(draco))
    assert model_problems(write_tiny_humanoid(tmp_path / "ok.gltf", vrm=True)) == []
    scene = tmp_path / "s.yaml"
    scene.write_text("id: s\nenvironment: {kind: room}\nlights: [{kind: ambient}]\n"
                     "people: [{id: kim, at: [0, 1, 0], model: d.gltf}]\n")
    shown = [d.format() for d in lint_scene_file(scene)]
    assert any(":4:42: error: person model d.gltf uses Draco" in s for s in shown), shown


def test_a_humanoid_looks_blinks_and_speaks_like_the_figures(renderer: Any, tmp_path: Path) -> None:
    from experience.people import text_track
    from experience.scene import build_scene

    (tmp_path / "models").mkdir()
    write_tiny_humanoid(tmp_path / "models" / "kim.gltf", vrm=True)
    (tmp_path / "s.yaml").write_text(
        "id: s\nenvironment: {kind: room}\nlights: [{kind: ambient}]\n"
        "participant: {position: [0, -1, 0], pose: seated}\n"
        "people: [{id: kim, at: [0.5, 1, 0], heading: 180, gaze: stare, model: models/kim.gltf},\n"
        "         {id: lee, at: [-0.5, 1, 0], heading: 180, gaze: participant}]\n")
    spec = load_scene_spec(tmp_path / "s.yaml")
    inst = build_scene(spec, renderer.stage.world, scenes_dir=tmp_path).finish()
    try:
        cast = inst.cast
        assert cast is not None and len(cast.drivers) == 1
        kim = cast.drivers[0]
        assert set(kim.joints) == {"head"} and set(kim.sliders) == {"blink", "open"}
        assert 1.3 < cast.crowd.eye_z[0] < 1.8  # from the model's head bone
        cast.line_started(0, "animated")
        cast.set_track(0, text_track("Hello, I'm Kim. Nice to meet you at last.", 3.0))
        heads, opens, blinks = [], [], []
        for k in range(6 * 30):
            inst.line_time = k / 30
            inst.update(1 / 30)
            node, rest = kim.joints["head"]
            heads.append(node.getH() - rest[0])
            opens.append(kim.sliders["open"][0][0].getX())
            blinks.append(kim.sliders["blink"][0][0].getX())
        # The participant sits to kim's right-front: the head turns there and holds it.
        assert heads[-1] < -5.0 and abs(heads[-1] - heads[-30]) < 2.0
        assert max(opens) > 0.4 and min(opens) < 0.05
        assert max(blinks) > 0.9
    finally:
        inst.root.removeNode()


def test_the_blend_shapes_move_the_mesh(renderer: Any, tmp_path: Path) -> None:
    from experience.people._humanoid import Humanoid, load_humanoid

    model = load_humanoid(write_tiny_humanoid(tmp_path / "k.gltf"))
    parent = renderer.stage.world.attachNewNode("p")
    kim = Humanoid(model, parent, 0)
    out = np.zeros((10, 4), np.float32)
    geom_np = kim.root.find("**/+GeomNode")

    def bounds() -> np.ndarray:
        from panda3d.core import ClockObject, GeomVertexReader, Thread

        ClockObject.getGlobalClock().tick()  # a new frame, as rendering makes one
        for c in kim.root.findAllMatches("**/+Character"):
            c.node().update()  # what the cull pass does before drawing
        vdata = geom_np.node().getGeom(0).getVertexData().animateVertices(True, Thread.getCurrentThread())
        rd = GeomVertexReader(vdata, "vertex")
        zs = []
        while not rd.isAtEnd():
            zs.append(tuple(rd.getData3()))
        return np.array(zs)

    closed = bounds()
    out[1, 3] = 1.0  # mouth fully open
    kim.pose(out)
    opened = bounds()
    parent.removeNode()
    moved = np.abs(opened - closed).max(axis=1)
    hit = moved > 1e-4
    assert 2 <= hit.sum() <= 12, moved  # the two corners of the 'aa' shape (split per face), only they
    assert np.allclose(moved[hit], 0.06, atol=0.005)
