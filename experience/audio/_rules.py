"""The mix rules: one set for the live OpenAL mix and the offline render.

Both :class:`experience.audio.AudioEngine` (OpenAL Soft, live) and
``render-audio`` (numpy, offline) take their distances, ducking and master
level from here, so what an author measures with ``render-audio --report`` is
what a participant hears in the headset.

* Distance: speech uses a model made for dialogue: no loss within 3 m, then
  inverse distance, never below half (-6 dB): someone across a room is still
  heard. Effects fall off more, down to a quarter (-12 dB). OpenAL's clamped
  inverse-distance model does exactly this with the reference distance and a
  maximum distance (the floor).
* Ducking: every bed (a looping sound on any bus, and the scene's ambience)
  dips under speech; one-shot effects do not.
* Level: narration files are at -21 LUFS (experience.narrative._level); the
  master adds 3 dB, so a centred narrator plays at about -18 LUFS on headphones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SPEECH_BUSES = ("narration", "voices")
MASTER_DB = 3.0
"""Gain after the mix, both paths (OpenAL Soft's ``volume-adjust``)."""
TARGET_LUFS = -18.0
"""Integrated loudness of every experience on headphones (the mix report checks it)."""
TARGET_TRUE_PEAK = -1.0
"""dBTP: the highest true peak allowed in the mix."""
SPEECH_OVER_BED_DB = 10.0
"""Every line at least this far above the beds under it, in the speech band."""
EAR_DB = -3.0
"""The offline binaural model's gain per ear for a source ahead: OpenAL Soft's HRTF
renders a centred mono source at about -3 dB in each ear (measured with its
wave backend; tests/audio/test_mix_rules.py keeps the two paths together)."""


@dataclass(frozen=True)
class Distance:
    """Clamped inverse distance: gain 1 within ``ref`` metres, ``ref / d`` beyond, flat past ``far``."""

    ref: float
    far: float
    rolloff: float = 1.0

    def gain(self, d: float) -> float:
        d = min(max(d, self.ref), self.far)
        return self.ref / (self.ref + self.rolloff * (d - self.ref))

    @property
    def floor(self) -> float:
        return self.gain(self.far)


SPEECH = Distance(ref=3.0, far=6.0)
"""Dialogue: full level within 3 m, never below -6 dB."""
EFFECTS = Distance(ref=2.0, far=8.0)
"""Effects and placed beds: full level within 2 m, never below -12 dB."""


def distance_for(bus: str) -> Distance:
    return SPEECH if bus in SPEECH_BUSES else EFFECTS


def is_speech(bus: str) -> bool:
    """Sounds on these buses are speech: they duck the beds."""
    return bus in SPEECH_BUSES


def ducks(bus: str, loop: bool) -> bool:
    """Whether a sound dips under speech: every bed (looping, any bus) and all ambience."""
    return (loop or bus == "ambience") and not is_speech(bus)


def db(gain: float) -> float:
    return 20.0 * math.log10(gain) if gain > 0 else -math.inf


def gain_of_db(value: float) -> float:
    return 10.0 ** (value / 20.0)
