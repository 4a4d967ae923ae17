"""Questionnaire answers given in the headset, filed from the session's events.

The headset asks a questionnaire's short items as check-ins whose ids say what
they are (:func:`experience.questionnaire.parse_step_id`). When such an event is
stored for the first time, this hook files it in the same transaction as a
questionnaire answer of the session's workshop, with the headset's session code
as the participant: the consent choice as the ``_consent`` answer (or a
decline), each check-in as its item's value. Keyed by (submission, event seq),
so a resent event is filed once, like the event itself.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from experience.errors import ContentError, UsageError
from experience.questionnaire import CONSENT_STEP, headset_options, parse_step_id

from .._db import Database
from ._service import CONSENT_ITEM, Evaluation

log = logging.getLogger(__name__)


class HeadsetAnswers:
    """A :attr:`facilitator.Store.hooks` entry."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.evaluation = evaluation

    def __call__(self, db: Database, code: str, seq: int, wall: float, name: str, data: dict[str, Any]) -> None:
        if name not in ("ChoiceMade", "CheckInAnswered"):
            return
        ids = parse_step_id(str(data.get("choice_id" if name == "ChoiceMade" else "checkin_id", "")))
        if ids is None:
            return
        qid, phase, item_id = ids
        rows = db.query("SELECT workshop FROM sessions WHERE code=?", (code,))
        workshop = str(rows[0]["workshop"]) if rows else ""
        if not workshop:  # no workshop was open when the headset joined: nothing to file it under
            return
        try:
            q = self.evaluation.questionnaires.load(qid)
        except (UsageError, ContentError) as exc:  # the event is stored all the same; only filing it is skipped
            log.error("headset answer of %s not filed as questionnaire %r: %s", code, qid, str(exc).splitlines()[0])
            return
        submission = f"headset-{code}-{qid}-{phase}"
        if name == "ChoiceMade" and item_id == CONSENT_STEP:
            if data.get("index") == 0:
                self._insert(db, submission, seq, workshop, code, phase, q.id, q.version, q.locale, CONSENT_ITEM,
                             True, wall)
            else:
                db.execute("INSERT INTO declines (submission, workshop, phase, wall, source) VALUES (?,?,?,?,?) "
                           "ON CONFLICT DO NOTHING", (submission, workshop, phase, wall, "headset"))
            return
        item = q.item(item_id)
        value = data.get("value")
        if item is None or value is None:
            return
        if headset_options(item):  # the headset answers with the option's text: find its value
            asked = self._options(db, code, str(data.get("checkin_id")))
            if value not in asked:
                return
            value = item.values()[asked.index(value)]
        elif isinstance(value, bool) or not isinstance(value, int) or value not in item.values():
            return
        self._insert(db, submission, seq, workshop, code, phase, q.id, q.version, q.locale, item.id, value, wall)

    @staticmethod
    def _options(db: Database, code: str, checkin_id: str) -> list[str]:
        """The options the headset showed for this check-in (its latest CheckInAsked event)."""
        for r in db.query("SELECT data FROM events WHERE session=? AND event='CheckInAsked' ORDER BY seq DESC",
                          (code,)):
            d = json.loads(r["data"])
            if d.get("checkin_id") == checkin_id:
                return [str(o) for o in d.get("options", [])]
        return []

    @staticmethod
    def _insert(db: Database, submission: str, seq: int, workshop: str, code: str, phase: str, qid: str,
                version: int, locale: str, item: str, value: Any, wall: float) -> None:
        db.execute("INSERT INTO responses (submission, seq, workshop, participant, phase, questionnaire, version, "
                   "locale, item, value, wall, source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                   (submission, seq, workshop, code, phase, qid, version, locale, item, json.dumps(value), wall,
                    "headset"))
