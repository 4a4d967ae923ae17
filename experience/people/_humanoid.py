"""People from glTF/VRM humanoid files, driven by the same gaze, blink and speech as the figures.

panda3d-gltf (1.3) loads a skinned glTF as a Panda3D ``Character``: joints can be
controlled, and morph targets (blend shapes) become ``CharacterSlider`` parts,
named from the mesh's ``extras.targetNames`` (else "0", "1", ...). Two limits:
it does not decode Draco (``KHR_draco_mesh_compression``) or meshopt
compression, and blend shapes of a mesh with neither a skin nor default
``weights`` are not made controllable. :func:`model_problems` reports both to
the scene lint.

Which bones and shapes to drive comes from the VRM extension when there is one
(VRM 0.x ``VRM.humanoid``/``blendShapeMaster``, VRM 1.0 ``VRMC_vrm.humanoid``/
``expressions``), otherwise from common names (head, neck, eye bones; blink,
aa/jawOpen, ou, happy/smile).
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np
    import numpy.typing as npt
    from panda3d.core import NodePath, PandaNode, Shader

UNSUPPORTED = {"KHR_draco_mesh_compression": "Draco", "EXT_meshopt_compression": "meshopt"}
SHAPES = {"blink": ("blink", "eyesclosed", "eyeblink", "blink_both"),
          "open": ("aa", "a", "jawopen", "mouthopen", "mouth_open", "vrc.v_aa"),
          "round": ("ou", "u", "oh", "o", "vrc.v_ou"),
          "smile": ("happy", "joy", "smile", "fun")}
BONES = {"head": ("head",), "neck": ("neck",), "leftEye": ("lefteye", "eye_l", "eye.l", "l_eye"),
         "rightEye": ("righteye", "eye_r", "eye.r", "r_eye")}


def read_gltf_json(path: Path) -> dict[str, object]:
    """The JSON part of a .gltf, .glb or .vrm file.

    Raises:
        ValueError: the file holds no JSON object (also when a part read later has the wrong shape).
    """
    raw = Path(path).read_bytes()
    if raw[:4] == b"glTF":
        length, kind = struct.unpack_from("<I4s", raw, 12)
        if kind != b"JSON":
            raise ValueError("the first chunk of a .glb must be JSON")
        return _obj(json.loads(raw[20:20 + length].decode("utf-8")))
    return _obj(json.loads(raw.decode("utf-8")))


def _obj(v: object) -> dict[str, object]:
    if not isinstance(v, dict):
        raise ValueError(f"expected a JSON object, found {type(v).__name__}")
    return v


def _arr(v: object) -> list[object]:
    if not isinstance(v, list):
        raise ValueError(f"expected a JSON array, found {type(v).__name__}")
    return v


def _int(v: object) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise ValueError(f"expected a whole number, found {v!r}")
    return v


def _float(v: object) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float | str):
        raise ValueError(f"expected a number, found {v!r}")
    return float(v)


def _get_obj(d: dict[str, object], key: str) -> dict[str, object]:
    return _obj(d.get(key, {}))


def _get_arr(d: dict[str, object], key: str) -> list[object]:
    return _arr(d.get(key, []))


@dataclass
class RigInfo:
    """What to drive: bone node names and blend shape names (shape -> [(target name, weight)])."""

    bones: dict[str, str] = field(default_factory=dict)
    shapes: dict[str, list[tuple[str, float]]] = field(default_factory=dict)


def _node(doc: dict[str, object], i: int) -> dict[str, object]:
    return _obj(_arr(doc["nodes"])[i])


def _node_name(doc: dict[str, object], i: int) -> str:
    return str(_node(doc, i).get("name", f"node{i}"))


def _target_names(doc: dict[str, object], mesh: int) -> list[str]:
    m = _obj(_get_arr(doc, "meshes")[mesh])
    names = [str(t) for t in _get_arr(_get_obj(m, "extras"), "targetNames")]
    n = max((len(_get_arr(_obj(p), "targets")) for p in _get_arr(m, "primitives")), default=0)
    return names + [str(i) for i in range(len(names), n)]


def rig_info(doc: dict[str, object]) -> RigInfo:
    """Bones and blend shapes from the VRM extension, else from common names."""
    info = RigInfo()
    ext = _get_obj(doc, "extensions")
    vrm0, vrm1 = ext.get("VRM"), ext.get("VRMC_vrm")
    if vrm1:
        _read_vrm1(doc, _obj(vrm1), info)
    elif vrm0:
        _read_vrm0(doc, _obj(vrm0), info)
    _guess_by_name(doc, info)
    return info


def _shape_key(preset: str) -> str | None:
    return next((k for k, names in SHAPES.items() if preset.lower() in names), None)


def _read_vrm1(doc: dict[str, object], vrm1: dict[str, object], info: RigInfo) -> None:
    for bone, b in _get_obj(_get_obj(vrm1, "humanoid"), "humanBones").items():
        if bone in BONES:
            info.bones[bone] = _node_name(doc, _int(_obj(b)["node"]))
    for preset, e in _get_obj(_get_obj(vrm1, "expressions"), "preset").items():
        key = _shape_key(preset)
        if key is None:
            continue
        for raw in _get_arr(_obj(e), "morphTargetBinds"):
            bind = _obj(raw)
            mesh = _int(_node(doc, _int(bind["node"])).get("mesh", 0))
            info.shapes.setdefault(key, []).append(
                (_target_names(doc, mesh)[_int(bind["index"])], _float(bind.get("weight", 1.0))))


def _read_vrm0(doc: dict[str, object], vrm0: dict[str, object], info: RigInfo) -> None:
    for raw in _get_arr(_get_obj(vrm0, "humanoid"), "humanBones"):
        b = _obj(raw)
        bone = b.get("bone")
        if isinstance(bone, str) and bone in BONES:
            info.bones[bone] = _node_name(doc, _int(b["node"]))
    for raw in _get_arr(_get_obj(vrm0, "blendShapeMaster"), "blendShapeGroups"):
        g = _obj(raw)
        key = _shape_key(str(g.get("presetName", "")))
        if key is None:
            continue
        for braw in _get_arr(g, "binds"):
            bind = _obj(braw)
            info.shapes.setdefault(key, []).append(
                (_target_names(doc, _int(bind["mesh"]))[_int(bind["index"])], _float(bind.get("weight", 100)) / 100.0))


def _guess_by_name(doc: dict[str, object], info: RigInfo) -> None:
    """Bones and shapes the VRM data did not name, found by their common names."""
    for bone, names in BONES.items():
        if bone not in info.bones:
            for i, node in enumerate(_get_arr(doc, "nodes")):
                if str(_obj(node).get("name", "")).lower().replace(" ", "") in names:
                    info.bones[bone] = _node_name(doc, i)
                    break
    for key, names in SHAPES.items():
        if key not in info.shapes:
            for mesh in range(len(_get_arr(doc, "meshes"))):
                for t in _target_names(doc, mesh):
                    if t.lower() in names:
                        info.shapes[key] = [(t, 1.0)]
                        break


def model_problems(path: Path) -> list[tuple[str, str]]:
    """What would keep a person's model from working (for the scene lint), as (message, hint)."""
    try:
        doc = read_gltf_json(path)
    except (OSError, ValueError, UnicodeDecodeError, struct.error) as exc:
        return [(f"person model {path.name}: cannot read it ({exc})", "export it again as .glb or .gltf")]
    out = []
    for ext in [*_get_arr(doc, "extensionsRequired"), *_get_arr(doc, "extensionsUsed")]:
        if isinstance(ext, str) and ext in UNSUPPORTED:
            out.append((f"person model {path.name} uses {UNSUPPORTED[ext]} compression, which panda3d-gltf "
                        "cannot read", "export it without mesh compression"))
            break
    nodes = [_obj(n) for n in _get_arr(doc, "nodes")]
    skinned = {n.get("mesh") for n in nodes if "skin" in n}
    for i, raw in enumerate(_get_arr(doc, "meshes")):
        mesh = _obj(raw)
        has_targets = any(_obj(p).get("targets") for p in _get_arr(mesh, "primitives"))
        if has_targets and i not in skinned and not mesh.get("weights"):
            out.append((f"person model {path.name}: the blend shapes of mesh {mesh.get('name', i)!r} cannot be "
                        "animated (panda3d-gltf needs a skin or default 'weights' on the mesh)",
                        "skin the mesh to the armature, or give the mesh default weights"))
    if "head" not in rig_info(doc).bones:
        out.append((f"person model {path.name} has no head bone", "name a bone 'Head', or use a VRM file"))
    return out


