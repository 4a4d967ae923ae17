"""Frame capture schedule and deadline accounting in real-time pacing."""

from __future__ import annotations

import pytest
from panda3d.core import PNMImage

pytestmark = pytest.mark.xr

COLOURS = {0: (1.0, 0.0, 0.0, 1.0), 1: (0.0, 0.0, 1.0, 1.0)}


def test_capture_frames_times_and_every(sim, client, egl):
    s = sim(capture=["f2", "0.1s", "every:20"], eye_size=(32, 24))
    c = client()
    c.open()
    c.run(45, lambda eye, tex, w, h, view: egl.clear_texture(tex, w, h, COLOURS[eye]))
    c.close()
    names = sorted(p.name for p in s.captures())
    frames = sorted({int(n.split("_")[1]) for n in names})
    assert frames == [2, 9, 20, 40]  # 0.1 s at 90 Hz is frame 9 (9 / 90 = 0.1)
    assert len(names) == 8
    left = PNMImage(str(s.capture_dir / "frame_000020_left.png"))
    right = PNMImage(str(s.capture_dir / "frame_000020_right.png"))
    assert (left.getXSize(), left.getYSize()) == (32, 24)
    assert tuple(left.getXelA(3, 3)) == COLOURS[0]
    assert tuple(right.getXelA(3, 3)) == COLOURS[1]


def test_capture_command_from_control_file(sim, client):
    s = sim()
    c = client()
    c.open()
    c.run(5)
    s.send("capture")
    c.run(8)
    c.close()
    assert sorted(p.name for p in s.captures()) == ["frame_000005_left.png",
                                                    "frame_000005_right.png"]


def test_late_frames_are_missed(sim, client):
    """Three frames take 30 ms at 90 Hz: each must end after its deadline.

    On the simulator's manual clock the frames' work is declared (``work 30``), not slept:
    lateness is exact, 30 ms of work minus the frame's budget (one period less the
    compositor's 1 ms), whatever the machine is doing.
    """
    s = sim(pacing="manual", refresh_hz=90, script=["f10 work 30", "f11 work 30", "f12 work 30"])
    c = client()
    c.open()
    c.run(20)
    c.close()
    report = s.report()
    assert report["pacing"] == "manual"
    assert report["frames"] == 20
    assert report["missed_frames"] == 3
    assert report["missed"] == [10, 11, 12]  # the indices of the missed frames
    assert report["lateness_ms"]["max"] == pytest.approx(30 - (1000 / 90 - 1), abs=0.01)


def test_the_manual_clock_paces_without_sleeping(sim, client):
    """Manual pacing: display times are one period apart from a fixed start, and no frame is late."""
    s = sim(pacing="manual", refresh_hz=72)
    c = client()
    c.open()
    c.run(10)
    c.close()
    report = s.report()
    assert report["frames"] == 10 and report["missed_frames"] == 0


@pytest.mark.parametrize(("fmt", "expected"), [(0x8C43, 128), (0x8C41, 128), (0x8058, 188),
                                               (0x8059, 188), (0x881A, 188)])
def test_capture_shows_what_a_compositor_displays(sim, client, egl, fmt, expected):
    """sRGB images (SRGB8_ALPHA8, SRGB8) are shown as stored; linear ones (RGBA8, RGB10_A2,
    RGBA16F) are encoded to sRGB."""
    s = sim(capture=[2], eye_size=(8, 8))
    c = client()
    c.open(color_format=fmt)
    c.run(3, lambda eye, tex, w, h, view: egl.clear_texture(tex, w, h, (0.5, 0.5, 0.5, 1.0)))
    c.close()
    left = PNMImage(str(s.capture_dir / "frame_000002_left.png"))
    assert round(left.getRed(4, 4) * 255) == pytest.approx(expected, abs=1)


def test_array_swapchain_layers(sim, client, egl):
    """One swapchain with two layers, one per eye, like multiview renderers use."""
    import ctypes

    import xr

    s = sim(capture=[0], eye_size=(16, 8))
    c = client()
    c.open()
    sc = xr.create_swapchain(c.session, xr.SwapchainCreateInfo(
        usage_flags=xr.SwapchainUsageFlags.COLOR_ATTACHMENT_BIT, format=0x8C43, sample_count=1,
        width=16, height=8, face_count=1, array_size=2, mip_count=1))
    images = [int(i.image) for i in xr.enumerate_swapchain_images(sc, xr.SwapchainImageOpenGLKHR)]
    while not c.running:
        c.poll()
    state = xr.wait_frame(c.session, xr.FrameWaitInfo())
    xr.begin_frame(c.session, xr.FrameBeginInfo())
    index = xr.acquire_swapchain_image(sc, xr.SwapchainImageAcquireInfo())
    xr.wait_swapchain_image(sc, xr.SwapchainImageWaitInfo(timeout=0))
    for layer in (0, 1):
        egl.clear_texture(images[index], 16, 8, COLOURS[layer], layer=layer)
    xr.release_swapchain_image(sc, xr.SwapchainImageReleaseInfo())
    views = [xr.CompositionLayerProjectionView() for _ in range(2)]
    for eye in (0, 1):
        views[eye].sub_image.swapchain = sc
        views[eye].sub_image.image_array_index = eye
        views[eye].sub_image.image_rect.extent = xr.Extent2Di(16, 8)
    layer = xr.CompositionLayerProjection(space=c.space, views=views)
    xr.end_frame(c.session, xr.FrameEndInfo(
        display_time=state.predicted_display_time,
        environment_blend_mode=xr.EnvironmentBlendMode.OPAQUE, layers=[ctypes.byref(layer)]))
    xr.destroy_swapchain(sc)
    c.close()
    left = PNMImage(str(s.capture_dir / "frame_000000_left.png"))
    right = PNMImage(str(s.capture_dir / "frame_000000_right.png"))
    assert tuple(left.getXelA(2, 2)) == COLOURS[0]
    assert tuple(right.getXelA(2, 2)) == COLOURS[1]


