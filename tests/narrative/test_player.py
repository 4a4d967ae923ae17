"""The timeline player: time, steps and every request at awkward moments."""

from __future__ import annotations

import pytest

from experience import events as ev

from ._util import Rec, narrative


def test_lines_follow_their_duration_and_gap() -> None:
    r = Rec()
    started = r.of(ev.LineStarted)
    assert [e.line_id for e in started] == ["a1"] and started[0].t == 0.0
    r.run(4.0)
    assert r.of(ev.LineEnded)[0].t == pytest.approx(4.0)
    assert r.p.state == "running" and r.p.current_line is None
    r.run(0.5)  # gap 0.4 then the wait
    r.run(2.0)
    assert r.p.state == "hold"
    hold = r.of(ev.HoldReached)[0]
    assert hold.hold_id == "h1" and hold.note == "settle" and hold.t == pytest.approx(6.4)


def test_delayed_cue_fires_at_its_time_without_blocking() -> None:
    r = Rec()
    r.run(5.5)
    cue = r.of(ev.Cue)[0]
    assert cue.target == "chime" and cue.t == pytest.approx(5.4)


def test_frame_rate_does_not_change_event_times() -> None:
    a, b = Rec(), Rec()
    a.run(6.5, dt=1 / 90)
    b.run(6.5, dt=1 / 20)
    ta = [(type(e).__name__, round(e.t, 6)) for e in a.events]
    tb = [(type(e).__name__, round(e.t, 6)) for e in b.events]
    assert ta == tb


def test_pause_mid_line_stops_the_clock_and_resume_continues() -> None:
    r = Rec()
    r.run(1.0)
    assert r.p.pause()
    assert r.p.state == "paused" and not r.p.pause()
    r.run(10.0)
    assert not r.of(ev.LineEnded) and r.p.elapsed == pytest.approx(1.0)
    assert r.p.resume() and r.p.state == "running"
    r.run(3.0)
    assert r.of(ev.LineEnded)[0].t == pytest.approx(4.0)
    assert [e.reason for e in r.of(ev.Paused)] == ["request"]


def test_pause_at_hold_resumes_to_hold() -> None:
    r = Rec()
    r.run(7.0)
    assert r.p.state == "hold" and r.p.pause()
    assert not r.p.continue_hold()  # paused: continue does not apply
    assert r.p.resume() and r.p.state == "hold"
    assert r.p.continue_hold() and r.p.state == "running"
    assert r.of(ev.LineStarted)[-1].line_id == "a2"


def test_advance_mid_line_skips_it_but_not_a_hold() -> None:
    r = Rec()
    r.run(1.0)
    m = r.mark()
    assert r.p.advance()
    assert r.names(m)[:1] == ["LineEnded"] and r.p.current_step is not None
    assert r.p.advance()  # the wait
    assert r.p.state == "hold" and not r.p.advance()


def test_checkin_answers_and_skips() -> None:
    r = Rec()
    assert r.p.jump("two") and r.p.state == "checkin"
    assert not r.p.answer(11, "console") and not r.p.answer("x", "console") and not r.p.answer(True)
    assert r.p.answer(7, "controller")
    got = r.of(ev.CheckInAnswered)[0]
    assert (got.checkin_id, got.value, got.source) == ("c1", 7, "controller")
    assert r.p.state == "choice"
    r2 = Rec()
    r2.p.jump("two")
    assert r2.p.advance()  # skip the check-in: answered with None
    assert r2.of(ev.CheckInAnswered)[0].value is None


def test_choice_jumps_to_label_or_chapter() -> None:
    r = Rec()
    r.p.jump("two")
    r.p.answer(3)
    assert r.p.answer(0, "keyboard")
    assert r.of(ev.LineStarted)[-1].line_id == "b1"
    r2 = Rec()
    r2.p.jump("two")
    r2.p.answer(3)
    assert r2.p.answer("Right")
    assert r2.p.chapter_id == "three" and r2.of(ev.LineStarted)[-1].line_id == "c3"
    assert r2.of(ev.ChoiceMade)[0].index == 1


