"""Seeded workshops: people answering the bundled questionnaire before and after."""

from __future__ import annotations

import random
from typing import Any

from experience.content import ContentRoot
from facilitator.evaluation import Evaluation

PRE_ITEMS = ("work_with_voices", "depression_recovery", "start_conversation", "panic_help", "weakness",
             "know_support")


def evaluation(db: Any) -> Evaluation:
    return Evaluation(db, ContentRoot.find().questionnaires)


def answers(rng: random.Random, phase: str, shift: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in PRE_ITEMS:
        base = rng.randint(2, 4)
        value = base + (shift if phase == "post" else 0) * (-1 if item == "weakness" else 1)
        out[item] = max(1, min(5, value + rng.choice((0, 0, 1, -1)) * (phase == "post")))
    if phase == "post":
        out.update(headset_comfort=rng.randint(5, 10), distress_peak=rng.randint(1, 7),
                   one_thing=rng.choice(["Ask how someone is, really.", "Listen first.", "Stop the jokes."]))
    return out


def seed_workshop(ev: Evaluation, label: str, organisation: str, n: int, shift: int, seed: int,
                  experience: str = "grey") -> dict[str, Any]:
    """A workshop of ``n`` people answering pre and post (post ``shift`` points more positive)."""
    w = ev.records.new_workshop(organisation, label, experience, "workshop")
    rng = random.Random(seed)
    codes = [f"{rng.choice('ABCDEFGHJK')}{rng.choice('AEIOU')}{rng.randint(1, 28):02d}{rng.choice('LMNPR')}"
             for _ in range(n)]
    for phase in ("pre", "post"):
        ev.records.set_phase(w["id"], phase)
        for i, code in enumerate(codes):
            body = {"submission": f"{w['id']}-{phase}-{i:04d}-seeded", "phase": phase, "participant": code,
                    "consent": True, "locale": "en", "source": "phone", "answers": answers(rng, phase, shift)}
            ev.submit(w["survey_key"], body)
    ev.records.set_phase(w["id"], "")
    return w
