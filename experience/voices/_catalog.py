"""The neural voices: their names, languages and how a speaker names a mix of them.

Kokoro-82M's voice packs are named ``<language><gender>_<name>``: ``bf_emma``
is a British English woman, ``am_michael`` an American man. A speaker's
``voice`` names one of them or a blend of two, e.g. ``"bf_emma 70% + bf_lily 30%"``.
Pure data and parsing: nothing here touches files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LANGUAGES: dict[str, tuple[str, str, str]] = {
    # prefix: (name, espeak-ng language used to phonemise, locales it speaks)
    "a": ("American English", "en-us", "en"),
    "b": ("British English", "en-gb", "en"),
    "e": ("Spanish", "es", "es"),
    "f": ("French", "fr-fr", "fr"),
    "h": ("Hindi", "hi", "hi"),
    "i": ("Italian", "it", "it"),
    "p": ("Brazilian Portuguese", "pt-br", "pt"),
}
"""Languages this project phonemises through espeak-ng. Kokoro's Japanese and
Chinese voices need other phonemisers and are not offered; there is no German voice."""

_NAMES = {
    "a": "af_alloy af_aoede af_bella af_heart af_jessica af_kore af_nicole af_nova af_river af_sarah af_sky "
         "am_adam am_echo am_eric am_fenrir am_liam am_michael am_onyx am_puck am_santa",
    "b": "bf_alice bf_emma bf_isabella bf_lily bm_daniel bm_fable bm_george bm_lewis",
    "e": "ef_dora em_alex em_santa",
    "f": "ff_siwis",
    "h": "hf_alpha hf_beta hm_omega hm_psi",
    "i": "if_sara im_nicola",
    "p": "pf_dora pm_alex pm_santa",
}
VOICES: tuple[str, ...] = tuple(sorted(n for names in _NAMES.values() for n in names.split()))
"""Every voice pack name that can be used (the kokoro-js 1.2.1 packs for the languages above)."""

ESPEAK_FALLBACK: dict[tuple[str, str], str] = {
    # (language prefix, gender): espeak-ng voice for machines without the neural voices
    ("a", "f"): "en-us+f3", ("a", "m"): "en-us",
    ("b", "f"): "en+f3", ("b", "m"): "en-gb",
    ("e", "f"): "es+f3", ("e", "m"): "es",
    ("f", "f"): "fr+f3", ("f", "m"): "fr",
    ("h", "f"): "hi+f3", ("h", "m"): "hi",
    ("i", "f"): "it+f3", ("i", "m"): "it",
    ("p", "f"): "pt-br+f3", ("p", "m"): "pt-br",
}

_NAME_RE = re.compile(r"^[a-z][fm]_[a-z]+$")
_PART_RE = re.compile(r"^\s*([a-z][fm]_[a-z]+)\s*(?:(\d+(?:\.\d+)?)\s*%)?\s*$")


def looks_neural(name: str) -> bool:
    """True when ``name`` is written like a neural voice (``bf_emma``, a blend) rather than an espeak-ng one."""
    first = name.split("+", 1)[0].strip().split()[0] if name.strip() else ""
    return bool(_NAME_RE.match(first))


@dataclass(frozen=True)
class Blend:
    """One neural voice or a weighted mix of two: ``parts`` are (pack name, weight), weights summing to 1."""

    parts: tuple[tuple[str, float], ...]

    @property
    def language(self) -> str:
        """The language prefix of the first voice (the one the text is phonemised for)."""
        return self.parts[0][0][0]

    @property
    def gender(self) -> str:
        return self.parts[0][0][1]

    @property
    def espeak_language(self) -> str:
        return LANGUAGES[self.language][1]

    @property
    def fallback(self) -> str:
        """An espeak-ng voice of the same language and gender."""
        return ESPEAK_FALLBACK[(self.language, self.gender)]

    def spec(self) -> str:
        """The canonical text of this voice (cache keys use it)."""
        if len(self.parts) == 1:
            return self.parts[0][0]
        return " + ".join(f"{n} {round(w * 100, 1):g}%" for n, w in self.parts)


def parse_voice(text: str) -> tuple[Blend | None, str]:
    """Parse ``"bf_emma"`` or ``"bf_emma 70% + bf_lily 30%"`` (no percentages: an even mix).

    Returns:
        (blend, "") or (None, what is wrong).
    """
    pieces = [p for p in text.split("+")]
    if len(pieces) > 2:
        return None, f"'{text}' mixes {len(pieces)} voices; a blend takes two"
    parts: list[tuple[str, float | None]] = []
    for piece in pieces:
        m = _PART_RE.match(piece)
        if m is None:
            return None, f"'{piece.strip()}' is not a voice name with an optional percentage (e.g. bf_emma 70%)"
        name, pct = m.group(1), m.group(2)
        if name not in VOICES:
            return None, f"unknown neural voice '{name}'"
        parts.append((name, float(pct) if pct is not None else None))
    if len(parts) == 2 and parts[0][0] == parts[1][0]:
        return None, f"'{text}' blends a voice with itself"
    if len(parts) == 2 and parts[0][0][0] != parts[1][0][0]:
        return None, f"'{text}' blends voices of two languages ({parts[0][0]}, {parts[1][0]})"
    given = [w for _, w in parts if w is not None]
    if given and len(given) != len(parts):
        if len(parts) == 2 and given[0] < 100:
            parts = [(n, w if w is not None else 100.0 - given[0]) for n, w in parts]
        else:
            return None, f"'{text}': give a percentage for both voices or for neither"
    weights = [w if w is not None else 1.0 for _, w in parts]
    total = sum(weights)
    if total <= 0 or any(w <= 0 for w in weights):
        return None, f"'{text}': percentages must be above 0"
    return Blend(tuple((n, w / total) for (n, _), w in zip(parts, weights, strict=True))), ""


def voices_for(locale: str) -> list[str]:
    """Neural voices that speak ``locale`` (its language part: ``en-GB`` → ``en``)."""
    lang = locale.split("-")[0].split("_")[0].lower()
    return [v for v in VOICES if LANGUAGES[v[0]][2] == lang]
