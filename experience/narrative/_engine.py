"""The player's step machine: it owns the play state (steps, time, chapters) and emits the events.

:class:`PlayerCore` has two public faces: read-only views (what the console and the
presenters read) and *moves*, the typed operations a request may make (pause,
skip the step, go to a target, answer, end...). Whether a request applies in the
state it finds is :class:`~experience.narrative.TimelinePlayer`'s rule; the core
never decides that, and the player never touches the core's fields.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from .. import events as ev
from ..events import PlayerState as S
from ._model import Chapter, CheckIn, Choice, Cue, Hold, Jump, Label, Line, Narrative, Step, Wait
from ._system_texts import system_text
from ._timeline import END, Timeline

log = logging.getLogger(__name__)

Subscriber = Callable[[ev.Event], None]
LIVE = ev.LIVE_STATES
CONSOLE_LOST_HOLD = "console_lost"
DEBRIEF_HOLD = "debrief"
MAX_INSTANT_STEPS = 10_000


class PlayerCore:
    """The step machine and play state of :class:`~experience.narrative.TimelinePlayer` (its request rules).

    Args:
        narrative: what to play.
    """

    def __init__(self, narrative: Narrative) -> None:
        self.narrative = narrative
        self.state: S = S.WAITING
        self.elapsed = 0.0
        self.stop_at_next_hold = False
        self.consent: bool | None = None
        """The answer recorded at the consent hold: None (not asked yet), True (given), False (declined)."""
        self._started = False
        self._subs: list[Subscriber] = []
        self._tl = Timeline.build(narrative)
        self._ci = 0
        self._si = 0
        self._step: Step | None = None  # the step being played (timed or waiting)
        self._step_t = 0.0
        self._step_len = 0.0
        self._line_open = False
        self._hold_id = ""
        self._hold_note = ""
        self._resume_to: S = S.RUNNING
        self._pending: list[tuple[float, Cue]] = []
        self._warnings_shown = False
        self._resources_shown = False
        self._chapter_open = False
        self._next_narrative: Narrative | None = None
        """The same session in other languages, swapped in when the next chapter starts."""

    # -- subscription -----------------------------------------------------
    def subscribe(self, fn: Subscriber) -> Callable[[], None]:
        """Deliver every event to ``fn`` synchronously; returns an unsubscribe function."""
        self._subs.append(fn)
        return lambda: self._subs.remove(fn) if fn in self._subs else None

    def emit(self, event: ev.Event) -> None:
        """Deliver ``event`` to every subscriber, in order."""
        for fn in self._subs:
            fn(event)

    def _set_state(self, state: S, t: float | None = None) -> None:
        if state != self.state:
            self.state = state
            self.emit(ev.StateChanged(self.elapsed if t is None else t, state))

    # -- read-only views for the console -----------------------------------
    @property
    def chapter(self) -> Chapter | None:
        chs = self.narrative.chapters
        return chs[self._ci] if 0 <= self._ci < len(chs) else None

    @property
    def chapter_index(self) -> int:
        return self._ci

    @property
    def chapter_id(self) -> str:
        c = self.chapter
        return c.id if c else ""

    @property
    def chapter_title(self) -> str:
        c = self.chapter
        return c.title if c else ""

    @property
    def chapters(self) -> list[tuple[str, str]]:
        """``(id, title)`` of every chapter, in order."""
        return [(c.id, c.title) for c in self.narrative.chapters]

    @property
    def current_step(self) -> Step | None:
        return self._step

    @property
    def current_line(self) -> Line | None:
        """The line being spoken (None between lines)."""
        return self._step if self._line_open and isinstance(self._step, Line) else None

    @property
    def line_open(self) -> bool:
        """Whether a line is being spoken (its caption on show)."""
        return self._line_open

    @property
    def line_time(self) -> float:
        """Seconds into the line being spoken (follows the media position); 0 between lines."""
        return self._step_t if self._line_open else 0.0

    @property
    def hold(self) -> tuple[str, str] | None:
        """``(hold id, note)`` while holding, else None."""
        return (self._hold_id, self._hold_note) if self.state in (S.HOLD, S.DEBRIEF) else None

    @property
    def question(self) -> CheckIn | Choice | None:
        """The check-in or choice waiting for an answer (also while paused or calm), else None."""
        live = self._resume_to if self.state in (S.PAUSED, S.CALM) else self.state
        step = self._step
        return step if live in (S.CHECKIN, S.CHOICE) and isinstance(step, CheckIn | Choice) else None

    @property
    def awaiting_consent(self) -> bool:
        """At a consent hold that has no consent yet (continue does not release it)."""
        step = self._step
        return self.state == S.HOLD and isinstance(step, Hold) and step.consent and self.consent is not True

    @property
    def ready(self) -> bool:
        """Consent given at the consent hold: the participant waits for the facilitator's start."""
        return self.state == S.WAITING and self._started

    @property
    def remaining(self) -> float:
        """Estimated seconds left (holds, check-ins and choices count as 0)."""
        if self.state == S.ENDED:
            return 0.0
        return self._tl.remaining(self._ci, self._si, self._step_t if self._step is not None else 0.0)

    @property
    def total(self) -> float:
        """Estimated length of the whole timeline in seconds."""
        return self._tl.total()

    @property
    def languages_pending(self) -> tuple[str, str] | None:
        """The (narration, captions) locales that apply at the next chapter, if a change waits."""
        n = self._next_narrative
        return (n.locale, n.caption_locale or n.locale) if n is not None else None

    def target(self, name: str) -> tuple[int, int] | None:
        """Where a chapter id or label is (chapter index, step index); None when there is no such target."""
        return self._tl.targets.get(name)

    def may_enter(self, ci: int, si: int = 0) -> bool:
        """Whether navigation may go to (chapter, step): never past the consent hold before consent."""
        gate = self._tl.consent_gate
        return gate is None or self.consent is True or (ci, si) <= gate

    # -- per frame --------------------------------------------------------
    def start(self) -> bool:
        """Begin at the first chapter; after consent, go on past the consent hold (both from ``waiting``)."""
        if self.state != S.WAITING:
            return False
        if self._started:  # consent given: the story starts now
            self.release_hold()
            return True
        self._started = True
        n = self.narrative
        self.emit(ev.ExperienceStarted(self.elapsed, n.id, n.title))
        self._set_state(S.RUNNING)
        self._enter_chapter(0, self.elapsed)
        self._run(0.0)
        return True

    def update(self, dt: float) -> None:
        """Advance by ``dt`` seconds of experience time (the app scales frame time)."""
        if self.state not in LIVE or not dt > 0.0:
            return
        self.elapsed += dt
        if self._pending and self._pending[0][0] <= self.elapsed:
            self._fire_due()
        if self.state != S.RUNNING or self._step is None:
            return
        self._step_t += dt
        step = self._step
        if self._line_open and isinstance(step, Line) and self._step_t >= step.duration:
            self._close_line(self.elapsed - (self._step_t - step.duration))
        if self._step_t >= self._step_len:
            over = self._step_t - self._step_len
            self._step, self._step_t = None, 0.0
            self._si += 1
            self._run(over)

    def set_media_position(self, line_id: str, seconds: float) -> None:
        """Where the narration audio of ``line_id`` is: the line's clock follows it."""
        step = self._step
        if isinstance(step, Line) and step.id == line_id and self.state == S.RUNNING:
            self._step_t = min(max(0.0, seconds), self._step_len)

    # -- the step machine ---------------------------------------------------
    def _run(self, over: float) -> None:
        """Play steps from the current position until one takes time or waits."""
        for _ in range(MAX_INSTANT_STEPS):
            if self.state != S.RUNNING:
                return
            t = self.elapsed - over
            chs = self.narrative.chapters
            steps = chs[self._ci].steps
            if self._si >= len(steps):
                if not self._end_chapter(t):
                    return
                continue
            step = steps[self._si]
            if isinstance(step, Line | Wait):
                self._step, self._step_t = step, over
                if isinstance(step, Line):
                    self._step_len = step.duration + step.gap
                    self._line_open = True
                    self.emit(_line_started(step, t))
                    if over >= step.duration:
                        self._close_line(t + step.duration)
                else:
                    self._step_len = step.seconds
                if over < self._step_len:
                    return
                over -= self._step_len
                self._step, self._step_t = None, 0.0
                self._si += 1
            elif isinstance(step, Cue):
                if step.delay > 0:
                    self._pending.append((t + step.delay, step))
                    self._pending.sort(key=lambda p: p[0])
                else:
                    self.emit(ev.Cue(t, step.cue_kind, step.target, step.params))
                self._si += 1
            elif isinstance(step, Label):
                self._si += 1
            elif isinstance(step, Jump):
                if step.target == END or step.target not in self._tl.targets:
                    self._finish(t)
                    return
                self._goto(step.target, t)
            elif isinstance(step, Hold):
                self._step = step
                self._enter_hold(step.id, step.note, t, consent=step.consent)
                if step.show == "resources":
                    self._show_resources(t)
                return
            elif isinstance(step, CheckIn):
                self._step = step
                self._set_state(S.CHECKIN, t)
                self.emit(ev.CheckInAsked(t, step.id, step.prompt, step.checkin_kind, step.options))
                return
            elif isinstance(step, Choice):
                self._step = step
                self._set_state(S.CHOICE, t)
                self.emit(ev.ChoiceAsked(t, step.id, step.prompt, tuple(o.text for o in step.options)))
                return
            else:  # a questionnaire step loaded without a content pack asks nothing
                self._si += 1
        log.error("the narrative loops without any line or wait; ending it")
        self._finish(self.elapsed)

    def _enter_hold(self, hold_id: str, note: str, t: float, consent: bool = False) -> None:
        self._hold_id, self._hold_note = hold_id, note
        self._set_state(S.HOLD, t)
        self.emit(ev.HoldReached(t, hold_id, note, consent))

    def _close_line(self, t: float) -> None:
        if self._line_open and isinstance(self._step, Line):
            self._line_open = False
            self.emit(ev.LineEnded(t, self._step.id))

    def _close_chapter(self, t: float) -> None:
        if self._chapter_open:
            self._chapter_open = False
            self.emit(ev.ChapterEnded(t, self.narrative.chapters[self._ci].id))

    def _enter_chapter(self, ci: int, t: float) -> None:
        if self._next_narrative is not None:
            self._swap_languages(self._next_narrative, t)
        self._chapter_open = True
        self._ci, self._si = ci, 0
        self._step, self._step_t, self._line_open = None, 0.0, False
        c = self.narrative.chapters[ci]
        self.emit(ev.ChapterStarted(t, c.id, ci, c.title, c.scene))
        if ci in self._tl.consent_chapters:
            n = self.narrative
            self._warnings_shown = True
            self.emit(ev.ContentWarnings(t, n.id, n.title, n.content_warnings))

    def _swap_languages(self, narrative: Narrative, t: float) -> None:
        """Play ``narrative`` (the same session in other languages) from here on; says so in an event."""
        self._next_narrative = None
        self.narrative = narrative
        self._tl = Timeline.build(narrative)
        self.emit(ev.LanguageChanged(t, narrative.locale, narrative.caption_locale or narrative.locale))

    def _show_resources(self, t: float) -> None:
        res = self.narrative.resources or {}
        items = tuple(
            f"{i.get('name', '')}: {i.get('contact', '')}".strip(": ") for i in res.get("items") or ()
            if isinstance(i, dict)
        )
        if items:
            self._resources_shown = True
            n = self.narrative
            title = res.get("title") or system_text("support", n.caption_locale or n.locale)
            self.emit(ev.Resources(t, str(title), items))

    def _hide_resources(self, t: float) -> None:
        if self._resources_shown:
            self._resources_shown = False
            self.emit(ev.Resources(t, "", ()))

    def _hide_warnings(self, t: float) -> None:
        if self._warnings_shown:
            self._warnings_shown = False
            self.emit(ev.ContentWarnings(t, self.narrative.id, self.narrative.title, ()))

    def _end_chapter(self, t: float) -> bool:
        """The current chapter ran out of steps; returns True when play goes on."""
        self._close_chapter(t)
        if self._ci + 1 >= len(self.narrative.chapters):
            self._finish(t)
            return False
        self._enter_chapter(self._ci + 1, t)
        if self.stop_at_next_hold:
            self._step = None
            self._enter_hold(CONSOLE_LOST_HOLD, "The console connection was lost: waiting here.", t)
            return False
        return True

    def _finish(self, t: float) -> None:
        """After the last chapter: debrief prompts, then wait for the end."""
        self._close_line(t)
        self._hide_warnings(t)
        self._pending.clear()
        self._step, self._si = None, len(self.narrative.chapters[self._ci].steps)
        for c in self.narrative.chapters:
            if c.debrief:
                self.emit(ev.DebriefReached(t, c.id, dict(c.debrief)))
        self._hold_id, self._hold_note = DEBRIEF_HOLD, "The experience is over: debrief, then end the session."
        self._set_state(S.DEBRIEF, t)
        self.emit(ev.HoldReached(t, DEBRIEF_HOLD, self._hold_note))

    def _fire_due(self) -> None:
        while self._pending and self._pending[0][0] <= self.elapsed:
            due, cue = self._pending.pop(0)
            self.emit(ev.Cue(due, cue.cue_kind, cue.target, cue.params))

    def _goto(self, target: str, t: float) -> None:
        """Move to a chapter id (the chapter starts again) or a label (the caller closed what was open)."""
        ci, si = self._tl.targets[target]
        if ci != self._ci or target == self.narrative.chapters[ci].id:
            self._close_chapter(t)
            self._enter_chapter(ci, t)
        self._si = si

    # -- moves (what a request may do; TimelinePlayer decides when) --------------
    def suspend(self, reason: str) -> None:
        """Stop the clock where it is; :meth:`unsuspend` comes back to this state."""
        self._resume_to = self.state
        self.emit(ev.Paused(self.elapsed, reason))
        self._set_state(S.PAUSED)

    def unsuspend(self) -> None:
        """Back from a pause to the state it began in."""
        self.emit(ev.Resumed(self.elapsed))
        self._set_state(self._resume_to)

    def enter_calm(self, source: str) -> None:
        """Pause (unless paused already) and hand over to the calm place."""
        if self.state != S.PAUSED:
            self._resume_to = self.state
            self.emit(ev.Paused(self.elapsed, "calm"))
        self.emit(ev.CalmEntered(self.elapsed, source))
        self._set_state(S.CALM)

    def exit_calm(self, source: str) -> None:
        """Back from the calm place: paused (or waiting, before the start)."""
        self.emit(ev.CalmLeft(self.elapsed, source))
        self._set_state(S.PAUSED if self._resume_to != S.WAITING else S.WAITING)

    def skip_step(self) -> None:
        """Close the line or wait being played and play on from the next step."""
        self._close_line(self.elapsed)
        self._step, self._step_t = None, 0.0
        self._si += 1
        self._run(0.0)

    def release_hold(self) -> None:
        """Leave the hold being held (the consent hold too) and play on."""
        self.emit(ev.HoldReleased(self.elapsed, self._hold_id))
        self._hide_resources(self.elapsed)
        if isinstance(self._step, Hold) and self._step.consent:
            self._hide_warnings(self.elapsed)
        self._hold_id = self._hold_note = ""
        self._set_state(S.RUNNING)
        if self._step is not None:  # a hold step (not the console-lost wait at a chapter start)
            self._step = None
            self._si += 1
        self._run(0.0)

    def set_consent(self, given: bool, source: str) -> None:
        """Record the answer at the consent hold; given, wait in ``waiting`` for the start."""
        self.consent = given
        self.emit(ev.ConsentAnswered(self.elapsed, given, source))
        if given:
            self._set_state(S.WAITING)

    def answered(self, event: ev.CheckInAnswered | ev.ChoiceMade, jump: str | None = None) -> None:
        """The question being asked was answered (``event`` says how): play on, or go to ``jump``."""
        self.emit(event)
        self._step = None
        if jump is None:
            self._si += 1
        self._set_state(S.RUNNING)
        if jump is None:
            self._run(0.0)
        elif jump == END or jump not in self._tl.targets:
            self._finish(self.elapsed)
        else:
            self._goto(jump, self.elapsed)
            self._run(0.0)

    def to_debrief(self) -> None:
        """Close what is open and go to the debrief."""
        self._leave_position()
        self._close_chapter(self.elapsed)
        self._finish(self.elapsed)

    def restart(self, ci: int) -> None:
        """Close what is open and play chapter ``ci`` from its start."""
        self._leave_position()
        self._close_chapter(self.elapsed)
        self._enter_chapter(ci, self.elapsed)
        self._run(0.0)

    def go(self, target: str) -> None:
        """Close what is open and play from a chapter id or label (one :meth:`target` knows)."""
        self._leave_position()
        self._goto(target, self.elapsed)
        self._run(0.0)

    def end(self, reason: str) -> None:
        """Close whatever is open and end the session (from any state)."""
        t = self.elapsed
        self._close_line(t)
        self._hide_warnings(t)
        self._hide_resources(t)
        self._pending.clear()
        if self.state in (S.HOLD, S.DEBRIEF) or self._hold_id:
            self.emit(ev.HoldReleased(t, self._hold_id or DEBRIEF_HOLD))
        self._close_chapter(t)
        self._step = None
        self._hold_id = self._hold_note = ""
        self.emit(ev.ExperienceEnded(t, self.narrative.id, reason))
        self._set_state(S.ENDED, t)

    def queue_languages(self, narrative: Narrative | None) -> None:
        """Play ``narrative`` (the session in other languages) from the next chapter; None forgets a change."""
        self._next_narrative = narrative

    def apply_languages(self, narrative: Narrative) -> None:
        """Play ``narrative`` from here on (no line plays); what is on show is shown again in it."""
        self._next_narrative = None
        self.reload(narrative)
        t = self.elapsed
        self.emit(ev.LanguageChanged(t, narrative.locale, narrative.caption_locale or narrative.locale))
        if self._warnings_shown:
            self.emit(ev.ContentWarnings(t, narrative.id, narrative.title, narrative.content_warnings))
        if self._resources_shown:
            self._show_resources(t)

    def _leave_position(self) -> None:
        """Close whatever is open before navigating; navigation plays (resumes) at once."""
        t = self.elapsed
        self._close_line(t)
        self._hide_warnings(t)
        self._hide_resources(t)
        if self.state in (S.HOLD, S.DEBRIEF):
            self.emit(ev.HoldReleased(t, self._hold_id))
        if self.state == S.PAUSED:
            self.emit(ev.Resumed(t))
        self._pending.clear()
        self._step, self._step_t = None, 0.0
        self._hold_id = self._hold_note = ""
        self._set_state(S.RUNNING)

    # -- hot reload -------------------------------------------------------------
    def reload(self, narrative: Narrative) -> bool:
        """Swap in an edited narrative, keeping the current chapter and position."""
        old_step, old_ci = self._step, self._ci
        old_id = self.chapter_id
        self.narrative = narrative
        self._tl = Timeline.build(narrative)
        if not narrative.chapters:
            return False
        ci = narrative.chapter_index(old_id)
        ci = ci if ci >= 0 else min(old_ci, len(narrative.chapters) - 1)
        steps = narrative.chapters[ci].steps
        sid = getattr(old_step, "id", None)
        si = next((i for i, s in enumerate(steps) if sid and getattr(s, "id", None) == sid
                   and type(s) is type(old_step)), None)
        self._ci = ci
        if si is None:  # the step is gone: keep the index, start that step afresh
            self._si = min(self._si, len(steps))
            if self.state in (S.RUNNING, S.HOLD, S.CHECKIN, S.CHOICE) and old_step is not None:
                self._close_line(self.elapsed)
                self._step, self._step_t = None, 0.0
                if self.state != S.RUNNING:
                    self._set_state(S.RUNNING)
                self._run(0.0)
            return True
        self._si = si
        new = steps[si]
        if isinstance(new, Line) and isinstance(old_step, Line):
            self._step, self._step_len = new, new.duration + new.gap
            if self._line_open and (new.shown, new.speaker) != (old_step.shown, old_step.speaker):
                self.emit(ev.LineEnded(self.elapsed, old_step.id))
                self.emit(_line_started(new, self.elapsed))
        else:
            self._step = new
        return True




def _line_started(line: Line, t: float) -> ev.LineStarted:
    return ev.LineStarted(t, line.id, line.speaker, line.shown, line.duration, line.audio_path,
                          line.position, True, line.anchor, line.style, line.move_to,
                          line.manner)


