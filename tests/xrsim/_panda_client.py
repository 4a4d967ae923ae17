"""A small Panda3D OpenXR app: renders a scene per eye into the simulator's swapchains.

Run as a script (one Panda3D per process): ``python -m tests.xrsim._panda_client FRAMES``.
The environment selects the runtime (XR_RUNTIME_JSON) and the simulator's options.
Panda3D renders offscreen over EGL (p3headlessgl); the session uses the
XR_MNDX_egl_enable binding with Panda's own context, and each eye's texture is
copied into the acquired swapchain image with glCopyImageSubData.
"""

from __future__ import annotations

import ctypes
import math
import sys

from panda3d.core import (
    CardMaker,
    FrameBufferProperties,
    LQuaternionf,
    NodePath,
    PerspectiveLens,
    Texture,
    loadPrcFileData,
)

loadPrcFileData("", "load-display p3headlessgl\nwindow-type offscreen\naudio-library-name null\n"
                    "sync-video false\nframebuffer-srgb false")

import xr  # noqa: E402
from direct.showbase.ShowBase import ShowBase  # noqa: E402

GL_TEXTURE_2D = 0x0DE1


class Egl:
    """The EGL handles of the context Panda3D made current, and GL entry points."""

    def __init__(self) -> None:
        self.lib = ctypes.CDLL("libEGL.so.1")
        self.lib.eglGetCurrentDisplay.restype = ctypes.c_void_p
        self.lib.eglGetCurrentContext.restype = ctypes.c_void_p
        self.lib.eglGetProcAddress.restype = ctypes.c_void_p
        self.lib.eglGetProcAddress.argtypes = [ctypes.c_char_p]
        self.display = self.lib.eglGetCurrentDisplay()
        self.context = self.lib.eglGetCurrentContext()
        if not self.context:
            raise RuntimeError("Panda3D's EGL context is not current")
        self.get_proc_address: int = ctypes.cast(self.lib.eglGetProcAddress,
                                                 ctypes.c_void_p).value or 0
        u, i = ctypes.c_uint32, ctypes.c_int32
        self.copy = ctypes.CFUNCTYPE(None, u, u, i, i, i, i, u, u, i, i, i, i, i, i, i)(
            self.lib.eglGetProcAddress(b"glCopyImageSubData"))
        self.finish = ctypes.CFUNCTYPE(None)(self.lib.eglGetProcAddress(b"glFinish"))


def build_scene(base: ShowBase) -> None:
    """A floor, a far wall and a near red box-like card in front of the viewer."""
    cm = CardMaker("card")

    def card(name: str, w: float, h: float, colour: tuple[float, float, float, float],
             pos: tuple[float, float, float], hpr: tuple[float, float, float] = (0, 0, 0)) -> None:
        cm.setFrame(-w / 2, w / 2, -h / 2, h / 2)
        node = base.render.attachNewNode(cm.generate())
        node.setColor(*colour)
        node.setPos(*pos)
        node.setHpr(*hpr)
        node.setTwoSided(True)
        node.setName(name)

    card("wall", 8, 4, (0.2, 0.3, 0.8, 1), (0, 6, 1.6))
    card("floor", 8, 12, (0.3, 0.6, 0.3, 1), (0, 2, 0), (0, -90, 0))
    card("near", 0.2, 0.2, (0.9, 0.1, 0.1, 1), (0, 0.6, 1.6))
    base.setBackgroundColor(0.05, 0.05, 0.05, 1)


