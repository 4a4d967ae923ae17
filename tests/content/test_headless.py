"""Each bundled experience runs headless from the tutorial to its end, at a
compressed time scale, without errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import EXPERIENCES, ROOT

SCALE = 30.0
HZ = 90.0


@pytest.mark.slow
@pytest.mark.parametrize("stem", EXPERIENCES)
def test_runs_headless_start_to_end(stem, tmp_path):
    narrative = pytest.importorskip("experience.narrative")
    from experience.narrative._timeline import Timeline

    session = narrative.compose(narrative.load_narrative(ROOT / "narratives" / "tutorial.yaml"),
                                narrative.load_narrative(ROOT / "narratives" / f"{stem}.yaml"))
    expected_s = Timeline.build(session).total() / SCALE
    stats = tmp_path / "stats.json"
    proc = subprocess.run(
        [sys.executable, "run_vr.py", "run", "--mode", "headless", "--experience", stem,
         "--time-scale", str(SCALE), "--auto-continue", "--mono", "--size", "160x90",
         "--refresh", str(HZ), "--duration", str(expected_s * 3 + 20), "--stats-json", str(stats)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-2000:]
    assert "Traceback" not in out, out[-2000:]
    assert " error" not in out.lower().replace("errors: 0", ""), out[-2000:]
    data = json.loads(stats.read_text())
    # It ended by itself (not by --duration): about the timeline's length,
    # plus the auto-continued holds and check-ins.
    ran_s = data["frames"] / data["refresh_hz"]
    assert expected_s * 0.9 <= ran_s <= expected_s * 1.6 + 5, (ran_s, expected_s)
    assert data["experience"] == stem
