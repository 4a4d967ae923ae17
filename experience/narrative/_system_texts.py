"""Texts the headset shows that no narrative file holds, per caption language.

A language without an entry here shows English; add one when adding a language
(docs/facilitator-guide.md, Languages).
"""

from __future__ import annotations

from ..text import language

SYSTEM_TEXTS: dict[str, dict[str, str]] = {
    "en": {"content_notes": "Content notes: {title}",
           "no_warnings": "There are no special content warnings for this experience.",
           "room_paused": "Paused", "room_paused_note": "The story goes on in a moment.",
           "room_headset_off_note": "The headset is off for now. The story waits.",
           "room_calm": "In the calm place",
           "room_calm_note": "Taking a break somewhere quiet. Everything waits.",
           "room_checkin": "Checking in", "room_checkin_note": "A short, private question about how it is going.",
           "room_session": "Session {code}"},
    "es": {"content_notes": "Sobre el contenido: {title}",
           "no_warnings": "Esta experiencia no tiene avisos de contenido especiales.",
           "room_paused": "En pausa", "room_paused_note": "La historia sigue en un momento.",
           "room_headset_off_note": "El visor está quitado por ahora. La historia espera.",
           "room_calm": "En el lugar de calma",
           "room_calm_note": "Un descanso en un sitio tranquilo. Todo espera.",
           "room_checkin": "Un momento para preguntar",
           "room_checkin_note": "Una pregunta breve y privada sobre cómo va todo.",
           "room_session": "Sesión {code}"},
    "fr": {"content_notes": "À propos du contenu : {title}",
           "no_warnings": "Cette expérience n'a pas d'avertissement particulier sur son contenu.",
           "room_paused": "En pause", "room_paused_note": "L'histoire reprend dans un instant.",
           "room_headset_off_note": "Le casque est retiré pour le moment. L'histoire attend.",
           "room_calm": "Au lieu calme",
           "room_calm_note": "Une pause dans un endroit tranquille. Tout attend.",
           "room_checkin": "Un point sur le ressenti",
           "room_checkin_note": "Une courte question, en privé, pour savoir comment ça va.",
           "room_session": "Séance {code}"},
    "de": {"content_notes": "Hinweise zum Inhalt: {title}",
           "no_warnings": "Diese Erfahrung hat keine besonderen Inhaltshinweise.",
           "room_paused": "Pausiert", "room_paused_note": "Die Geschichte geht gleich weiter.",
           "room_headset_off_note": "Die Brille ist gerade abgenommen. Die Geschichte wartet.",
           "room_calm": "Am Ruheort",
           "room_calm_note": "Eine Pause an einem ruhigen Ort. Alles wartet.",
           "room_checkin": "Kurze Nachfrage",
           "room_checkin_note": "Eine kurze, vertrauliche Frage zum Befinden.",
           "room_session": "Sitzung {code}"},
}


def system_text(key: str, locale: str | None, **fields: str) -> str:
    """The headset's text ``key`` in ``locale`` (its language, else English), filled with ``fields``."""
    table = SYSTEM_TEXTS.get(language(locale or "en"), SYSTEM_TEXTS["en"])
    return table.get(key, SYSTEM_TEXTS["en"][key]).format(**fields)
