"""XR_MND_headless: a session without graphics, as tracking-only clients use it."""

from __future__ import annotations

import ctypes
import math

import pytest
import xr

pytestmark = pytest.mark.xr


def test_track_hmd_headless(sim):
    """Like pyopenxr's HMD-tracking example: no GL at all, poses of the VIEW space."""
    s = sim(head="look_around 30 0 1")  # +-30 degrees of yaw, once a second
    instance = xr.create_instance(xr.InstanceCreateInfo(
        enabled_extension_names=[xr.MND_HEADLESS_EXTENSION_NAME]))
    try:
        states, yaws = track(instance)
    finally:
        xr.destroy_instance(instance)  # also ends the session if a check failed
    assert states == ["IDLE", "READY", "SYNCHRONIZED", "VISIBLE", "FOCUSED"]
    assert max(yaws) == pytest.approx(30, abs=0.5) and min(yaws) == pytest.approx(-30, abs=0.5)
    report = s.report()
    assert report["frames"] == 100 and report["errors"] == []
    assert "binding:headless" in [e["event"] for e in report["events"]]


def track(instance: xr.Instance) -> tuple[list[str], list[float]]:
    system = xr.get_system(instance, xr.SystemGetInfo(
        form_factor=xr.FormFactor.HEAD_MOUNTED_DISPLAY))
    session = xr.create_session(instance, xr.SessionCreateInfo(system_id=system))
    assert len(xr.enumerate_swapchain_formats(session)) == 0
    local = xr.create_reference_space(session, xr.ReferenceSpaceCreateInfo(
        reference_space_type=xr.ReferenceSpaceType.LOCAL))
    view = xr.create_reference_space(session, xr.ReferenceSpaceCreateInfo(
        reference_space_type=xr.ReferenceSpaceType.VIEW))
    states: list[str] = []
    yaws: list[float] = []
    running = False
    frames = 0
    while frames < 100:
        while True:
            try:
                event = xr.poll_event(instance)
            except xr.EventUnavailable:
                break
            if xr.StructureType(event.type) == xr.StructureType.EVENT_DATA_SESSION_STATE_CHANGED:
                changed = ctypes.cast(ctypes.byref(event),
                                      ctypes.POINTER(xr.EventDataSessionStateChanged)).contents
                states.append(xr.SessionState(changed.state).name)
                if changed.state == xr.SessionState.READY:
                    xr.begin_session(session, xr.SessionBeginInfo(
                        primary_view_configuration_type=xr.ViewConfigurationType.PRIMARY_STEREO))
                    running = True
        assert running
        state = xr.wait_frame(session)
        xr.begin_frame(session)
        q = xr.locate_space(view, local, state.predicted_display_time).pose.orientation
        yaws.append(math.degrees(2 * math.atan2(q.y, q.w)))
        xr.end_frame(session, xr.FrameEndInfo(
            display_time=state.predicted_display_time,
            environment_blend_mode=xr.EnvironmentBlendMode.OPAQUE))
        frames += 1
    xr.destroy_space(view)
    xr.destroy_space(local)
    xr.destroy_session(session)
    return states, yaws


def test_headless_needs_the_extension(sim):
    sim()
    instance = xr.create_instance(xr.InstanceCreateInfo())
    try:
        system = xr.get_system(instance, xr.SystemGetInfo(
            form_factor=xr.FormFactor.HEAD_MOUNTED_DISPLAY))
        with pytest.raises(xr.GraphicsDeviceInvalidError):
            xr.create_session(instance, xr.SessionCreateInfo(system_id=system))
    finally:
        xr.destroy_instance(instance)
