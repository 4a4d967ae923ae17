"""Choosing the OpenXR backend from the command line: auto finds the runtime, xr insists."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("EMPATHY_XR_", "XRSIM_")) and k not in ("XR_RUNTIME_JSON", "DISPLAY")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "cfg")
    env["XDG_CONFIG_DIRS"] = str(tmp_path / "cfg-dirs")
    env.update(extra)
    return env


def test_mode_xr_without_a_runtime_is_one_line_and_exit_2(tmp_path) -> None:
    if Path("/etc/xdg/openxr/1/active_runtime.json").exists() or Path("/etc/openxr/1/active_runtime.json").exists():
        pytest.skip("a system-wide OpenXR runtime is installed here")
    p = subprocess.run([sys.executable, str(ROOT / "run_vr.py"), "run", "--mode", "xr", "--duration", "1",
                        "--no-console"], capture_output=True, text=True, env=_env(tmp_path), timeout=120, cwd=ROOT)
    assert p.returncode == 2, p.stderr
    errors = [ln for ln in p.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "no OpenXR runtime active" in errors[0]
    assert "Traceback" not in p.stderr


@pytest.mark.xr
def test_auto_picks_the_headset_when_a_runtime_answers(xrsim_manifest, tmp_path) -> None:
    from experience import xrsim

    sim = xrsim.Simulator(tmp_path / "sim", eye_size=(64, 72), pacing="free")
    stats = tmp_path / "stats.json"
    p = subprocess.run([sys.executable, str(ROOT / "run_vr.py"), "run", "--mode", "auto", "--duration", "1",
                        "--no-console", "--experience", "placeholder", "--stats-json", str(stats)],
                       capture_output=True, text=True, env=_env(tmp_path, **sim.env()), timeout=180, cwd=ROOT)
    assert p.returncode == 0, p.stderr[-2000:]
    doc = json.loads(stats.read_text())
    assert doc["backend"] == "openxr"
    assert doc["xr"]["submitted"] == sim.report()["frames"]
    assert "display: xr" in p.stderr
