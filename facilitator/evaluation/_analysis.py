"""A group's result: every item and subscale before and after, with k-anonymity applied.

A group (a workshop, or a campaign's workshops together) is described only when
at least :data:`K_MIN` people are in it, and a measure's change only when at
least :data:`K_MIN` people answered it both times. A campaign's breakdown by
workshop hides workshops under :data:`K_MIN`; when exactly one would be hidden,
the next smallest is hidden too, so the total cannot be used to work it out
(secondary suppression).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from experience.questionnaire import Questionnaire, Subscale

from ._data import Person
from ._scoring import item_score, subscale_scores
from ._stats import K_MIN, PairedChange, hidden, paired_change


@dataclass
class Measure:
    """One item or subscale of a group."""

    id: str
    title: str
    kind: str
    low: float
    high: float
    levels: tuple[int, ...] = ()
    before: list[float] = field(default_factory=list)
    after: list[float] = field(default_factory=list)
    change: PairedChange | None = None
    reverse: bool = False

    @property
    def paired_n(self) -> int:
        return self.change.n if self.change is not None else 0

    @property
    def hidden(self) -> bool:
        return hidden(self.paired_n)


@dataclass
class Result:
    """The evaluation of one group of people."""

    title: str
    compare: tuple[str, str]
    people: int
    per_phase: dict[str, int]
    paired: int
    declined: dict[str, int]
    measures: list[Measure]
    texts: dict[str, list[str]]

    @property
    def hidden(self) -> bool:
        return hidden(self.people)


def _values(q: Questionnaire, answers: dict[str, object]) -> dict[str, float]:
    out: dict[str, float] = {}
    for it in q.items:
        s = item_score(it, answers.get(it.id))
        if s is not None:
            out[it.id] = s
    out.update(subscale_scores(q, answers))
    return out


def analyse(q: Questionnaire, persons: Sequence[Person], title: str, compare: tuple[str, str] = ("pre", "post"),
            declined: dict[str, int] | None = None, seed: int = 0) -> Result:
    """Describe ``persons``: per measure, each phase's answers and the paired change."""
    a, b = compare
    measures = [Measure(s.id, s.title, "subscale", *_range(q, s)) for s in q.subscales]
    measures += [Measure(i.id, i.text, "item", i.low, i.high, i.values(), reverse=i.reverse)
                 for i in q.items if i.numeric]
    pairs: dict[str, tuple[list[float], list[float]]] = {m.id: ([], []) for m in measures}
    for p in persons:
        va, vb = _values(q, p.answers.get(a, {})), _values(q, p.answers.get(b, {}))
        for m in measures:
            if m.id in va:
                m.before.append(va[m.id])
            if m.id in vb:
                m.after.append(vb[m.id])
            if m.id in va and m.id in vb:
                pairs[m.id][0].append(va[m.id])
                pairs[m.id][1].append(vb[m.id])
    for m in measures:
        x, y = pairs[m.id]
        m.change = paired_change(x, y) if x else None
    texts: dict[str, list[str]] = {}
    for it in (i for i in q.items if i.kind == "text"):
        got = [str(p.answers[ph][it.id]).strip() for p in persons for ph in (a, b)
               if ph in p.answers and str(p.answers[ph].get(it.id) or "").strip()]
        random.Random(seed).shuffle(got)  # never in the order people sat
        texts[it.id] = got
    per_phase = {ph: sum(1 for p in persons if ph in p.answers) for ph in q.phases}
    paired = sum(1 for p in persons if a in p.answers and b in p.answers)
    return Result(title, compare, len(persons), per_phase, paired, declined or {}, measures, texts)


def _range(q: Questionnaire, s: Subscale) -> tuple[float, float]:
    items = [i for i in (q.item(n) for n in s.items) if i is not None]
    if not items:
        return 0.0, 1.0
    if s.method == "sum":
        return sum(i.low for i in items) * s.weight, sum(i.high for i in items) * s.weight
    return min(i.low for i in items) * s.weight, max(i.high for i in items) * s.weight


@dataclass
class GroupRow:
    """One workshop in a campaign's breakdown (``change`` is None when hidden)."""

    workshop: str
    label: str
    people: int
    change: PairedChange | None
    hidden: bool
    reason: str = ""
    why: str = ""
    """Why it is hidden, as a code: ``small`` (fewer than k people) or ``secondary`` (to protect a small one)."""


def breakdown(q: Questionnaire, persons: Sequence[Person], labels: dict[str, str], measure: str,
              compare: tuple[str, str] = ("pre", "post")) -> list[GroupRow]:
    """Per workshop, the change of one measure; small groups hidden (with secondary suppression)."""
    by: dict[str, list[Person]] = {}
    for p in persons:
        by.setdefault(p.workshop, []).append(p)
    rows = []
    for wid, group in by.items():
        res = analyse(q, group, labels.get(wid, wid), compare)
        m = next((x for x in res.measures if x.id == measure), None)
        n = m.paired_n if m is not None else 0
        rows.append(GroupRow(wid, labels.get(wid, wid), len(group), m.change if m else None, hidden(n),
                             f"fewer than {K_MIN} people" if hidden(n) else "", "small" if hidden(n) else ""))
    small = [r for r in rows if r.hidden]
    if len(small) == 1 and len(rows) > 1:
        shown = sorted((r for r in rows if not r.hidden), key=lambda r: (r.change.n if r.change else 0, r.workshop))
        shown[0].hidden, shown[0].reason = True, "hidden so that a smaller group cannot be worked out"
        shown[0].why = "secondary"
    for r in rows:
        if r.hidden:
            r.change = None
    return rows
