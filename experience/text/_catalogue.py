"""The words of the console page, the phone page and the headset's system texts, per language.

One catalogue per language, ``facilitator/static/i18n/<language>.json`` (the
console page reads the same files): flat keys, ``console.*`` for the page,
``phone.*`` for the participants' questionnaire page, ``headset.*`` for what the
headset shows that no narrative holds (the waiting note, content notes). A key
a catalogue lacks falls back to English; ``languages.json`` lists the languages
offered. docs/facilitator-guide.md (Languages) says how to add one.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from ..host import app_root
from ._locales import language

CATALOGUES = app_root() / "facilitator" / "static" / "i18n"
SOURCE = "en"


@cache
def languages() -> tuple[str, ...]:
    """The languages the console, phone page and headset texts are offered in (``en`` first)."""
    listed = json.loads((CATALOGUES / "languages.json").read_text(encoding="utf-8"))
    return tuple(str(x) for x in listed)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The catalogue of ``lang`` (empty when there is none)."""
    path = CATALOGUES / f"{lang}.json"
    if lang not in languages() or not path.is_file():
        return {}
    data: Any = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def ui_text(key: str, locale: str | None, **fields: Any) -> str:
    """The text of ``key`` in ``locale``'s language (else English), with ``{name}`` fields filled in."""
    text = catalogue(language(locale or SOURCE)).get(key) or catalogue(SOURCE)[key]
    return text.format(**fields) if fields else text


def section(prefix: str, locale: str | None) -> dict[str, str]:
    """Every text under ``prefix`` (``"phone."``) in ``locale``'s language, English where it lacks one."""
    own = catalogue(language(locale or SOURCE))
    return {k[len(prefix):]: own.get(k) or v for k, v in catalogue(SOURCE).items() if k.startswith(prefix)}
