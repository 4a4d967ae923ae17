"""What the lint and the timing know about languages: reading speed and writing direction.

Reading rates are the mean silent reading speeds of adults in the International
Reading Speed Texts study (IReST: Trauzettel-Klosinski, Dietz et al. 2012,
"Standardized assessment of reading performance: the new International Reading
Speed Texts IReST", Investigative Ophthalmology & Visual Science 53(9):5452-5461),
which measured the same text, translated, in 17 languages. Words are longer in
some languages than in others, so the same caption time holds fewer of them:
German readers read 179 words a minute where English readers read 228.
"""

from __future__ import annotations

import re

# Mean words per minute, IReST (2012), table of results per language.
READING_WPM: dict[str, float] = {
    "ar": 138, "de": 179, "en": 228, "es": 218, "fi": 161, "fr": 195, "he": 187, "it": 188, "ja": 193,
    "nl": 202, "pl": 166, "pt": 181, "ru": 184, "sl": 180, "sv": 199, "tr": 166, "zh": 158,
}
BASE_LOCALE = "en"  # timing.max_caption_wpm is stated for English readers

# Languages written right to left (unless a script subtag says otherwise) and right-to-left scripts.
RTL_LANGUAGES = frozenset(("ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"))
RTL_SCRIPTS = frozenset(("adlm", "arab", "hebr", "mand", "nkoo", "rohg", "samr", "syrc", "thaa"))
RTL_TEXT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]")


def language(locale: str) -> str:
    """The language subtag of a locale: ``de`` for ``de-AT``, ``pt`` for ``pt_BR``."""
    return re.split(r"[-_]", locale.strip().lower(), maxsplit=1)[0]


def caption_wpm_limit(base_limit: float, locale: str) -> float:
    """The caption-speed limit for ``locale``: the English limit scaled by its reading rate.

    A language IReST did not measure keeps the English limit.
    """
    rate = READING_WPM.get(language(locale))
    return base_limit * rate / READING_WPM[BASE_LOCALE] if rate else base_limit


def needs_rtl(locale: str) -> bool:
    """True when ``locale`` is written in a right-to-left script (``ar``, ``he``, ``ku-Arab``...)."""
    tags = re.split(r"[-_]", locale.strip().lower())
    scripts = [t for t in tags[1:] if len(t) == 4 and t.isalpha()]
    if scripts:
        return scripts[0] in RTL_SCRIPTS
    return tags[0] in RTL_LANGUAGES


def has_rtl_text(text: str) -> bool:
    """True when ``text`` has letters of a right-to-left script (Hebrew, Arabic, Syriac, Thaana...)."""
    return RTL_TEXT.search(text) is not None
