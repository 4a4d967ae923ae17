"""The generated sound library: numpy recipes, one function per sound.

Every recipe takes a seeded generator and a length and returns mono float
samples at :data:`SR`. Beds are periodic (they loop without a seam): noise is
shaped in the frequency domain, events wrap around, and tones run a whole
number of cycles per loop (:func:`whole_cycles`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._ambience import SCENE_BEDS
from ._dsp import (
    SR,
    band,
    brown,
    damped,
    fade,
    filter_fft,
    normalise_peak,
    normalise_rms,
    pink,
    place,
    shaped_noise,
    slow_envelope,
)

Recipe = Callable[[np.random.Generator, float], np.ndarray]
Shape = Callable[[np.ndarray], np.ndarray]


def _n(seconds: float) -> int:
    return int(seconds * SR)


def _t(n: int) -> np.ndarray:
    return np.arange(n) / SR


def whole_cycles(freq: np.ndarray) -> np.ndarray:
    """The phase (radians) of a tone with instantaneous frequency ``freq`` (Hz per sample),
    stretched very slightly so it completes a whole number of cycles: no jump when it repeats."""
    cycles = np.cumsum(freq) / SR
    total = float(cycles[-1])
    k = max(1, round(total)) / total if total > 0 else 1.0
    return 2 * np.pi * cycles * k


def _periodic_tone(freq: float, n: int) -> np.ndarray:
    """A sine whose frequency is rounded so it is periodic over ``n`` samples."""
    cycles = max(1, round(freq * n / SR))
    return np.sin(2 * np.pi * cycles * np.arange(n) / n)


def room_tone(rng: np.random.Generator, seconds: float) -> np.ndarray:
    n = _n(seconds)
    air = shaped_noise(rng, n, pink(30, 6000)) * 0.05
    hum = (_periodic_tone(50, n) + 0.5 * _periodic_tone(100, n)) * 0.004
    return air + hum


def rain(rng: np.random.Generator, seconds: float) -> np.ndarray:
    n = _n(seconds)
    hiss = shaped_noise(rng, n, band(400, 9000)) * 0.06
    swell = 0.8 + 0.2 * slow_envelope(rng, n, 0.3)
    drops = np.zeros(n)
    for at in rng.integers(0, n, size=int(seconds * 120)):
        f = rng.uniform(1500, 5000)
        place(drops, damped(f, rng.uniform(0.002, 0.008), 0.03) * rng.uniform(0.02, 0.12), int(at))
    return hiss * swell + drops


def traffic(rng: np.random.Generator, seconds: float) -> np.ndarray:
    n = _n(seconds)
    rumble = shaped_noise(rng, n, brown(20, 400)) * 0.08
    t = _t(n)
    cars = np.zeros(n)
    for _ in range(int(seconds / 4)):
        c = rng.uniform(0, seconds)
        w = rng.uniform(1.5, 3.0)
        d = np.minimum(np.abs(t - c), seconds - np.abs(t - c))  # circular distance
        cars += np.exp(-((d / w) ** 2) * 4.0) * rng.uniform(0.5, 1.0)
    tyres = shaped_noise(rng, n, band(150, 1500)) * 0.06
    return rumble + tyres * cars


def bus_engine(rng: np.random.Generator, seconds: float) -> np.ndarray:
    n = _n(seconds)
    wobble = 1.0 + 0.03 * (slow_envelope(rng, n, 0.5) - 0.5)
    phase = whole_cycles(34.0 * wobble)
    drone = np.zeros(n)
    for k in range(1, 9):
        drone += np.sin(k * phase) / k * 0.05
    drone = filter_fft(drone, band(25, 600))
    body = shaped_noise(rng, n, brown(30, 800)) * 0.05
    rattle = shaped_noise(rng, n, band(1500, 5000)) * 0.01 * slow_envelope(rng, n, 3.0)
    return drone + body + rattle


def _product(a: Shape, b: Shape) -> Shape:
    def shape(f: np.ndarray) -> np.ndarray:
        return a(f) * b(f)

    return shape


def _babble(rng: np.random.Generator, n: int, voices: int, level: float) -> np.ndarray:
    out = np.zeros(n)
    for _ in range(voices):
        f0 = rng.uniform(90, 240)
        # Voice-band noise with formant-ish colouring, syllables at 4-6 Hz, in phrases.
        pitch, formants = band(f0 * 1.5, f0 * 14), band(rng.uniform(300, 600), rng.uniform(2000, 3200))
        voiced = shaped_noise(rng, n, _product(pitch, formants))
        syll = slow_envelope(rng, n, rng.uniform(4.0, 6.0)) ** 2
        phrase = np.clip((slow_envelope(rng, n, 0.4) - 0.3) * 6.0, 0.0, 1.0)
        out += voiced * syll * phrase * rng.uniform(0.5, 1.0)
    return normalise_rms(out, level)


def crowd(rng: np.random.Generator, seconds: float) -> np.ndarray:
    n = _n(seconds)
    return _babble(rng, n, 14, 0.07) + shaped_noise(rng, n, pink(60, 4000)) * 0.015


def office_murmur(rng: np.random.Generator, seconds: float) -> np.ndarray:
    n = _n(seconds)
    talk = _babble(rng, n, 4, 0.04)
    hvac = shaped_noise(rng, n, brown(40, 1200)) * 0.02
    keys = np.zeros(n)
    t = 0.0
    while t < seconds:
        t += rng.exponential(0.18)
        if rng.random() < 0.85:
            place(keys, damped(rng.uniform(2500, 4500), 0.004, 0.02) * 0.05, _n(t))
        else:
            t += rng.uniform(0.5, 2.0)
    return talk + hvac + keys


def station(rng: np.random.Generator, seconds: float) -> np.ndarray:
    n = _n(seconds)
    hall = shaped_noise(rng, n, pink(40, 5000)) * 0.03
    murmur = filter_fft(_babble(rng, n, 10, 0.04), band(0, 1800))
    chime = np.zeros(n)
    for k, f in enumerate((659.3, 523.3, 392.0)):
        place(chime, damped(f, 0.6, 2.5) * 0.05, _n(seconds * 0.35 + 0.45 * k))
    return hall + murmur + chime


def heartbeat(rng: np.random.Generator, seconds: float) -> np.ndarray:
    n = _n(seconds)
    beats = max(1, round(seconds * 70 / 60))
    period = n // beats
    out = np.zeros(n)
    lub = damped(55, 0.05, 0.25) + 0.5 * damped(110, 0.03, 0.25)
    dub = damped(70, 0.04, 0.2) * 0.7
    for b in range(beats):
        place(out, lub, b * period)
        place(out, dub, b * period + _n(0.32))
    return normalise_peak(out, 0.7)


def breath_guide(rng: np.random.Generator, seconds: float) -> np.ndarray:
    """6 breaths a minute: 4 s rising (in), 6 s falling (out).

    Each breath is a whole number of cycles of the tone, so breaths (and the loop) join without a tick.
    """
    cycle = _n(10.0)
    pos = np.arange(cycle) / SR
    shape = np.where(pos < 4.0, pos / 4.0, 1.0 - (pos - 4.0) / 6.0)
    env = np.sin(np.pi * 0.5 * shape) ** 2 * 0.8 + 0.05
    phase = whole_cycles(196.0 * (1.0 + 0.26 * shape))
    breath = (np.sin(phase) + 0.25 * np.sin(2 * phase) + 0.1 * np.sin(3 * phase)) * env * 0.12
    return np.resize(breath, _n(seconds))


def calm_place(rng: np.random.Generator, seconds: float) -> np.ndarray:
    n = _n(seconds)
    wind = shaped_noise(rng, n, band(80, 1200)) * 0.03 * (0.4 + 0.6 * slow_envelope(rng, n, 0.15))
    water = shaped_noise(rng, n, band(800, 6000)) * 0.012 * (0.6 + 0.4 * slow_envelope(rng, n, 6.0))
    return wind + water


def kettle(rng: np.random.Generator, seconds: float) -> np.ndarray:
    n = _n(seconds)
    t = _t(n)
    grow = np.clip(t / (seconds - 1.0), 0, 1) ** 1.5
    hiss = shaped_noise(rng, n, band(1500, 8000)) * 0.1 * grow
    rumble = shaped_noise(rng, n, band(100, 700)) * 0.05 * (0.3 + grow) * slow_envelope(rng, n, 8.0)
    out = (hiss + rumble) * (t < seconds - 0.9)
    place(out, damped(2200, 0.01, 0.1) * 0.5 + damped(900, 0.02, 0.1) * 0.3, _n(seconds - 0.9), wrap=False)
    return fade(out, 0.5, 0.05)


def door(rng: np.random.Generator, seconds: float) -> np.ndarray:
    n = _n(seconds)
    out = np.zeros(n)
    creak_n = _n(0.8)
    tc = _t(creak_n)
    f = 180 + 60 * np.sin(2 * np.pi * 1.3 * tc) + 20 * rng.standard_normal(creak_n).cumsum() / SR
    pulses = np.sin(2 * np.pi * np.cumsum(f) / SR) > 0.92
    creak = filter_fft(pulses.astype(float), band(300, 3000)) * np.hanning(creak_n)
    place(out, normalise_peak(creak, 0.3), _n(0.1), wrap=False)
    thud = damped(60, 0.08, 0.5) * 0.8 + shaped_noise(rng, _n(0.5), band(100, 2000)) * 0.1 * np.exp(-_t(_n(0.5)) / 0.03)
    place(out, thud, _n(1.15), wrap=False)
    return out


def phone_buzz(rng: np.random.Generator, seconds: float) -> np.ndarray:
    n = _n(seconds)
    out = np.zeros(n)
    bn = _n(0.45)
    tb = _t(bn)
    buzz = np.sign(np.sin(2 * np.pi * 160 * tb)) * (1 + 0.3 * np.sin(2 * np.pi * 23 * tb))
    buzz = filter_fft(buzz, band(100, 3000)) * fade(np.ones(bn), 0.01, 0.02) * 0.2
    for at in (0.05, 0.85):
        place(out, buzz, _n(at), wrap=False)
    return out


def train_arrival(rng: np.random.Generator, seconds: float) -> np.ndarray:
    n = _n(seconds)
    t = _t(n)
    approach = np.clip(t / 7.0, 0, 1) ** 2 * np.clip((seconds - 1.0 - t) / 2.0, 0, 1)
    rumble = shaped_noise(rng, n, brown(20, 600)) * 0.12 * approach
    clack = np.zeros(n)
    for k in range(int(7.0 / 0.6)):
        place(clack, damped(120, 0.03, 0.15) * 0.2 * (k / 12), _n(1.0 + 0.6 * k), wrap=False)
    brake_t = (t > 6.0) & (t < 9.0)
    squeal = (np.sin(2 * np.pi * 2900 * t) + 0.5 * np.sin(2 * np.pi * 4400 * t)) * 0.025
    squeal = squeal * brake_t * slow_envelope(rng, n, 3.0)
    doors = shaped_noise(rng, n, band(2000, 9000)) * 0.05 * ((t > 9.8) & (t < 10.6))
    return fade(rumble + clack + squeal + doors, 0.2, 0.8) * 1.8


def whisper_sound(rng: np.random.Generator, seconds: float) -> np.ndarray:
    """A whisper with no words in it: breathy syllables shaped like vowels and consonants.

    Wordless on purpose: every word a participant hears has a caption, and a sound cue has none.
    """
    n = _n(seconds)
    out = np.zeros(n)
    t = 0.12
    while t < seconds - 0.5:
        syl = _n(rng.uniform(0.12, 0.24))
        f1, f2 = rng.uniform(350, 800), rng.uniform(1000, 2400)
        vowel = (shaped_noise(rng, syl, band(f1 * 0.8, f1 * 1.25, order=3.0))
                 + 0.7 * shaped_noise(rng, syl, band(f2 * 0.85, f2 * 1.2, order=3.0)))
        vowel *= np.sin(np.pi * np.arange(syl) / syl) ** 1.5
        if rng.random() < 0.6:  # a consonant: a short hiss before the vowel
            hiss = _n(0.05)
            place(out, shaped_noise(rng, hiss, band(3500, 8000)) * np.hanning(hiss) * 0.6, _n(t), wrap=False)
            t += 0.04
        place(out, vowel, _n(t), wrap=False)
        t += syl / SR + (rng.uniform(0.15, 0.35) if rng.random() < 0.3 else 0.02)
    return fade(normalise_peak(out, 0.6), 0.01, 0.1)


RECIPES: dict[str, Recipe] = {
    "room_tone": room_tone,
    "rain": rain,
    "traffic": traffic,
    "bus_engine": bus_engine,
    "station": station,
    "crowd": crowd,
    "office_murmur": office_murmur,
    "heartbeat": heartbeat,
    "breath_guide": breath_guide,
    "calm_place": calm_place,
    "kettle": kettle,
    "door": door,
    "phone_buzz": phone_buzz,
    "train_arrival": train_arrival,
    "whisper": whisper_sound,
    **SCENE_BEDS,
}
"""Recipe name (``synth:`` in audio/sounds.yaml) → function."""
