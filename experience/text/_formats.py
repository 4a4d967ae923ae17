"""Words, numbers and dates in one language, for pages the hub writes (reports).

The console page formats with the browser's ``Intl``; what Python writes (the session
and workshop reports) takes the same language's conventions from its catalogue:
``format.decimal`` and ``format.group`` (separators), ``format.months`` (twelve names,
``|``-separated), ``format.date`` and ``format.date_time`` (patterns with ``{day}``,
``{month}``, ``{year}``, ``{time}``); times are 24-hour ``HH:MM`` in every language.
"""

from __future__ import annotations

import math
import time
from typing import Any

from ._catalogue import SOURCE, languages, ui_text
from ._locales import language

MINUS = "\u2212"
"""Numbers are written with a true minus sign (−), as typesetting does in every shipped language."""


def pick_language(asked: str | None, fallback: str | None = None) -> str:
    """The catalogue language for ``asked`` (a tag, or a list such as ``de-AT,de;q=0.9,en``), else
    ``fallback``'s, else English."""
    for raw in (asked, fallback):
        for part in (raw or "").split(","):
            code = language(part.split(";")[0].strip().lower() or SOURCE)
            if part.strip() and code in languages():
                return code
    return SOURCE


class LocaleText:
    """The texts of one catalogue section (``report.``) in one language, with its numbers and dates.

    Args:
        lang: a catalogue language (``en``, ``es``, ``fr``, ``de``); others fall back to English.
        prefix: the keys' common prefix.
    """

    def __init__(self, lang: str, prefix: str = "") -> None:
        self.lang = lang if lang in languages() else SOURCE
        self.prefix = prefix

    def __call__(self, key: str, **fields: Any) -> str:
        """The text of ``prefix + key``, its ``{fields}`` filled in (numbers formatted first)."""
        shown = {k: self.number(v) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in fields.items()}
        return ui_text(self.prefix + key, self.lang, **shown)

    def _fmt(self, key: str) -> str:
        return ui_text(f"format.{key}", self.lang)

    def number(self, value: Any, digits: int = 0) -> str:
        """``value`` with ``digits`` decimals, this language's separators and a true minus; ``–`` if none."""
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            return "–"
        text = f"{abs(value):.{digits}f}"
        whole, _, frac = text.partition(".")
        if len(whole) > 4:  # 12 345 and 1234: grouped from five digits, as the shipped languages write counts
            whole = f"{int(whole):,}".replace(",", self._fmt("group"))
        out = whole + (self._fmt("decimal") + frac if frac else "")
        return (MINUS + out) if value < 0 and float(text) != 0 else out

    def date(self, wall: float | None) -> str:
        """The day of ``wall`` (seconds since the epoch, local time) in words: ``3 May 2026``."""
        if not wall:
            return ""
        t = time.localtime(wall)
        return self._fmt("date").format(day=t.tm_mday, month=self._month(t.tm_mon), year=t.tm_year)

    def date_time(self, wall: float | None) -> str:
        """The day and time of ``wall``: ``3 May 2026, 14:05``."""
        if not wall:
            return ""
        t = time.localtime(wall)
        return self._fmt("date_time").format(day=t.tm_mday, month=self._month(t.tm_mon), year=t.tm_year,
                                             time=time.strftime("%H:%M", t))

    def _month(self, month: int) -> str:
        names = self._fmt("months").split("|")
        return names[month - 1] if len(names) == 12 else str(month)
