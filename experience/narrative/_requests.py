"""The player's part of the request table: the requests it owns, and what a refusal says."""

from __future__ import annotations

from collections.abc import Callable

from ..events import QUESTION_STATES
from ..events import PlayerState as S
from ..requests import Handler, Kind, Outcome, Reason, Request
from ._player import TimelinePlayer

NAVIGATION = frozenset({Kind.NEXT_CHAPTER, Kind.PREVIOUS_CHAPTER, Kind.REPLAY_CHAPTER, Kind.JUMP})
STATE_WORDS = {S.WAITING: "waiting for Start", S.HOLD: "at a hold", S.CHECKIN: "at a check-in",
               S.CHOICE: "at a choice", S.CALM: "in the calm place", S.DEBRIEF: "at the debrief"}
NO_SELECTION = Reason("no_selection", "move the selection first (arrow keys or thumbstick), or answer with a number")


def player_handlers(player: TimelinePlayer, selection: Callable[[], int | None]) -> dict[Kind, Handler]:
    """The handlers of every request the player owns.

    Args:
        player: the session's player.
        selection: the selected answer at a check-in or choice (Enter and the trigger confirm it).
    """
    p = player

    def run(kind: Kind, fn: Callable[[Request], bool]) -> Handler:
        return lambda req: applied(fn(req), kind, p)

    def cont(req: Request) -> Outcome:
        if p.state in QUESTION_STATES:  # Enter confirms the selected answer
            chosen = selection()
            if chosen is None:
                return False, NO_SELECTION
            return applied(p.answer(chosen, req.source), Kind.ANSWER, p)
        return applied(p.continue_hold(), Kind.CONTINUE, p)

    return {
        Kind.PAUSE: run(Kind.PAUSE, lambda r: p.pause()),
        Kind.RESUME: run(Kind.RESUME, lambda r: p.resume()),
        Kind.TOGGLE_PAUSE: run(Kind.TOGGLE_PAUSE, lambda r: p.resume() if p.state == S.PAUSED else p.pause()),
        Kind.ADVANCE: run(Kind.ADVANCE, lambda r: p.advance()),
        Kind.NEXT_CHAPTER: run(Kind.NEXT_CHAPTER, lambda r: p.next_chapter()),
        Kind.PREVIOUS_CHAPTER: run(Kind.PREVIOUS_CHAPTER, lambda r: p.previous_chapter()),
        Kind.REPLAY_CHAPTER: run(Kind.REPLAY_CHAPTER, lambda r: p.replay_chapter()),
        Kind.CONTINUE: cont,
        Kind.CALM: run(Kind.CALM, lambda r: p.calm(r.source)),
        Kind.LEAVE_CALM: run(Kind.LEAVE_CALM, lambda r: p.leave_calm(r.source)),
        Kind.START: run(Kind.START, lambda r: p.start()),
        Kind.END: run(Kind.END, lambda r: p.end("end")),
        Kind.JUMP: run(Kind.JUMP, lambda r: p.jump(r.text)),
        Kind.ANSWER: run(Kind.ANSWER, lambda r: p.answer(r.number, r.source)),
        Kind.CONSENT: run(Kind.CONSENT, lambda r: p.record_consent(r.arg is not False, r.source)),
    }


def applied(done: bool, kind: Kind, player: TimelinePlayer) -> Outcome:
    """``(True, None)`` when the player applied it, else ``(False, why)``."""
    return (True, None) if done else (False, refusal(kind, player))


def refusal(kind: Kind, player: TimelinePlayer) -> Reason:
    """Why a request did not apply, in the facilitator's words (the console shows it in its language)."""
    state = player.state
    at_consent = player.awaiting_consent
    words = STATE_WORDS.get(state, str(state))
    if kind == Kind.CONSENT:
        return Reason("consent_not_at_hold", f"consent is recorded at the consent hold (the session is {words})",
                      state=str(state))
    if kind == Kind.START:
        if at_consent:
            return Reason("consent_then_start", "consent comes first: press Consent given, then Start")
        if state == S.WAITING:
            return Reason("consent_first", "consent comes first, at the consent hold")
        return Reason("started_already", f"the story has started already (the session is {words})", state=str(state))
    if at_consent and (kind == Kind.CONTINUE or kind in NAVIGATION):
        return Reason("consent_hold_waits", "the consent hold waits for Consent given, then Start")
    if kind in NAVIGATION and state != S.WAITING and player.consent is not True:
        return Reason("before_consent", "nothing beyond the consent hold plays before consent")
    return Reason("not_now", f"{kind.replace('_', ' ')} does not apply while {words}", kind=str(kind), state=str(state))
