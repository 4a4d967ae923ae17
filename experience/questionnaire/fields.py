"""The questionnaire format's fields: names, types, ranges and what each means.

The parser takes its allowed keys from these tables, and :mod:`experience.schemas`
writes the editors' JSON Schema from them (types as in
:mod:`experience.narrative.fields`).
"""

from __future__ import annotations

from ..fields import Field
from ._model import ITEM_KINDS, SCORE_METHODS

TOP = {
    "id": Field("ident", "The questionnaire id: the file name without .yaml.", required=True),
    "title": Field("text", "Shown to facilitators and on the phone page.", required=True),
    "version": Field("integer", "Raise it when items change meaning; records keep the version they used.", 1,
                     10_000),
    "intro": Field("text", "Shown before the first item."),
    "locales": Field("texts", "Languages it ships in; the first is the language of this file."),
    "licence": Field("text", "Who may use the items, and how (licensed scales: see questionnaires/README.md)."),
    "text_in_strings": Field("bool", "Item texts live only in strings files (for licensed scales)."),
    "consent": Field("object", "Consent to the evaluation, asked before any item.", required=True),
    "phases": Field("object", "When it is asked: pre, post, follow_up.", required=True),
    "scales": Field("object", "Shared answer scales, by name."),
    "items": Field("list", "The questions, in order.", required=True),
    "subscales": Field("list", "Scores made of several items."),
}
CONSENT = {
    "prompt": Field("text", "The consent question.", required=True),
    "details": Field("text", "What happens with the answers."),
    "accept": Field("text", "The yes answer.", required=True),
    "decline": Field("text", "The no answer; declining still lets the person take part.", required=True),
}
PHASE = {
    "title": Field("text", "Shown on the phone page."),
    "intro": Field("text", "Shown before the items of this phase."),
    "after_weeks": Field("number", "For follow_up: weeks after the workshop.", 0, 520),
}
SCALE = {
    "kind": Field("text", "likert, slider, choice or text.", enum=ITEM_KINDS),
    "points": Field("integer", "A likert's number of points.", 2, 11),
    "low": Field("integer", "The lowest value."),
    "high": Field("integer", "The highest value."),
    "labels": Field("object", "Anchor texts by value, e.g. 1: Strongly disagree."),
}
ITEM = {
    "id": Field("ident", "Stable key: records, exports and translations use it.", required=True),
    "text": Field("text", "The question (or only in strings, with text_in_strings)."),
    "kind": Field("text", "likert, slider, choice or text.", enum=ITEM_KINDS),
    "scale": Field("text", "A shared scale's name."),
    "points": SCALE["points"],
    "low": SCALE["low"],
    "high": SCALE["high"],
    "labels": SCALE["labels"],
    "options": Field("list", "For kind choice: value and text of each answer."),
    "ask": Field("texts", "The phases it is asked in (default: all)."),
    "reverse": Field("bool", "Scored in reverse (agreeing means less of what the subscale measures)."),
    "headset": Field("bool", "Also asked in the headset as a check-in."),
    "required": Field("bool", "An answer is needed to go on."),
    "max_length": Field("integer", "For kind text: the longest answer, characters.", 1, 1000),
}
OPTION = {
    "value": Field("integer", "The value recorded.", -1000, 1000, required=True),
    "text": Field("text", "What the answer says.", required=True),
}
SUBSCALE = {
    "id": Field("ident", "Stable key of the score.", required=True),
    "title": Field("text", "Shown in reports."),
    "items": Field("texts", "Item ids it is made of.", required=True),
    "method": Field("text", "mean or sum.", enum=SCORE_METHODS),
    "weight": Field("number", "Weight in reports.", 1e-6, 1000),
    "min_answered": Field("integer", "Fewest answered items for a score (default: all)."),
}
