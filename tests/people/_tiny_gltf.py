"""A tiny rigged humanoid written from scratch: two joints, a skinned body and head, two blend shapes.

glTF axes (Y up, the front facing +Z). The head joint sits at 1.5 m; the
"blink" shape moves the two eye vertices down, "aa" the mouth vertex down.
Optionally with a VRM 1.0 extension naming the head bone and the expressions.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np


def _box(cx: float, cy: float, cz: float, sx: float, sy: float, sz: float) -> tuple[np.ndarray, np.ndarray]:
    c = np.array([[x, y, z] for x in (-1, 1) for y in (-1, 1) for z in (-1, 1)], np.float32) * (sx, sy, sz) / 2
    faces = [(0, 1, 3, 2), (4, 6, 7, 5), (0, 4, 5, 1), (2, 3, 7, 6), (0, 2, 6, 4), (1, 5, 7, 3)]
    tris = [(a, b, c_) for f in faces for a, b, c_ in ((f[0], f[1], f[2]), (f[0], f[2], f[3]))]
    return c + np.array((cx, cy, cz), np.float32), np.array(tris, np.uint16)


def write_tiny_humanoid(path: Path, vrm: bool = False, skinned: bool = True) -> Path:
    body, bt = _box(0, 0.75, 0, 0.4, 1.5, 0.25)
    head, ht = _box(0, 1.62, 0, 0.2, 0.24, 0.22)
    pos = np.concatenate([body, head]).astype(np.float32)
    tris = np.concatenate([bt, ht + 8]).astype(np.uint16)
    joints = np.zeros((16, 4), np.uint8)
    joints[8:, 0] = 1
    weights = np.zeros((16, 4), np.float32)
    weights[:, 0] = 1.0
    blink = np.zeros_like(pos)
    blink[8 + 7] = (0, -0.05, 0)  # a front-top corner of the head moves down
    blink[8 + 3] = (0, -0.05, 0)
    aa = np.zeros_like(pos)
    aa[8 + 5] = (0, -0.06, 0.02)
    aa[8 + 1] = (0, -0.06, 0.02)
    ibm = np.array([np.eye(4), np.eye(4)], np.float32)
    ibm[1][3, 1] = -1.5  # column-major: translation y of the head joint's inverse bind
    blobs = [pos.tobytes(), tris.tobytes() + b"\0\0" * (len(tris.tobytes()) % 4 != 0), joints.tobytes(),
             weights.tobytes(), blink.tobytes(), aa.tobytes(), ibm.tobytes()]
    views, offset, data = [], 0, b""
    for b in blobs:
        views.append({"buffer": 0, "byteOffset": offset, "byteLength": len(b)})
        data += b
        offset += len(b)
    acc = [
        {"bufferView": 0, "componentType": 5126, "count": 16, "type": "VEC3",
         "min": pos.min(0).tolist(), "max": pos.max(0).tolist()},
        {"bufferView": 1, "componentType": 5123, "count": int(tris.size), "type": "SCALAR"},
        {"bufferView": 2, "componentType": 5121, "count": 16, "type": "VEC4"},
        {"bufferView": 3, "componentType": 5126, "count": 16, "type": "VEC4"},
        {"bufferView": 4, "componentType": 5126, "count": 16, "type": "VEC3", "min": blink.min(0).tolist(),
         "max": blink.max(0).tolist()},
        {"bufferView": 5, "componentType": 5126, "count": 16, "type": "VEC3", "min": aa.min(0).tolist(),
         "max": aa.max(0).tolist()},
        {"bufferView": 6, "componentType": 5126, "count": 2, "type": "MAT4"},
    ]
    prim: dict = {"attributes": {"POSITION": 0}, "indices": 1, "targets": [{"POSITION": 4}, {"POSITION": 5}]}
    mesh_node: dict = {"name": "body", "mesh": 0}
    if skinned:
        prim["attributes"].update({"JOINTS_0": 2, "WEIGHTS_0": 3})
        mesh_node["skin"] = 0
    doc: dict = {
        "asset": {"version": "2.0", "generator": "empathy-vr tests"},
        "scene": 0,
        "scenes": [{"nodes": [0, 1]}],
        "nodes": [mesh_node, {"name": "Hips", "children": [2]}, {"name": "Head", "translation": [0, 1.5, 0]}],
        "meshes": [{"name": "body", "primitives": [prim], "extras": {"targetNames": ["blink", "aa"]}}],
        "skins": [{"joints": [1, 2], "inverseBindMatrices": 6, "skeleton": 1}],
        "buffers": [{"byteLength": len(data),
                     "uri": "data:application/octet-stream;base64," + base64.b64encode(data).decode()}],
        "bufferViews": views,
        "accessors": acc,
    }
    if vrm:
        doc["extensionsUsed"] = ["VRMC_vrm"]
        doc["extensions"] = {"VRMC_vrm": {
            "specVersion": "1.0",
            "humanoid": {"humanBones": {"hips": {"node": 1}, "head": {"node": 2}}},
            "expressions": {"preset": {"blink": {"morphTargetBinds": [{"node": 0, "index": 0, "weight": 1.0}]},
                                       "aa": {"morphTargetBinds": [{"node": 0, "index": 1, "weight": 1.0}]}}},
        }}
    if not skinned:
        del doc["skins"]
    path.write_text(json.dumps(doc))
    return path
