"""The per-frame OpenXR calls, with every structure allocated once.

xrWaitFrame → xrBeginFrame → xrLocateViews (+ head) → xrEndFrame. The pyopenxr
convenience wrappers allocate result objects on each call; this module calls
the raw entry points with preallocated ctypes structures instead.
"""

from __future__ import annotations

import ctypes
import logging
import struct
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._raw import raw
from ._swapchain import EyeSwapchain, check

if TYPE_CHECKING:
    import xr

log = logging.getLogger(__name__)

_ORIENTATION_VALID = 0x1
_POSITION_VALID = 0x2
_POSE = struct.Struct("=7f")
"""An XrPosef as floats: orientation x, y, z, w, then position x, y, z."""
_POSE_FOV = struct.Struct("=11f")
"""An XrView's pose and fov (left, right, up, down) as floats."""


class TimeBase:
    """Converts OpenXR times (ns) to seconds on the monotonic clock the app's clock uses.

    Uses XR_KHR_convert_timespec_time on Linux and
    XR_KHR_win32_convert_performance_counter_time on Windows; without them
    :meth:`to_clock` returns None and the caller falls back to the period.
    """

    def __init__(self, instance: xr.Instance, extensions: list[str]) -> None:
        import xr

        self._fn: Callable[..., int] | None = None
        self._arg: Any = None
        if "XR_KHR_convert_timespec_time" in extensions and not sys.platform.startswith("win"):
            self._fn = ctypes.cast(xr.get_instance_proc_addr(instance, "xrConvertTimeToTimespecTimeKHR"),
                                   xr.PFN_xrConvertTimeToTimespecTimeKHR)
            self._arg = xr.timespec()
            self._kind = "timespec"
        elif "XR_KHR_win32_convert_performance_counter_time" in extensions:
            pfn_type = getattr(xr, "PFN_xrConvertTimeToWin32PerformanceCounterKHR", None)
            if pfn_type is not None:
                self._fn = ctypes.cast(
                    xr.get_instance_proc_addr(instance, "xrConvertTimeToWin32PerformanceCounterKHR"), pfn_type)
                self._arg = ctypes.c_int64(0)
                self._kind = "qpc"
                freq = ctypes.c_int64(0)
                ctypes.windll.kernel32.QueryPerformanceFrequency(ctypes.byref(freq))  # type: ignore[attr-defined]
                self._freq = float(freq.value or 1)
        self._instance = instance
        self._ref = ctypes.byref(self._arg) if self._arg is not None else None

    @property
    def available(self) -> bool:
        return self._fn is not None

    def to_monotonic(self, xr_time: int) -> float | None:
        """``xr_time`` as :func:`time.monotonic`/``perf_counter`` seconds (Linux), or None."""
        if self._fn is None:
            return None
        res = self._fn(self._instance, xr_time, self._ref)
        if int(res) < 0:  # XrResult, as a plain int
            return None
        if self._kind == "timespec":
            return self._arg.tv_sec + self._arg.tv_nsec * 1e-9
        return self._arg.value / self._freq


