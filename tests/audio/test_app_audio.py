"""The running app with live audio, captured through OpenAL Soft's wave backend."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from experience.audio import read_wav

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_headless_run_plays_the_scene_ambience(tmp_path: Path) -> None:
    out = tmp_path / "live.wav"
    env = {k: v for k, v in os.environ.items() if k != "ALSOFT_CONF"}
    env["EMPATHY_VR_AUDIO_WAVE"] = str(out)
    p = subprocess.run(
        [sys.executable, str(ROOT / "run_vr.py"), "run", "--mode", "headless", "--experience", "placeholder",
         "--duration", "4", "--no-tutorial", "--size", "64x64", "--mono", "--refresh", "30"],
        capture_output=True, text=True, env=env, timeout=120, cwd=ROOT,
    )
    assert p.returncode == 0, p.stderr[-2000:]
    assert "Traceback" not in p.stderr and "audio:" not in p.stderr  # audio opened: nothing to say
    x, rate = read_wav(out, partial=True)
    assert x.shape[1] == 2 and len(x) / rate > 3.0
    last = x[-rate:]
    assert np.sqrt((last**2).mean()) > 0.002  # the placeholder scene's room tone
