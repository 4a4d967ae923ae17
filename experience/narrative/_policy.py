"""The safety practice every experience carries (CONTENT.md), as lint warnings.

Run by ``empathy-vr check`` for every content pack, not only the bundled one:
participants read content warnings before they consent, are checked in with
on a 0-10 scale, can be held for a talk, leave with resources, and the
facilitator has a debrief in all four PEARLS phases. The tutorial is exempt
from what only an experience needs (warnings, resources, debrief).
"""

from __future__ import annotations

import re

from ..errors import Diagnostic
from ._model import PEARLS_PHASES, TUTORIAL_ID, CheckIn, Hold, Narrative

SCALE_ENDS = (re.compile(r"(?<!\d)0(?!\d)"), re.compile(r"(?<!\d)10(?!\d)"))


def safety_practice(n: Narrative) -> list[Diagnostic]:
    """Warnings for an experience that skips part of the safety practice (never errors)."""
    out: list[Diagnostic] = []

    def warn(pos: tuple[int, int], message: str, hint: str) -> None:
        out.append(Diagnostic(n.source, pos[0], pos[1], "warning", message, hint))

    for c in n.chapters:
        for s in c.steps:
            if isinstance(s, CheckIn) and s.checkin_kind == "scale" and not all(e.search(s.prompt) for e in SCALE_ENDS):
                warn(s.pos, f"check-in '{s.id}' does not name its scale",
                     "say both ends in the prompt, e.g. 'from 0 (calm) to 10 (very distressed)'")
    if n.id == TUTORIAL_ID or not n.chapters:
        return out
    steps = [s for c in n.chapters for s in c.steps]
    top = (1, 1)
    if not n.content_warnings:
        warn(top, "no content_warnings", "participants read them before they consent; say what the experience shows")
    if not n.resources.get("items"):
        warn(top, "no resources", "list where to find help under 'resources': the facilitator first, then "
             "services the workshop configures for its area")
    if not any(isinstance(s, Hold) for s in steps):
        warn(top, "no hold in the whole experience", "add a 'hold' so the facilitator can pause and talk")
    if not any(isinstance(s, CheckIn) for s in steps):
        warn(top, "no check-in in the whole experience", "add a 'checkin' (0 to 10) at least after the hardest chapter")
    else:
        last = n.chapters[-1]
        if not any(isinstance(s, CheckIn) for s in last.steps):
            warn(last.pos, f"the last chapter '{last.id}' has no check-in",
                 "check in once more at the end, before the participant takes the headset off")
    for c in n.chapters:
        if not any(isinstance(s, (CheckIn, Hold)) for s in c.steps):
            warn(c.pos, f"chapter '{c.id}' has neither a check-in nor a hold",
                 "give every chapter a moment where the facilitator can see how the participant is")
    phases = {p for c in n.chapters for p, prompts in c.debrief.items() if prompts}
    if not phases:
        warn(top, "no debrief prompts", "give chapters a 'debrief' with PEARLS phases for the facilitator")
    elif missing := [p for p in PEARLS_PHASES if p not in phases]:
        warn(top, f"the debrief has no {', '.join(missing)} prompts",
             f"the facilitator's debrief runs through all four PEARLS phases: {', '.join(PEARLS_PHASES)}")
    return out