@pytest.mark.parametrize("when", ["mid_line", "hold", "checkin", "paused", "last_step"])
def test_navigation_at_awkward_moments(when: str) -> None:
    r = Rec()
    {"mid_line": lambda: r.run(1.0), "hold": lambda: r.run(7.0), "checkin": lambda: r.p.jump("two"),
     "paused": lambda: (r.run(1.0), r.p.pause()), "last_step": lambda: (r.p.jump("three"), r.run(1.0))}[when]()
    for req, chapter in (("next_chapter", None), ("previous_chapter", None), ("replay_chapter", None)):
        before = r.p.chapter_index
        m = r.mark()
        assert getattr(r.p, req)(), (req, when)
        names = r.names(m)
        # what was open is closed before the chapter changes, and the new chapter starts
        if "ChapterStarted" in names:
            assert names.index("ChapterEnded") < names.index("ChapterStarted")
            assert r.p.state in ("running", "checkin", "hold")
            assert r.p.chapter_index == {"next_chapter": min(before + 1, 2), "previous_chapter": max(0, before - 1),
                                         "replay_chapter": before}[req]
        else:  # next from the last chapter: the debrief
            assert r.p.state == "debrief" and chapter is None
        opened = sum(isinstance(e, ev.LineStarted) for e in r.events)
        closed = sum(isinstance(e, ev.LineEnded) for e in r.events)
        assert opened - closed in (0, 1)
        if r.p.state == "debrief":
            break


def test_next_chapter_from_last_goes_to_debrief_then_end() -> None:
    r = Rec()
    r.p.jump("three")
    assert r.p.next_chapter() and r.p.state == "debrief"
    assert r.of(ev.DebriefReached)[0].prompts == {"reactions": ("How was it?",)}
    assert not r.p.next_chapter() and not r.p.advance()
    assert r.p.continue_hold() and r.p.state == "ended"
    assert isinstance(r.events[-2], ev.ExperienceEnded)
    for req in ("pause", "resume", "advance", "next_chapter", "replay_chapter", "continue_hold", "leave_calm"):
        assert not getattr(r.p, req)(), req
    assert not r.p.calm("console") and not r.p.jump("one") and not r.p.answer(1)


def test_jump_to_label_and_unknown_target() -> None:
    r = Rec()
    assert not r.p.jump("nowhere") and not r.p.jump(3)
    assert r.p.jump("left") and r.of(ev.LineStarted)[-1].line_id == "b1"
    assert r.p.jump("end") and r.p.state == "debrief"


@pytest.mark.parametrize("when", ["mid_line", "hold", "checkin", "paused", "waiting"])
def test_calm_from_anywhere_and_back(when: str) -> None:
    r = Rec(start=when != "waiting")
    before = {"mid_line": lambda: r.run(1.0), "hold": lambda: r.run(7.0), "checkin": lambda: r.p.jump("two"),
              "paused": lambda: (r.run(1.0), r.p.pause()), "waiting": lambda: None}[when]()
    del before
    state = r.p.state
    assert r.p.calm("controller") and r.p.state == "calm"
    assert r.of(ev.CalmEntered)[0].source == "controller"
    t = r.p.elapsed
    r.run(5.0)
    assert r.p.elapsed == t and not r.p.calm("console")
    assert not r.p.advance() and not r.p.next_chapter()
    assert r.p.leave_calm()
    assert r.p.state == ("waiting" if when == "waiting" else "paused")
    if when != "waiting":
        assert r.p.resume() and r.p.state == (state if when != "paused" else "running")


def test_resume_from_calm_leaves_and_resumes() -> None:
    r = Rec()
    r.run(1.0)
    r.p.calm("keyboard")
    assert r.p.resume() and r.p.state == "running"
    assert r.names()[-2:] == ["CalmLeft", "Resumed"]


def test_media_position_drives_the_line_clock() -> None:
    r = Rec()
    r.run(0.5)
    r.p.set_media_position("a1", 3.9)
    r.run(0.125)
    assert r.of(ev.LineEnded), "the audio said the line is nearly over"
    r.p.set_media_position("zz", 0.0)  # another line: ignored


def test_stop_at_next_hold_waits_at_chapter_boundary() -> None:
    n = narrative()
    n.chapters[0].steps = [s for s in n.chapters[0].steps if s.kind != "hold"]
    r = Rec(n)
    r.p.stop_at_next_hold = True
    r.run(20.0)
    assert r.p.state == "hold" and r.p.hold == ("console_lost", r.p.hold[1])  # type: ignore[index]
    assert r.p.chapter_id == "two" and not r.of(ev.CheckInAsked)
    r.p.stop_at_next_hold = False
    assert r.p.continue_hold() and r.p.state == "checkin"


