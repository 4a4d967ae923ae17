"""One OpenXR session: creation with the GL binding, spaces, view configuration, swapchains."""

from __future__ import annotations

import ctypes
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ._frame import FramePump
from ._gl import GL_FORMAT_NAMES, ContextHandles, make_binding
from ._runtime import XrRuntime
from ._swapchain import EyeSwapchain, choose_format, enumerate_formats

if TYPE_CHECKING:
    import xr

log = logging.getLogger(__name__)


@dataclass
class ViewConfig:
    """What the runtime recommends for each view."""

    view_type: xr.ViewConfigurationType
    sizes: list[tuple[int, int]]
    max_sizes: list[tuple[int, int]]
    blend_mode: xr.EnvironmentBlendMode


def view_config(rt: XrRuntime) -> ViewConfig:
    """Primary stereo when offered (else the runtime's first), its views and blend mode."""
    import xr

    offered = list(xr.enumerate_view_configurations(rt.instance, rt.system_id))
    vt = xr.ViewConfigurationType.PRIMARY_STEREO
    if offered and vt not in offered:
        vt = xr.ViewConfigurationType(offered[0])
    views = xr.enumerate_view_configuration_views(rt.instance, rt.system_id, vt)
    sizes = [(v.recommended_image_rect_width, v.recommended_image_rect_height) for v in views]
    max_sizes = [(v.max_image_rect_width, v.max_image_rect_height) for v in views]
    modes = list(xr.enumerate_environment_blend_modes(rt.instance, rt.system_id, vt))
    blend = xr.EnvironmentBlendMode.OPAQUE
    if modes and blend not in modes:
        blend = xr.EnvironmentBlendMode(modes[0])
    return ViewConfig(vt, sizes, max_sizes, blend)


@dataclass
class XrSession:
    """A session and everything made for it (destroyed together).

    Attributes:
        handle: the ``xr.Session``.
        space_kind: ``stage`` or ``local`` (the app space's reference type).
        swapchains: one per view.
        pump: the frame-path calls.
        format_name: the negotiated colour format.
    """

    handle: xr.Session | None
    app_space: xr.Space | None
    view_space: xr.Space | None
    space_kind: str
    swapchains: list[EyeSwapchain]
    pump: FramePump
    format: int
    srgb: bool
    keep: list[object] = field(default_factory=list)  # ctypes structures the runtime points into

    @property
    def format_name(self) -> str:
        return GL_FORMAT_NAMES.get(self.format, hex(self.format))

    @classmethod
    def create(cls, rt: XrRuntime, ctx: ContextHandles, cfg: ViewConfig, eye_sizes: list[tuple[int, int]],
               space_pref: str = "auto") -> XrSession:
        """Create the session on the current GL context (it must be current on this thread).

        Args:
            rt: the runtime (graphics requirements must have been queried).
            ctx: handles of Panda3D's GL context.
            cfg: the view configuration.
            eye_sizes: swapchain size per view.
            space_pref: ``auto`` (STAGE when offered, else LOCAL), ``stage`` or ``local``.
        """
        import xr

        binding, keep = make_binding(ctx)
        info = xr.SessionCreateInfo(next=ctypes.cast(ctypes.pointer(binding), ctypes.c_void_p),
                                    system_id=rt.system_id)
        handle = xr.create_session(rt.instance, info)
        keep.append(binding)
        made: list[xr.Space | EyeSwapchain] = []
        try:
            spaces = set(xr.enumerate_reference_spaces(handle))
            use_stage = xr.ReferenceSpaceType.STAGE in spaces and space_pref in ("auto", "stage")
            kind = xr.ReferenceSpaceType.STAGE if use_stage else xr.ReferenceSpaceType.LOCAL
            app_space = xr.create_reference_space(handle, xr.ReferenceSpaceCreateInfo(reference_space_type=kind))
            made.append(app_space)
            view_space = xr.create_reference_space(
                handle, xr.ReferenceSpaceCreateInfo(reference_space_type=xr.ReferenceSpaceType.VIEW))
            made.append(view_space)
            fmt, srgb = choose_format(enumerate_formats(handle))
            swapchains = []
            for w, h in eye_sizes:
                sc = EyeSwapchain(handle, w, h, fmt)
                swapchains.append(sc)
                made.append(sc)
            pump = FramePump(handle, app_space, view_space, cfg.view_type, swapchains)
            pump.set_blend_mode(int(cfg.blend_mode))
        except Exception:
            for obj in reversed(made):
                _destroy(obj)
            _destroy_session(handle)
            raise
        return cls(handle, app_space, view_space, "stage" if use_stage else "local", swapchains, pump, fmt, srgb,
                   keep)

    def begin(self, view_type: xr.ViewConfigurationType) -> None:
        import xr

        xr.begin_session(self.handle, xr.SessionBeginInfo(primary_view_configuration_type=view_type))

    def end(self) -> None:
        import xr

        xr.end_session(self.handle)

    def request_exit(self) -> None:
        import xr

        xr.request_exit_session(self.handle)

    def destroy(self) -> None:
        """Destroy swapchains, spaces and the session (errors logged; safe to call twice)."""
        for sc in self.swapchains:
            sc.release()
            sc.destroy()
        self.swapchains = []
        for sp in (self.view_space, self.app_space):
            if sp is not None:
                _destroy(sp)
        self.view_space = self.app_space = None
        if self.handle is not None:
            _destroy_session(self.handle)
            self.handle = None


def _destroy(obj: xr.Space | EyeSwapchain) -> None:
    import xr

    try:
        if isinstance(obj, EyeSwapchain):
            obj.destroy()
        else:
            xr.destroy_space(obj)
    except Exception as exc:
        log.warning("destroying %s failed: %s", type(obj).__name__, exc)


def _destroy_session(handle: xr.Session) -> None:
    import xr

    try:
        xr.destroy_session(handle)
    except Exception as exc:
        log.warning("xrDestroySession failed: %s", exc)
