"""A plain pyopenxr application (no Panda3D) used to drive the simulator in tests.

It does what any OpenXR app does: instance, system, session with a GL binding,
reference space, one swapchain per eye, and a frame loop that follows the
session-state events.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass, field

import xr

from ._egl import EglContext

RenderFn = Callable[[int, int, int, int, xr.View], None]


@dataclass
class Observed:
    """What the application saw."""

    states: list[str] = field(default_factory=list)
    frames_ended: int = 0
    rendered: int = 0
    periods: list[int] = field(default_factory=list)
    display_times: list[int] = field(default_factory=list)
    should_render: list[bool] = field(default_factory=list)
    views: list[list[xr.View]] = field(default_factory=list)
    loss_pending_results: int = 0
    events: list[str] = field(default_factory=list)
    space_changes: list[xr.Posef] = field(default_factory=list)


class Client:
    """Minimal OpenXR app over the EGL binding (XR_MNDX_egl_enable)."""

    def __init__(self, gl: EglContext, extensions: tuple[str, ...] = (),
                 api_layers: tuple[str, ...] = ()) -> None:
        self.gl = gl
        exts = ["XR_KHR_opengl_enable", "XR_MNDX_egl_enable", *extensions]
        self.instance: xr.Instance | None = xr.create_instance(xr.InstanceCreateInfo(
            enabled_extension_names=exts, enabled_api_layer_names=list(api_layers)))
        self.system = xr.get_system(
            self.instance, xr.SystemGetInfo(form_factor=xr.FormFactor.HEAD_MOUNTED_DISPLAY))
        self.session: xr.Session | None = None
        self.space: xr.Space | None = None
        self.swapchains: list[tuple[xr.Swapchain, list[int], int, int]] = []
        self.state = xr.SessionState.UNKNOWN
        self.running = False
        self.seen = Observed()
        self.layer_flags = xr.CompositionLayerFlags.NONE

    def graphics_requirements(self) -> None:
        fn = ctypes.cast(
            xr.get_instance_proc_addr(self.instance, "xrGetOpenGLGraphicsRequirementsKHR"),
            xr.PFN_xrGetOpenGLGraphicsRequirementsKHR)
        req = xr.GraphicsRequirementsOpenGLKHR()
        xr.check_result(xr.Result(fn(self.instance, self.system, ctypes.byref(req))))

    def binding(self) -> xr.GraphicsBindingEGLMNDX:
        b = xr.GraphicsBindingEGLMNDX()
        fields = dict(xr.GraphicsBindingEGLMNDX._fields_)
        b.display = ctypes.cast(ctypes.c_void_p(self.gl.display), fields["display"])
        b.config = ctypes.cast(ctypes.c_void_p(self.gl.config), fields["config"])
        b.context = ctypes.cast(ctypes.c_void_p(self.gl.context), fields["context"])
        b.get_proc_address = ctypes.cast(self.gl.get_proc_address, xr.PFN_xrEglGetProcAddressMNDX)
        return b

    def open(self, space: xr.ReferenceSpaceType = xr.ReferenceSpaceType.LOCAL,
             color_format: int | None = None) -> None:
        """Creates the session, a reference space and one swapchain per eye."""
        self.graphics_requirements()
        self._binding = self.binding()
        info = xr.SessionCreateInfo(
            system_id=self.system,
            next=ctypes.cast(ctypes.pointer(self._binding), ctypes.c_void_p))
        self.session = xr.create_session(self.instance, info)
        self.space = xr.create_reference_space(
            self.session, xr.ReferenceSpaceCreateInfo(reference_space_type=space))
        views = xr.enumerate_view_configuration_views(
            self.instance, self.system, xr.ViewConfigurationType.PRIMARY_STEREO)
        formats = xr.enumerate_swapchain_formats(self.session)
        for v in views:
            w, h = v.recommended_image_rect_width, v.recommended_image_rect_height
            sc = xr.create_swapchain(self.session, xr.SwapchainCreateInfo(
                usage_flags=xr.SwapchainUsageFlags.COLOR_ATTACHMENT_BIT,
                format=color_format or formats[0], sample_count=1, width=w, height=h,
                face_count=1, array_size=1, mip_count=1))
            images = xr.enumerate_swapchain_images(sc, xr.SwapchainImageOpenGLKHR)
            self.swapchains.append((sc, [int(i.image) for i in images], w, h))

    def poll(self) -> None:
        """Drains events, beginning and ending the session as the states ask."""
        while True:
            try:
                event = xr.poll_event(self.instance)
            except xr.EventUnavailable:
                return
            kind = xr.StructureType(event.type)
            self.seen.events.append(kind.name)
            if kind == xr.StructureType.EVENT_DATA_REFERENCE_SPACE_CHANGE_PENDING:
                pending = ctypes.cast(ctypes.byref(event), ctypes.POINTER(
                    xr.EventDataReferenceSpaceChangePending)).contents
                self.seen.space_changes.append(pending.pose_in_previous_space)
            if kind != xr.StructureType.EVENT_DATA_SESSION_STATE_CHANGED:
                continue
            changed = ctypes.cast(ctypes.byref(event),
                                  ctypes.POINTER(xr.EventDataSessionStateChanged)).contents
            self.state = xr.SessionState(changed.state)
            self.seen.states.append(self.state.name)
            if self.state == xr.SessionState.READY:
                xr.begin_session(self.session, xr.SessionBeginInfo(
                    primary_view_configuration_type=xr.ViewConfigurationType.PRIMARY_STEREO))
                self.running = True
            elif self.state == xr.SessionState.STOPPING:
                xr.end_session(self.session)
                self.running = False

    def frame(self, render: RenderFn | None = None) -> None:
        """Runs one wait/begin/render/end frame; stops at a pending session loss."""
        try:
            self._frame(render)
        except xr.SessionLossPending:
            self.seen.loss_pending_results += 1

    def _frame(self, render: RenderFn | None) -> None:
        state = xr.wait_frame(self.session, xr.FrameWaitInfo())
        xr.begin_frame(self.session, xr.FrameBeginInfo())
        self.seen.periods.append(state.predicted_display_period)
        self.seen.display_times.append(state.predicted_display_time)
        self.seen.should_render.append(bool(state.should_render))
        layers = []
        if state.should_render:
            _, views = xr.locate_views(self.session, xr.ViewLocateInfo(
                view_configuration_type=xr.ViewConfigurationType.PRIMARY_STEREO,
                display_time=state.predicted_display_time, space=self.space))
            self.seen.views.append(list(views))
            proj_views = [xr.CompositionLayerProjectionView() for _ in range(2)]
            for eye, (sc, images, w, h) in enumerate(self.swapchains):
                index = xr.acquire_swapchain_image(sc, xr.SwapchainImageAcquireInfo())
                xr.wait_swapchain_image(sc, xr.SwapchainImageWaitInfo(timeout=xr.INFINITE_DURATION))
                if render is not None:
                    render(eye, images[index], w, h, views[eye])
                xr.release_swapchain_image(sc, xr.SwapchainImageReleaseInfo())
                proj_views[eye].pose = views[eye].pose
                proj_views[eye].fov = views[eye].fov
                proj_views[eye].sub_image.swapchain = sc
                proj_views[eye].sub_image.image_rect.extent = xr.Extent2Di(w, h)
            layer = xr.CompositionLayerProjection(layer_flags=self.layer_flags, space=self.space,
                                                  views=proj_views)
            layers.append(ctypes.byref(layer))
            self.seen.rendered += 1
        xr.end_frame(self.session, xr.FrameEndInfo(
            display_time=state.predicted_display_time,
            environment_blend_mode=xr.EnvironmentBlendMode.OPAQUE, layers=layers))
        self.seen.frames_ended += 1

    def run(self, frames: int, render: RenderFn | None = None,
            stop_on: tuple[str, ...] = ("EXITING", "LOSS_PENDING")) -> Observed:
        """Polls and renders until `frames` frames ended or a `stop_on` state is seen."""
        while self.seen.frames_ended < frames:
            self.poll()
            if any(s in self.seen.states for s in stop_on):
                break
            if self.running:
                self.frame(render)
            elif self.state == xr.SessionState.IDLE and "READY" not in self.seen.states:
                raise AssertionError("session never became READY")
            elif not self.running and self.session is not None and self.seen.frames_ended:
                break
        return self.seen

    def close(self) -> None:
        """Destroys everything in reverse order (writes the simulator's report)."""
        for sc, *_ in self.swapchains:
            xr.destroy_swapchain(sc)
        self.swapchains.clear()
        if self.space is not None:
            xr.destroy_space(self.space)
            self.space = None
        if self.session is not None:
            xr.destroy_session(self.session)
            self.session = None
        if self.instance is not None:
            xr.destroy_instance(self.instance)
            self.instance = None
