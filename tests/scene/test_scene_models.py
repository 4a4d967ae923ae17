"""Models placed by path: glTF (panda3d-gltf) and .bam, loaded off the frame thread."""

from __future__ import annotations

import base64
import json
import struct
from pathlib import Path
from typing import Any

from experience.scene import build_scene, load_scene_spec


def _triangle_gltf(path: Path) -> None:
    data = struct.pack("<9f", 0, 0, 0, 1, 0, 0, 0, 0, 1) + struct.pack("<3H", 0, 1, 2) + b"\0\0"
    doc = {
        "asset": {"version": "2.0"},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1}]}],
        "buffers": [{"byteLength": len(data),
                     "uri": "data:application/octet-stream;base64," + base64.b64encode(data).decode()}],
        "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": 36},
                        {"buffer": 0, "byteOffset": 36, "byteLength": 6}],
        "accessors": [
            {"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3", "min": [0, 0, 0], "max": [1, 0, 1]},
            {"bufferView": 1, "componentType": 5123, "count": 3, "type": "SCALAR"},
        ],
    }
    path.write_text(json.dumps(doc))


def test_gltf_and_bam_models_are_placed(renderer: Any, tmp_path: Path) -> None:
    from panda3d.core import NodePath

    (tmp_path / "models").mkdir()
    _triangle_gltf(tmp_path / "models" / "tri.gltf")
    box = NodePath("box")
    box.attachNewNode(renderer.stage.base.loader.loadModel("models/box").node())
    box.writeBamFile(str(tmp_path / "models" / "box.bam"))
    (tmp_path / "lobby.yaml").write_text(
        "id: lobby\nenvironment: {kind: room}\nlights: [{kind: ambient}]\n"
        "models:\n"
        "  - {path: models/tri.gltf, at: [0, 1, 0], id: sculpture}\n"
        "  - {path: models/box.bam, at: [1, 1, 0], heading: 30, scale: 0.5}\n"
    )
    spec = load_scene_spec(tmp_path / "lobby.yaml")
    inst = build_scene(spec, renderer.stage.world, scenes_dir=tmp_path).finish()
    try:
        sculpture = inst.anchors["sculpture"]
        assert not sculpture.isEmpty() and sculpture.getParent() == inst.root
        assert sculpture.findAllMatches("**/+GeomNode").getNumPaths() >= 1
        assert sculpture.getY(inst.root) == 1.0
        placed = [c for c in inst.root.getChildren() if c.getH() == 30]
        assert placed and placed[0].getScale().x == 0.5
    finally:
        inst.root.removeNode()


def test_a_broken_model_does_not_stop_the_scene(renderer: Any, tmp_path: Path) -> None:
    (tmp_path / "bad.glb").write_bytes(b"not a model")
    (tmp_path / "s.yaml").write_text("id: s\nenvironment: {kind: room}\nlights: [{kind: ambient}]\n"
                                     "models: [{path: bad.glb}]\n")
    inst = build_scene(load_scene_spec(tmp_path / "s.yaml"), renderer.stage.world, scenes_dir=tmp_path).finish()
    assert not inst.root.find("static").isEmpty()
    inst.root.removeNode()
