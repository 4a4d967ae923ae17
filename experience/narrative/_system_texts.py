"""Texts the headset shows that no narrative file holds, in the caption language.

They live in the catalogues of :mod:`experience.text` (``_catalogue``) (``headset.*`` keys),
beside the console's and the phone page's words; a language without a
catalogue shows English.
"""

from __future__ import annotations

from ..text import ui_text


def system_text(key: str, locale: str | None, **fields: str) -> str:
    """The headset's text ``key`` in ``locale`` (its language, else English), filled with ``fields``."""
    return ui_text(f"headset.{key}", locale, **fields)
