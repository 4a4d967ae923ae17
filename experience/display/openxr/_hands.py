"""Simple controller models with pointing rays, shown only when an answer is expected.

Each hand is a small rounded-looking box with a thin ray forward, placed at the
controller's grip pose in the tracking space (children of the stage's rig,
like the head). They are hidden most of the time, so that nothing distracts
from the story; the poses are located only while they are shown.
"""

from __future__ import annotations

import ctypes
from typing import TYPE_CHECKING

from panda3d.core import LineSegs, LQuaternionf, NodePath

from ._raw import raw
from ._views import xr_pos_to_panda, xr_quat_to_panda

if TYPE_CHECKING:
    import xr

    from .._stage import TrackedHands

_ORIENTATION_VALID = 0x1
_POSITION_VALID = 0x2

RAY_LENGTH = 1.2


def _hand_model(name: str) -> NodePath:
    root = NodePath(name)
    body = LineSegs(f"{name}-body")
    body.setThickness(3.0)
    body.setColor(0.85, 0.85, 0.9, 1.0)
    w, d, h = 0.03, 0.1, 0.03
    corners = [(x, y, z) for x in (-w, w) for y in (-d, 0.02) for z in (-h, h)]
    for a in corners:
        for b in corners:
            if a < b and sum(1 for i in range(3) if a[i] != b[i]) == 1:
                body.moveTo(*a)
                body.drawTo(*b)
    root.attachNewNode(body.create())
    ray = LineSegs(f"{name}-ray")
    ray.setThickness(2.0)
    ray.setColor(1.0, 0.85, 0.4, 0.9)
    ray.moveTo(0, 0.02, 0)
    ray.drawTo(0, RAY_LENGTH, 0)
    root.attachNewNode(ray.create())
    root.setLightOff(1)
    root.setShaderOff(1)
    root.setBin("fixed", 40)
    return root


class Hands:
    """Two controller models under ``parent`` (the rig), posed from the hands' action spaces.

    Args:
        parent: the node the tracking space maps to (``stage.rig``).
    """

    def __init__(self, parent: NodePath) -> None:
        import xr

        self.nodes = [_hand_model("hand-left"), _hand_model("hand-right")]
        for n in self.nodes:
            n.reparentTo(parent)
            n.hide()
        self.visible = False
        self._loc = [xr.SpaceLocation(), xr.SpaceLocation()]
        self._refs = [ctypes.byref(loc) for loc in self._loc]
        self._locate = raw("xrLocateSpace")

    def show(self, on: bool) -> None:
        if on == self.visible:
            return
        self.visible = on
        for n in self.nodes:
            if on:
                n.show()
            else:
                n.hide()

    def update(self, spaces: list[xr.Space], app_space: xr.Space, xr_time: int,
               tracked: TrackedHands | None = None) -> None:
        """Locate both hands at ``xr_time``: pose the models (while shown) and fill ``tracked``
        (a :class:`~experience.display.TrackedHands`, for the participant's body)."""
        for i, (node, space, loc, ref) in enumerate(zip(self.nodes, spaces, self._loc, self._refs, strict=False)):
            res = self._locate(space, app_space, xr_time, ref)
            flags = loc._location_flags  # the raw field: no enum object a frame
            ok = res >= 0 and bool(flags & _ORIENTATION_VALID and flags & _POSITION_VALID)
            if tracked is not None:
                tracked.valid[i] = ok
            if not ok:
                node.hide()
                continue
            p, q = loc.pose.position, loc.pose.orientation
            pos = xr_pos_to_panda(p.x, p.y, p.z)
            quat = xr_quat_to_panda(q.x, q.y, q.z, q.w)
            if tracked is not None:
                tracked.pos[i], tracked.quat[i] = pos, quat
            if not self.visible:
                continue
            node.show()
            node.setPos(*pos)
            node.setQuat(LQuaternionf(*quat))

    def destroy(self) -> None:
        for n in self.nodes:
            n.removeNode()
