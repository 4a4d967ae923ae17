"""Evaluation: questionnaire answers turned into results (statistics, reports, exports).

:class:`Evaluation` is what the hub uses (phone page, reports, CSV exports);
the statistics are in :mod:`._stats`, tested against independent values.
"""

from ._analysis import GroupRow, Measure, Result, analyse, breakdown
from ._data import Person, codebook_csv, people, tidy_csv, wide_csv
from ._headset import HeadsetAnswers
from ._records import EvaluationRecords, Filter, new_key
from ._scoring import item_score, subscale_scores
from ._service import CONSENT_ITEM, AnswerError, Evaluation, normalise_code
from ._stats import (
    K_MIN,
    Describe,
    PairedChange,
    Wilcoxon,
    describe,
    dz_confidence_interval,
    hidden,
    paired_change,
    wilcoxon,
)

__all__ = [
    "CONSENT_ITEM",
    "K_MIN",
    "AnswerError",
    "Describe",
    "Evaluation",
    "EvaluationRecords",
    "Filter",
    "GroupRow",
    "HeadsetAnswers",
    "Measure",
    "PairedChange",
    "Person",
    "Result",
    "Wilcoxon",
    "analyse",
    "breakdown",
    "codebook_csv",
    "describe",
    "dz_confidence_interval",
    "hidden",
    "item_score",
    "new_key",
    "normalise_code",
    "paired_change",
    "people",
    "subscale_scores",
    "tidy_csv",
    "wide_csv",
    "wilcoxon",
]