class FramePump:
    """Frame-path structures and calls for one session.

    Args:
        session: the ``xr.Session``.
        app_space: the space the layer and the views are given in.
        view_space: the VIEW reference space (the head).
        view_type: the ``xr.ViewConfigurationType``.
        swapchains: one per view.
    """

    def __init__(self, session: xr.Session, app_space: xr.Space, view_space: xr.Space,
                 view_type: xr.ViewConfigurationType,
                 swapchains: list[EyeSwapchain]) -> None:
        import xr

        n = len(swapchains)
        self.session = session
        self.n = n
        self.frame_state = xr.FrameState()
        self._fs_ref = ctypes.byref(self.frame_state)
        self._wait_info = xr.FrameWaitInfo()
        self._wait_ref = ctypes.byref(self._wait_info)
        self._begin_info = xr.FrameBeginInfo()
        self._begin_ref = ctypes.byref(self._begin_info)
        self.views = (xr.View * n)(*[xr.View() for _ in range(n)])
        self._view_state = xr.ViewState()
        self._vs_ref = ctypes.byref(self._view_state)
        self._locate_info = xr.ViewLocateInfo(view_configuration_type=view_type, display_time=0, space=app_space)
        self._li_ref = ctypes.byref(self._locate_info)
        self._count = ctypes.c_uint32(0)
        self._count_ref = ctypes.byref(self._count)
        self.head = xr.SpaceLocation()
        self._head_ref = ctypes.byref(self.head)
        self._view_space = view_space
        self._app_space = app_space
        self.proj_views = (xr.CompositionLayerProjectionView * n)(
            *[xr.CompositionLayerProjectionView() for _ in range(n)])
        for pv, sc in zip(self.proj_views, swapchains, strict=True):
            pv.sub_image.swapchain = sc.handle
            pv.sub_image.image_rect.offset.x = 0
            pv.sub_image.image_rect.offset.y = 0
            pv.sub_image.image_rect.extent.width = sc.width
            pv.sub_image.image_rect.extent.height = sc.height
            pv.sub_image.image_array_index = 0
        self.layer = xr.CompositionLayerProjection(space=app_space, views=self.proj_views)
        pv_t, v_t = xr.CompositionLayerProjectionView, xr.View
        self._copy_size = v_t.fov.offset + v_t.fov.size - v_t.pose.offset
        if (pv_t.fov.offset - pv_t.pose.offset) != (v_t.fov.offset - v_t.pose.offset):
            raise RuntimeError("unexpected XrView / XrCompositionLayerProjectionView layout")
        self._copies = [(ctypes.addressof(pv) + pv_t.pose.offset, ctypes.addressof(v) + v_t.pose.offset)
                        for pv, v in zip(self.proj_views, self.views, strict=True)]
        self._layer_ptrs = (ctypes.POINTER(xr.CompositionLayerBaseHeader) * 1)(
            ctypes.cast(ctypes.byref(self.layer), ctypes.POINTER(xr.CompositionLayerBaseHeader)))
        self._end_info = xr.FrameEndInfo(display_time=0, environment_blend_mode=xr.EnvironmentBlendMode.OPAQUE,
                                         layers=self._layer_ptrs)
        self._end_ref = ctypes.byref(self._end_info)
        self._wait, self._begin, self._end = raw("xrWaitFrame"), raw("xrBeginFrame"), raw("xrEndFrame")
        self._locate_views, self._locate_space = raw("xrLocateViews"), raw("xrLocateSpace")
        self.begun = False
        self.views_valid = False
        self.submitted = 0
        self.submitted_layers = 0
        # Poses read as plain floats in one unpack each: no ctypes wrapper objects a frame.
        self._head_bytes = memoryview(self.head).cast("B")
        self._head_at = xr.SpaceLocation.pose.offset
        self._view_bytes = memoryview(self.views).cast("B")
        self._view_at = [i * ctypes.sizeof(xr.View) + xr.View.pose.offset for i in range(n)]
        if xr.View.fov.offset != xr.View.pose.offset + _POSE.size:
            raise RuntimeError("unexpected XrView layout")

    def set_blend_mode(self, mode: int) -> None:
        self._end_info._environment_blend_mode = int(mode)

    def set_image_rect(self, eye: int, width: int, height: int) -> None:
        """Render scale: submit only the ``width × height`` corner of the eye's image."""
        ext = self.proj_views[eye].sub_image.image_rect.extent
        ext.width, ext.height = width, height

    def wait_begin(self) -> int:
        """xrWaitFrame then xrBeginFrame. Returns the xrBeginFrame result (FRAME_DISCARDED is 9)."""
        check(self._wait(self.session, self._wait_ref, self._fs_ref), "xrWaitFrame")
        res = check(self._begin(self.session, self._begin_ref), "xrBeginFrame")
        self.begun = True
        self.views_valid = False
        return res

    def locate(self) -> bool:
        """Locate the views and the head at the predicted display time. Returns pose validity."""
        t = self.frame_state.predicted_display_time
        self._locate_info.display_time = t
        check(self._locate_views(self.session, self._li_ref, self._vs_ref, self.n, self._count_ref, self.views),
              "xrLocateViews")
        check(self._locate_space(self._view_space, self._app_space, t, self._head_ref), "xrLocateSpace")
        flags = self._view_state._view_state_flags
        # The raw field, not the property: no enum object a frame.
        ok = bool(flags & _ORIENTATION_VALID) and bool(self.head._location_flags & _ORIENTATION_VALID)
        if ok:
            move = ctypes.memmove
            for dst, src in self._copies:  # pose and fov, one block per view
                move(dst, src, self._copy_size)
        self.views_valid = ok
        return ok

    def head_pose(self) -> tuple[float, ...]:
        """The located head (after :meth:`locate`): orientation x, y, z, w, position x, y, z."""
        return _POSE.unpack_from(self._head_bytes, self._head_at)

    def view_poses(self) -> list[tuple[float, ...]]:
        """Each located view: orientation x, y, z, w, position x, y, z, fov left, right, up, down."""
        mv, unpack = self._view_bytes, _POSE_FOV.unpack_from
        return [unpack(mv, at) for at in self._view_at]

    def end(self, with_layer: bool) -> None:
        """xrEndFrame for the begun frame, with the projection layer or none."""
        if not self.begun:
            return
        self.begun = False
        info = self._end_info
        info.display_time = self.frame_state.predicted_display_time
        info.layer_count = 1 if (with_layer and self.views_valid) else 0
        check(self._end(self.session, self._end_ref), "xrEndFrame")
        self.submitted += 1
        self.submitted_layers += info.layer_count
