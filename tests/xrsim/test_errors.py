"""Spec error codes reach the app through the loader as real XrResult failures."""

from __future__ import annotations

import ctypes

import pytest
import xr

pytestmark = pytest.mark.xr


@pytest.fixture
def app(sim, client):
    s = sim()
    c = client()
    c.sim = s
    return c


def begin(c) -> None:
    c.poll()
    assert c.running


def test_bad_handles(app):
    bogus_session = ctypes.cast(ctypes.c_void_p(0x5E02000000990001), xr.Session)
    with pytest.raises(xr.HandleInvalidError):
        xr.begin_session(bogus_session, xr.SessionBeginInfo(
            primary_view_configuration_type=xr.ViewConfigurationType.PRIMARY_STEREO))
    app.open()
    space = app.space
    xr.destroy_space(space)
    app.space = None
    with pytest.raises(xr.HandleInvalidError):
        xr.destroy_space(space)  # a destroyed handle is invalid
    bogus_swapchain = ctypes.cast(ctypes.c_void_p(12345), xr.Swapchain)
    with pytest.raises(xr.HandleInvalidError):
        xr.acquire_swapchain_image(bogus_swapchain, xr.SwapchainImageAcquireInfo())


def test_wrong_structure_type(app):
    info = xr.SystemGetInfo(form_factor=xr.FormFactor.HEAD_MOUNTED_DISPLAY)
    info.type = xr.StructureType.SYSTEM_PROPERTIES
    with pytest.raises(xr.ValidationFailureError):
        xr.get_system(app.instance, info)


def test_session_state_errors(app):
    app.open()
    with pytest.raises(xr.SessionNotRunningError):
        xr.wait_frame(app.session, xr.FrameWaitInfo())
    with pytest.raises(xr.SessionNotRunningError):
        xr.request_exit_session(app.session)
    begin(app)
    with pytest.raises(xr.SessionRunningError):
        xr.begin_session(app.session, xr.SessionBeginInfo(
            primary_view_configuration_type=xr.ViewConfigurationType.PRIMARY_STEREO))
    with pytest.raises(xr.SessionNotStoppingError):
        xr.end_session(app.session)
    xr.request_exit_session(app.session)
    app.poll()  # STOPPING -> xrEndSession -> IDLE, EXITING
    assert app.seen.states[-1] == "EXITING"
    with pytest.raises(xr.SessionNotReadyError):
        xr.begin_session(app.session, xr.SessionBeginInfo(
            primary_view_configuration_type=xr.ViewConfigurationType.PRIMARY_STEREO))


def test_frame_call_order(app):
    app.open()
    begin(app)
    with pytest.raises(xr.CallOrderInvalidError):
        xr.begin_frame(app.session, xr.FrameBeginInfo())
    end_info = xr.FrameEndInfo(display_time=1, environment_blend_mode=xr.EnvironmentBlendMode.OPAQUE)
    with pytest.raises(xr.CallOrderInvalidError):
        xr.end_frame(app.session, end_info)
    state = xr.wait_frame(app.session, xr.FrameWaitInfo())
    xr.begin_frame(app.session, xr.FrameBeginInfo())
    bad_blend = xr.FrameEndInfo(display_time=state.predicted_display_time,
                                environment_blend_mode=xr.EnvironmentBlendMode.ADDITIVE)
    with pytest.raises(xr.EnvironmentBlendModeUnsupportedError):
        xr.end_frame(app.session, bad_blend)
    # A projection layer whose swapchain never released an image is invalid.
    views = [xr.CompositionLayerProjectionView() for _ in range(2)]
    for eye, (sc, _, w, h) in enumerate(app.swapchains):
        views[eye].sub_image.swapchain = sc
        views[eye].sub_image.image_rect.extent = xr.Extent2Di(w, h)
    layer = xr.CompositionLayerProjection(space=app.space, views=views)
    with pytest.raises(xr.LayerInvalidError):
        xr.end_frame(app.session, xr.FrameEndInfo(
            display_time=state.predicted_display_time,
            environment_blend_mode=xr.EnvironmentBlendMode.OPAQUE, layers=[ctypes.byref(layer)]))
    xr.end_frame(app.session, xr.FrameEndInfo(
        display_time=state.predicted_display_time,
        environment_blend_mode=xr.EnvironmentBlendMode.OPAQUE))


def test_swapchain_order(app):
    app.open()
    sc = app.swapchains[0][0]
    with pytest.raises(xr.CallOrderInvalidError):
        xr.wait_swapchain_image(sc, xr.SwapchainImageWaitInfo(timeout=0))
    with pytest.raises(xr.CallOrderInvalidError):
        xr.release_swapchain_image(sc, xr.SwapchainImageReleaseInfo())
    indices = [xr.acquire_swapchain_image(sc, xr.SwapchainImageAcquireInfo()) for _ in range(3)]
    assert indices == [0, 1, 2]
    with pytest.raises(xr.CallOrderInvalidError):
        xr.acquire_swapchain_image(sc, xr.SwapchainImageAcquireInfo())
    with pytest.raises(xr.CallOrderInvalidError):
        xr.release_swapchain_image(sc, xr.SwapchainImageReleaseInfo())  # not waited
    xr.wait_swapchain_image(sc, xr.SwapchainImageWaitInfo(timeout=0))
    with pytest.raises(xr.CallOrderInvalidError):
        xr.wait_swapchain_image(sc, xr.SwapchainImageWaitInfo(timeout=0))
    xr.release_swapchain_image(sc, xr.SwapchainImageReleaseInfo())


