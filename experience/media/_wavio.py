"""Reading and writing audio files as numpy arrays.

WAV (16-bit, 24/32-bit PCM, float, WAVE_FORMAT_EXTENSIBLE as OpenAL Soft's
wave backend writes it) is read here; Opus, Ogg Vorbis and FLAC through
libsndfile (soundfile), as ``narrate`` measured them when it levelled them;
anything else (MP3, ...) through Panda3D's bundled FFmpeg. Other rates are
brought to the mix rate with a band-limited polyphase resampler (as OpenAL
Soft does): linear interpolation would dull the top octave of speech.
"""

from __future__ import annotations

import struct
import wave
from pathlib import Path

import numpy as np

from ._dsp import SR

__all__ = ["parse_wav", "read_audio", "read_wav", "write_wav"]


def write_wav(path: Path, x: np.ndarray, sr: int = SR) -> None:
    """Write float samples (n,) or (n, channels) in -1..1 as 16-bit PCM WAV, atomically."""
    data = np.asarray(x)
    if data.ndim == 1:
        data = data[:, None]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(data.shape[1])
        w.setsampwidth(2)
        w.setframerate(sr)
        step = 1 << 20
        for i in range(0, len(data), step):  # in blocks: long renders stay small in memory
            pcm = (np.clip(data[i : i + step], -1.0, 1.0) * 32767.0).round().astype("<i2")
            w.writeframes(pcm.tobytes())
    tmp.replace(path)


def read_wav(path: Path, *, partial: bool = False) -> tuple[np.ndarray, int]:
    """Read a WAV file as float32 of shape (frames, channels) and its rate.

    Args:
        partial: accept a file still being written (data size 0 or short).
    """
    return parse_wav(Path(path).read_bytes(), str(path), partial=partial)


def parse_wav(raw: bytes, path: str = "<bytes>", *, partial: bool = False) -> tuple[np.ndarray, int]:
    """Parse WAV bytes; see :func:`read_wav`."""
    if raw[:4] != b"RIFF" or raw[8:12] != b"WAVE":
        raise ValueError(f"{path}: not a WAV file")
    pos, fmt, data = 12, None, None
    while pos + 8 <= len(raw):
        cid, size = raw[pos : pos + 4], struct.unpack("<I", raw[pos + 4 : pos + 8])[0]
        body = pos + 8
        if cid == b"fmt ":
            fmt = struct.unpack("<HHIIHH", raw[body : body + 16])
            if fmt[0] == 0xFFFE and size >= 40:  # extensible: real tag in the sub-format GUID
                tag = struct.unpack("<H", raw[body + 24 : body + 26])[0]
                fmt = (tag, *fmt[1:])
        elif cid == b"data":
            end = len(raw) if (partial or size == 0) else min(len(raw), body + size)
            data = raw[body:end]
            break
        pos = body + size + (size & 1)
    if fmt is None or data is None:
        raise ValueError(f"{path}: WAV file without fmt or data")
    tag, channels, rate, _, _, bits = fmt
    width = bits // 8
    usable = len(data) - len(data) % (width * channels)
    data = data[:usable]
    if tag == 3 and bits == 32:
        x = np.frombuffer(data, "<f4").astype(np.float32)
    elif tag == 1 and bits == 16:
        x = np.frombuffer(data, "<i2").astype(np.float32) / 32768.0
    elif tag == 1 and bits == 32:
        x = (np.frombuffer(data, "<i4").astype(np.float64) / 2**31).astype(np.float32)
    elif tag == 1 and bits == 24:
        b = np.frombuffer(data, np.uint8).reshape(-1, 3).astype(np.int32)
        v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        v = np.where(v & 0x800000, v - 0x1000000, v)
        x = (v / 2**23).astype(np.float32)
    elif tag == 1 and bits == 8:
        x = (np.frombuffer(data, np.uint8).astype(np.float32) - 128.0) / 128.0
    else:
        raise ValueError(f"{path}: unsupported WAV encoding (format {tag}, {bits} bits)")
    return x.reshape(-1, channels), rate


def _read_movie(path: Path) -> tuple[np.ndarray, int]:
    from panda3d.core import Datagram, Filename, MovieAudio

    cursor = MovieAudio.get(Filename.from_os_specific(str(path))).open()
    if cursor is None:
        raise ValueError(f"{path}: cannot decode this audio file")
    channels, rate = cursor.audio_channels(), cursor.audio_rate()
    frames = round(cursor.length() * rate)  # reading past the end pads with silence
    dg = Datagram()
    cursor.read_samples(frames, dg)  # int16, interleaved
    x = np.frombuffer(bytes(dg.get_message()), "<i2").astype(np.float32) / 32768.0
    usable = len(x) - len(x) % channels
    return x[:usable].reshape(-1, channels), rate


def read_audio(path: Path, *, mono: bool = False, rate: int = SR) -> np.ndarray:
    """Decode any supported audio file to float32 at ``rate``.

    Returns:
        shape (frames,) when ``mono`` else (frames, channels).
    """
    p = Path(path)
    x, sr = None, 0
    if p.suffix.lower() == ".wav":
        try:
            x, sr = read_wav(p)
        except ValueError:
            pass
    elif p.suffix.lower() in SNDFILE_EXTS:
        x, sr = _read_sndfile(p)
    if x is None:
        x, sr = _read_movie(p)
    if mono:
        return _resample(x.mean(axis=1), sr, rate).astype(np.float32)
    return _resample(x, sr, rate).astype(np.float32)


SNDFILE_EXTS = (".opus", ".ogg", ".oga", ".flac")


def _read_sndfile(path: Path) -> tuple[np.ndarray | None, int]:
    try:
        import soundfile

        x, sr = soundfile.read(str(path), dtype="float32", always_2d=True)
    except Exception:  # not a file libsndfile reads: FFmpeg may
        return None, 0
    return x, int(sr)


def _resample(x: np.ndarray, src: int, dst: int) -> np.ndarray:
    """Band-limited resampling along the first axis (polyphase, scipy)."""
    import math

    from scipy.signal import resample_poly

    if src == dst or len(x) == 0:
        return x
    g = math.gcd(int(src), int(dst))
    return resample_poly(x, dst // g, src // g, axis=0)
