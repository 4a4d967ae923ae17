"""Golden transcripts: a narrative played start to end by a scripted participant.

A transcript is one line per event with its time, like Yarn Spinner's test
plans. :func:`play_transcript` answers every hold, check-in and choice the
same way each time, so the transcript changes only when the narrative (or
the player) does.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from .. import events as ev
from ..events import PlayerState as S
from ._model import Narrative
from ._player import TimelinePlayer

DT = 1.0 / 32.0  # exact in binary: times add up without drift


@dataclass
class Script:
    """How the scripted participant and facilitator answer.

    Attributes:
        hold_after: seconds before a hold (or the debrief) is continued.
        answer_after: seconds before a check-in or choice is answered.
        scale: the 0-10 check-in answer.
        option: the option index picked in choices and choice check-ins.
    """

    hold_after: float = 2.0
    answer_after: float = 1.5
    scale: int = 2
    option: int = 0


def format_event(e: ev.Event) -> str:
    """One transcript row: time, event name, the fields that say something."""
    parts = [f"{e.t:9.3f}", type(e).__name__]
    for f in fields(e):
        if f.name == "t":
            continue
        v = getattr(e, f.name)
        if f.name == "audio":
            v = Path(v).name if v else None
        if v in (None, "", (), {}, False) and f.name != "value":
            continue
        if isinstance(v, float):
            v = round(v, 3)
        parts.append(f"{f.name}={v!r}")
    return " ".join(parts)


def play_transcript(narrative: Narrative, script: Script | None = None, limit_s: float = 4 * 3600.0) -> list[str]:
    """Play ``narrative`` to its end with ``script``; returns the transcript rows."""
    s = script or Script()
    player = TimelinePlayer(narrative)
    rows: list[str] = []
    player.subscribe(lambda e: rows.append(format_event(e)))
    player.start()
    waited = 0.0
    steps = int(limit_s / DT)
    for _ in range(steps):
        if player.state == S.ENDED:
            break
        player.update(DT)
        if player.state in (S.HOLD, S.DEBRIEF, S.CHECKIN, S.CHOICE):
            waited += DT
            due = s.hold_after if player.state in (S.HOLD, S.DEBRIEF) else s.answer_after
            if waited >= due:
                waited = 0.0
                if player.state in (S.HOLD, S.DEBRIEF):
                    player.proceed("script")
                elif player.state == S.CHECKIN:
                    step = player.current_step
                    kind = getattr(step, "checkin_kind", "scale")
                    player.answer(s.scale if kind == "scale" else s.option, "script")
                else:
                    player.answer(s.option, "script")
        else:
            waited = 0.0
    if player.state != S.ENDED:
        rows.append(f"# not ended after {limit_s:g} s (state {player.state})")
    return rows
