"""The narration level: every synthesised line and every recording at one loudness, with headroom."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from experience.audio import read_wav, write_wav
from experience.media import integrated_lufs, true_peak_dbtp
from experience.narrative._level import (
    NARRATION_CEILING_DBTP,
    NARRATION_LUFS,
    level_file,
    normalise_narration,
    write_narration,
)

RATE = 22050


def _speechlike(seconds: float, level: float, seed: int = 0) -> np.ndarray:
    """Harmonics of a wandering 120-220 Hz pitch, in syllables: loud, like espeak-ng at 0 dBFS."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    f0 = 170 + 50 * np.sin(2 * np.pi * 0.7 * t)
    phase = 2 * np.pi * np.cumsum(f0) / RATE
    x = sum(np.sin(k * phase) / k for k in range(1, 12))
    syllables = np.clip(np.sin(2 * np.pi * 4.0 * t + rng.uniform(0, 6)), 0, None) ** 0.5
    x = x * syllables
    return level * x / np.max(np.abs(x))


def test_speech_comes_out_at_the_narration_level_with_headroom() -> None:
    for level, seconds in ((1.0, 3.0), (0.05, 1.2), (0.6, 0.3)):  # loud, quiet, shorter than a gating block
        y = normalise_narration(_speechlike(seconds, level), RATE)
        assert y.dtype == np.float32 and len(y) == int(seconds * RATE)
        assert integrated_lufs(y, RATE) == pytest.approx(NARRATION_LUFS, abs=0.2)
        assert true_peak_dbtp(y, RATE) <= NARRATION_CEILING_DBTP


def test_a_peak_is_limited_and_the_rest_of_the_line_is_untouched() -> None:
    x = _speechlike(2.0, 0.02)
    x[RATE : RATE + 40] = 0.9  # one click far above the speech
    y = normalise_narration(x, RATE)
    assert true_peak_dbtp(y, RATE) <= NARRATION_CEILING_DBTP + 1e-6
    assert integrated_lufs(y, RATE) == pytest.approx(NARRATION_LUFS, abs=0.2)
    # Away from the click the line has one plain gain: the limiter only acted there.
    ratio = y[: RATE // 2] / np.where(np.abs(x[: RATE // 2]) > 1e-4, x[: RATE // 2], np.nan)
    assert np.nanstd(ratio) < 1e-4 * np.nanmean(ratio)


def test_silence_stereo_and_idempotence() -> None:
    assert not np.any(normalise_narration(np.zeros(RATE), RATE))
    stereo = np.stack([_speechlike(2.0, 0.5), _speechlike(2.0, 0.5)], axis=1)
    once = normalise_narration(stereo, RATE)
    assert once.ndim == 1 and len(once) == len(stereo)
    twice = normalise_narration(once, RATE)
    assert integrated_lufs(twice, RATE) == pytest.approx(integrated_lufs(once, RATE), abs=0.2)
    assert math.isinf(integrated_lufs(np.zeros(10), RATE))


def test_write_and_level_file_keep_the_rate(tmp_path: Path) -> None:
    raw = tmp_path / "raw.wav"
    write_wav(raw, _speechlike(1.5, 0.99), RATE)
    level_file(raw, tmp_path / "levelled.wav")
    write_narration(tmp_path / "direct.wav", _speechlike(1.5, 0.99), RATE)
    for name in ("levelled.wav", "direct.wav"):
        y, rate = read_wav(tmp_path / name)
        assert rate == RATE and y.shape == (int(1.5 * RATE), 1)
        assert integrated_lufs(y[:, 0], rate) == pytest.approx(NARRATION_LUFS, abs=0.2)  # 16-bit rounding


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_espeak_narration_is_levelled(tmp_path: Path) -> None:
    from experience.narrative._model import Speaker
    from experience.narrative._narrate import Job, render

    out = tmp_path / "line.wav"
    job = Job("l1", "Hello there. I'm Leah, and I get panic attacks.", Speaker("Leah", "en+f4", 66, 158), "en", out)
    assert render(job) == ""
    y, rate = read_wav(out)
    assert integrated_lufs(y[:, 0], rate) == pytest.approx(NARRATION_LUFS, abs=0.3)
    assert true_peak_dbtp(y[:, 0], rate) <= NARRATION_CEILING_DBTP + 0.1


def test_a_lossy_file_decodes_at_the_narration_level() -> None:
    # Opus at speech bitrates drops the K-weighted loudness and lifts true peaks: levelled
    # before encoding alone, the decoded file misses the level; levelled through the codec, it is on it.
    from scipy.signal import butter, sosfilt

    from experience.narrative._level import CODEC_TOLERANCE_LU, level_for_codec
    from experience.narrative._narrate import opus_roundtrip

    rate = 24000
    t = np.arange(int(4.0 * rate)) / rate
    f0 = 200 + 60 * np.sin(2 * np.pi * 0.5 * t)
    phase = 2 * np.pi * np.cumsum(f0) / rate
    x = sum(np.sin(k * phase) / k for k in range(1, 24)) * np.sin(2 * np.pi * 1.5 * t) ** 2  # voiced syllables
    band = butter(4, [6000, 11000], "bandpass", fs=rate, output="sos")
    x = x + 3 * sosfilt(band, np.random.default_rng(1).standard_normal(len(t))) * np.cos(2 * np.pi * 1.5 * t) ** 8
    x = 0.9 * x / np.max(np.abs(x))  # and a fricative between them: most of it above what Opus keeps
    plain = opus_roundtrip(normalise_narration(x, rate), rate)
    y, loud, peak = level_for_codec(x, rate, lambda v: opus_roundtrip(v, rate))
    decoded = opus_roundtrip(y, rate)
    assert abs(integrated_lufs(decoded, rate) - NARRATION_LUFS) <= CODEC_TOLERANCE_LU
    assert true_peak_dbtp(decoded, rate) <= NARRATION_CEILING_DBTP
    assert loud == pytest.approx(integrated_lufs(decoded, rate), abs=0.01)
    assert peak == pytest.approx(true_peak_dbtp(decoded, rate), abs=0.01)
    missed = abs(integrated_lufs(plain, rate) - NARRATION_LUFS) > CODEC_TOLERANCE_LU
    assert missed or true_peak_dbtp(plain, rate) > NARRATION_CEILING_DBTP  # the codec did move it
