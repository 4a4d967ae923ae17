"""Short questionnaire items answered in the headset: a narrative step, the check-in UI, the record."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest

from experience import events as ev
from experience.content import ContentRoot
from experience.errors import ContentError
from experience.narrative import CheckIn, Choice, lint_file, load_narrative
from facilitator import Store
from facilitator.evaluation import HeadsetAnswers, people
from tests.narrative._util import Rec

from .seed import evaluation

ROOT = Path(__file__).resolve().parents[2]
STORY = """id: short
title: Short
chapters:
  - id: one
    scene: placeholder
    steps:
      - line: {id: s1, speaker: Sam, text: "That was the story.", duration: 1}
      - questionnaire: {id: workshop, phase: post}
      - hold: {id: after, note: "Headset off"}
"""


@pytest.fixture
def pack(tmp_path: Path) -> ContentRoot:
    for d in ("narratives", "scenes"):
        (tmp_path / d).mkdir()
    shutil.copy(ROOT / "scenes" / "placeholder.yaml", tmp_path / "scenes")
    shutil.copytree(ROOT / "questionnaires", tmp_path / "questionnaires")
    (tmp_path / "narratives" / "short.yaml").write_text(STORY)
    return ContentRoot.find(tmp_path)


def test_step_becomes_consent_and_check_ins(pack: ContentRoot) -> None:
    n = load_narrative(pack.narratives / "short.yaml", pack)
    steps = n.chapters[0].steps
    consent = steps[1]
    assert isinstance(consent, Choice) and consent.id == "q.workshop.post._consent"
    assert [o.text for o in consent.options] == ["Yes, you may use my answers", "No, thank you"]
    assert consent.options[1].jump == "q.workshop.post._end"
    asked = [s for s in steps if isinstance(s, CheckIn)]
    assert [s.id for s in asked] == ["q.workshop.post.headset_comfort", "q.workshop.post.distress_peak"]
    assert asked[0].checkin_kind == "scale" and "0 = Very uncomfortable" in asked[0].prompt
    fr = load_narrative(pack.narratives / "short.yaml", pack, locale="fr")
    assert fr.chapters[0].steps[1].prompt.startswith("Pouvons-nous")  # type: ignore[attr-defined]


def test_lint_names_a_missing_questionnaire(pack: ContentRoot) -> None:
    path = pack.narratives / "short.yaml"
    path.write_text(STORY.replace("id: workshop, phase: post", "id: worksop, phase: post"))
    got = [d.format() for d in lint_file(path, pack)]
    assert any(":8:9: error: no questionnaire 'worksop' in questionnaires/ (hint: did you mean 'workshop'?)" in g
               for g in got), got
    with pytest.raises(ContentError):
        load_narrative(path, pack)
    path.write_text(STORY.replace("phase: post", "phase: pre"))
    assert any("has no headset items in 'pre'" in d.message for d in lint_file(path, pack))


def _play(pack: ContentRoot, consent: int, answers: list[Any]) -> list[ev.Event]:
    rec = Rec(load_narrative(pack.narratives / "short.yaml", pack))
    rec.run(2)
    assert rec.p.state == "choice"
    rec.p.answer(consent, "controller")
    for a in answers:
        rec.run(0.1)
        assert rec.p.state == "checkin"
        assert rec.p.answer(a, "controller")
    rec.run(0.5)
    assert rec.p.state == "hold"
    return rec.events


def _store_events(store: Store, code: str, events: list[ev.Event]) -> int:
    rows = [(i, e.t, type(e).__name__, {k: v for k, v in dataclasses.asdict(e).items() if k != "t"})
            for i, e in enumerate(events, 1)]
    return store.add_events(code, rows)


def test_headset_answers_are_filed_once(pack: ContentRoot, tmp_path: Path) -> None:
    store = Store(tmp_path / "r.sqlite3")
    try:
        ev_ = evaluation(store.db)
        store.hooks.append(HeadsetAnswers(ev_))
        w = ev_.records.new_workshop("Org", "Day", "short", "workshop")
        store.open_session("K7M-4QX", "short", "Short", w["id"])
        events = _play(pack, 0, [8, 4])
        assert _store_events(store, "K7M-4QX", events) == len(events)
        assert _store_events(store, "K7M-4QX", events) == 0  # a resend after a reconnect
        rows = ev_.records.responses([w["id"]])
        assert [(r["item"], r["value"], r["source"], r["participant"]) for r in rows] == [
            ("_consent", True, "headset", "K7M-4QX"), ("headset_comfort", 8, "headset", "K7M-4QX"),
            ("distress_peak", 4, "headset", "K7M-4QX")]
        assert people(rows)[0].answers["post"] == {"_consent": True, "headset_comfort": 8, "distress_peak": 4}
        store.open_session("ZZZ-999", "short", "Short", w["id"])
        declined = _play(pack, 1, [])  # "No, thank you": the items are skipped, one decline is counted
        assert not any(isinstance(e, ev.CheckInAsked) for e in declined)
        _store_events(store, "ZZZ-999", declined)
        assert ev_.counts(w["id"])["declined"] == 1 and len(ev_.records.responses([w["id"]])) == 3
    finally:
        store.close()
