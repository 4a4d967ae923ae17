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

    def locate(self, s: XrSession) -> bool:
        """Locate the views and the head; returns False when the poses are not valid (nothing set).

        Raises:
            XrCallError: xrLocateViews or xrLocateSpace failed.
        """
        if not s.pump.locate():
            return False
        hp = s.pump.head.pose
        head_pos = xr_pos_to_panda(hp.position.x, hp.position.y, hp.position.z)
        o = hp.orientation
        head_q = xr_quat_to_panda(o.x, o.y, o.z, o.w)
        self.stage.set_head_pose_quat(head_pos, head_q)
        changed = False
        rel = self._rel
        for i, v in enumerate(s.pump.views):
            p, q = v.pose.position, v.pose.orientation
            off, rq = relative_pose(head_pos, head_q, xr_pos_to_panda(p.x, p.y, p.z),
                                    xr_quat_to_panda(q.x, q.y, q.z, q.w))
            f = v.fov
            cur = (round(off[0], 4), round(off[1], 4), round(off[2], 4), round(rq[0], 4), round(rq[1], 4),
                   round(rq[2], 4), round(rq[3], 4), f.angle_left, f.angle_right, f.angle_up, f.angle_down)
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
