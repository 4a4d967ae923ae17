"""The narration level: one step every line's audio passes through before it is played.

Every synthesiser's output (espeak-ng, or any other backend of ``narrate``) and
every recording is brought to one loudness with headroom, so speakers sit at
the same level whoever made them and the mix (experience/audio) starts from a
known place: a centred narrator at :data:`NARRATION_LUFS` plays at about
-18 LUFS on headphones (both ears), the experience's target.

Backends call :func:`write_narration` (or :func:`normalise_narration` when they
write the file themselves); recordings get a levelled copy in the narration
cache (:func:`levelled_path`), made by ``narrate`` and used by the player when
it exists.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..content import ContentRoot

NARRATION_LUFS = -21.0
"""Integrated loudness (BS.1770, mono) of every narration file."""
NARRATION_CEILING_DBTP = -4.5
"""True peak never above this: headroom for the mix (a voice at one side is about 3 dB
louder in the near ear, and the master adds 3 dB: it still peaks under -1 dBTP)."""
LOOKAHEAD_S = 0.005
"""The peak limiter looks this far ahead and behind: its gain changes over 10 ms."""
LEVEL_VERSION = 2
"""Bump when the level or the method changes: levelled recordings are then made again."""


def normalise_narration(samples: np.ndarray, rate: int, lufs: float = NARRATION_LUFS,
                        ceiling_dbtp: float = NARRATION_CEILING_DBTP) -> np.ndarray:
    """Bring one line of narration to the narration level.

    Args:
        samples: mono ``(n,)`` (or ``(n, channels)``, mixed down) float samples in -1..1.
        rate: their sample rate in Hz (any; the output keeps it).
        lufs, ceiling_dbtp: the loudness and true-peak ceiling aimed at (the narration
            level unless a lossy codec's shift is being allowed for, see :func:`level_for_codec`).

    Returns:
        float32 mono samples, same rate and length. One gain brings the line to
        :data:`NARRATION_LUFS`; a look-ahead peak limiter then takes down only
        the few peaks above :data:`NARRATION_CEILING_DBTP` (its gain moves over
        10 ms around each, so speech keeps its dynamics). Guarantees:
        integrated loudness (BS.1770) is :data:`NARRATION_LUFS` ±0.2 LU, and the
        true peak (4x oversampled) is at most the ceiling. Silence comes back as
        silence. Deterministic, and idempotent to within 0.2 LU.
    """
    from ..media import integrated_lufs, true_peak_dbtp

    x = np.asarray(samples, dtype=np.float64)
    if x.ndim == 2:
        x = x.mean(axis=1)
    x = np.nan_to_num(x)
    loud = integrated_lufs(x, rate)
    if not math.isfinite(loud):
        return x.astype(np.float32)
    ceiling = 10.0 ** ((ceiling_dbtp - 0.05) / 20.0)
    y = x * 10.0 ** ((lufs - loud) / 20.0)
    for _ in range(3):  # limiting lowers the loudness a little: level again, limit again
        y = _limit(y, rate, ceiling)
        y = y * 10.0 ** ((lufs - integrated_lufs(y, rate)) / 20.0)
    y = _limit(y, rate, ceiling)
    peak = true_peak_dbtp(y, rate)
    if peak > ceiling_dbtp:  # interpolation between limited samples: never over the ceiling
        y = y * 10.0 ** ((ceiling_dbtp - 0.01 - peak) / 20.0)
    return y.astype(np.float32)


CODEC_TOLERANCE_LU = 0.2
"""How far a lossy file's decoded loudness may sit from the narration level."""
CODEC_PASSES = 8
"""Level-encode-measure passes before the peak alone is brought under the ceiling (Opus's
overshoot moves from pass to pass: most lines settle in one or two, a few take five)."""


def level_for_codec(samples: np.ndarray, rate: int,
                    roundtrip: Callable[[np.ndarray], np.ndarray]) -> tuple[np.ndarray, float, float]:
    """Samples that, once encoded and decoded by ``roundtrip``, sit at the narration level.

    A lossy codec moves the level: Opus at speech bitrates narrows the band (the
    K-weighted loudness drops about 0.5 LU) and its ringing lifts true peaks by
    up to 1 dB. So the line is levelled, passed through the codec, measured as a
    listener's player will decode it, and levelled again aiming off by what the
    codec moved (at most :data:`CODEC_PASSES` passes; then, if its peaks still
    overshoot, the line is turned down just under the ceiling, a little under the level).

    Args:
        roundtrip: encodes mono float samples at ``rate`` and returns them decoded.

    Returns:
        ``(samples to encode, decoded loudness in LUFS, decoded true peak in dBTP)``:
        decoded, they are at :data:`NARRATION_LUFS` ±:data:`CODEC_TOLERANCE_LU` with
        the true peak at most :data:`NARRATION_CEILING_DBTP`.
    """
    from ..media import integrated_lufs, true_peak_dbtp

    aim, ceiling = NARRATION_LUFS, NARRATION_CEILING_DBTP
    y = normalise_narration(samples, rate)
    loud = peak = -math.inf
    for attempt in range(CODEC_PASSES + 2):
        z = roundtrip(y)
        loud, peak = integrated_lufs(z, rate), true_peak_dbtp(z, rate)
        if not math.isfinite(loud) or attempt == CODEC_PASSES + 1:
            break
        if abs(loud - NARRATION_LUFS) <= CODEC_TOLERANCE_LU and peak <= NARRATION_CEILING_DBTP:
            break
        if attempt >= CODEC_PASSES:  # the codec's peaks would not settle: headroom first, a little quieter
            y = y * 10.0 ** ((NARRATION_CEILING_DBTP - 0.05 - peak) / 20.0)
            continue
        aim += NARRATION_LUFS - loud
        if peak > NARRATION_CEILING_DBTP:
            ceiling -= peak - NARRATION_CEILING_DBTP + 0.05
        y = normalise_narration(samples, rate, aim, ceiling)
    return y, loud, peak


def _limit(x: np.ndarray, rate: int, ceiling: float) -> np.ndarray:
    """A look-ahead peak limiter: no sample's true peak (4x oversampled) above ``ceiling``.

    The gain each sample needs is the smallest needed within :data:`LOOKAHEAD_S`
    either side, averaged over the same window: it reaches the needed value at
    each peak and ramps smoothly around it.
    """
    from scipy.ndimage import minimum_filter1d, uniform_filter1d
    from scipy.signal import resample_poly

    if len(x) < 8:
        return x
    up = np.abs(resample_poly(x, 4, 1))[: 4 * len(x)]
    peak = up.reshape(-1, 4).max(axis=1)
    need = np.minimum(1.0, ceiling / np.maximum(peak, 1e-12))
    if need.min() >= 1.0:
        return x
    size = 2 * max(1, int(LOOKAHEAD_S * rate)) + 1
    gain = uniform_filter1d(minimum_filter1d(need, size, mode="nearest"), size, mode="nearest")
    return x * gain


def write_narration(path: Path, samples: np.ndarray, rate: int) -> None:
    """Normalise ``samples`` (see :func:`normalise_narration`) and write them as a 16-bit
    mono WAV at ``rate``, atomically (a half-written file never has the final name)."""
    from ..media import write_wav

    write_wav(Path(path), normalise_narration(samples, rate), rate)


def level_file(src: Path, dst: Path) -> None:
    """Write the levelled copy of a recording (or of a synthesiser's raw WAV) to ``dst``."""
    from ..media import read_audio, read_wav

    if Path(src).suffix.lower() == ".wav":
        x, rate = read_wav(Path(src))
    else:  # FLAC, Opus, Ogg Vorbis
        rate = 48000
        x = read_audio(Path(src), mono=True, rate=rate)
    write_narration(dst, x, rate)


def levelled_path(content: ContentRoot, recording: Path) -> Path:
    """Where the levelled copy of ``recording`` lives in the narration cache (it may not exist yet).

    Keyed by the file's path, size and modification time: re-recording a line levels it again.
    """
    p = Path(recording)
    try:
        st = p.stat()
        stamp = f"{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        stamp = "missing"
    raw = f"{LEVEL_VERSION}\x1f{p.resolve()}\x1f{stamp}"
    key = hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]
    return Path(content.cache) / "narration" / "levelled" / f"{p.stem}-{key}.wav"
