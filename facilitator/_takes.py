"""Takes from the recording booth: trimmed, levelled and kept in the drop-in layout.

A take arrives as the page recorded it (16-bit PCM WAV, the microphone's rate),
is trimmed of silence at both ends, brought to the narration level (the same
step every line passes, :func:`experience.narrative._level.normalise_narration`:
BS.1770 loudness with true-peak headroom) and held as the line's pending take.
Keeping it writes ``audio/narration/<experience>/<locale>/<line id>.flac``
(lossless: these are people's own voices) and notes it in the folder's manifest
under ``takes`` with a hash of the text it was recorded for. FLAC comes before
the rendered ``.opus`` in the drop-in order, so the next run plays the take;
the synthetic file stays beside it for lines that have none.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from experience.content import ContentRoot
from experience.media import integrated_lufs, parse_wav, true_peak_dbtp, write_wav
from experience.narrative import line_folder, normalise_narration, text_key, update_takes
from experience.requests import Reason

TAKE_EXT = ".flac"
MAX_SECONDS = 120.0
PAD_S = 0.12
"""Silence kept before the first and after the last sound of a take."""


class TakeError(ValueError):
    """The upload is not a usable take (the message says why, for the page)."""


@dataclass(frozen=True)
class Take:
    """A processed take: samples at ``rate`` and what was measured."""

    samples: np.ndarray
    rate: int
    seconds: float
    lufs: float
    peak_dbtp: float
    trimmed_s: float


def trim_silence(x: np.ndarray, rate: int, pad: float = PAD_S) -> np.ndarray:
    """Cut the silence at both ends: below a threshold set from the take's own noise floor and peak."""
    frame = max(1, int(0.01 * rate))
    n = len(x) // frame
    if n < 3:
        return x
    rms = np.sqrt(np.mean(x[: n * frame].reshape(n, frame) ** 2, axis=1)) + 1e-9
    floor = float(np.percentile(rms, 10))
    threshold = max(floor * 4.0, float(rms.max()) * 10 ** (-40 / 20))
    loud = np.nonzero(rms > threshold)[0]
    if len(loud) == 0:
        return x[:0]
    k = int(pad * rate)
    return x[max(0, loud[0] * frame - k): min(len(x), (loud[-1] + 1) * frame + k)]


def process(raw: bytes) -> Take:
    """Decode, trim and level an uploaded WAV.

    Raises:
        TakeError: not a WAV, too long, or silent.
    """
    try:
        x, rate = parse_wav(raw, "the take")
    except ValueError as exc:
        raise TakeError(Reason("take_not_wav", f"not a WAV recording ({exc})", detail=str(exc))) from None
    if rate < 8000 or rate > 192000:
        raise TakeError(Reason("take_rate", f"unusual sample rate {rate} Hz", rate=rate))
    mono = x.mean(axis=1) if x.ndim == 2 else x
    if len(mono) > MAX_SECONDS * rate:
        raise TakeError(Reason("take_too_long", f"a take is at most {MAX_SECONDS:.0f} s", max=int(MAX_SECONDS)))
    cut = trim_silence(mono.astype(np.float64), rate)
    if len(cut) < 0.2 * rate or not math.isfinite(integrated_lufs(cut, rate)):
        raise TakeError(Reason("take_silent", "the take is silent: check the microphone and its level"))
    y = normalise_narration(cut, rate)
    return Take(y, rate, len(y) / rate, integrated_lufs(y, rate), true_peak_dbtp(y, rate),
                (len(mono) - len(cut)) / rate)


def pending_path(cache: Path, experience: str, locale: str, line_id: str) -> Path:
    """Where a take waits to be kept (or retaken): the content's cache."""
    return Path(cache) / "booth" / experience / locale / f"{line_id}.wav"


def hold(take: Take, path: Path) -> None:
    """Keep a processed take as the line's pending one (a WAV the page can play back)."""
    write_wav(path, take.samples, take.rate)


def keep(content: ContentRoot, folder_id: str, locale: str, line_id: str, text: str, pending: Path,
         now: float | None = None) -> Path:
    """Make the pending take the line's recording: FLAC in the drop-in layout, noted in the manifest."""
    import soundfile

    from experience.media import read_wav

    x, rate = read_wav(pending)
    folder = line_folder(content, folder_id, locale)
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"{line_id}{TAKE_EXT}"
    tmp = dest.with_name(dest.name + ".part")
    soundfile.write(str(tmp), x[:, 0], rate, format="FLAC", subtype="PCM_16")
    tmp.replace(dest)
    update_takes(folder, {line_id: {"file": dest.name, "engine": "booth", "text": text_key(text),
                                    "seconds": round(len(x) / rate, 3),
                                    "recorded": time.strftime("%Y-%m-%d", time.gmtime(now))}})
    pending.unlink(missing_ok=True)
    return dest


def remove(content: ContentRoot, folder_id: str, locale: str, line_id: str) -> bool:
    """Delete a line's kept take (the line goes back to its synthetic voice); False when it had none."""
    folder = line_folder(content, folder_id, locale)
    dest = folder / f"{line_id}{TAKE_EXT}"
    if not dest.is_file():
        return False
    dest.unlink()
    update_takes(folder, {line_id: None})
    return True
