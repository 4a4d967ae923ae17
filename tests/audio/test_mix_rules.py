"""One set of mix rules: the live OpenAL mix and the offline render measure alike.

The same noise bursts are played live (OpenAL Soft with HRTF, captured with
its wave backend) and rendered with the offline binaural model; each burst's
loudness (BS.1770) must agree, and the rules' distances, floors, ducking of a
bed on the effects bus and a gliding voice must be heard in both.
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

from experience.audio import _rules as rules
from experience.audio import read_wav
from experience.audio._binaural import centred, spatialise, spatialise_path
from experience.media import integrated_lufs

from .openal_rules_scenario import BURST, SOURCES, noise

HERE = Path(__file__).parent
SR = 44100


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Any:
    d = tmp_path_factory.mktemp("rules")
    out, events = d / "mix.wav", d / "events.json"
    env = {k: v for k, v in os.environ.items() if k != "ALSOFT_CONF"}
    p = subprocess.run([sys.executable, str(HERE / "openal_rules_scenario.py"), str(out), str(events)],
                       capture_output=True, text=True, timeout=90, env=env)
    assert p.returncode == 0, p.stderr[-2000:]
    x, rate = read_wav(out)
    assert rate == SR and x.shape[1] == 2
    return x, json.loads(events.read_text())


def offline(i: int) -> np.ndarray:
    bus, mode, pos, move_to = SOURCES[i]
    x = noise(BURST).astype(np.float32)
    if mode == "flat":
        y = centred(x)
    elif move_to is not None:
        y = spatialise_path(x, pos, move_to, SR, rules.distance_for(bus))
    else:
        y = spatialise(x, pos, SR, rules.distance_for(bus))
    return y * rules.gain_of_db(rules.MASTER_DB)


def segment(x: np.ndarray, t: float, a: float = 0.1, b: float = 0.7) -> np.ndarray:
    seg = x[int((t + a) * SR) : int((t + b) * SR)].astype(np.float64)
    # Take the bed out (50 Hz; the bursts have nothing below 120 Hz).
    spec = np.fft.rfft(seg, axis=0)
    f = np.fft.rfftfreq(len(seg), 1 / SR)
    spec[f < 90] = 0
    return np.fft.irfft(spec, len(seg), axis=0)


def test_every_place_measures_the_same_live_and_offline(live: Any) -> None:
    x, ev = live
    got = []
    for i, t in enumerate(ev["starts"]):
        heard = integrated_lufs(segment(x, t), SR)
        model = integrated_lufs(offline(i)[int(0.1 * SR) : int(0.7 * SR)], SR)
        got.append((SOURCES[i][:3], round(heard, 1), round(model, 1)))
    assert all(abs(h - m) <= 1.5 for _, h, m in got), got


def test_distances_follow_the_dialogue_model_and_its_floor(live: Any) -> None:
    x, ev = live
    level = [integrated_lufs(segment(x, t), SR) for t in ev["starts"]]
    ahead, four, twelve, effect = level[1], level[4], level[5], level[6]
    assert four - ahead == pytest.approx(rules.db(rules.SPEECH.gain(4.0)), abs=1.0)
    assert twelve - ahead == pytest.approx(rules.db(rules.SPEECH.floor), abs=1.0)  # -6 dB, not -22
    assert effect - ahead == pytest.approx(rules.db(rules.EFFECTS.floor), abs=1.0)


def test_a_bed_on_the_effects_bus_ducks_under_speech(live: Any) -> None:
    x, ev = live

    def bed(t0: float, t1: float) -> float:
        seg = x[int(t0 * SR) : int(t1 * SR)]
        spec = np.fft.rfft(seg * np.hanning(len(seg))[:, None], axis=0)
        f = np.fft.rfftfreq(len(seg), 1 / SR)
        return float(np.sqrt((np.abs(spec[np.abs(f - 50) < 15]) ** 2).sum())) / len(seg)

    alone = bed(0.2, ev["first"] - 0.1)
    under = bed(ev["starts"][0] + 0.4, ev["starts"][0] + 0.75)
    assert under == pytest.approx(alone * 0.3, rel=0.25)  # MixerSettings.duck_level


def test_a_gliding_voice_moves_from_left_to_right(live: Any) -> None:
    x, ev = live
    t = ev["starts"][-1]
    early = np.sqrt((segment(x, t, 0.05, 0.25) ** 2).mean(axis=0))
    late = np.sqrt((segment(x, t, 0.55, 0.75) ** 2).mean(axis=0))
    assert early[0] > 1.3 * early[1] and late[1] > 1.3 * late[0]
    y = offline(len(SOURCES) - 1)
    e, lt = (np.sqrt((y[int(a * SR) : int(b * SR)] ** 2).mean(axis=0)) for a, b in ((0.05, 0.25), (0.55, 0.75)))
    assert e[0] > 1.3 * e[1] and lt[1] > 1.3 * lt[0]