def test_remaining_and_chapter_views() -> None:
    r = Rec()
    assert r.p.chapters == [("one", ""), ("two", ""), ("three", "")]
    total = r.p.total
    assert total == pytest.approx(4.4 + 2 + 2.4 + 2.4 + 3.4)
    r.run(1.0)
    assert r.p.remaining == pytest.approx(total - 1.0)
    assert r.p.current_line is not None and r.p.current_line.id == "a1"


def test_reload_keeps_chapter_and_position() -> None:
    r = Rec()
    r.run(1.0)
    edited = narrative(narrative_text().replace("one two three", "ONE TWO THREE"))
    m = r.mark()
    assert r.p.reload(edited)
    assert r.names(m) == ["LineEnded", "LineStarted"]
    assert r.of(ev.LineStarted)[-1].text.startswith("ONE") and r.p.elapsed == 1.0
    r.run(3.0)
    assert r.of(ev.LineEnded)[-1].t == pytest.approx(4.0)
    r.run(3.0)
    assert r.p.state == "hold"
    assert r.p.reload(narrative()) and r.p.state == "hold" and r.p.continue_hold()


def test_reload_when_step_is_gone_restarts_at_same_index() -> None:
    r = Rec()
    r.run(7.0)
    assert r.p.state == "hold"
    edited = narrative(narrative_text().replace('      - hold: {id: h1, note: "settle"}\n', ""))
    assert r.p.reload(edited) and r.p.state == "running"
    assert r.of(ev.LineStarted)[-1].line_id == "a2"


def narrative_text() -> str:
    from ._util import SMALL

    return SMALL


def test_jump_loop_without_time_ends_instead_of_hanging() -> None:
    n = narrative("id: loop\ntitle: L\nchapters:\n  - id: c\n    scene: s\n    steps:\n"
                  "      - label: top\n      - jump: top\n", "loop.yaml")
    r = Rec(n)
    assert r.p.state == "debrief"


def test_consent_chapter_shows_and_hides_content_warnings() -> None:
    from experience.narrative import compose

    tut = narrative("id: tutorial\ntitle: T\nchapters:\n  - id: welcome\n    scene: s\n    steps:\n"
                    "      - line: {id: w1, text: hi, duration: 1}\n  - id: consent\n    scene: s\n    steps:\n"
                    "      - line: {id: w2, text: \"{title}: {content_warnings}\", duration: 1}\n"
                    "      - hold: {id: ok, note: \"consent?\", consent: true}\n", "tutorial.yaml")
    exp = narrative()
    exp.content_warnings = ("Loud noises.",)
    r = Rec(compose(tut, exp))
    assert not r.of(ev.ContentWarnings)
    r.run(1.5)
    shown = r.of(ev.ContentWarnings)
    assert len(shown) == 1 and shown[0].warnings == ("Loud noises.",) and shown[0].experience_id == "small"
    assert r.of(ev.LineStarted)[-1].text == "Small: Loud noises."
    r.run(1.5)
    hold = r.of(ev.HoldReached)[-1]
    assert hold.consent and r.p.state == "hold"
    assert r.p.record_consent(True, "console") and r.p.state == "waiting"
    assert r.of(ev.ContentWarnings)[-1].warnings  # still shown while the participant waits for Start
    assert r.p.start()
    assert r.of(ev.ContentWarnings)[-1].warnings == () and r.p.chapter_id == "one"


def test_label_jump_in_same_chapter_has_no_chapter_events() -> None:
    r = Rec()
    r.p.jump("two")
    r.p.answer(1)
    m = r.mark()
    assert r.p.jump("left")
    assert "ChapterStarted" not in r.names(m)
    m = r.mark()
    assert r.p.jump("two")  # a chapter id: the chapter starts again
    assert r.names(m)[:3] == ["LineEnded", "ChapterEnded", "ChapterStarted"]


def test_steps_name_their_assets() -> None:
    n = narrative()
    assert n.assets() == [("scene", "placeholder"), ("sound", "chime")]
    n.lines()[0].audio_path = "/x/a1.wav"
    assert ("audio", "/x/a1.wav") in n.assets(chapter=0) and n.assets(chapter=1) == [("scene", "placeholder")]
