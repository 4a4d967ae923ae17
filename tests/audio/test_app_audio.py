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
def test_desktop_run_plays_the_scene_ambience(xvfb_display: str, tmp_path: Path) -> None:
    # The desktop preview runs in real time, like the audio device (headless time is simulated).
    out = tmp_path / "live.wav"
    env = {k: v for k, v in os.environ.items() if k != "ALSOFT_CONF"}
    env.update(EMPATHY_VR_AUDIO_WAVE=str(out), DISPLAY=xvfb_display)
    p = subprocess.run(
        [sys.executable, str(ROOT / "run_vr.py"), "run", "--mode", "desktop", "--experience", "placeholder",
         "--duration", "4", "--no-tutorial", "--no-console", "--size", "320x180"],
        capture_output=True, text=True, env=env, timeout=120, cwd=ROOT,
    )
    assert p.returncode == 0, p.stderr[-2000:]
    assert "Traceback" not in p.stderr and "audio:" not in p.stderr  # audio opened: nothing to say
    x, rate = read_wav(out, partial=True)
    assert x.shape[1] == 2 and len(x) / rate > 3.5
    last = x[-rate:]
    level = np.sqrt((last**2).mean(axis=0))
    assert level.min() > 0.01  # the placeholder scene's room tone, faded in
    assert level[0] == pytest.approx(level[1], rel=0.05)  # a bed is centred
