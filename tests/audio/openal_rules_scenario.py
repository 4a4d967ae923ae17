"""Play the mix rules' test signals live through OpenAL Soft's wave backend (run as a subprocess).

Usage: python openal_rules_scenario.py OUT.wav EVENTS.json

Noise bursts (pink, 120 Hz-8 kHz) from the places in :data:`SOURCES`, one after
another, over a looping 50 Hz tone on the effects bus (a bed, so it ducks
under speech); then a voice gliding from the left to the right. The clock is
the length of the file written so far, as in openal_scenario.py.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from experience.audio import AudioConfig, AudioEngine, open_manager, write_wav  # noqa: E402

SR = 44100
BURST = 0.8
FIRST = 1.2  # the bed plays alone before this
SOURCES = [  # (bus, mode, position, move_to)
    ("narration", "flat", (0.0, 0.0, 0.0), None),
    ("voices", "head", (0.0, 1.0, 0.0), None),
    ("voices", "head", (-1.0, 0.0, 0.0), None),
    ("voices", "head", (0.0, -1.0, 0.0), None),
    ("voices", "head", (0.0, 4.0, 0.0), None),
    ("voices", "head", (0.0, 12.0, 0.0), None),
    ("effects", "head", (0.0, 12.0, 0.0), None),
    ("voices", "head", (-1.0, 0.3, 0.0), (1.0, 0.3, 0.0)),
]
TIMEOUT = 30.0


def noise(seconds: float, seed: int = 1) -> np.ndarray:
    n = int(seconds * SR)
    spec = np.fft.rfft(np.random.default_rng(seed).standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / SR)
    spec[(f < 120) | (f > 8000)] = 0
    spec[f >= 120] /= np.sqrt(f[f >= 120] / 120.0)  # pink, roughly the long-term spectrum of speech
    x = np.fft.irfft(spec, n)
    x *= 0.05 / np.sqrt(np.mean(x * x))
    ramp = int(0.01 * SR)
    x[:ramp] *= np.linspace(0, 1, ramp)
    x[-ramp:] *= np.linspace(1, 0, ramp)
    return x


def file_seconds(path: Path) -> float:
    try:
        return max(0, path.stat().st_size - 68) / (SR * 2 * 4)  # stereo float32 after the header
    except OSError:
        return 0.0


def main() -> int:
    out, events_path = Path(sys.argv[1]), Path(sys.argv[2])
    work = events_path.parent
    write_wav(work / "burst.wav", noise(BURST))
    write_wav(work / "bed.wav", np.sin(2 * np.pi * 50 * np.arange(SR) / SR) * 0.1)
    manager = open_manager(AudioConfig(wave_file=out, hrtf=True))
    if manager is None:
        return 3
    engine = AudioEngine(manager)
    from panda3d.core import Mat4

    head = Mat4.ident_mat()
    bed = engine.load(str(work / "bed.wav"), positional=False)
    engine.play(bed, bus="effects", loop=True, name="bed")
    starts: list[float] = []
    last = file_seconds(out)
    deadline = time.monotonic() + TIMEOUT
    end = FIRST + len(SOURCES) * (BURST + 1.2)
    while time.monotonic() < deadline:
        now = file_seconds(out)
        if now >= end:
            break
        i = len(starts)
        if i < len(SOURCES) and now >= FIRST + i * (BURST + 1.2):
            bus, mode, pos, move_to = SOURCES[i]
            sound = engine.load(str(work / "burst.wav"), positional=mode != "flat")
            engine.play(sound, bus=bus, mode=mode, pos=pos, move_to=move_to, name=f"s{i}")
            starts.append(now)
        engine.update(max(0.0, now - last), head)
        last = now
        time.sleep(0.004)  # a frame; the clock is the file, not this sleep
    events_path.write_text(json.dumps({"starts": starts, "burst": BURST, "first": FIRST}))
    engine.shutdown()
    return 0 if len(starts) == len(SOURCES) else 2


if __name__ == "__main__":
    sys.exit(main())
