"""Questionnaires: the content format, its lint and translations, and scoring.

``questionnaires/<id>.yaml`` in a content pack; the phone page, the headset and
the evaluation reports all read the parsed :class:`Questionnaire`.
"""

from ._headset import CONSENT as CONSENT_STEP
from ._headset import END as END_STEP
from ._headset import headset_options, headset_prompt, parse_step_id, step_id
from ._load import Questionnaires, lint_file, lint_strings_file, parse_file
from ._model import ITEM_KINDS, PHASES, Consent, Item, Option, Phase, Questionnaire, Subscale
from ._strings import UI_DEFAULTS, apply_strings, check_strings, export_csv, source_strings

__all__ = [
    "CONSENT_STEP",
    "END_STEP",
    "ITEM_KINDS",
    "PHASES",
    "UI_DEFAULTS",
    "Consent",
    "Item",
    "Option",
    "Phase",
    "Questionnaire",
    "Questionnaires",
    "Subscale",
    "apply_strings",
    "check_strings",
    "export_csv",
    "headset_options",
    "headset_prompt",
    "lint_file",
    "lint_strings_file",
    "parse_file",
    "parse_step_id",
    "source_strings",
    "step_id",
]
