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
from pathlib import Path
from typing import Any

import numpy as np

NARRATION_LUFS = -21.0
"""Integrated loudness (BS.1770, mono) of every narration file."""
NARRATION_CEILING_DBTP = -3.0
"""True peak never above this: headroom for the mix."""
LEVEL_VERSION = 1
"""Bump when the level or the method changes: levelled recordings are then made again."""


def normalise_narration(samples: np.ndarray, rate: int) -> np.ndarray:
    """Bring one line of narration to the narration level.

    Args:
        samples: mono ``(n,)`` (or ``(n, channels)``, mixed down) float samples in -1..1.
        rate: their sample rate in Hz (any; the output keeps it).

    Returns:
        float32 mono samples, same rate and length, scaled by one gain (no
        compression, no limiting: the voice keeps its dynamics). Guarantees:
        integrated loudness is :data:`NARRATION_LUFS` ±0.1 LU, unless reaching
        it would put the true peak (4x oversampled) above
        :data:`NARRATION_CEILING_DBTP`; then the gain stops there and the line
        is quieter instead. The true peak is never above the ceiling. Silence
        comes back as silence. Deterministic, and idempotent to within 0.1 LU.
    """
    from ..audio._loudness import integrated_lufs, true_peak_dbtp

    x = np.asarray(samples, dtype=np.float64)
    if x.ndim == 2:
        x = x.mean(axis=1)
    x = np.nan_to_num(x)
    loud = integrated_lufs(x, rate)
    if not math.isfinite(loud):
        return x.astype(np.float32)
    gain_db = NARRATION_LUFS - loud
    peak = true_peak_dbtp(x, rate)
    if math.isfinite(peak):
        gain_db = min(gain_db, NARRATION_CEILING_DBTP - 0.05 - peak)
    return (x * 10.0 ** (gain_db / 20.0)).astype(np.float32)


def write_narration(path: Path, samples: np.ndarray, rate: int) -> None:
    """Normalise ``samples`` (see :func:`normalise_narration`) and write them as a 16-bit
    mono WAV at ``rate``, atomically (a half-written file never has the final name)."""
    from ..audio._wavio import write_wav

    write_wav(Path(path), normalise_narration(samples, rate), rate)


def level_file(src: Path, dst: Path) -> None:
    """Write the levelled copy of a recording (or of a synthesiser's raw WAV) to ``dst``."""
    from ..audio._wavio import read_audio, read_wav

    if Path(src).suffix.lower() == ".wav":
        x, rate = read_wav(Path(src))
    else:  # FLAC, Opus, Ogg Vorbis
        rate = 48000
        x = read_audio(Path(src), mono=True, rate=rate)
    write_narration(dst, x, rate)


def levelled_path(content: Any, recording: Path) -> Path:
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
