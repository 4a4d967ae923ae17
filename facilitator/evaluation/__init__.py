"""Evaluation: questionnaire answers turned into results (statistics, reports, exports)."""

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
    "K_MIN",
    "Describe",
    "PairedChange",
    "Wilcoxon",
    "describe",
    "dz_confidence_interval",
    "hidden",
    "paired_change",
    "wilcoxon",
]
