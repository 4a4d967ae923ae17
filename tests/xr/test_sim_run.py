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


def test_realtime_run_agrees_on_frames_and_misses(run_xr) -> None:
    r = run_xr(duration=1.5, pacing="realtime", args=("--no-controllers",), env={"EMPATHY_XR_MARGIN_MS": "1"})
    assert r.returncode == 0, r.stderr[-2000:]
    stats, report = r.result["stats"], r.report
    assert stats["xr"]["submitted"] == report["frames"]
    detail = (stats["missed_frames"], report["missed_frames"], stats["xr"], report["lateness_ms"])
    assert abs(stats["missed_frames"] - report["missed_frames"]) <= 1, detail
    assert stats["xr"]["unpaced_frames"] == 0, detail
