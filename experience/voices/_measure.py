"""Measuring speech: pitch, how much of it is voiced, and where its energy lies.

What a listener would check by ear, as numbers: used by the tests (speech-like,
distinct per speaker) and by ``bench/bench_voices.py`` for the casting notes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SpeechFigures:
    """Figures of one utterance.

    Attributes:
        seconds: length.
        f0_median: median pitch of voiced frames, Hz (0 when nothing is voiced).
        f0_iqr: spread of the pitch (75th minus 25th percentile), Hz: low is monotonous.
        voiced: fraction of 10 ms frames with a clear pitch.
        speech_band: fraction of the energy between 100 and 4000 Hz.
        rms_dbfs: level of the non-silent frames.
    """

    seconds: float
    f0_median: float
    f0_iqr: float
    voiced: float
    speech_band: float
    rms_dbfs: float


def pitch_track(x: np.ndarray, sr: int, fmin: float = 70.0, fmax: float = 500.0) -> np.ndarray:
    """Per 10 ms frame: the pitch in Hz, or 0 where unvoiced (YIN's cumulative-mean difference, threshold 0.15)."""
    x = np.asarray(x, dtype=np.float64)
    win, hop = int(0.04 * sr), int(0.01 * sr)
    if len(x) < win:
        return np.zeros(0)
    n = 1 + (len(x) - win) // hop
    frames = x[np.arange(win)[None, :] + hop * np.arange(n)[:, None]]
    energy = np.sqrt(np.mean(frames**2, axis=1))
    lag_min, lag_max = int(sr / fmax), min(int(sr / fmin), win - 1)
    spec = np.fft.rfft(frames, 2 * win, axis=1)
    acf = np.fft.irfft(spec * np.conj(spec), axis=1)[:, : lag_max + 1]
    sq = np.cumsum(frames**2, axis=1)
    tot = sq[:, -1:]
    lags = np.arange(lag_max + 1)
    # d(tau) = sum over t < win - tau of (x[t] - x[t + tau])^2 = head(tau) + tail(tau) - 2 acf(tau)
    head = sq[:, win - 1 - lags]
    tail = tot - np.concatenate([np.zeros((n, 1)), sq[:, :lag_max]], axis=1)
    d = head + tail - 2 * acf
    d[:, 0] = 0
    cm = np.cumsum(d[:, 1:], axis=1) / lags[1:]
    nd = np.ones_like(d)
    nd[:, 1:] = d[:, 1:] / np.maximum(cm, 1e-12)
    out = np.zeros(n)
    loud = energy > max(1e-4, 0.05 * float(np.max(energy)) if n else 0)
    for i in np.nonzero(loud)[0]:
        row = nd[i, lag_min:]
        below = np.nonzero(row < 0.15)[0]
        if len(below) == 0:
            continue
        j = below[0]
        while j + 1 < len(row) and row[j + 1] < row[j]:
            j += 1
        tau = j + lag_min
        if 1 <= tau < lag_max:  # parabolic refinement
            a, b, c = nd[i, tau - 1], nd[i, tau], nd[i, tau + 1]
            den = a - 2 * b + c
            tau = tau + (0.5 * (a - c) / den if den else 0.0)
        out[i] = sr / tau
    return out


def figures(x: np.ndarray, sr: int) -> SpeechFigures:
    """:class:`SpeechFigures` of mono samples ``x`` at ``sr``."""
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    f0 = pitch_track(x, sr)
    voiced = f0[f0 > 0]
    spec = np.abs(np.fft.rfft(x)) ** 2
    f = np.fft.rfftfreq(len(x), 1.0 / sr)
    total = float(spec[f > 20].sum()) or 1.0
    band = float(spec[(f >= 100) & (f <= 4000)].sum()) / total
    frame = int(0.01 * sr)
    m = len(x) // frame
    rms = np.sqrt(np.mean(x[: m * frame].reshape(m, frame) ** 2, axis=1)) if m else np.zeros(1)
    active = rms[rms > 0.01 * (float(rms.max()) if m else 0)]
    level = 20 * np.log10(float(np.sqrt(np.mean(active**2))) + 1e-12) if len(active) else -120.0
    q25, q50, q75 = np.percentile(voiced, [25, 50, 75]) if len(voiced) else (0.0, 0.0, 0.0)
    return SpeechFigures(len(x) / sr, float(q50), float(q75 - q25), len(voiced) / max(1, len(f0)), band, float(level))
