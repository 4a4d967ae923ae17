"""Scoring one person's answers: items (reverse scoring) and subscales."""

from __future__ import annotations

from typing import Any

from experience.questionnaire import Item, Questionnaire


def item_score(item: Item, value: Any) -> float | None:
    """The scored value of an answer, or None (not numeric, out of range, or not answered)."""
    if not item.numeric or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not item.low <= value <= item.high:
        return None
    return item.score(int(value))


def subscale_scores(q: Questionnaire, answers: dict[str, Any]) -> dict[str, float]:
    """Each subscale's score from one phase's answers, where enough items are answered."""
    out: dict[str, float] = {}
    for s in q.subscales:
        items = [i for i in (q.item(n) for n in s.items) if i is not None]
        scores = [x for x in (item_score(i, answers.get(i.id)) for i in items) if x is not None]
        if not s.items or len(scores) < s.min_answered:
            continue
        total = sum(scores) if s.method == "sum" else sum(scores) / len(scores)
        out[s.id] = total * s.weight
    return out
