"""Loudness figures: ITU-R BS.1770-4 / EBU R 128 through pyloudnorm, and true peak.

pyloudnorm does the K-weighting, gating and loudness range (EBU Tech 3342);
true peak is the peak of the signal oversampled four times (BS.1770-4 Annex 2)
with scipy's polyphase resampler. The speech band (250 Hz to 4 kHz) is where
intelligibility lives: the mix report compares speech with the beds there.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pyloudnorm

SPEECH_BAND = (250.0, 4000.0)
"""Hz: where speech is compared with the beds under it."""
BLOCK_S = 0.4
"""BS.1770 gating block: shorter signals are measured repeated to this length."""


@lru_cache(maxsize=8)
def _meter(rate: int) -> pyloudnorm.Meter:
    import pyloudnorm

    return pyloudnorm.Meter(rate)


def _as_float(x: np.ndarray) -> np.ndarray:
    a = np.asarray(x, dtype=np.float64)
    return a if a.ndim == 1 else a.reshape(len(a), -1)


def integrated_lufs(x: np.ndarray, rate: int) -> float:
    """Integrated (gated) loudness in LUFS of mono ``(n,)`` or multichannel ``(n, ch)`` samples.

    A signal shorter than one gating block is measured repeated to that length
    (its mean square is unchanged). Silence is ``-inf``.
    """
    a = _as_float(x)
    if len(a) == 0 or not np.any(a):
        return -math.inf
    need = math.ceil(BLOCK_S * rate) + 1
    if len(a) < need:
        a = np.concatenate([a] * (need // len(a) + 1))[:need]
    value = float(_meter(int(rate)).integrated_loudness(a))
    return value if math.isfinite(value) else -math.inf


def loudness_range(x: np.ndarray, rate: int) -> float:
    """Loudness range (LRA, EBU Tech 3342) in LU; 0.0 when too short or too quiet to say."""
    a = _as_float(x)
    if len(a) < 3 * rate or not np.any(a):
        return 0.0
    value = float(_meter(int(rate)).loudness_range(a))
    return value if math.isfinite(value) else 0.0


def true_peak_dbtp(x: np.ndarray, rate: int = 44100, block: int = 4096) -> float:
    """True peak in dBTP: the sample peak of the signal oversampled 4x.

    Only blocks whose sample peak is within 3 dB of the loudest sample are
    oversampled (an inter-sample peak of a band-limited signal stays well under that).
    """
    from scipy.signal import resample_poly

    a = _as_float(x)
    if len(a) == 0:
        return -math.inf
    a = a.reshape(len(a), -1)
    nb = -(-len(a) // block)
    padded = np.zeros((nb * block, a.shape[1]))
    padded[: len(a)] = a
    block_peaks = np.abs(padded).reshape(nb, block, -1).max(axis=(1, 2))
    top = float(block_peaks.max())
    if top <= 0:
        return -math.inf
    peak, pad = top, 64
    for i in np.flatnonzero(block_peaks >= top * 10 ** (-3 / 20)):
        seg = a[max(0, i * block - pad) : (i + 1) * block + pad]  # overlap: no edge effects
        peak = max(peak, float(np.max(np.abs(resample_poly(seg, 4, 1, axis=0)))))
    return 20.0 * math.log10(peak)


def sample_peak_db(x: np.ndarray) -> float:
    a = np.abs(np.asarray(x))
    m = float(a.max()) if a.size else 0.0
    return 20.0 * math.log10(m) if m > 0 else -math.inf


def speech_band_db(x: np.ndarray, rate: int) -> float:
    """Mean power of ``x`` (all channels) within :data:`SPEECH_BAND`, in dB; ``-inf`` for silence.

    From the spectrum (Parseval): exactly the power between the band edges.
    """
    from scipy.fft import next_fast_len, rfft

    a = _as_float(x)
    if len(a) == 0:
        return -math.inf
    a = a.reshape(len(a), -1)
    n = next_fast_len(len(a), real=True)  # zero-padded: an awkward length would be slow
    spec = rfft(a, n, axis=0)
    f = np.fft.rfftfreq(n, 1.0 / rate)
    sel = (f >= SPEECH_BAND[0]) & (f <= SPEECH_BAND[1])
    p = 2.0 * float(np.sum(np.abs(spec[sel]) ** 2)) / (n * len(a) * a.shape[1])
    return 10.0 * math.log10(p) if p > 0 else -math.inf


def power_db(x: np.ndarray) -> float:
    """Mean power (all channels) in dB relative to full scale; ``-inf`` for silence."""
    a = np.asarray(x, dtype=np.float64)
    p = float(np.mean(a * a)) if a.size else 0.0
    return 10.0 * math.log10(p) if p > 0 else -math.inf
