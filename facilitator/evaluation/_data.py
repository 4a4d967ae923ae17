"""From answer rows to people: the latest submission per person and phase, and the exports.

Exports for researchers: a tidy long CSV (one row per answer), a wide CSV (one
row per person: ``<phase>__<item>`` and ``<phase>__<subscale>`` columns) and a
codebook that says what every column and value means.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from experience.questionnaire import PHASES, Questionnaire

from ._scoring import item_score, subscale_scores


@dataclass
class Person:
    """One participant of one workshop: their latest answers per phase."""

    workshop: str
    participant: str
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    submitted: dict[str, float] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)


def people(rows: Iterable[dict[str, Any]]) -> list[Person]:
    """Group answer rows by (workshop, participant); a later submission of a phase replaces an earlier one."""
    latest: dict[tuple[str, str, str], tuple[float, str]] = {}
    rows = list(rows)
    for r in rows:
        key = (r["workshop"], r["participant"], r["phase"])
        stamp = (float(r["wall"]), str(r["submission"]))
        if key not in latest or stamp > latest[key]:
            latest[key] = stamp
    out: dict[tuple[str, str], Person] = {}
    for r in rows:
        key = (r["workshop"], r["participant"], r["phase"])
        if latest[key][1] != r["submission"]:
            continue
        p = out.setdefault(key[:2], Person(r["workshop"], r["participant"]))
        p.answers.setdefault(r["phase"], {})[r["item"]] = r["value"]
        p.submitted[r["phase"]] = float(r["wall"])
        p.source[r["phase"]] = str(r["source"])
    return list(out.values())


TIDY_COLUMNS = ("workshop", "organisation", "experience", "workshop_date", "participant", "phase", "item", "value",
                "score", "source", "locale", "questionnaire", "version", "submitted")


def _date(wall: float) -> str:
    return time.strftime("%Y-%m-%d", time.localtime(wall))


def _csv(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        w.writerow([_cell(v) for v in row])
    return buf.getvalue()


def _cell(v: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula (OWASP)."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return "" if v is None else v


def tidy_csv(q: Questionnaire, rows: list[dict[str, Any]], workshops: dict[str, dict[str, Any]]) -> str:
    """One row per stored answer, latest submissions only (see :func:`people`)."""
    keep = {(p.workshop, p.participant, ph): t for p in people(rows) for ph, t in p.submitted.items()}
    out = []
    for r in rows:
        if keep.get((r["workshop"], r["participant"], r["phase"])) != float(r["wall"]):
            continue
        w = workshops.get(r["workshop"], {})
        item = q.item(r["item"])
        score = item_score(item, r["value"]) if item is not None else None
        out.append((r["workshop"], w.get("organisation", ""), w.get("experience", ""), _date(w.get("created", 0.0)),
                    r["participant"], r["phase"], r["item"], r["value"], score, r["source"], r["locale"],
                    r["questionnaire"], r["version"], time.strftime("%Y-%m-%dT%H:%M:%S",
                                                                    time.localtime(float(r["wall"])))))
    return _csv(TIDY_COLUMNS, out)


def wide_columns(q: Questionnaire) -> list[str]:
    cols = []
    for phase in (p for p in PHASES if p in q.phases):
        cols += [f"{phase}__{i.id}" for i in q.items_for(phase)]
        cols += [f"{phase}__{s.id}" for s in q.subscales if all(phase in q.item(i).ask for i in s.items)  # type: ignore[union-attr]
                 and s.items]
    return cols


def wide_csv(q: Questionnaire, persons: list[Person], workshops: dict[str, dict[str, Any]]) -> str:
    """One row per person (workshop, participant code): raw answers and subscale scores per phase."""
    cols = wide_columns(q)
    rows = []
    for p in persons:
        w = workshops.get(p.workshop, {})
        values: dict[str, Any] = {}
        for phase, answers in p.answers.items():
            values.update({f"{phase}__{k}": v for k, v in answers.items()})
            values.update({f"{phase}__{k}": v for k, v in subscale_scores(q, answers).items()})
        rows.append([p.workshop, w.get("organisation", ""), w.get("experience", ""), _date(w.get("created", 0.0)),
                     p.participant, *[values.get(c) for c in cols]])
    return _csv(["workshop", "organisation", "experience", "workshop_date", "participant", *cols], rows)


def codebook_csv(q: Questionnaire) -> str:
    """What every column of the exports means: variable, label, type, values, scoring."""
    rows: list[list[Any]] = [
        ["questionnaire", q.title, "meta", f"{q.id} version {q.version}, texts in locale {q.locale}", q.licence],
        ["workshop", "Workshop id (one room's evaluation)", "text", "", ""],
        ["organisation", "Organisation that ran the workshop", "text", "", ""],
        ["experience", "Experience id (narratives/<id>.yaml)", "text", "", ""],
        ["workshop_date", "Date the workshop was created (local time)", "date", "YYYY-MM-DD", ""],
        ["participant", "Self-made code (two letters of a parent's first name, birth day, first letter of birth town)"
         " or a headset session code; never a name", "text", "", "links phases within a workshop"],
        ["phase", "When the answer was given", "category", "; ".join(f"{p}={q.phases[p].title or p}" for p in q.phases),
         ""],
        ["item", "Item id (tidy file)", "category", "; ".join(i.id for i in q.items), ""],
        ["value", "Answer as given (tidy file)", "number or text", "", "raw, before reverse scoring"],
        ["score", "Scored answer (tidy file)", "number", "", "reverse-scored items flipped: low + high - value"],
        ["source", "Where it was answered", "category", "phone; tablet; headset", ""],
        ["submitted", "When the answers were sent (local time)", "datetime", "YYYY-MM-DDTHH:MM:SS", ""],
    ]
    for i in q.items:
        if i.numeric:
            values = f"{i.low} to {i.high}" + ("; " + "; ".join(f"{v}={t}" for v, t in sorted(i.labels.items()))
                                                if i.labels else "")
        elif i.kind == "choice":
            values = "; ".join(f"{o.value}={o.label}" for o in i.options)
        else:
            values = f"free text, at most {i.max_length} characters"
        subs = [s.id for s in q.subscales if i.id in s.items]
        scoring = ("reverse scored; " if i.reverse else "") + (f"in {', '.join(subs)}" if subs else "")
        rows.append([f"<phase>__{i.id}", i.text or "(text in the licensed strings file)", i.kind, values,
                     scoring.strip("; ") + f"; asked: {', '.join(i.ask)}"])
    for s in q.subscales:
        rows.append([f"<phase>__{s.id}", s.title, "score",
                     f"{s.method} of {', '.join(s.items)}" + (f" x {s.weight:g}" if s.weight != 1 else ""),
                     f"scored when at least {s.min_answered} of {len(s.items)} items are answered; "
                     "reverse items flipped first"])
    return _csv(["variable", "label", "type", "values", "scoring"], rows)