def test_swapchain_format_unsupported(app):
    app.open()
    with pytest.raises(xr.SwapchainFormatUnsupportedError):
        xr.create_swapchain(app.session, xr.SwapchainCreateInfo(
            format=0x1234, sample_count=1, width=8, height=8, face_count=1, array_size=1,
            mip_count=1))


def test_graphics_requirements_required(app):
    binding = app.binding()
    info = xr.SessionCreateInfo(system_id=app.system,
                                next=ctypes.cast(ctypes.pointer(binding), ctypes.c_void_p))
    with pytest.raises(xr.GraphicsRequirementsCallMissingError):
        xr.create_session(app.instance, info)


def test_paths_and_strings(app):
    with pytest.raises(xr.PathFormatInvalidError):
        xr.string_to_path(app.instance, "/user/Hand/left")
    with pytest.raises(xr.PathFormatInvalidError):
        xr.string_to_path(app.instance, "/user/hand/")
    p = xr.string_to_path(app.instance, "/user/hand/left")
    assert xr.string_to_path(app.instance, "/user/hand/left").value == p.value
    assert xr.path_to_string(app.instance, p) == "/user/hand/left"
    with pytest.raises(xr.PathInvalidError):
        xr.path_to_string(app.instance, 99999)
    buf = ctypes.create_string_buffer(xr.MAX_RESULT_STRING_SIZE)
    xr.result_to_string(app.instance, xr.Result.ERROR_SESSION_LOST, buf)
    assert buf.value == b"XR_ERROR_SESSION_LOST"
    buf = ctypes.create_string_buffer(xr.MAX_STRUCTURE_NAME_SIZE)
    xr.structure_type_to_string(app.instance, xr.StructureType.FRAME_STATE, buf)
    assert buf.value == b"XR_TYPE_FRAME_STATE"


def test_report_lists_errors(app):
    app.open()
    with pytest.raises(xr.SessionNotRunningError):
        xr.wait_frame(app.session, xr.FrameWaitInfo())
    app.close()
    errors = [e["error"] for e in app.sim.report()["errors"]]
    assert errors == ["xrWaitFrame XR_ERROR_SESSION_NOT_RUNNING"]


def test_function_unsupported_for_disabled_extension(app):
    with pytest.raises(xr.FunctionUnsupportedError):
        xr.get_instance_proc_addr(app.instance, "xrConvertTimespecTimeToTimeKHR")


def test_swapchain_without_current_context(app, egl):
    """XR_KHR_opengl_enable: the app's context may be current nowhere; the runtime binds it."""
    app.open()
    egl.lib.eglGetCurrentContext.restype = ctypes.c_void_p
    egl.lib.eglMakeCurrent(egl.display, None, None, None)
    try:
        sc = xr.create_swapchain(app.session, xr.SwapchainCreateInfo(
            format=0x8058, sample_count=1, width=8, height=8, face_count=1, array_size=1,
            mip_count=1))
        assert not egl.lib.eglGetCurrentContext()  # left as it found it: nothing current
        images = xr.enumerate_swapchain_images(sc, xr.SwapchainImageOpenGLKHR)
        assert all(int(i.image) for i in images)
        xr.destroy_swapchain(sc)
        assert not egl.lib.eglGetCurrentContext()
    finally:
        egl.make_current()


def test_api_versions(sim):
    """OpenXR 1.0 with any patch is accepted; 1.1 (not implemented) and 2.0 are refused."""
    sim()
    for version in (xr.Version(1, 0, 0), xr.Version(1, 0, 999)):
        instance = xr.create_instance(xr.InstanceCreateInfo(
            application_info=xr.ApplicationInfo(application_name="v", api_version=version)))
        xr.destroy_instance(instance)
    for version in (xr.Version(1, 1, 0), xr.Version(2, 0, 0), xr.Version(0, 9, 0)):
        with pytest.raises((xr.ApiVersionUnsupportedError, xr.InitializationFailedError)):
            xr.create_instance(xr.InstanceCreateInfo(
                application_info=xr.ApplicationInfo(application_name="v", api_version=version)))
    with pytest.raises(xr.ApiVersionUnsupportedError):  # the loader passes 1.1 down to us
        xr.create_instance(xr.InstanceCreateInfo(
            application_info=xr.ApplicationInfo(application_name="v", api_version=xr.Version(1, 1, 0))))


def test_layer_checks(app):
    app.open()
    app.run(2)  # images have been released on both swapchains
    sc, _, w, h = app.swapchains[0]
    state = xr.wait_frame(app.session, xr.FrameWaitInfo())
    xr.begin_frame(app.session, xr.FrameBeginInfo())

    def end(layer) -> None:
        xr.end_frame(app.session, xr.FrameEndInfo(
            display_time=state.predicted_display_time,
            environment_blend_mode=xr.EnvironmentBlendMode.OPAQUE, layers=[ctypes.byref(layer)]))

    quad = xr.CompositionLayerQuad(space=app.space, size=xr.Extent2Df(1, 1))
    quad.sub_image.swapchain = sc
    quad.sub_image.image_rect.extent = xr.Extent2Di(w + 1, h)
    with pytest.raises(xr.SwapchainRectInvalidError):
        end(quad)
    quad.sub_image.image_rect.extent = xr.Extent2Di(w, h)
    quad.type = xr.StructureType.COMPOSITION_LAYER_CUBE_KHR
    with pytest.raises(xr.LayerInvalidError):
        end(quad)
    quad.type = xr.StructureType.COMPOSITION_LAYER_QUAD
    end(quad)
    app.close()
    errors = [e["error"] for e in app.sim.report()["errors"]]
    assert errors == ["xrEndFrame XR_ERROR_SWAPCHAIN_RECT_INVALID", "xrEndFrame XR_ERROR_LAYER_INVALID"]
