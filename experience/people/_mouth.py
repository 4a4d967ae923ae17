"""Mouth tracks: how open (and how rounded) a mouth is over a line, from its audio.

A track is computed once per audio file, on the worker, from whatever samples
the audio reader decodes (WAV, OGG, FLAC, MP3: recorded voices and synthesised
ones alike), and stored beside the audio as ``<file>.mouth`` so later runs just
read it. When the audio folder cannot be written (a read-only content pack) the
track goes to the content cache instead. Lines without audio get a track from
their text (syllables at a speaking pace), so captions-only runs still show
who is talking.

Sidecar format (little endian): ``b"EVMOUTH1"``, u16 frames per second,
u32 frame count, u64 source size, f64 source mtime, then ``count`` u8 openness
values and ``count`` u8 roundness values (0..255).
"""

from __future__ import annotations

import hashlib
import logging
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

RATE = 60
"""Track frames per second."""
MAGIC = b"EVMOUTH1"
_HEAD = struct.Struct("<8sHIQd")
SUFFIX = ".mouth"


@dataclass(frozen=True)
class MouthTrack:
    """Openness 0..1 and roundness 0..1 per frame at ``rate`` frames per second."""

    rate: int
    open: np.ndarray
    round: np.ndarray

    @property
    def duration(self) -> float:
        return len(self.open) / self.rate

    def at(self, t: float) -> tuple[float, float]:
        """Openness and roundness ``t`` seconds into the line (linear between frames)."""
        n = len(self.open)
        if n == 0 or t < 0.0:
            return 0.0, 0.0
        x = t * self.rate
        i = int(x)
        if i >= n - 1:
            return (float(self.open[-1]), float(self.round[-1])) if i == n - 1 else (0.0, 0.0)
        f = x - i
        o, r = self.open, self.round
        return float(o[i] + (o[i + 1] - o[i]) * f), float(r[i] + (r[i + 1] - r[i]) * f)


def envelope(samples: np.ndarray, sr: int, rate: int = RATE) -> MouthTrack:
    """A mouth track from mono samples: loudness per frame, normalised, with a roundness cue.

    Openness follows the RMS level in dB over a 40 ms window (32 dB under the
    line's loud parts and quieter is closed). Roundness is high when the energy
    sits low in the spectrum (oo, oh), low for bright sounds (ee, s).
    """
    x = np.asarray(samples, np.float32).reshape(-1)
    hop = max(1, round(sr / rate))
    win = max(hop, int(sr * 0.04))
    n = max(1, int(np.ceil(len(x) / hop)))
    pad = np.zeros(n * hop + win, np.float32)
    pad[win // 2: win // 2 + len(x)] = x
    frames = np.lib.stride_tricks.sliding_window_view(pad, win)[::hop][:n]
    rms = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1) + 1e-12)
    db = 20 * np.log10(rms)
    loud = float(np.percentile(db, 95)) if len(db) else -20.0
    openness = np.clip((db - (loud - 32.0)) / 29.0, 0.0, 1.0) ** 1.7
    spec = np.abs(np.fft.rfft(frames * np.hanning(win).astype(np.float32), axis=1))
    freqs = np.fft.rfftfreq(win, 1.0 / sr)
    low = spec[:, (freqs > 150) & (freqs < 900)].sum(axis=1)
    high = spec[:, (freqs >= 900) & (freqs < 5000)].sum(axis=1)
    rounded = np.clip((low / (low + high + 1e-9) - 0.55) / 0.35, 0.0, 1.0) * (openness > 0.05)
    return MouthTrack(rate, openness.astype(np.float32), rounded.astype(np.float32))


def text_track(text: str, seconds: float, rate: int = RATE) -> MouthTrack:
    """A plausible track for a line without audio: a syllable pulse at a speaking pace, pauses at commas."""
    n = max(1, int(seconds * rate))
    words = [w for w in text.replace("\u2014", " ").split() if w.strip()]
    if not words:
        return MouthTrack(rate, np.zeros(n, np.float32), np.zeros(n, np.float32))
    units: list[float] = []
    for w in words:
        syl = max(1, sum(1 for a, b in zip(" " + w.lower(), w.lower(), strict=False)
                         if b in "aeiouy" and a not in "aeiouy"))
        units.extend([1.0] * syl)
        if w[-1] in ",;:.?!":
            units.append(0.0 if w[-1] == "," else -1.0)
    total = sum(1.0 if u > 0 else (1.2 if u == 0 else 2.0) for u in units)
    step = seconds * 0.92 / total
    openness = np.zeros(n, np.float32)
    rounded = np.zeros(n, np.float32)
    t = 0.0
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
    rng = np.random.default_rng(seed)
    for u in units:
        span = step * (1.0 if u > 0 else (1.2 if u == 0 else 2.0))
        if u > 0:
            a, b = int(t * rate), int((t + span) * rate)
            if b > a:
                shape = np.sin(np.linspace(0, np.pi, b - a)) ** 1.5 * rng.uniform(0.55, 1.0)
                openness[a:b] = np.maximum(openness[a:b], shape[: len(openness[a:b])])
                rounded[a:b] = rng.uniform(0.0, 0.7)
        t += span
    return MouthTrack(rate, openness, rounded)


def sidecar_path(audio: Path) -> Path:
    return audio.with_name(audio.name + SUFFIX)


def _cache_path(audio: Path, cache: Path) -> Path:
    h = hashlib.sha256(str(audio.resolve()).encode()).hexdigest()[:20]
    return cache / "mouth" / f"{h}{SUFFIX}"


def write_track(path: Path, track: MouthTrack, source: Path) -> None:
    st = source.stat()
    o = np.clip(track.open * 255 + 0.5, 0, 255).astype(np.uint8)
    r = np.clip(track.round * 255 + 0.5, 0, 255).astype(np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(_HEAD.pack(MAGIC, track.rate, len(o), st.st_size, st.st_mtime) + o.tobytes() + r.tobytes())
    tmp.replace(path)


def read_track(path: Path, source: Path | None = None) -> MouthTrack | None:
    """The track in ``path``, or None when it is missing, malformed or older than ``source``."""
    try:
        raw = path.read_bytes()
        magic, rate, n, size, mtime = _HEAD.unpack_from(raw)
    except (OSError, struct.error):
        return None
    if magic != MAGIC or rate <= 0 or len(raw) != _HEAD.size + 2 * n:
        return None
    if source is not None:
        try:
            st = source.stat()
        except OSError:
            return None
        if st.st_size != size or abs(st.st_mtime - mtime) > 1e-3:
            return None
    o = np.frombuffer(raw, np.uint8, n, _HEAD.size).astype(np.float32) / 255.0
    r = np.frombuffer(raw, np.uint8, n, _HEAD.size + n).astype(np.float32) / 255.0
    return MouthTrack(int(rate), o, r)


def mouth_track(audio: str | Path, cache: Path | None = None) -> MouthTrack:
    """The mouth track of an audio file: read its sidecar, or compute and store it (worker only)."""
    src = Path(audio)
    for p in (sidecar_path(src), *(() if cache is None else (_cache_path(src, cache),))):
        got = read_track(p, src)
        if got is not None:
            return got
    from ..media import read_audio

    sr = 16000
    track = envelope(read_audio(src, mono=True, rate=sr), sr)
    for p in (sidecar_path(src), *(() if cache is None else (_cache_path(src, cache),))):
        try:
            write_track(p, track, src)
            break
        except OSError as exc:
            log.debug("mouth track: cannot write %s (%s)", p, exc)
    return track
