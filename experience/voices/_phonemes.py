"""Text to Kokoro token ids, through the espeak-ng program.

espeak-ng runs as a separate process (``--ipa``, ``--tie``) for each stretch of
text between punctuation marks; punctuation is kept, because the model uses it
for phrasing. Its IPA is then written in the symbols Kokoro v1.0 was trained on
(the misaki inventory: ``A`` for /eɪ/, ``I`` for /aɪ/, ``ʤ`` for /dʒ/ and so on),
and every symbol becomes its id in the model's vocabulary.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Mapping

ESPEAK = "espeak-ng"
MAX_TOKENS = 510
"""Phoneme tokens one inference takes (the voice packs have a style row per length up to this)."""

_TIE = "^"
_PUNCT = ";:,.!?—…\"()“”"
_SPLIT_RE = re.compile(f"([{re.escape(_PUNCT)}]+)")
_SENTENCE_END = ".!?…"

# espeak-ng IPA (with ^ joining the letters of one phoneme) -> Kokoro's symbols, longest first.
_COMMON: tuple[tuple[str, str], ...] = (
    ("ʔˌn̩", "tᵊn"), ("ʔn̩", "tᵊn"), ("ʔn", "tᵊn"),
    ("a^ɪ", "I"), ("a^ʊ", "W"), ("e^ɪ", "A"), ("ɔ^ɪ", "Y"),
    ("d^ʒ", "ʤ"), ("t^ʃ", "ʧ"), ("ə^l", "ᵊl"),
    ("ʲo", "jo"), ("ʲə", "jə"), ("ʲ", ""),
    ("ʔ", "t"), ("ɚ", "əɹ"), ("r", "ɹ"), ("x", "k"), ("ç", "k"), ("ɐ", "ə"), ("ɬ", "l"), ("\u0303", ""),
)
_AMERICAN: tuple[tuple[str, str], ...] = (("o^ʊ", "O"), ("ɜːɹ", "ɜɹ"), ("ɜː", "ɜɹ"), ("ɪə", "iə"), ("ː", ""))
_BRITISH: tuple[tuple[str, str], ...] = (("ə^ʊ", "Q"), ("e^ə", "ɛː"), ("iə", "ɪə"))
_OTHER: tuple[tuple[str, str], ...] = (
    ("a^ɪ", "I"), ("a^ʊ", "W"), ("d^z", "ʣ"), ("d^ʒ", "ʤ"), ("e^ɪ", "A"), ("o^ʊ", "O"), ("ə^ʊ", "Q"),
    ("t^s", "ʦ"), ("t^ʃ", "ʧ"), ("ɔ^ɪ", "Y"),
)


class PhonemeError(RuntimeError):
    """espeak-ng is missing or failed."""


def normalise_text(text: str) -> str:
    """Typographic quotes and dashes as the model knows them; whitespace collapsed."""
    t = text.replace("’", "'").replace("‘", "'").replace("«", "“").replace("»", "”")
    t = re.sub(r"\s+[-–]\s+", " — ", t)
    t = t.replace("...", "…")
    return " ".join(t.split())


def _espeak_ipa(text: str, language: str) -> str:
    exe = shutil.which(ESPEAK)
    if exe is None:
        raise PhonemeError("espeak-ng is not installed (Debian/Ubuntu: apt-get install espeak-ng)")
    try:
        done = subprocess.run([exe, "-q", "-v", language, "--ipa", f"--tie={_TIE}", "--", text],
                              capture_output=True, text=True, encoding="utf-8", timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise PhonemeError(f"espeak-ng failed: {exc}") from exc
    if done.returncode != 0:
        raise PhonemeError(f"espeak-ng -v {language} failed: {done.stderr.strip() or done.returncode}")
    return " ".join(_FLAG_RE.sub("", done.stdout).split())


_FLAG_RE = re.compile(r"\([\^a-z0-9-]+\)")
"""espeak-ng marks a word it reads in another language, e.g. ``(en)lˈiː(fr)`` (tied: ``(^e^n)``) for "Leah" in
French: the marks are dropped (the word keeps the other language's sounds), as Kokoro's
own phonemiser does."""


def to_kokoro(ipa: str, language: str) -> str:
    """Rewrite espeak-ng IPA (tied with ``^``) in Kokoro's symbols for ``language`` (espeak-ng name)."""
    english = language.startswith("en")
    rules = _COMMON if english else _OTHER
    for a, b in rules:
        ipa = ipa.replace(a, b)
    if english:
        ipa = re.sub(r"(\S)\u0329", r"ᵊ\1", ipa)
        for a, b in (_BRITISH if language == "en-gb" else _AMERICAN):
            ipa = ipa.replace(a, b)
    return ipa.replace(_TIE, "").replace("\u0329", "").replace("-", "")


def phonemise(text: str, language: str) -> str:
    """Kokoro phonemes for ``text``: espeak-ng per stretch between punctuation marks, marks kept."""
    out: list[str] = []
    for piece in _SPLIT_RE.split(normalise_text(text)):
        if not piece.strip():
            continue
        if _SPLIT_RE.fullmatch(piece):
            mark = piece.replace("(", "“").replace(")", "”")  # the model reads brackets as an aside
            if out:
                out[-1] = out[-1].rstrip()
            out.append(mark + " ")
            continue
        out.append(to_kokoro(_espeak_ipa(piece, language), language) + " ")
    return "".join(out).strip()


def tokens(phonemes: str, vocab: Mapping[str, int]) -> list[int]:
    """Token ids for ``phonemes``; symbols outside the vocabulary are dropped."""
    return [vocab[c] for c in phonemes if c in vocab]


def chunks(phonemes: str, vocab: Mapping[str, int], limit: int = MAX_TOKENS) -> list[list[int]]:
    """Split into pieces of at most ``limit`` tokens, at sentence ends where possible, then at commas and spaces."""
    out: list[list[int]] = []
    rest = phonemes.strip()
    while rest:
        ids = tokens(rest, vocab)
        if len(ids) <= limit:
            out.append(ids)
            break
        cut = _cut_point(rest, vocab, limit)
        out.append(tokens(rest[:cut], vocab))
        rest = rest[cut:].strip()
    return [c for c in out if c]


def _cut_point(text: str, vocab: Mapping[str, int], limit: int) -> int:
    """Index of the last good break in ``text`` whose prefix fits in ``limit`` tokens."""
    fits, n = 0, 0
    for i, c in enumerate(text):
        n += c in vocab
        if n > limit:
            break
        fits = i + 1
    head = text[:fits]
    for marks in (_SENTENCE_END, ",;:—", " "):
        best = max(head.rfind(m) for m in marks)
        if best > 0:
            return best + 1
    return max(1, fits)
