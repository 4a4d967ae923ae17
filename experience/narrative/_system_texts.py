"""Texts the headset shows that no narrative file holds, per caption language.

A language without an entry here shows English; add one when adding a language
(docs/facilitator-guide.md, Languages).
"""

from __future__ import annotations

from ._locales import language

SYSTEM_TEXTS: dict[str, dict[str, str]] = {
    "en": {"content_notes": "Content notes: {title}",
           "no_warnings": "There are no special content warnings for this experience."},
    "es": {"content_notes": "Sobre el contenido: {title}",
           "no_warnings": "Esta experiencia no tiene avisos de contenido especiales."},
    "fr": {"content_notes": "À propos du contenu : {title}",
           "no_warnings": "Cette expérience n'a pas d'avertissement particulier sur son contenu."},
    "de": {"content_notes": "Hinweise zum Inhalt: {title}",
           "no_warnings": "Diese Erfahrung hat keine besonderen Inhaltshinweise."},
}


def system_text(key: str, locale: str | None, **fields: str) -> str:
    """The headset's text ``key`` in ``locale`` (its language, else English), filled with ``fields``."""
    table = SYSTEM_TEXTS.get(language(locale or "en"), SYSTEM_TEXTS["en"])
    return table.get(key, SYSTEM_TEXTS["en"][key]).format(**fields)