class PandaXr:
    """Panda3D stereo rendering into OpenXR swapchains."""

    def __init__(self) -> None:
        self.base = ShowBase(windowType="offscreen")
        build_scene(self.base)
        self.base.graphicsEngine.renderFrame()
        self.gl = Egl()
        self.instance = xr.create_instance(xr.InstanceCreateInfo(
            enabled_extension_names=["XR_KHR_opengl_enable", "XR_MNDX_egl_enable"]))
        self.system = xr.get_system(self.instance, xr.SystemGetInfo(
            form_factor=xr.FormFactor.HEAD_MOUNTED_DISPLAY))
        fn = ctypes.cast(xr.get_instance_proc_addr(
            self.instance, "xrGetOpenGLGraphicsRequirementsKHR"),
            xr.PFN_xrGetOpenGLGraphicsRequirementsKHR)
        fn(self.instance, self.system, ctypes.byref(xr.GraphicsRequirementsOpenGLKHR()))
        fields = dict(xr.GraphicsBindingEGLMNDX._fields_)
        self.binding = xr.GraphicsBindingEGLMNDX(
            get_proc_address=ctypes.cast(self.gl.get_proc_address, xr.PFN_xrEglGetProcAddressMNDX),
            display=ctypes.cast(ctypes.c_void_p(self.gl.display), fields["display"]),
            context=ctypes.cast(ctypes.c_void_p(self.gl.context), fields["context"]))
        self.session = xr.create_session(self.instance, xr.SessionCreateInfo(
            system_id=self.system,
            next=ctypes.cast(ctypes.pointer(self.binding), ctypes.c_void_p)))
        self.space = xr.create_reference_space(self.session, xr.ReferenceSpaceCreateInfo(
            reference_space_type=xr.ReferenceSpaceType.STAGE))
        self.eyes: list[tuple[xr.Swapchain, list[int], int, int, Texture, NodePath]] = []
        for i, v in enumerate(xr.enumerate_view_configuration_views(
                self.instance, self.system, xr.ViewConfigurationType.PRIMARY_STEREO)):
            w, h = v.recommended_image_rect_width, v.recommended_image_rect_height
            sc = xr.create_swapchain(self.session, xr.SwapchainCreateInfo(
                usage_flags=xr.SwapchainUsageFlags.COLOR_ATTACHMENT_BIT, format=0x8C43,
                sample_count=1, width=w, height=h, face_count=1, array_size=1, mip_count=1))
            images = [int(im.image) for im in
                      xr.enumerate_swapchain_images(sc, xr.SwapchainImageOpenGLKHR)]
            tex, cam = self.eye_buffer(i, w, h)
            self.eyes.append((sc, images, w, h, tex, cam))
        self.state = xr.SessionState.UNKNOWN
        self.running = False

    def eye_buffer(self, i: int, w: int, h: int) -> tuple[Texture, NodePath]:
        fb = FrameBufferProperties()
        fb.setRgbColor(True)
        fb.setRgbaBits(8, 8, 8, 8)
        fb.setDepthBits(24)
        buf = self.base.win.makeTextureBuffer(f"eye{i}", w, h, to_ram=False, fbp=fb)
        tex = buf.getTexture()
        buf.setClearColor((0.05, 0.05, 0.05, 1))
        cam = self.base.makeCamera(buf, lens=PerspectiveLens())
        buf.setSort(-10 + i)
        return tex, cam

    def poll(self) -> None:
        while True:
            try:
                event = xr.poll_event(self.instance)
            except xr.EventUnavailable:
                return
            if xr.StructureType(event.type) != xr.StructureType.EVENT_DATA_SESSION_STATE_CHANGED:
                continue
            ev = ctypes.cast(ctypes.byref(event),
                             ctypes.POINTER(xr.EventDataSessionStateChanged)).contents
            self.state = xr.SessionState(ev.state)
            if self.state == xr.SessionState.READY:
                xr.begin_session(self.session, xr.SessionBeginInfo(
                    primary_view_configuration_type=xr.ViewConfigurationType.PRIMARY_STEREO))
                self.running = True

    @staticmethod
    def apply_view(cam: NodePath, view: xr.View) -> None:
        """OpenXR (x, y, z) -> Panda3D (x, -z, y); asymmetric frustum from the fov."""
        p, q = view.pose.position, view.pose.orientation
        cam.setPos(p.x, -p.z, p.y)
        cam.setQuat(LQuaternionf(q.w, q.x, -q.z, q.y))
        f = view.fov
        tl, tr = math.tan(f.angle_left), math.tan(f.angle_right)
        tu, td = math.tan(f.angle_up), math.tan(f.angle_down)
        lens = cam.node().getLens()
        lens.setNearFar(0.05, 100)
        lens.setFocalLength(1.0)
        lens.setFilmSize(tr - tl, tu - td)
        lens.setFilmOffset((tr + tl) / 2, (tu + td) / 2)

    def frame(self) -> None:
        state = xr.wait_frame(self.session, xr.FrameWaitInfo())
        xr.begin_frame(self.session, xr.FrameBeginInfo())
        layers = []
        if state.should_render:
            _, views = xr.locate_views(self.session, xr.ViewLocateInfo(
                view_configuration_type=xr.ViewConfigurationType.PRIMARY_STEREO,
                display_time=state.predicted_display_time, space=self.space))
            for (_, _, _, _, _, cam), view in zip(self.eyes, views, strict=True):
                self.apply_view(cam, view)
            self.base.graphicsEngine.renderFrame()
            gsg = self.base.win.getGsg()
            proj = [xr.CompositionLayerProjectionView() for _ in range(2)]
            for eye, (sc, images, w, h, tex, _) in enumerate(self.eyes):
                index = xr.acquire_swapchain_image(sc, xr.SwapchainImageAcquireInfo())
                xr.wait_swapchain_image(sc, xr.SwapchainImageWaitInfo(timeout=xr.INFINITE_DURATION))
                src = tex.prepareNow(0, gsg.getPreparedObjects(), gsg).getNativeId()
                self.gl.copy(src, GL_TEXTURE_2D, 0, 0, 0, 0, images[index], GL_TEXTURE_2D, 0,
                             0, 0, 0, w, h, 1)
                xr.release_swapchain_image(sc, xr.SwapchainImageReleaseInfo())
                proj[eye].pose = views[eye].pose
                proj[eye].fov = views[eye].fov
                proj[eye].sub_image.swapchain = sc
                proj[eye].sub_image.image_rect.extent = xr.Extent2Di(w, h)
            self.gl.finish()
            layer = xr.CompositionLayerProjection(space=self.space, views=proj)
            layers.append(ctypes.byref(layer))
        xr.end_frame(self.session, xr.FrameEndInfo(
            display_time=state.predicted_display_time,
            environment_blend_mode=xr.EnvironmentBlendMode.OPAQUE, layers=layers))

    def close(self) -> None:
        for sc, *_ in self.eyes:
            xr.destroy_swapchain(sc)
        xr.destroy_space(self.space)
        xr.destroy_session(self.session)
        xr.destroy_instance(self.instance)
        self.base.destroy()


def main(frames: int) -> int:
    app = PandaXr()
    done = 0
    while done < frames:
        app.poll()
        if app.running:
            app.frame()
            done += 1
    app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 12))