@dataclass
class HumanoidModel:
    """A loaded humanoid: its node, what to drive, and the file's units facing."""

    node: PandaNode
    info: RigInfo


def load_humanoid(path: Path) -> HumanoidModel:
    """Read a glTF/VRM humanoid (scene thread: file I/O and conversion)."""
    import gltf

    doc = read_gltf_json(path)
    node = gltf.load_model(str(path))
    return HumanoidModel(node, rig_info(doc))


class Humanoid:
    """A humanoid in the scene, posed each frame from its slot in the crowd's output.

    Args:
        model: from :func:`load_humanoid`.
        parent: the person's root node (feet, facing +Y).
        index: the person's slot.
    """

    def __init__(self, model: HumanoidModel, parent: NodePath, index: int, shader: Shader | None = None) -> None:
        from panda3d.core import Character, NodePath

        self.index = index
        self.root = NodePath(model.node)
        self.root.reparentTo(parent)
        self.root.setH(180.0)  # glTF's front (+Z) becomes -Y; people face +Y
        if shader is not None:
            self.root.setShader(shader, 10)
            self.root.setShaderInput("exposure", 1.0)
        chars = self.root.findAllMatches("**/+Character")
        self.bundles = [chars.getPath(i).node().getBundle(0) for i in range(chars.getNumPaths())
                        if isinstance(chars.getPath(i).node(), Character)]
        self.info = model.info
        self.joints: dict[str, tuple[NodePath, tuple[float, float, float]]] = {}
        self.sliders: dict[str, list[tuple[NodePath, float]]] = {}
        self._last: dict[str, float] = {}  # the blend shape values last set
        self.neck_height, self.eye_height = 1.45, 1.6
        for key, bone in model.info.bones.items():
            got = self._control_joint(bone, parent)
            if got is not None:
                self.joints[key] = got
        for key, binds in model.info.shapes.items():
            for name, weight in binds:
                ctl = self._control_slider(name)
                if ctl is not None:
                    self.sliders.setdefault(key, []).append((ctl, weight))

    def _control_joint(self, name: str, parent: NodePath) -> tuple[NodePath, tuple[float, float, float]] | None:
        from panda3d.core import LMatrix4f, NodePath

        for bundle in self.bundles:
            joint = bundle.findChild(name)
            if joint is None or not hasattr(joint, "getDefaultValue"):
                continue
            node = NodePath(f"ctl-{name}")
            node.setMat(joint.getDefaultValue())
            if not bundle.controlJoint(name, node.node()):
                continue
            if name == self.info.bones.get("head"):
                net = LMatrix4f()
                joint.getNetTransform(net)
                z = float(net.getRow3(3).z)  # the head bone's height above the feet (eyes a little above)
                self.neck_height, self.eye_height = z, z + 0.09
            return node, tuple(node.getHpr())
        return None

    def _control_slider(self, name: str) -> NodePath | None:
        from panda3d.core import NodePath

        for bundle in self.bundles:
            part = bundle.findChild(name)
            if part is None:
                continue
            node = NodePath(f"ctl-{name}")
            if bundle.controlJoint(name, node.node()):
                return node
        return None

    def pose(self, out: Sequence[Sequence[float]] | npt.NDArray[np.float32]) -> None:
        """Set joints and blend shapes from the crowd's output rows for this person.

        ``out`` is best the rows as Python floats (``tolist()`` once for every humanoid of a
        scene): the head and eyes turn every frame, a blend shape is set only when it changed.
        """
        i = self.index * 5
        head, face, expr = out[i], out[i + 1], out[i + 2]
        deg = 180.0 / math.pi
        got = self.joints.get("head")
        if got is not None:
            node, (h0, p0, r0) = got
            node.setHpr(h0 + head[0] * deg, p0 + head[1] * deg, r0 + head[2] * deg)
        for key in ("leftEye", "rightEye"):
            got = self.joints.get(key)
            if got is not None:
                node, (h0, p0, r0) = got
                node.setHpr(h0 + face[0] * deg, p0 + face[1] * deg, r0)
        last = self._last
        for key, value in (("blink", face[2]), ("open", face[3]), ("round", out[i + 4][0]),
                           ("smile", max(0.0, expr[2]))):
            v = round(float(value), 4)
            if last.get(key) == v:
                continue
            last[key] = v
            for node, weight in self.sliders.get(key, ()):
                node.setX(v * weight)
