"""A questionnaire asked in the headset: the steps a ``questionnaire:`` step becomes.

The evaluation consent as a choice (declining jumps past the items), one check-in
per ``headset: true`` item and a closing label; ids and texts come from
:mod:`experience.questionnaire`, so the hub files the answers by their step ids.
"""

from __future__ import annotations

from ..questionnaire import CONSENT_STEP, END_STEP, Questionnaire, headset_options, headset_prompt, step_id
from ._model import CheckIn, Choice, Label, Option, Step


def headset_steps(q: Questionnaire, phase: str, pos: tuple[int, int] = (1, 1), source: str = "") -> list[Step]:
    """The steps that ask ``phase``'s headset items (nothing when there are none)."""
    items = q.headset_items(phase)
    if not items:
        return []
    end = step_id(q.id, phase, END_STEP)
    steps: list[Step] = [Choice(id=step_id(q.id, phase, CONSENT_STEP), prompt=q.consent.prompt,
                                options=(Option(q.consent.accept), Option(q.consent.decline, jump=end)))]
    for item in items:
        options = headset_options(item)
        steps.append(CheckIn(id=step_id(q.id, phase, item.id), prompt=headset_prompt(item),
                             checkin_kind="choice" if options else "scale", options=options))
    steps.append(Label(name=end))
    for s in steps:
        s.pos, s.source = pos, source
    return steps
