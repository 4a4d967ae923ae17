"""Whispers: speech made breathy by keeping its spectral envelope and replacing
the voiced excitation with noise (random STFT phase), for ``style: whisper``
lines; and quick espeak-ng renderings for the offline render's fallback."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

import numpy as np

from ._dsp import band, filter_fft

log = logging.getLogger(__name__)

_FRAME = 1024
_HOP = 256


_TMP: list[Path] = []


def espeak_wav(text: str, voice: str = "en", rate: int = 160, pitch: int = 50) -> Path | None:
    """Speak ``text`` with espeak-ng into a temporary WAV file (None without espeak-ng)."""
    exe = shutil.which("espeak-ng") or shutil.which("espeak")
    if exe is None:
        return None
    if not _TMP:
        _TMP.append(Path(tempfile.mkdtemp(prefix="empathy-vr-speak-")))
    out = _TMP[0] / f"{zlib.crc32(f'{voice}|{rate}|{pitch}|{text}'.encode()):08x}.wav"
    if not out.is_file():
        try:
            subprocess.run([exe, "-v", voice, "-s", str(rate), "-p", str(pitch), "-w", str(out), text],
                           capture_output=True, timeout=30, check=True)
        except (OSError, subprocess.SubprocessError):
            return None
    return out


def breathy(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Noise-excite speech: each frame keeps its spectral envelope (the magnitude
    smoothed over about 350 Hz, which removes the voicing harmonics) with random
    phase, overlap-added."""
    if len(x) < _FRAME:
        return x
    n0 = len(x)
    x = np.concatenate([np.zeros(_FRAME), x, np.zeros(_FRAME)])
    win = np.hanning(_FRAME)
    frames = 1 + (len(x) - _FRAME) // _HOP
    out = np.zeros(len(x) + _FRAME)
    norm = np.zeros(len(x) + _FRAME)
    idx = np.arange(_FRAME)[None, :] + _HOP * np.arange(frames)[:, None]
    spec = np.fft.rfft(x[idx] * win, axis=1)
    phase = np.exp(2j * np.pi * rng.random(spec.shape))
    mag = np.abs(spec)
    k = 9  # bins of 43 Hz: wider than the harmonic spacing of most voices
    c = np.cumsum(np.pad(mag, ((0, 0), (k // 2 + 1, k // 2)), mode="edge"), axis=1)
    envelope = (c[:, k:] - c[:, :-k]) / k
    y = np.fft.irfft(envelope * phase, _FRAME, axis=1) * win
    np.add.at(out, idx, y)
    np.add.at(norm, idx, np.broadcast_to(win * win, idx.shape))
    out = out[: len(x)] / np.maximum(norm[: len(x)], 0.1)
    return filter_fft(out[_FRAME : _FRAME + n0], band(500, 9000))


def whispered(samples: np.ndarray, seed: int = 0) -> np.ndarray:
    """A breathy version of speech samples at the same loudness (style ``whisper`` lines)."""
    x = np.asarray(samples, dtype=np.float64)
    y = breathy(x, np.random.default_rng(seed))
    rx, ry = float(np.sqrt(np.mean(x * x))) if len(x) else 0.0, float(np.sqrt(np.mean(y * y))) if len(y) else 0.0
    return (y * (rx / ry) if ry > 0 else y).astype(np.float32)


def whispered_file(src: Path, cache: Path) -> Path:
    """A cached breathy copy of a recording (worker: decodes and writes a file)."""
    from ._wavio import read_audio, write_wav

    st = src.stat()
    key = zlib.crc32(f"{src.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode())
    dst = cache / "whispers" / f"{src.stem}-{key:08x}.wav"
    if not dst.is_file():
        write_wav(dst, np.clip(whispered(read_audio(src, mono=True), key), -1.0, 1.0))
    return dst
