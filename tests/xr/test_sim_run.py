"""The backend against the headset simulator: frames, pacing, captured eyes."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.xr


def test_free_paced_run_agrees_with_the_runtime(run_xr) -> None:
    r = run_xr(duration=2.0, args=("--no-controllers",))
    assert r.returncode == 0, r.stderr[-2000:]
    stats, report = r.result["stats"], r.report
    xr = stats["xr"]
    assert report["errors"] == []
    assert xr["submitted"] == report["frames"]
    assert stats["frames"] - xr["idle_frames"] == report["frames"]
    assert stats["refresh_hz"] == pytest.approx(90.0)
    assert xr["eye_size"] == [64, 72]
    assert xr["format"] == "SRGB8_ALPHA8"
    assert 175 <= report["frames"] <= 190
    # the first frame (SYNCHRONIZED) has shouldRender false: not drawn, submitted without a layer
    assert stats["skipped_renders"] >= 1 and xr["with_layers"] == xr["submitted"] - 1


def test_realtime_run_agrees_on_frames_and_misses(run_xr) -> None:
    r = run_xr(duration=1.5, pacing="realtime", args=("--no-controllers",), env={"EMPATHY_XR_MARGIN_MS": "1"})
    assert r.returncode == 0, r.stderr[-2000:]
    stats, report = r.result["stats"], r.report
    assert stats["xr"]["submitted"] == report["frames"]
    detail = (stats["missed_frames"], report["missed_frames"], stats["xr"], report["lateness_ms"])
    assert abs(stats["missed_frames"] - report["missed_frames"]) <= 1, detail
    assert stats["xr"]["unpaced_frames"] == 0, detail


def test_head_pose_from_the_runtime_in_panda_axes(run_xr) -> None:
    r = run_xr(duration=0.5, head="pose 30 10 0.2 0 -0.5", args=("--no-controllers",))
    assert r.returncode == 0, r.stderr[-2000:]
    h, p, roll = r.result["head"]["hpr"]
    assert h == pytest.approx(30.0, abs=0.1) and p == pytest.approx(10.0, abs=0.1) and roll == pytest.approx(0, abs=0.1)
    x, y, z = r.result["head"]["pos"]
    # OpenXR (0.2, y, -0.5) is Panda (0.2, 0.5, y): right and forward; STAGE space puts y at eye height
    assert x == pytest.approx(0.2, abs=1e-3) and y == pytest.approx(0.5, abs=1e-3)
    assert r.result["stats"]["xr"]["space"] == "stage" and z == pytest.approx(1.6, abs=0.01)


def test_refresh_rate_comes_from_the_runtime(run_xr) -> None:
    r = run_xr(duration=1.0, refresh_hz=72.0, args=("--no-controllers",))
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.result["stats"]["refresh_hz"] == pytest.approx(72.0)
    assert 70 <= r.report["frames"] <= 76


def test_capture_flag_writes_both_eyes(run_xr, tmp_path) -> None:
    out = tmp_path / "cap"
    r = run_xr(duration=1.2, eye_size=(96, 104),
               args=("--no-controllers", "--pattern", "1.0", "--capture", str(out), "--capture-at", "1.0"))
    assert r.returncode == 0, r.stderr[-2000:]
    names = sorted(p.name for p in out.glob("*.png"))
    assert len(names) == 2 and names[0].endswith("_left.png") and names[1].endswith("_right.png")
    from panda3d.core import PNMImage

    for name in names:
        img = PNMImage(str(out / name))
        assert img.getXSize() == 96
        assert any(img.getGreen(x, y) > 0.6 and img.getRed(x, y) < 0.3
                   for y in range(img.getYSize()) for x in range(img.getXSize()))
    assert r.report["errors"] == []


def test_recenter_makes_the_tracked_direction_forward(run_xr) -> None:
    r = run_xr(duration=0.8, head="pose 40 0", args=("--no-controllers", "--request", "recenter@30"))
    assert r.returncode == 0, r.stderr[-2000:]
    head = r.result["head"]
    assert head["hpr"][0] == pytest.approx(40.0, abs=0.1)  # the tracked head still turns 40° left
    assert head["world_h"] == pytest.approx(0.0, abs=0.5)  # but the scene now faces where it looks
