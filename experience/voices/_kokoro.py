"""Kokoro-82M on onnxruntime: token ids, a style row and a speed in; 24 kHz speech out.

The model's contract: ``tokens`` is int64 of shape (1, n + 2), the phoneme ids
with a 0 at each end; ``style`` is the voice pack's row for the number of
phoneme tokens (a pack holds one 256-float row per length, 1 to 510); ``speed``
is a float32 of shape (1,), 1.0 being the voice's own pace. A blend is the
weighted sum of two packs. Heavy (a session takes about 0.5 s to open and a
line about its own length to render on two cores): run it on a worker, never
in a frame.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import numpy as np

from ._catalog import Blend
from ._install import InstallError, status, voices_home
from ._phonemes import MAX_TOKENS, chunks, phonemise

SR = 24000
"""Kokoro's output sample rate."""

_CHUNK_GAP = 0.25
"""Seconds of silence between the pieces of a line too long for one inference."""


class KokoroVoices:
    """One loaded model and its voice packs (thread-safe: ``synthesize`` may run on several threads).

    Args:
        home: the installed voices (default :func:`~experience.voices.voices_home`).
        threads: onnxruntime threads per inference (default: every core).

    Raises:
        InstallError: the voices or onnxruntime are not installed here.
    """

    def __init__(self, home: Path | None = None, threads: int | None = None) -> None:
        self.home = home or voices_home()
        why = status(self.home)
        if why:
            raise InstallError(why)
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, threads or os.cpu_count() or 1)
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        # Threads that spin while waiting steal the cores from everything else (the frame loop, other jobs).
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(self.home / "model.onnx"), sess_options=opts,
                                             providers=["CPUExecutionProvider"])
        self.vocab: dict[str, int] = json.loads((self.home / "vocab.json").read_text(encoding="utf-8"))["vocab"]
        self._packs: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        names = {i.name for i in self._session.get_inputs()}
        self._token_input = "tokens" if "tokens" in names else "input_ids"

    def pack(self, name: str) -> np.ndarray:
        """A voice pack: float32 of shape (510, 256)."""
        with self._lock:
            p = self._packs.get(name)
            if p is None:
                p = np.fromfile(self.home / "voices" / f"{name}.bin", dtype="<f4").reshape(-1, 256)
                self._packs[name] = p
            return p

    def style(self, blend: Blend, n_tokens: int) -> np.ndarray:
        """The style row of shape (1, 256) for a line of ``n_tokens`` phoneme tokens."""
        row = min(max(n_tokens, 1), MAX_TOKENS) - 1
        mix = sum(w * self.pack(name)[row] for name, w in blend.parts)
        return np.asarray(mix, dtype=np.float32).reshape(1, 256)

    def infer(self, ids: list[int], blend: Blend, speed: float) -> np.ndarray:
        """One inference: at most :data:`MAX_TOKENS` ids; returns float32 samples at :data:`SR`."""
        if not ids:
            return np.zeros(0, np.float32)
        feeds = {
            self._token_input: np.array([[0, *ids, 0]], dtype=np.int64),
            "style": self.style(blend, len(ids)),
            "speed": np.array([speed], dtype=np.float32),
        }
        return np.asarray(self._session.run(None, feeds)[0], dtype=np.float32).reshape(-1)

    def synthesize(self, text: str, blend: Blend, speed: float = 1.0, shift: float = 0.0) -> np.ndarray:
        """Speak ``text``: float32 mono at :data:`SR`, silence trimmed to 50 ms at both ends.

        Args:
            speed: pace, 1.0 = the voice's own.
            shift: semitones to raise (or lower) the voice and its resonances together, keeping the pace:
                a younger, smaller voice above 0, an older, larger one below.
        """
        ratio = 2.0 ** (shift / 12.0)
        pieces = chunks(phonemise(text, blend.espeak_language), self.vocab)
        gap = np.zeros(int(_CHUNK_GAP * SR), np.float32)
        out: list[np.ndarray] = []
        for ids in pieces:
            if out:
                out.append(gap)
            out.append(self.infer(ids, blend, speed / ratio))
        audio = np.concatenate(out) if out else np.zeros(0, np.float32)
        if shift:
            audio = _shift(audio, ratio)
        return trim(audio)


def _shift(x: np.ndarray, ratio: float) -> np.ndarray:
    """Play ``x`` ``ratio`` times faster (pitch and formants up by ``ratio``), band-limited first."""
    if len(x) == 0 or ratio == 1.0:
        return x
    spec = np.fft.rfft(x)
    f = np.fft.rfftfreq(len(x), 1.0 / SR)
    cutoff = 0.95 * (SR / 2) / max(ratio, 1.0)
    spec *= 1.0 / np.sqrt(1.0 + (f / cutoff) ** 16)
    y = np.fft.irfft(spec, len(x))
    n = round(len(y) / ratio)
    t = np.arange(n) * ratio
    return np.interp(t, np.arange(len(y)), y).astype(np.float32)


def trim(x: np.ndarray, threshold_db: float = -45.0, pad: float = 0.05) -> np.ndarray:
    """Cut leading and trailing silence (below ``threshold_db`` of the peak), keeping ``pad`` seconds."""
    if len(x) == 0:
        return x
    peak = float(np.max(np.abs(x)))
    if peak <= 0:
        return x[:0]
    frame = int(0.01 * SR)
    n = len(x) // frame
    if n == 0:
        return x
    rms = np.sqrt(np.mean(x[: n * frame].reshape(n, frame) ** 2, axis=1))
    loud = np.nonzero(rms > peak * 10 ** (threshold_db / 20))[0]
    if len(loud) == 0:
        return x
    k = int(pad * SR)
    return x[max(0, loud[0] * frame - k): min(len(x), (loud[-1] + 1) * frame + k)]
