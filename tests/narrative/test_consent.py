"""The session's life at the consent hold: consent only there, then Start; End from anywhere."""

from __future__ import annotations

from experience import events as ev
from experience.narrative import compose

from ._util import Rec, narrative

TUTORIAL = ("id: tutorial\ntitle: T\nchapters:\n  - id: welcome\n    scene: s\n    steps:\n"
            "      - line: {id: w1, text: hi, duration: 1}\n      - hold: {id: calm, note: practise}\n"
            "  - id: consent\n    scene: s\n    steps:\n      - line: {id: w2, text: \"{title}\", duration: 1}\n"
            "      - hold: {id: ok, note: \"consent?\", consent: true}\n"
            "      - line: {id: w3, text: go, duration: 1}\n")


def session() -> Rec:
    return Rec(compose(narrative(TUTORIAL, "tutorial.yaml"), narrative()))


def test_consent_applies_only_at_the_consent_hold_then_start_begins_the_story() -> None:
    r = session()
    assert not r.p.record_consent(True, "console")  # running: refused, and nothing is emitted
    assert r.p.consent is None and not r.of(ev.ConsentAnswered)
    r.run(1.5)
    assert r.p.state == "hold" and not r.p.awaiting_consent  # the calm-practice hold
    assert not r.p.record_consent(True, "console") and not r.p.start()
    assert r.p.continue_hold()
    r.run(1.5)
    assert r.p.awaiting_consent and r.p.hold == ("ok", "consent?")
    assert not r.p.continue_hold() and not r.p.start()  # the consent hold waits for consent
    assert not r.p.next_chapter() and not r.p.jump("two") and r.p.state == "hold"  # nothing beyond it plays
    assert r.p.record_consent(False, "console") and r.p.state == "hold" and r.p.consent is False  # declined
    assert r.p.record_consent(True, "console")
    assert [(e.given, e.source) for e in r.of(ev.ConsentAnswered)] == [(False, "console"), (True, "console")]
    assert r.p.state == "waiting" and r.p.ready and r.p.consent is True and r.p.hold is None
    elapsed = r.p.elapsed
    r.run(5.0)
    assert r.p.state == "waiting" and r.p.elapsed == elapsed  # the participant waits; time stands still
    assert not r.p.record_consent(True, "console")  # already given
    m = r.mark()
    assert r.p.start()
    assert r.names(m)[:3] == ["HoldReleased", "ContentWarnings", "LineStarted"]
    assert r.p.state == "running" and r.of(ev.LineStarted)[-1].line_id == "w3"
    assert not r.p.start()
    assert r.p.jump("two")  # after consent, navigation is free again


def test_continue_starts_once_consent_is_given_and_proceed_does_both() -> None:
    r = session()
    r.run(1.5)
    r.p.continue_hold()
    r.run(1.5)
    assert r.p.record_consent(True, "keyboard") and r.p.continue_hold() and r.p.state == "running"
    r2 = session()
    r2.run(1.5)
    assert r2.p.proceed("script")  # unattended runs: continue a hold
    r2.run(1.5)
    assert r2.p.proceed("script") and r2.p.state == "running" and r2.p.consent is True


def test_end_works_from_any_state_and_says_why() -> None:
    for setup in (lambda r: None, lambda r: r.p.pause(), lambda r: r.p.calm("console"),
                  lambda r: (r.run(7.0), r.p.continue_hold(), r.run(2.1))):
        r = Rec()
        setup(r)
        m = r.mark()
        assert r.p.end("end") and r.p.state == "ended"
        ended = r.of(ev.ExperienceEnded)
        assert len(ended) == 1 and ended[0].reason == "end" and "ChapterEnded" in r.names(m)
        assert not r.p.end("end") and len(r.of(ev.ExperienceEnded)) == 1
    r = Rec()
    r.p.jump("end")
    assert r.p.continue_hold() and r.of(ev.ExperienceEnded)[-1].reason == "finished"


def test_the_question_is_known_while_asked_and_gone_once_skipped() -> None:
    r = Rec()
    r.p.jump("two")
    assert r.p.state == "checkin" and r.p.question is not None and r.p.question.id == "c1"
    r.p.pause()
    assert r.p.question is not None  # still asked while paused
    r.p.resume()
    assert r.p.next_chapter()  # skipped by navigation
    assert r.p.question is None and r.p.state == "running"
    r.p.jump("two")
    r.p.answer(3, "console")
    assert r.p.state == "choice" and r.p.question is not None and r.p.question.id == "ch1"
    r.p.previous_chapter()
    assert r.p.question is None


def test_leaving_the_calm_place_says_who_asked() -> None:
    r = Rec()
    r.p.calm("controller")
    r.p.leave_calm("console")
    assert r.of(ev.CalmLeft)[-1].source == "console"
