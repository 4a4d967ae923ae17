"""The views phase: the head and both eyes at the predicted display time, onto the Stage.

:class:`HeadTracking` reads what :meth:`~._frame.FramePump.locate` filled in, sets
the head pose every frame and rebuilds the Stage's eye views only when the eyes
moved relative to the head (IPD, field of view), which is rare.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._geometry import EyeView
from ._views import relative_pose, xr_pos_to_panda, xr_quat_to_panda

if TYPE_CHECKING:
    from .._stage import Stage
    from ._session import XrSession

_Rel = tuple[float, float, float, float, float, float, float, float, float, float, float]
"""An eye relative to the head: offset (3), rotation (4, w x y z), fov (left, right, up, down)."""


class HeadTracking:
    """Poses the Stage's head and eyes from the located views.

    Args:
        stage: the Stage whose head and eyes follow the headset.
    """

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self.views: list[EyeView] = []
        """The eye views last given to the Stage (relative to the head)."""
        self._rel: list[_Rel] = []
        self._key: tuple[object, ...] = ()

    def locate(self, s: XrSession) -> bool:
        """Locate the views and the head; returns False when the poses are not valid (nothing set).

        The eyes' poses relative to the head are worked out again only when a field of view or
        the distance between the eyes (the IPD) changed: they are fixed by the headset otherwise.

        Raises:
            XrCallError: xrLocateViews or xrLocateSpace failed.
        """
        pump = s.pump
        if not pump.locate():
            return False
        qx, qy, qz, qw, px, py, pz = pump.head_pose()
        head_pos, head_q = xr_pos_to_panda(px, py, pz), xr_quat_to_panda(qx, qy, qz, qw)
        self.stage.set_head_pose_quat(head_pos, head_q)
        views = pump.view_poses()
        ipd2 = 0.0
        if len(views) > 1:
            a, b = views[0], views[1]
            ipd2 = round((a[4] - b[4]) ** 2 + (a[5] - b[5]) ** 2 + (a[6] - b[6]) ** 2, 9)
        key: tuple[object, ...] = (ipd2, *(v[7:] for v in views))
        if key == self._key:
            return True
        self._key = key
        changed = False
        rel = self._rel
        for i, v in enumerate(views):
            off, rq = relative_pose(head_pos, head_q, xr_pos_to_panda(v[4], v[5], v[6]),
                                    xr_quat_to_panda(v[0], v[1], v[2], v[3]))
            cur = (round(off[0], 4), round(off[1], 4), round(off[2], 4), round(rq[0], 4), round(rq[1], 4),
                   round(rq[2], 4), round(rq[3], 4), v[7], v[8], v[9], v[10])
            if i >= len(rel):
                rel.append(cur)
                changed = True
            elif cur != rel[i]:
                rel[i] = cur
                changed = True
        if changed:
            self.views = [EyeView((r[0], r[1], r[2]), (r[7], r[8], r[9], r[10]), (r[3], r[4], r[5], r[6]))
                          for r in rel]
            self.stage.set_eye_views(self.views)
        return True
