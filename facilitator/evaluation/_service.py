"""The evaluation as the hub uses it: the phone page's form and answers, reports and exports."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from experience.errors import ContentError, UsageError
from experience.questionnaire import Item, Questionnaire, Questionnaires
from experience.text import ui_text

from .._db import Database
from ._analysis import analyse, breakdown
from ._data import codebook_csv, people, tidy_csv, wide_csv
from ._html import campaign_html, workshop_html
from ._records import EvaluationRecords, Filter

SUBMISSION_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
CODE_RE = re.compile(r"^[^\W\d_]{2}(0[1-9]|[12][0-9]|3[01])[^\W\d_]$")
"""A self-made code: two letters of a parent's first name, the birth day (01-31), a town's first letter."""
SESSION_RE = re.compile(r"^(?=.{3,16}$)[A-Z0-9]+-[A-Z0-9-]+$")
"""A headset session code (it always has a dash, so it never looks like a self-made code)."""
CONSENT_ITEM = "_consent"
"""Every stored submission begins with this answer: the person agreed to the evaluation."""


class AnswerError(ValueError):
    """A submission that cannot be stored; the message is safe to show on the page."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def normalise_code(code: str) -> str:
    """Upper case, accents removed (so 'Élo' and 'ELO' make the same code)."""
    decomposed = unicodedata.normalize("NFKD", code.strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


@dataclass
class Submission:
    """A checked submission, ready to store."""

    submission: str
    participant: str
    phase: str
    locale: str
    source: str
    answers: list[tuple[str, Any]]


class Evaluation:
    """Questionnaires of the content pack plus the answers in the record.

    Args:
        db: the record's database.
        folder: the content pack's ``questionnaires/`` folder.
        now: wall-clock function (injected in tests).
    """

    def __init__(self, db: Database, folder: Path, now: Any = None) -> None:
        self.records = EvaluationRecords(db, now) if now is not None else EvaluationRecords(db)
        self.questionnaires = Questionnaires(folder)

    def questionnaire(self, qid: str, locale: str | None = None) -> Questionnaire:
        try:
            return self.questionnaires.load(qid, locale)
        except (UsageError, ContentError) as exc:
            raise AnswerError(f"the questionnaire '{qid}' cannot be loaded: {str(exc).splitlines()[0]}", 500) from None

    # -- the phone page ---------------------------------------------------
    def form(self, key: str, locale: str | None) -> dict[str, Any]:
        """What the page shows: the open phase's items in ``locale`` (or that nothing is open).

        ``locale`` may list the phone's languages in order (``de-AT,de,en``): the first the
        questionnaire is written in is used, else its first locale.
        """
        w = self.records.by_key(key)
        if w is None:
            raise AnswerError("no such questionnaire link", 404)
        base = self.questionnaire(w["questionnaire"])
        loc = _pick_locale(locale or "", base.locales)
        q = self.questionnaire(w["questionnaire"], loc)
        out: dict[str, Any] = {"open": bool(w["phase"]), "phase": w["phase"], "locale": loc, "locales": list(q.locales),
                               "ui": q.ui, "title": q.title}
        if not w["phase"]:
            return out
        phase = q.phases[w["phase"]]
        out.update(intro=q.intro, phase_title=phase.title, consent=vars(q.consent),
                   items=[_item_json(i) for i in q.items_for(w["phase"])])
        return out

    def check(self, key: str, body: Any) -> tuple[dict[str, Any], Questionnaire, Submission]:
        """Validate a submission against the workshop's open phase.

        Raises:
            AnswerError: what is wrong, for the page (nothing is stored).
        """
        w = self.records.by_key(key)
        if w is None:
            raise AnswerError("no such questionnaire link", 404)
        if not isinstance(body, dict):
            raise AnswerError("the answers must be a JSON object")
        if not w["phase"] or body.get("phase") != w["phase"]:
            raise AnswerError("this questionnaire is not open any more", 409)
        sub, code = body.get("submission"), body.get("participant")
        if not isinstance(sub, str) or not SUBMISSION_RE.match(sub):
            raise AnswerError("submission must be a random id of 16 to 64 letters and digits")
        code = normalise_code(code) if isinstance(code, str) else ""
        if not (CODE_RE.match(code) or SESSION_RE.match(code)):
            raise AnswerError("the personal code must be two letters, a day (01 to 31) and a letter")
        source = body.get("source", "phone")
        if source not in ("phone", "tablet"):
            raise AnswerError("source must be phone or tablet")
        q = self.questionnaire(w["questionnaire"])
        locale = body.get("locale") if body.get("locale") in q.locales else q.locale
        if body.get("consent") is not True:
            raise AnswerError("answers are only kept with consent to the evaluation")
        answers = body.get("answers")
        if not isinstance(answers, dict):
            raise AnswerError("answers must be an object of item id to answer")
        items = q.items_for(w["phase"])
        known = {i.id for i in items}
        unknown = sorted(set(answers) - known)
        if unknown:
            raise AnswerError(f"unknown item '{str(unknown[0])[:40]}' for this phase")
        checked: list[tuple[str, Any]] = [(CONSENT_ITEM, True)]
        for it in items:
            value = answers.get(it.id)
            if value is None or value == "":
                if it.required:
                    raise AnswerError(f"item '{it.id}' needs an answer")
                continue
            checked.append((it.id, _checked_value(it, value)))
        return w, q, Submission(sub, code, w["phase"], str(locale), str(source), checked)

    def submit(self, key: str, body: Any) -> tuple[dict[str, Any], int]:
        """Check and store a submission; returns the workshop and how many rows were new."""
        w, q, s = self.check(key, body)
        fresh = self.records.add_answers(w["id"], s.submission, s.participant, s.phase, q.id, q.version, s.locale,
                                         s.source, s.answers)
        return w, fresh

    def decline(self, key: str, body: Any) -> dict[str, Any]:
        """Count a person who said no (nothing about them is kept)."""
        w = self.records.by_key(key)
        if w is None:
            raise AnswerError("no such questionnaire link", 404)
        sub = body.get("submission") if isinstance(body, dict) else None
        if not isinstance(sub, str) or not SUBMISSION_RE.match(sub):
            raise AnswerError("submission must be a random id of 16 to 64 letters and digits")
        if not w["phase"]:
            raise AnswerError("this questionnaire is not open any more", 409)
        source = body.get("source") if body.get("source") in ("phone", "tablet", "headset") else "phone"
        self.records.add_decline(sub, w["id"], w["phase"], str(source))
        return w

    # -- counts, reports and exports --------------------------------------
    def counts(self, wid: str) -> dict[str, int]:
        """How many people answered each phase, both pre and post, and declined (for the console)."""
        persons = people(self.records.responses([wid]))
        out = {ph: sum(1 for p in persons if ph in p.answers) for ph in ("pre", "post", "follow_up")}
        out["paired"] = sum(1 for p in persons if "pre" in p.answers and "post" in p.answers)
        out["declined"] = sum(self.records.declines([wid]).values())
        return out

    def _report_questionnaire(self, qid: str, lang: str) -> Questionnaire:
        """The questionnaire in the report's language where it is written in it, else its own first."""
        q = self.questionnaire(qid)
        return self.questionnaire(qid, lang) if lang != q.locale and lang in q.locales else q

    def workshop_report(self, wid: str, compare: tuple[str, str] = ("pre", "post"), lang: str = "en") -> str:
        """The workshop's result page in ``lang`` (a console language)."""
        w = self.records.workshop(wid)
        if w is None:
            raise AnswerError("no such workshop", 404)
        q = self._report_questionnaire(w["questionnaire"], lang)
        declined = {ph: n for (_, ph), n in self.records.declines([wid]).items()}
        res = analyse(q, people(self.records.responses([wid])), w["label"] or wid, compare, declined)
        return workshop_html(q, w, res, lang)

    def _campaign(self, f: Filter) -> tuple[Questionnaire, list[dict[str, Any]], list[dict[str, Any]]]:
        workshops = self.records.workshops(f)
        qids = sorted({w["questionnaire"] for w in workshops})
        if len(qids) > 1 and not f.questionnaire:
            raise AnswerError(f"these workshops used different questionnaires ({', '.join(qids)}): "
                              "choose one with questionnaire=ID")
        qid = f.questionnaire or (qids[0] if qids else "")
        if not qid:
            raise AnswerError("no workshop matches", 404)
        return self.questionnaire(qid), workshops, self.records.responses([w["id"] for w in workshops])

    def campaign_report(self, f: Filter, compare: tuple[str, str] = ("pre", "post"), lang: str = "en") -> str:
        """Many workshops' result page in ``lang`` (a console language)."""
        q, workshops, rows = self._campaign(f)
        q = self._report_questionnaire(q.id, lang)
        persons = people(rows)
        ids = [w["id"] for w in workshops]
        declined: dict[str, int] = {}
        for (_, ph), n in self.records.declines(ids).items():
            declined[ph] = declined.get(ph, 0) + n
        res = analyse(q, persons, "campaign", compare, declined)
        none = ui_text("report.no_organisation", lang)
        labels = {w["id"]: f"{w['label'] or w['id']} ({w['organisation'] or none})" for w in workshops}
        rows_by = {s.id: breakdown(q, persons, labels, s.id, compare) for s in q.subscales}
        filters = {"organisation": f.organisation, "experience": f.experience,
                   "from": _day(f.since), "until": _day(f.until)}
        return campaign_html(q, filters, workshops, res, rows_by, lang)

    def export(self, f: Filter, kind: str) -> str:
        """``tidy``, ``wide`` or ``codebook`` CSV for the workshops matching ``f``."""
        q, workshops, rows = self._campaign(f)
        by_id = {w["id"]: w for w in workshops}
        if kind == "tidy":
            return tidy_csv(q, rows, by_id)
        if kind == "wide":
            return wide_csv(q, people(rows), by_id)
        return codebook_csv(q)


def _day(t: float | None) -> str:
    import time

    return time.strftime("%Y-%m-%d", time.localtime(t)) if t is not None else ""


def _checked_value(it: Item, value: Any) -> Any:
    if it.kind == "text":
        if not isinstance(value, str) or len(value) > it.max_length:
            raise AnswerError(f"item '{it.id}' takes text of at most {it.max_length} characters")
        return value.strip()
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
            or int(value) != value or int(value) not in it.values():
        raise AnswerError(f"item '{it.id}' takes one of {', '.join(str(v) for v in it.values())}")
    return int(value)


def _item_json(i: Item) -> dict[str, Any]:
    return {"id": i.id, "kind": i.kind, "text": i.text, "low": i.low, "high": i.high, "required": i.required,
            "labels": {str(k): v for k, v in i.labels.items()}, "max_length": i.max_length,
            "options": [{"value": o.value, "label": o.label} for o in i.options]}


def _pick_locale(wanted: str, have: tuple[str, ...] | list[str]) -> str:
    """The first of the comma-separated ``wanted`` locales in ``have`` (exactly, else by language)."""
    have = list(have)
    for tag in (t.strip() for t in wanted.split(",")[:12]):
        if tag in have:
            return tag
        lang = tag.replace("_", "-").split("-")[0].lower()
        if lang in have:
            return lang
    return have[0]
