"""The real mix, captured through OpenAL Soft's wave-file backend with HRTF on.

One subprocess plays a scripted scene (see openal_scenario.py) in about 4 s
of real time; the assertions read the captured WAV by frequency band.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from experience.audio import read_wav

HERE = Path(__file__).parent
SR = 44100


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "ALSOFT_CONF"}
    return subprocess.run([sys.executable, str(HERE / "openal_scenario.py"), *args],
                          capture_output=True, text=True, timeout=60, env=env)


@pytest.fixture(scope="module")
def capture(tmp_path_factory: pytest.TempPathFactory) -> Any:
    d = tmp_path_factory.mktemp("openal")
    out, events = d / "mix.wav", d / "events.json"
    p = _run(str(out), str(events))
    assert p.returncode == 0, p.stderr[-2000:]
    x, rate = read_wav(out)
    assert rate == SR and x.shape[1] == 2
    return x, json.loads(events.read_text())


def band_rms(x: np.ndarray, freq: float, t0: float, t1: float) -> np.ndarray:
    """RMS per channel of the ``freq`` component between t0 and t1 seconds."""
    seg = x[int(t0 * SR) : int(t1 * SR)]
    spec = np.fft.rfft(seg * np.hanning(len(seg))[:, None], axis=0)
    f = np.fft.rfftfreq(len(seg), 1 / SR)
    sel = np.abs(f - freq) < 40
    return np.sqrt((np.abs(spec[sel]) ** 2).sum(axis=0)) / len(seg)


def test_narration_is_present_at_the_right_times(capture: Any) -> None:
    x, ev = capture
    t = ev["narration"]
    during = band_rms(x, 1000, t + 0.15, t + 0.85).sum()
    before = band_rms(x, 1000, max(0.05, t - 0.45), t - 0.05).sum()
    after = band_rms(x, 1000, t + 1.15, t + 1.35).sum()
    assert during > 20 * before and during > 20 * after


def test_compressed_narration_drives_the_media_clock(capture: Any) -> None:
    """The Opus line plays for its length, and its playback position follows what is heard."""
    x, ev = capture
    assert ev["narration_length"] == pytest.approx(1.0, abs=0.03)
    clock = np.array(ev["clock"])
    assert len(clock) > 5 and np.all(np.diff(clock[:, 1]) >= 0)
    # The position runs at the rate of the mix: over the line (until it reaches the end), what was mixed and
    # where the media clock says playback is agree to within the mixer's update (about 20 ms) and a frame.
    playing = clock[clock[:, 1] < ev["narration_length"] - 0.02]
    heard, position = playing[-1, 0] - playing[0, 0], playing[-1, 1] - playing[0, 1]
    assert position > 0.5 and abs(heard - position) < 1 / 90 + 0.04
    # Where the tone is heard in the capture matches where the media clock says it is.
    level = np.abs(x[:, 0])
    t = ev["narration"]
    onset = t + np.argmax(level[int(t * SR):] > 0.05) / SR
    first_t, first_pos = clock[0]
    assert abs((first_t - first_pos) - onset) < 0.06


def test_voice_at_the_left_is_louder_in_the_left_ear(capture: Any) -> None:
    x, ev = capture
    t = ev["voice"]
    left, right = band_rms(x, 2000, t + 0.1, t + 0.5)
    assert left > 1.5 * right


def test_ambience_ducks_under_narration(capture: Any) -> None:
    x, ev = capture
    t = ev["narration"]
    alone = band_rms(x, 300, ev["bed"] + 0.1, t - 0.05).sum()
    ducked = band_rms(x, 300, t + 0.5, t + 0.95).sum()
    assert ducked < 0.5 * alone
    assert ducked > 0.15 * alone  # ducked, not muted
    recovered = band_rms(x, 300, t + 1.6, ev["voice"] - 0.02).sum()
    assert recovered > 0.8 * alone


def test_pause_silences_within_the_fade_time(capture: Any) -> None:
    x, ev = capture
    t = ev["pause"] + ev["pause_fade"] + 0.1  # a few OpenAL updates of latency
    before = np.sqrt((x[int((ev["pause"] - 0.3) * SR) : int(ev["pause"] * SR)] ** 2).mean())
    after = np.sqrt((x[int(t * SR) : int(ev["end"] * SR)] ** 2).mean())
    assert before > 0.01 and after < 0.01 * before


def test_no_device_is_one_log_line() -> None:
    p = _run("--no-device")
    assert p.returncode == 0
    ours = [line for line in p.stderr.splitlines() if line.startswith("audio:")]
    assert len(ours) == 1 and "no audio device" in ours[0]
