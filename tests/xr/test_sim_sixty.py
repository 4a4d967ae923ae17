"""The default experience for 60 s of display time at 90 Hz in --mode xr, through the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.xr, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def test_sixty_seconds_at_90hz_agree_with_the_runtime(xrsim_manifest, tmp_path) -> None:
    from experience import xrsim

    sim = xrsim.Simulator(tmp_path / "sim", refresh_hz=90, eye_size=(64, 72), pacing="free")
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMPATHY_XR_")}
    env.update(sim.env())
    stats_path = tmp_path / "stats.json"
    p = subprocess.run([sys.executable, str(ROOT / "run_vr.py"), "run", "--mode", "xr", "--duration", "60",
                        "--no-console", "--stats-json", str(stats_path)],
                       capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    assert p.returncode == 0, p.stderr[-3000:]
    stats = json.loads(stats_path.read_text())
    report = sim.report()
    xr = stats["xr"]
    assert stats["backend"] == "openxr"
    assert stats["refresh_hz"] == pytest.approx(90.0)
    assert report["errors"] == []
    assert xr["submitted"] == report["frames"]
    assert stats["frames"] - xr["idle_frames"] == report["frames"]
    assert 5400 <= report["frames"] <= 5400 + 5
    assert report["missed_frames"] == 0  # free pacing: the simulator does not measure lateness
    assert stats["core_ms"]["p50"] > 0
