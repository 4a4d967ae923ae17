"""Small numpy signal tools shared by the sound library and the offline mixer.

Noise is shaped in the frequency domain, so every generated buffer is
periodic: beds loop without a seam.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

SR = 44100
"""Sample rate of everything generated (OpenAL Soft's built-in HRTF rate)."""

FloatArray = np.ndarray


def shaped_noise(
    rng: np.random.Generator, n: int, shape: Callable[[FloatArray], FloatArray], sr: float = SR
) -> FloatArray:
    """Periodic noise of ``n`` samples with magnitude response ``shape(freqs_hz)``, RMS 1."""
    spec = rng.standard_normal(n // 2 + 1) + 1j * rng.standard_normal(n // 2 + 1)
    f = np.fft.rfftfreq(n, 1.0 / sr)
    spec *= shape(f)
    spec[0] = 0.0
    x = np.fft.irfft(spec, n)
    return normalise_rms(x)


def band(lo: float, hi: float, order: float = 2.0) -> Callable[[FloatArray], FloatArray]:
    """A smooth band-pass magnitude response between ``lo`` and ``hi`` Hz."""

    def shape(f: FloatArray) -> FloatArray:
        f = np.maximum(f, 1e-3)
        hp = 1.0 / np.sqrt(1.0 + (lo / f) ** (2 * order)) if lo > 0 else 1.0
        lp = 1.0 / np.sqrt(1.0 + (f / hi) ** (2 * order))
        return hp * lp

    return shape


def pink(lo: float = 20.0, hi: float = 16000.0) -> Callable[[FloatArray], FloatArray]:
    """Pink (1/f power) noise between ``lo`` and ``hi`` Hz."""
    b = band(lo, hi)

    def shape(f: FloatArray) -> FloatArray:
        return b(f) / np.sqrt(np.maximum(f, lo))

    return shape


def brown(lo: float = 15.0, hi: float = 2000.0) -> Callable[[FloatArray], FloatArray]:
    """Brown (1/f² power) noise between ``lo`` and ``hi`` Hz."""
    b = band(lo, hi)

    def shape(f: FloatArray) -> FloatArray:
        return b(f) / np.maximum(f, lo)

    return shape


def slow_envelope(rng: np.random.Generator, n: int, rate_hz: float, sr: int = SR) -> FloatArray:
    """A smooth random periodic envelope in 0..1 varying at about ``rate_hz``.

    Made at a low control rate and interpolated (periodically) to ``n`` samples.
    """
    step = 100
    m = max(8, n // step)
    x = shaped_noise(rng, m, band(0.0, rate_hz, order=3.0), sr / (n / m))
    lo, hi = float(x.min()), float(x.max())
    x = (x - lo) / max(hi - lo, 1e-9)
    pos = np.arange(n) * (m / n)
    return np.interp(pos, np.arange(m + 1), np.append(x, x[0]))


def normalise_rms(x: FloatArray, rms: float = 1.0) -> FloatArray:
    r = float(np.sqrt(np.mean(x * x)))
    return x * (rms / r) if r > 0 else x


def normalise_peak(x: FloatArray, peak: float = 0.9) -> FloatArray:
    m = float(np.max(np.abs(x)))
    return x * (peak / m) if m > 0 else x


def fade(x: FloatArray, fade_in: float, fade_out: float, sr: int = SR) -> FloatArray:
    """Linear fades at both ends (in place on a copy)."""
    y = x.copy()
    a, b = int(fade_in * sr), int(fade_out * sr)
    if a > 0:
        y[:a] *= np.linspace(0.0, 1.0, a)
    if b > 0:
        y[-b:] *= np.linspace(1.0, 0.0, b)
    return y


def damped(freq: float, decay: float, dur: float, sr: int = SR, phase: float = 0.0) -> FloatArray:
    """A damped sine (a thump, a knock, a chime partial)."""
    t = np.arange(int(dur * sr)) / sr
    return np.sin(2 * np.pi * freq * t + phase) * np.exp(-t / decay)


def place(dst: FloatArray, src: FloatArray, at: int, wrap: bool = True) -> None:
    """Add ``src`` into ``dst`` at sample ``at`` (wrapping around for loops)."""
    n = len(dst)
    if wrap:
        idx = (np.arange(len(src)) + at) % n
        np.add.at(dst, idx, src)
    else:
        end = min(n, at + len(src))
        if end > at:
            dst[at:end] += src[: end - at]


def filter_fft(x: FloatArray, shape: Callable[[FloatArray], FloatArray], sr: int = SR) -> FloatArray:
    """Filter a whole buffer (circularly) with magnitude response ``shape``."""
    spec = np.fft.rfft(x)
    spec *= shape(np.fft.rfftfreq(len(x), 1.0 / sr))
    return np.fft.irfft(spec, len(x))


def resample(x: FloatArray, src_rate: int, dst_rate: int) -> FloatArray:
    """Linear-interpolation resampling (good enough for speech and beds)."""
    if src_rate == dst_rate or len(x) == 0:
        return x
    n = round(len(x) * dst_rate / src_rate)
    t = np.arange(n) * (src_rate / dst_rate)
    return np.interp(t, np.arange(len(x)), x)