def test_formats_real_runtimes_offer(sim, client):
    """Issue 19, 18: colour formats first (sRGB preferred), then depth formats."""
    import xr

    sim()
    c = client()
    c.open()
    formats = xr.enumerate_swapchain_formats(c.session)
    assert formats[0] == 0x8C43  # SRGB8_ALPHA8
    assert {0x8C41, 0x8058, 0x8059, 0x881A} <= set(formats)  # SRGB8, RGBA8, RGB10_A2, RGBA16F
    assert {0x81A5, 0x81A6, 0x8CAC, 0x88F0, 0x8CAD} <= set(formats)  # depth (+ stencil)


@pytest.mark.parametrize("fmt", [0x81A5, 0x81A6, 0x8CAC, 0x88F0, 0x8CAD])
def test_depth_swapchains_are_depth_attachments(sim, client, egl, fmt):
    """Each depth format makes a texture an app can render depth into."""
    import ctypes
    from ctypes import c_int32, c_uint32, c_void_p

    import xr

    sim()
    c = client()
    c.open()
    sc = xr.create_swapchain(c.session, xr.SwapchainCreateInfo(
        usage_flags=xr.SwapchainUsageFlags.DEPTH_STENCIL_ATTACHMENT_BIT, format=fmt, sample_count=1,
        width=16, height=16, face_count=1, array_size=1, mip_count=1))
    tex = int(xr.enumerate_swapchain_images(sc, xr.SwapchainImageOpenGLKHR)[0].image)
    fbo = c_uint32()
    egl.gl("glGenFramebuffers", None, c_int32, c_void_p)(1, ctypes.byref(fbo))
    egl.gl("glBindFramebuffer", None, c_uint32, c_uint32)(0x8D40, fbo.value)
    attachment = 0x821A if fmt in (0x88F0, 0x8CAD) else 0x8D00  # DEPTH_STENCIL / DEPTH
    egl.gl("glFramebufferTexture2D", None, c_uint32, c_uint32, c_uint32, c_uint32, c_int32)(
        0x8D40, attachment, 0x0DE1, tex, 0)
    egl.gl("glDrawBuffer", None, c_uint32)(0)
    egl.gl("glReadBuffer", None, c_uint32)(0)
    status = egl.gl("glCheckFramebufferStatus", c_uint32, c_uint32)(0x8D40)
    egl.gl("glBindFramebuffer", None, c_uint32, c_uint32)(0x8D40, 0)
    egl.gl("glDeleteFramebuffers", None, c_int32, c_void_p)(1, ctypes.byref(fbo))
    xr.destroy_swapchain(sc)
    assert status == 0x8CD5  # GL_FRAMEBUFFER_COMPLETE


@pytest.mark.parametrize(("flags", "expected"), [
    (0, (255, 0, 0)),  # no SOURCE_ALPHA: the layer is opaque whatever the texture's alpha
    (0x2 | 0x4, (0, 0, 0)),  # SOURCE_ALPHA, unpremultiplied: alpha 0 shows the black behind
    (0x2, (255, 0, 0)),  # SOURCE_ALPHA, premultiplied: colour added over black as it is
])
def test_capture_alpha_follows_the_layer_flags(sim, client, egl, flags, expected):
    """Issue 19, 17: captures show what the compositor displays, always opaque."""
    import xr

    s = sim(capture=[2], eye_size=(8, 8))
    c = client()
    c.open()
    c.layer_flags = xr.CompositionLayerFlags(flags)
    c.run(3, lambda eye, tex, w, h, view: egl.clear_texture(tex, w, h, (1.0, 0.0, 0.0, 0.0)))
    c.close()
    left = PNMImage(str(s.capture_dir / "frame_000002_left.png"))
    rgb = tuple(round(v * 255) for v in (left.getRed(4, 4), left.getGreen(4, 4), left.getBlue(4, 4)))
    assert rgb == expected
    assert left.getAlpha(4, 4) == 1.0
