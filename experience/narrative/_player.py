"""The timeline player: a narrative plus a media clock in, events out.

It imports nothing from display, audio or presenters. Presenters subscribe;
requests (from keys, controller or console) are plain method calls that
return True when they applied and False when they do not apply in the current
state (the app turns False into a command-result error for the console).

The player is the rules of the requests; the play state and the step machine are
its :class:`~._engine.PlayerCore`, which it reads and moves only through the core's
public views and moves.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import events as ev
from ..events import PlayerState as S
from ._engine import PlayerCore, Subscriber
from ._model import Chapter, CheckIn, Choice, Line, Narrative, Step, Wait
from ._timeline import END

NAVIGABLE = frozenset({S.RUNNING, S.HOLD, S.CHECKIN, S.CHOICE, S.PAUSED, S.DEBRIEF})
LANGUAGE_NOW = frozenset({S.WAITING, S.HOLD, S.DEBRIEF})
"""Where a change of languages applies at once (no line plays); elsewhere it waits for the next chapter."""
PAUSABLE = frozenset({S.RUNNING, S.HOLD, S.CHECKIN, S.CHOICE, S.DEBRIEF})


class TimelinePlayer:
    """Plays one narrative (or a composed session) as a sequence of events.

    Args:
        narrative: what to play.

    Attributes:
        state: waiting | running | paused | hold | calm | checkin | choice | debrief | ended.
        elapsed: seconds of experience time (counts while live: not waiting, paused, calm, ended).
        stop_at_next_hold: when True (console lost), the player also waits at the
            next chapter boundary, as at a hold, until someone continues.
    """

    def __init__(self, narrative: Narrative) -> None:
        self._core = PlayerCore(narrative)

    # -- the core's views (read-only, but for stop_at_next_hold) ------------------
    @property
    def view(self) -> PlayerCore:
        """The read-only view presenters are handed (``Services.player``): the core itself, so their
        per-frame reads go to the state without passing through the player."""
        return self._core

    @property
    def state(self) -> S:
        return self._core.state

    @property
    def elapsed(self) -> float:
        return self._core.elapsed

    @property
    def consent(self) -> bool | None:
        """The answer recorded at the consent hold: None (not asked yet), True (given), False (declined)."""
        return self._core.consent

    @property
    def narrative(self) -> Narrative:
        return self._core.narrative

    @property
    def stop_at_next_hold(self) -> bool:
        return self._core.stop_at_next_hold

    @stop_at_next_hold.setter
    def stop_at_next_hold(self, on: bool) -> None:
        self._core.stop_at_next_hold = on

    @property
    def chapter(self) -> Chapter | None:
        return self._core.chapter

    @property
    def chapter_index(self) -> int:
        return self._core.chapter_index

    @property
    def chapter_id(self) -> str:
        return self._core.chapter_id

    @property
    def chapter_title(self) -> str:
        return self._core.chapter_title

    @property
    def chapters(self) -> list[tuple[str, str]]:
        """``(id, title)`` of every chapter, in order."""
        return self._core.chapters

    @property
    def current_step(self) -> Step | None:
        return self._core.current_step

    @property
    def current_line(self) -> Line | None:
        """The line being spoken (None between lines)."""
        return self._core.current_line

    @property
    def line_time(self) -> float:
        """Seconds into the line being spoken (follows the media position); 0 between lines."""
        return self._core.line_time

    @property
    def hold(self) -> tuple[str, str] | None:
        """``(hold id, note)`` while holding, else None."""
        return self._core.hold

    @property
    def question(self) -> CheckIn | Choice | None:
        """The check-in or choice waiting for an answer (also while paused or calm), else None."""
        return self._core.question

    @property
    def awaiting_consent(self) -> bool:
        """At a consent hold that has no consent yet (continue does not release it)."""
        return self._core.awaiting_consent

    @property
    def ready(self) -> bool:
        """Consent given at the consent hold: the participant waits for the facilitator's start."""
        return self._core.ready

    @property
    def remaining(self) -> float:
        """Estimated seconds left (holds, check-ins and choices count as 0)."""
        return self._core.remaining

    @property
    def total(self) -> float:
        """Estimated length of the whole timeline in seconds."""
        return self._core.total

    @property
    def languages_pending(self) -> tuple[str, str] | None:
        """The (narration, captions) locales that apply at the next chapter, if a change waits."""
        return self._core.languages_pending

    # -- per frame ----------------------------------------------------------------
    def subscribe(self, fn: Subscriber) -> Callable[[], None]:
        """Deliver every event to ``fn`` synchronously; returns an unsubscribe function."""
        return self._core.subscribe(fn)

    def update(self, dt: float) -> None:
        """Advance by ``dt`` seconds of experience time (the app scales frame time)."""
        self._core.update(dt)

    def set_media_position(self, line_id: str, seconds: float) -> None:
        """Where the narration audio of ``line_id`` is: the line's clock follows it."""
        self._core.set_media_position(line_id, seconds)

    # -- requests -----------------------------------------------------------------
    def start(self) -> bool:
        """Begin at the first chapter; after consent, go on past the consent hold (both from ``waiting``)."""
        return self._core.start()

    def pause(self, reason: str = "request") -> bool:
        """Stop the clock where it is (any live state)."""
        if self.state not in PAUSABLE:
            return False
        self._core.suspend(reason)
        return True

    def resume(self) -> bool:
        """Continue from a pause (or come back from the calm place and continue)."""
        if self.state == S.CALM:
            self.leave_calm()
        if self.state != S.PAUSED:
            return False
        self._core.unsuspend()
        return True

    def calm(self, source: str = "") -> bool:
        """Pause everything and hand over to the calm place."""
        if self.state in (S.CALM, S.ENDED):
            return False
        self._core.enter_calm(source)
        return True

    def leave_calm(self, source: str = "") -> bool:
        """Back from the calm place, paused: the facilitator resumes when ready."""
        if self.state != S.CALM:
            return False
        self._core.exit_calm(source)
        return True

    def advance(self) -> bool:
        """Skip the current line or wait; skip a check-in; pick a choice's first option."""
        st = self.state
        if st == S.RUNNING and isinstance(self.current_step, Line | Wait):
            self._core.skip_step()
            return True
        if st == S.CHECKIN:
            return self.answer(None, "skip")
        if st == S.CHOICE:
            return self.answer(0, "advance")
        return False

    def continue_hold(self) -> bool:
        """Release a hold; after consent, start; at the debrief, end the experience.

        The consent hold is not released by continue: it waits for :meth:`record_consent`,
        then for :meth:`start`.
        """
        if self.state == S.DEBRIEF:
            self._core.end("finished")
            return True
        if self.ready:
            return self.start()
        if self.state != S.HOLD or self.awaiting_consent:
            return False
        self._core.release_hold()
        return True

    def record_consent(self, given: bool = True, source: str = "") -> bool:
        """The facilitator's record of the participant's answer, at the consent hold only.

        Given, the player waits in ``waiting`` for :meth:`start`; declined, it stays at the hold.
        """
        if not self.awaiting_consent:
            return False
        self._core.set_consent(bool(given), source)
        return True

    def end(self, reason: str = "end") -> bool:
        """End the session now, from any state (the facilitator's End, quitting the preview)."""
        if self.state == S.ENDED:
            return False
        self._core.end(reason)
        return True

    def proceed(self, source: str = "script") -> bool:
        """What a facilitator does at a wait in an unattended run: consent then start, or continue."""
        if self.awaiting_consent:
            return self.record_consent(True, source) and self.start()
        return self.continue_hold()

    def answer(self, value: int | str | None, source: str = "") -> bool:
        """Answer the check-in (0..10, an option index or text; None skips) or the choice."""
        step, t = self.current_step, self.elapsed
        if self.state == S.CHECKIN and isinstance(step, CheckIn):
            got = _checkin_value(step, value)
            if got is False:
                return False
            self._core.answered(ev.CheckInAnswered(t, step.id, got, source))
            return True
        if self.state == S.CHOICE and isinstance(step, Choice):
            idx = _option_index([o.text for o in step.options], value)
            if idx is None:
                return False
            self._core.answered(ev.ChoiceMade(t, step.id, idx, source), step.options[idx].jump or None)
            return True
        return False

    # -- navigation -------------------------------------------------------------
    def next_chapter(self) -> bool:
        """Go to the start of the next chapter (from the last one: the debrief)."""
        if self.state not in NAVIGABLE - {S.DEBRIEF}:
            return False
        if self.chapter_index + 1 >= len(self.narrative.chapters):
            self._core.to_debrief()
            return True
        return self._restart_at(self.chapter_index + 1)

    def previous_chapter(self) -> bool:
        """Go to the start of the previous chapter (the first one restarts)."""
        return self.state in NAVIGABLE and self._restart_at(max(0, self.chapter_index - 1))

    def replay_chapter(self) -> bool:
        """Start the current chapter again."""
        return self.state in NAVIGABLE and self._restart_at(self.chapter_index)

    def jump(self, target: object) -> bool:
        """Go to a chapter id or label (``end``: the debrief)."""
        if self.state not in NAVIGABLE or not isinstance(target, str):
            return False
        if target == END:
            self._core.to_debrief()
            return True
        at = self._core.target(target)
        if at is None or not self._core.may_enter(*at):
            return False
        self._core.go(target)
        return True

    def _restart_at(self, ci: int) -> bool:
        if not self._core.may_enter(ci):
            return False
        self._core.restart(ci)
        return True

    # -- languages and hot reload ---------------------------------------------------
    def change_languages(self, narrative: Narrative) -> bool | None:
        """Play the same session in other languages (``narrative``, loaded in them), never mid-line.

        Before the start, at a hold or in the debrief it applies at once (content warnings
        on show are shown again in the new captions); else when the next chapter starts.
        Returns True when applied now, None when it waits for the next chapter, False
        after the end.
        """
        if self.state == S.ENDED:
            return False
        if self.state not in LANGUAGE_NOW or self._core.line_open:
            self._core.queue_languages(narrative)
            return None
        self._core.apply_languages(narrative)
        return True

    def keep_languages(self) -> None:
        """Drop a change of languages that waits for the next chapter."""
        self._core.queue_languages(None)

    def reload(self, narrative: Narrative) -> bool:
        """Swap in an edited narrative, keeping the current chapter and position."""
        return self._core.reload(narrative)


def _checkin_value(step: CheckIn, value: int | str | None) -> int | str | bool | None:
    if value is None:
        return None
    if step.checkin_kind == "scale":
        if isinstance(value, bool):
            return False
        try:
            v = float(value)
        except (TypeError, ValueError):
            return False
        return int(v) if v.is_integer() and 0 <= v <= 10 else False
    idx = _option_index(list(step.options), value)
    return False if idx is None else step.options[idx]


def _option_index(options: list[str], value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 0 <= value < len(options):
        return value
    if isinstance(value, str):
        if value in options:
            return options.index(value)
        if value.isdigit() and int(value) < len(options):
            return int(value)
    return None
