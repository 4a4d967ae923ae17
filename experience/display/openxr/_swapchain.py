"""Per-eye swapchains: format negotiation, creation and allocation-free image cycling."""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._gl import COLOR_PREFERENCE, GL_FORMAT_NAMES, SRGB_FORMATS
from ._raw import raw

if TYPE_CHECKING:
    import xr

log = logging.getLogger(__name__)


class XrCallError(RuntimeError):
    """An OpenXR call failed. ``result`` is the ``XrResult`` value (negative)."""

    def __init__(self, what: str, result: int) -> None:
        self.result = result
        self.what = what
        super().__init__(f"{what} failed ({result_name(result)})")


def result_name(value: int) -> str:
    import xr

    try:
        return f"XR_{xr.Result(value).name}"
    except ValueError:
        return f"XrResult {value}"


def check(res: int, what: str) -> int:
    """Raise :class:`XrCallError` for a failed raw call; return the result value (an ``XrResult``)."""
    v = int(res)  # a plain int from a raw call, or pyopenxr's ``xr.Result`` (an IntEnum)
    if v < 0:
        raise XrCallError(what, v)
    return int(v)


def choose_format(offered: Sequence[int]) -> tuple[int, bool]:
    """Pick the colour format from the runtime's list (its order is its preference).

    Returns:
        (format, is_srgb). sRGB 8-bit is preferred: Panda3D writes
        display-referred (gamma-encoded) values, which an sRGB image stores
        unchanged when framebuffer sRGB conversion is off.

    Raises:
        ValueError: nothing we can render into.
    """
    for want in COLOR_PREFERENCE:
        if want in offered:
            return want, want in SRGB_FORMATS
    raise ValueError("runtime offers no colour swapchain format we can fill: "
                     + ", ".join(GL_FORMAT_NAMES.get(f, hex(f)) for f in offered))


class EyeSwapchain:
    """One eye's swapchain with preallocated structures for the frame path.

    Args:
        session: the ``xr.Session``.
        width, height: image size (from the recommended rect).
        fmt: GL internal format from :func:`choose_format`.
    """

    def __init__(self, session: xr.Session, width: int, height: int, fmt: int) -> None:
        import xr

        self.width = width
        self.height = height
        self.format = fmt
        info = xr.SwapchainCreateInfo(
            usage_flags=xr.SwapchainUsageFlags.COLOR_ATTACHMENT_BIT | xr.SwapchainUsageFlags.SAMPLED_BIT
            | xr.SwapchainUsageFlags.TRANSFER_DST_BIT,
            format=fmt, sample_count=1, width=width, height=height, face_count=1, array_size=1, mip_count=1,
        )
        self.handle = xr.create_swapchain(session, info)
        images = xr.enumerate_swapchain_images(self.handle, xr.SwapchainImageOpenGLKHR)
        self.image_ids: list[int] = [int(img.image) for img in images]
        self._index = ctypes.c_uint32(0)
        self._index_ref = ctypes.byref(self._index)
        self._acquire_info = xr.SwapchainImageAcquireInfo()
        self._wait_info = xr.SwapchainImageWaitInfo(timeout=xr.INFINITE_DURATION)
        self._release_info = xr.SwapchainImageReleaseInfo()
        self._acquire_ref = ctypes.byref(self._acquire_info)
        self._wait_ref = ctypes.byref(self._wait_info)
        self._release_ref = ctypes.byref(self._release_info)
        self._acquire = raw("xrAcquireSwapchainImage")
        self._wait = raw("xrWaitSwapchainImage")
        self._release = raw("xrReleaseSwapchainImage")
        self.held = False
        self.current = 0

    def acquire(self) -> int:
        """Acquire and wait for the next image; return its GL texture name."""
        check(self._acquire(self.handle, self._acquire_ref, self._index_ref), "xrAcquireSwapchainImage")
        self.held = True
        check(self._wait(self.handle, self._wait_ref), "xrWaitSwapchainImage")
        self.current = self.image_ids[self._index.value]
        return self.current

    def release(self) -> None:
        """Release the acquired image (no-op when none is held)."""
        if not self.held:
            return
        self.held = False
        check(self._release(self.handle, self._release_ref), "xrReleaseSwapchainImage")

    def destroy(self) -> None:
        import xr

        if self.handle is not None:
            try:
                xr.destroy_swapchain(self.handle)
            except Exception as exc:
                log.warning("xrDestroySwapchain failed: %s", exc)
            self.handle = None


def enumerate_formats(session: xr.Session) -> list[int]:
    import xr

    return [int(f) for f in xr.enumerate_swapchain_formats(session)]
