"""Views and spaces: IPD, asymmetric FOV, reference spaces, scripted head motion, time conversion."""

from __future__ import annotations

import ctypes
import math

import pytest
import xr

pytestmark = pytest.mark.xr


def forward(q: xr.Quaternionf) -> tuple[float, float, float]:
    """Rotates (0, 0, -1) by q."""
    x, y, z, w = q.x, q.y, q.z, q.w
    return (-(2 * (x * z + w * y)), -(2 * (y * z - w * x)), -(1 - 2 * (x * x + y * y)))


def view_space(c) -> xr.Space:
    return xr.create_reference_space(c.session, xr.ReferenceSpaceCreateInfo(
        reference_space_type=xr.ReferenceSpaceType.VIEW))


def test_eyes_ipd_and_fov(sim, client):
    sim(ipd=0.07, eye_size=(200, 100))
    c = client()
    views = xr.enumerate_view_configuration_views(
        c.instance, c.system, xr.ViewConfigurationType.PRIMARY_STEREO)
    assert [(v.recommended_image_rect_width, v.recommended_image_rect_height) for v in views] == \
        [(200, 100), (200, 100)]
    c.open()
    seen = c.run(3)
    left, right = seen.views[-1]
    assert right.pose.position.x - left.pose.position.x == pytest.approx(0.07, abs=1e-6)
    # wider outward, like a real headset; mirrored between the eyes
    assert -left.fov.angle_left > left.fov.angle_right
    assert right.fov.angle_right == pytest.approx(-left.fov.angle_left)
    assert left.fov.angle_up > 0 > left.fov.angle_down


def test_reference_spaces(sim, client):
    sim()
    c = client()
    c.open(space=xr.ReferenceSpaceType.STAGE)
    assert set(xr.enumerate_reference_spaces(c.session)) == {
        xr.ReferenceSpaceType.VIEW, xr.ReferenceSpaceType.LOCAL, xr.ReferenceSpaceType.STAGE}
    seen = c.run(2)
    local = xr.create_reference_space(c.session, xr.ReferenceSpaceCreateInfo(
        reference_space_type=xr.ReferenceSpaceType.LOCAL))
    head = view_space(c)
    t = seen.display_times[-1]
    assert xr.locate_space(local, c.space, t).pose.position.y == pytest.approx(1.6)
    loc = xr.locate_space(head, local, t)
    assert (loc.pose.position.x, loc.pose.position.y, loc.pose.position.z) == (0, 0, 0)
    with pytest.raises(xr.TimeInvalidError):
        xr.locate_space(head, local, 0)
    bad = xr.ReferenceSpaceCreateInfo(reference_space_type=xr.ReferenceSpaceType.LOCAL)
    bad.pose_in_reference_space.orientation.w = 0  # not a unit quaternion
    with pytest.raises(xr.PoseInvalidError):
        xr.create_reference_space(c.session, bad)
    xr.destroy_space(head)
    xr.destroy_space(local)


def test_turn_to_a_point(sim, client):
    sim(script=["f10 head turn 2 0 -2 0.5"])  # 45 degrees to the right, over 0.5 s
    c = client()
    c.open()
    head = view_space(c)
    seen = c.run(80)
    f = forward(xr.locate_space(head, c.space, seen.display_times[-1]).pose.orientation)
    assert f == pytest.approx((math.sqrt(0.5), 0, -math.sqrt(0.5)), abs=1e-4)
    f = forward(xr.locate_space(head, c.space, seen.display_times[5]).pose.orientation)
    assert f == pytest.approx((0, 0, -1), abs=1e-6)
    xr.destroy_space(head)


def test_look_around(sim, client):
    sim(head="look_around 30 0 4")  # +-30 degrees of yaw over 4 s
    c = client()
    c.open()
    head = view_space(c)
    seen = c.run(2)
    t0 = seen.display_times[0]
    yaws = []
    for k in range(0, 400, 10):  # display times 0..4 s
        q = xr.locate_space(head, c.space, t0 + k * 11_111_111).pose.orientation
        fx, _, fz = forward(q)
        yaws.append(math.degrees(math.atan2(-fx, -fz)))
    assert max(yaws) == pytest.approx(30, abs=0.5)
    assert min(yaws) == pytest.approx(-30, abs=0.5)
    xr.destroy_space(head)


def test_recorded_path(sim, client, tmp_path):
    path = tmp_path / "path.csv"
    path.write_text("# t x y z qx qy qz qw\n0 0 0 0 0 0 0 1\n1 0.2 0 -0.4 0 0 0 1\n")
    sim(script=[f"0 head path {path}"])
    c = client()
    c.open()
    head = view_space(c)
    seen = c.run(2)
    t0 = seen.display_times[0]
    mid = xr.locate_space(head, c.space, t0 + 500_000_000).pose.position
    assert (mid.x, mid.y, mid.z) == pytest.approx((0.1, 0, -0.2), abs=1e-5)
    end = xr.locate_space(head, c.space, t0 + 2_000_000_000).pose.position
    assert (end.x, end.z) == pytest.approx((0.2, -0.4), abs=1e-5)
    xr.destroy_space(head)


def test_timespec_conversion(sim, client):
    sim()
    c = client(extensions=("XR_KHR_convert_timespec_time",))
    to_time = ctypes.cast(xr.get_instance_proc_addr(c.instance, "xrConvertTimespecTimeToTimeKHR"),
                          xr.PFN_xrConvertTimespecTimeToTimeKHR)
    ts = xr.timespec(tv_sec=12, tv_nsec=345)
    out = xr.Time()
    assert to_time(c.instance, ctypes.byref(ts), ctypes.byref(out)) == 0
    assert out.value == 12_000_000_345


def test_recenter(sim, client):
    """A runtime recenter (system button held) moves LOCAL under the turned head."""
    sim(script=["0 head pose 90 0 0.1 0 0", "f10 recenter"])
    c = client()
    c.open()
    head = view_space(c)
    stage = xr.create_reference_space(c.session, xr.ReferenceSpaceCreateInfo(
        reference_space_type=xr.ReferenceSpaceType.STAGE))
    seen = c.run(5)
    before = xr.locate_space(head, c.space, seen.display_times[-1]).pose
    assert forward(before.orientation) == pytest.approx((-1, 0, 0), abs=1e-6)  # turned left
    seen = c.run(15)
    assert "EVENT_DATA_REFERENCE_SPACE_CHANGE_PENDING" in seen.events
    moved = seen.space_changes[0]  # the new LOCAL origin in the old LOCAL
    assert (moved.position.x, moved.position.y, moved.position.z) == pytest.approx((0.1, 0, 0))
    assert forward(moved.orientation) == pytest.approx((-1, 0, 0), abs=1e-6)
    after = xr.locate_space(head, c.space, seen.display_times[-1]).pose
    assert forward(after.orientation) == pytest.approx((0, 0, -1), abs=1e-6)
    assert (after.position.x, after.position.y, after.position.z) == pytest.approx((0, 0, 0))
    # STAGE did not move: the head is where it was
    on_stage = xr.locate_space(head, stage, seen.display_times[-1]).pose.position
    assert (on_stage.x, on_stage.y, on_stage.z) == pytest.approx((0.1, 1.6, 0), abs=1e-6)
    xr.destroy_space(stage)
    xr.destroy_space(head)
