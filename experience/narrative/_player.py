"""The timeline player: a narrative plus a media clock in, events out.

It imports nothing from display, audio or presenters. Presenters subscribe;
requests (from keys, controller or console) are plain method calls that
return True when they applied and False when they do not apply in the current
state (the app turns False into a command-result error for the console).
"""

from __future__ import annotations

from .. import events as ev
from ..events import PlayerState as S
from ._engine import PlayerCore
from ._model import CheckIn, Choice, Line, Narrative, Wait
from ._timeline import END, Timeline

NAVIGABLE = frozenset({S.RUNNING, S.HOLD, S.CHECKIN, S.CHOICE, S.PAUSED, S.DEBRIEF})
LANGUAGE_NOW = frozenset({S.WAITING, S.HOLD, S.DEBRIEF})
"""Where a change of languages applies at once (no line plays); elsewhere it waits for the next chapter."""


class TimelinePlayer(PlayerCore):
    """Plays one narrative (or a composed session) as a sequence of events.

    Args:
        narrative: what to play.

    Attributes:
        state: waiting | running | paused | hold | calm | checkin | choice | debrief | ended.
        elapsed: seconds of experience time (counts while live: not waiting, paused, calm, ended).
        stop_at_next_hold: when True (console lost), the player also waits at the
            next chapter boundary, as at a hold, until someone continues.
    """

    def pause(self, reason: str = "request") -> bool:
        """Stop the clock where it is (any live state)."""
        if self.state not in (S.RUNNING, S.HOLD, S.CHECKIN, S.CHOICE, S.DEBRIEF):
            return False
        self._resume_to = self.state
        self._emit(ev.Paused(self.elapsed, reason))
        self._set_state(S.PAUSED)
        return True

    def resume(self) -> bool:
        """Continue from a pause (or come back from the calm place and continue)."""
        if self.state == S.CALM:
            self.leave_calm()
        if self.state != S.PAUSED:
            return False
        self._emit(ev.Resumed(self.elapsed))
        self._set_state(self._resume_to)
        return True

    def calm(self, source: str = "") -> bool:
        """Pause everything and hand over to the calm place."""
        if self.state in (S.CALM, S.ENDED):
            return False
        if self.state != S.PAUSED:
            self._resume_to = self.state
            self._emit(ev.Paused(self.elapsed, "calm"))
        self._emit(ev.CalmEntered(self.elapsed, source))
        self._set_state(S.CALM)
        return True

    def leave_calm(self, source: str = "") -> bool:
        """Back from the calm place, paused: the facilitator resumes when ready."""
        if self.state != S.CALM:
            return False
        self._emit(ev.CalmLeft(self.elapsed, source))
        self._set_state(S.PAUSED if self._resume_to != S.WAITING else S.WAITING)
        return True

    def advance(self) -> bool:
        """Skip the current line or wait; skip a check-in; pick a choice's first option."""
        st, step = self.state, self._step
        if st == S.RUNNING and isinstance(step, Line | Wait):
            self._close_line(self.elapsed)
            self._step, self._step_t = None, 0.0
            self._si += 1
            self._run(0.0)
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
            self._end("finished")
            return True
        if self.ready:
            return self.start()
        if self.state != S.HOLD or self.awaiting_consent:
            return False
        return self._release_hold()

    def record_consent(self, given: bool = True, source: str = "") -> bool:
        """The facilitator's record of the participant's answer, at the consent hold only.

        Given, the player waits in ``waiting`` for :meth:`start`; declined, it stays at the hold.
        """
        if not self.awaiting_consent:
            return False
        self.consent = bool(given)
        self._emit(ev.ConsentAnswered(self.elapsed, self.consent, source))
        if self.consent:
            self._set_state(S.WAITING)
        return True

    def end(self, reason: str = "end") -> bool:
        """End the session now, from any state (the facilitator's End, quitting the preview)."""
        if self.state == S.ENDED:
            return False
        self._end(reason)
        return True

    def proceed(self, source: str = "script") -> bool:
        """What a facilitator does at a wait in an unattended run: consent then start, or continue."""
        if self.awaiting_consent:
            return self.record_consent(True, source) and self.start()
        return self.continue_hold()

    def answer(self, value: int | str | None, source: str = "") -> bool:
        """Answer the check-in (0..10, an option index or text; None skips) or the choice."""
        step, t = self._step, self.elapsed
        if self.state == S.CHECKIN and isinstance(step, CheckIn):
            got = _checkin_value(step, value)
            if got is False:
                return False
            self._emit(ev.CheckInAnswered(t, step.id, got, source))
        elif self.state == S.CHOICE and isinstance(step, Choice):
            idx = _option_index([o.text for o in step.options], value)
            if idx is None:
                return False
            self._emit(ev.ChoiceMade(t, step.id, idx, source))
            target = step.options[idx].jump
            if target:
                self._step = None
                self._set_state(S.RUNNING)
                if target == END or target not in self._tl.targets:
                    self._finish(t)
                    return True
                self._goto(target, t)
                self._run(0.0)
                return True
        else:
            return False
        self._step = None
        self._si += 1
        self._set_state(S.RUNNING)
        self._run(0.0)
        return True

    # -- navigation -------------------------------------------------------------
    def next_chapter(self) -> bool:
        """Go to the start of the next chapter (from the last one: the debrief)."""
        if self.state not in NAVIGABLE - {S.DEBRIEF}:
            return False
        if self._ci + 1 >= len(self.narrative.chapters):
            self._leave_position()
            self._close_chapter(self.elapsed)
            self._finish(self.elapsed)
            return True
        return self._restart_at(self._ci + 1)

    def previous_chapter(self) -> bool:
        """Go to the start of the previous chapter (the first one restarts)."""
        return self.state in NAVIGABLE and self._restart_at(max(0, self._ci - 1))

    def replay_chapter(self) -> bool:
        """Start the current chapter again."""
        return self.state in NAVIGABLE and self._restart_at(self._ci)

    def jump(self, target: object) -> bool:
        """Go to a chapter id or label (``end``: the debrief)."""
        if self.state not in NAVIGABLE or not isinstance(target, str):
            return False
        if target == END:
            self._leave_position()
            self._close_chapter(self.elapsed)
            self._finish(self.elapsed)
            return True
        if target not in self._tl.targets or not self._may_enter(*self._tl.targets[target]):
            return False
        self._leave_position()
        self._goto(target, self.elapsed)
        self._run(0.0)
        return True

    def _restart_at(self, ci: int) -> bool:
        if not self._may_enter(ci):
            return False
        self._leave_position()
        self._close_chapter(self.elapsed)
        self._enter_chapter(ci, self.elapsed)
        self._run(0.0)
        return True

    def _leave_position(self) -> None:
        """Close whatever is open before navigating; navigation plays (resumes) at once."""
        t = self.elapsed
        self._close_line(t)
        self._hide_warnings(t)
        self._hide_resources(t)
        if self.state in (S.HOLD, S.DEBRIEF):
            self._emit(ev.HoldReleased(t, self._hold_id))
        if self.state == S.PAUSED:
            self._emit(ev.Resumed(t))
        self._pending.clear()
        self._step, self._step_t = None, 0.0
        self._hold_id = self._hold_note = ""
        self._set_state(S.RUNNING)

    # -- hot reload -------------------------------------------------------------
    def change_languages(self, narrative: Narrative) -> bool | None:
        """Play the same session in other languages (``narrative``, loaded in them), never mid-line.

        Before the start, at a hold or in the debrief it applies at once (content warnings
        on show are shown again in the new captions); else when the next chapter starts.
        Returns True when applied now, None when it waits for the next chapter, False
        after the end.
        """
        if self.state == S.ENDED:
            return False
        if self.state not in LANGUAGE_NOW or self._line_open:
            self._next_narrative = narrative
            return None
        self._next_narrative = None
        self.reload(narrative)
        t = self.elapsed
        self._emit(ev.LanguageChanged(t, narrative.locale, narrative.caption_locale or narrative.locale))
        if self._warnings_shown:
            self._emit(ev.ContentWarnings(t, narrative.id, narrative.title, narrative.content_warnings))
        if self._resources_shown:
            self._show_resources(t)
        return True

    def keep_languages(self) -> None:
        """Drop a change of languages that waits for the next chapter."""
        self._next_narrative = None

    @property
    def languages_pending(self) -> tuple[str, str] | None:
        """The (narration, captions) locales that apply at the next chapter, if a change waits."""
        n = self._next_narrative
        return (n.locale, n.caption_locale or n.locale) if n is not None else None

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
                self._emit(ev.LineEnded(self.elapsed, old_step.id))
                self._emit(ev.LineStarted(self.elapsed, new.id, new.speaker, new.shown, new.duration,
                                          new.audio_path, new.position, True, new.anchor, new.style,
                                          new.move_to, new.manner))
        else:
            self._step = new
        return True


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
