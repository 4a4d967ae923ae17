"""Play a short scripted mix through OpenAL Soft's wave backend (run as a subprocess).

Usage: python openal_scenario.py OUT.wav EVENTS.json   (or: --no-device)

The wave backend mixes in real time; the scenario's clock is the length of
the file written so far, so every event lands at a known place in the file.
Signals are pure tones so the test can tell them apart by frequency:
ambience 300 Hz (looping bed), narration 1 kHz (centred, 0.5-1.5 s; an Opus
file, as the shipped narration is, whose playback position is logged as the
media clock), a voice 2 kHz at the listener's left (head-relative, 2.3-2.9 s),
then a pause.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from experience.audio import AudioConfig, AudioEngine, open_manager, write_wav  # noqa: E402

SR = 44100
SCRIPT = {"narration": 0.5, "voice": 2.3, "pause": 3.1, "end": 3.9}
TIMEOUT = 15.0


def tone(freq: float, seconds: float, level: float, sr: int = SR) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    x = np.sin(2 * np.pi * freq * t) * level
    ramp = int(0.01 * sr)
    x[:ramp] *= np.linspace(0, 1, ramp)
    x[-ramp:] *= np.linspace(1, 0, ramp)
    return x


def file_seconds(path: Path) -> float:
    try:
        return max(0, path.stat().st_size - 68) / (SR * 2 * 4)  # stereo float32 after the header
    except OSError:
        return 0.0


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if sys.argv[1] == "--no-device":
        return 0 if open_manager(AudioConfig(drivers="no-such-driver")) is None else 1
    out, events_path = Path(sys.argv[1]), Path(sys.argv[2])
    work = events_path.parent
    # A bed that loops seamlessly: a whole number of cycles.
    write_wav(work / "bed.wav", np.sin(2 * np.pi * 300 * np.arange(SR) / SR) * 0.3)
    import soundfile

    soundfile.write(str(work / "narration.opus"), tone(1000, 1.0, 0.5, 48000).astype(np.float32), 48000,
                    format="OGG", subtype="OPUS")
    write_wav(work / "voice.wav", tone(2000, 0.6, 0.5))
    manager = open_manager(AudioConfig(wave_file=out, hrtf=True))
    if manager is None:
        return 3
    engine = AudioEngine(manager)
    from panda3d.core import Mat4

    head = Mat4.ident_mat()
    bed = engine.load(str(work / "bed.wav"), positional=False)
    narration = engine.load(str(work / "narration.opus"), positional=False)
    voice = engine.load(str(work / "voice.wav"), positional=True)
    engine.play(bed, bus="ambience", loop=True, name="bed")
    log: dict[str, Any] = {"bed": file_seconds(out), "narration_length": narration.length(), "clock": []}
    narr_em = None
    # The script runs from the bed's start (loading, the Opus decode included, can take a while under load).
    pending = {name: log["bed"] + at for name, at in SCRIPT.items()}
    last = file_seconds(out)
    deadline = time.monotonic() + TIMEOUT
    while pending and time.monotonic() < deadline:
        now = file_seconds(out)
        for name, at in sorted(pending.items(), key=lambda kv: kv[1]):
            if now < at:
                break
            del pending[name]
            log[name] = now
            if name == "narration":
                narr_em = engine.play(narration, bus="narration", name="narration")
            elif name == "voice":
                engine.play(voice, bus="voices", mode="head", pos=(-1.0, 0.0, 0.0), name="voice")
            elif name == "pause":
                engine.hold("pause")
        engine.update(max(0.0, now - last), head)
        if narr_em is not None and not narr_em.finished:
            pos = engine.position_of(narr_em)
            if pos is not None:
                log["clock"].append((now, pos))  # (mixed so far, media clock)
        last = now
        time.sleep(0.004)  # a frame; the clock is the file, not this sleep
    log["pause_fade"] = engine.mixer.settings.pause_fade
    log["duck_level"] = engine.mixer.settings.duck_level
    events_path.write_text(json.dumps(log))
    engine.shutdown()
    return 0 if not pending else 2


if __name__ == "__main__":
    sys.exit(main())
