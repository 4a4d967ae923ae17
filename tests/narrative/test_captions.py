"""Captions: angular size, off-screen direction, prompts, settings; and rendered pixels."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from experience import events as ev
from experience.core import FrameContext
from experience.presenters._caption_layout import scale_row
from experience.presenters.captions import (
    CAP_DEG,
    CAP_PER_EM,
    DISTANCE,
    CaptionsPresenter,
    hex_rgba,
    text_scale,
    voice_direction,
)
from experience.requests import Kind, Request
from tests.kit import make_services

ROOT = Path(__file__).resolve().parents[2]


def test_text_is_angular_size() -> None:
    cap = text_scale(1.0) * CAP_PER_EM
    assert math.degrees(math.atan(cap / DISTANCE)) == pytest.approx(CAP_DEG, rel=1e-3)
    assert text_scale(1.5, 3.2) == pytest.approx(2 * text_scale(1.5), rel=1e-2)


@pytest.mark.parametrize("v,want", [
    ((0.0, 1.0, 0.0), None),  # ahead
    ((0.2, 1.0, -0.1), None),  # slightly right and down: in view
    ((0.0, -1.2, 0.1), 0.0),  # straight behind: turn right
    ((-0.5, -0.2, 0.15), 180.0),  # behind left
    ((1.0, 0.2, 0.0), pytest.approx(0.0, abs=1.0)),  # far right
    ((-1.0, 0.5, 0.0), pytest.approx(180.0, abs=1.0)),  # far left
    ((0.0, 0.5, 1.0), pytest.approx(90.0)),  # above
])
def test_voice_direction(v: tuple[float, float, float], want: object) -> None:
    assert voice_direction(v) == want


def test_colours_and_scale_row() -> None:
    assert hex_rgba("#ff0000") == (1.0, 0.0, 0.0, 1.0)
    assert hex_rgba("nonsense") == hex_rgba("")
    assert "\1sel\1[3]\2" in scale_row(3) and "[" not in scale_row(None)


def presenter(player: Any = None, backend_name: str = "headless") -> CaptionsPresenter:
    """Captions on real services without a stage (records only)."""
    p = CaptionsPresenter()
    services = make_services(player, backend_name=backend_name)
    p.attach(services)
    return p


def select(p: CaptionsPresenter, step: int) -> int | None:
    """A ``select`` request (arrow keys, thumbstick) on the shared selection the captions draw."""
    services = p.services
    services.selection.request(Request(Kind.SELECT, step), services.player.state)
    return services.selection.value


def test_line_caption_and_arrow_follow_events() -> None:
    p = presenter()
    p.on_event(ev.LineStarted(0.0, "a", "Voice", "Behind you.", 2.0, None, (0.0, -1.0, 0.0)))
    assert p.caption.visible and p.caption.speaker == "Voice" and p.caption.arrow == 0.0
    p.on_event(ev.LineEnded(2.0, "a"))
    assert not p.caption.visible
    p.on_event(ev.LineStarted(3.0, "b", "Narrator", "Hello.", 2.0))
    assert p.caption.arrow is None


def test_checkin_prompt_with_selection() -> None:
    p = presenter()
    ask = ev.CheckInAsked(0.0, "c1", "How are you?", "scale")
    p.services.selection.on_event(ask)  # the app feeds the model first
    p.on_event(ask)
    assert p.prompt.visible and p.prompt.text == "How are you?" and p.selection is None
    assert select(p, +1) == 6 and "[6]" in p.prompt.extra
    assert select(p, +10) == 10 and select(p, -10) == 0
    done = ev.CheckInAnswered(1.0, "c1", 0, "keyboard")
    p.services.selection.on_event(done)
    p.on_event(done)
    assert not p.prompt.visible and select(p, 1) is None


def test_choice_prompt_debrief_prompt_and_warnings() -> None:
    p = presenter()
    ask = ev.ChoiceAsked(0.0, "ch", "Which way?", ("Left", "Right"))
    p.services.selection.on_event(ask)
    p.on_event(ask)
    assert "1. Left" in p.prompt.extra and select(p, 5) == 1 and "> 2. Right" in p.prompt.extra
    p.on_event(ev.ChoiceMade(1.0, "ch", 1))
    assert not p.prompt.visible
    p.on_event(ev.PromptShown(2.0, "What stayed with you?"))
    assert p.prompt.visible and p.prompt.text == "What stayed with you?"
    p.on_event(ev.PromptShown(3.0, ""))
    assert not p.prompt.visible
    p.on_event(ev.ContentWarnings(4.0, "voices", "Voices", ("You will hear voices.",)))
    assert p.prompt.visible and "Voices" in p.prompt.speaker and "- You will hear voices." in p.prompt.text
    p.on_event(ev.ContentWarnings(5.0, "voices", "Voices", ()))
    assert not p.prompt.visible


def test_settings() -> None:
    from experience.requests import RequestError

    p = presenter()
    table = p.services.table
    assert table.handle(Request(Kind.CAPTIONS, {"on": False, "size": 9})) == (True, None)
    assert not p.on and p.size == 2.0
    c = p.services.session.captions
    assert (c.on, c.size, c.locale) == (False, 2.0, None)
    with pytest.raises(RequestError):
        Request(Kind.CAPTIONS, {"on": True, "size": "big"})  # refused before it reaches the captions
    assert not p.on and p.size == 2.0


@pytest.mark.slow
def test_rendered_caption_with_speaker_and_arrow(tmp_path: Path) -> None:
    from panda3d.core import PNMImage

    done = subprocess.run([sys.executable, str(Path(__file__).with_name("_render_captions.py")), str(tmp_path)],
                          capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    shots = sorted(tmp_path.glob("*.png"))
    assert len(shots) == 2, done.stderr[-2000:]
    narrator, behind = (_regions(PNMImage(str(s))) for s in shots)
    for r in (narrator, behind):
        # white caption text centred below the eye line, on a card
        assert r["text"] > 30 and r["text_y"] > 0.6 and abs(r["text_x"] - 0.5) < 0.1
    assert narrator["name_yellow"] > 5  # Narrator's colour, above the text
    assert behind["name_blue"] > 5  # 'Voice behind' in its own colour
    assert behind["arrow"] > 15 and narrator["arrow"] == 0  # the arrow only for the voice behind


def _regions(img: object) -> dict[str, float]:
    """Caption pixels: white text in the band below the centre, the speaker's colour
    just above it, and the yellow arrow just right of it (works on any background)."""
    w, h = img.getXSize(), img.getYSize()  # type: ignore[attr-defined]

    def px(x: int, y: int) -> tuple[float, float, float]:
        return tuple(img.getXel(x, y))  # type: ignore[attr-defined,return-value]

    def on_card(x: int, y: int) -> bool:  # white next to the dark card, not a white wall or window frame
        return any(sum(px(x + d, y)) < 0.75 for d in (-3, -2, 2, 3) if 0 <= x + d < w)

    text = [(x, y) for y in range(int(0.55 * h), int(0.85 * h)) for x in range(int(0.3 * w), int(0.7 * w))
            if min(px(x, y)) > 0.9 and on_card(x, y)]
    if not text:
        return {"text": 0, "text_x": 0, "text_y": 0, "name_yellow": 0, "name_blue": 0, "arrow": 0}
    left, right = min(x for x, _ in text), max(x for x, _ in text)
    top, bottom = min(y for _, y in text), max(y for _, y in text)

    def yellow(c: tuple[float, float, float]) -> bool:
        return c[0] > 0.8 and c[1] > 0.6 and c[2] < 0.5

    def blue(c: tuple[float, float, float]) -> bool:
        return c[2] > 0.8 and c[1] > 0.6 and c[0] < 0.7

    name = [px(x, y) for y in range(max(0, top - 14), top + 6) for x in range(left, right + 1)]
    arrow = [px(x, y) for y in range(max(0, top - 6), min(h, bottom + 7))
             for x in range(right + 3, min(w, right + int(0.12 * w)))]
    return {
        "text": len(text),
        "text_x": (left + right) / 2 / w,
        "text_y": sum(y for _, y in text) / len(text) / h,
        "name_yellow": sum(map(yellow, name)),
        "name_blue": sum(map(blue, name)),
        "arrow": sum(map(yellow, arrow)),
    }


@pytest.mark.slow
def test_cli_headless_capture_shows_caption(tmp_path: Path) -> None:
    """The public route: ``run --mode headless --capture`` with every presenter."""
    from panda3d.core import PNMImage

    from tests.conftest import run_cli

    done = run_cli("run", "--mode", "headless", "--experience", "placeholder", "--no-tutorial", "--duration", "3.6",
                   "--time-scale", "4", "--refresh", "30", "--size", "480x270", "--mono", "--capture",
                   str(tmp_path), "--capture-at", "3.45", timeout=240)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    shots = sorted(tmp_path.glob("*.png"))
    assert shots, done.stderr[-2000:]
    img = PNMImage(str(shots[-1]))
    r = _regions(img)
    # Captions are drawn after the post pass: readable even while the scene fades in.
    assert r["text"] > 30 and r["name_blue"] > 5 and r["arrow"] > 15


def test_prompt_hides_when_question_is_skipped() -> None:
    p = presenter()
    p.on_event(ev.CheckInAsked(0.0, "c1", "How are you?", "scale"))
    p.on_event(ev.StateChanged(0.5, ev.PlayerState.PAUSED))
    assert p.prompt.visible
    p.on_event(ev.StateChanged(1.0, ev.PlayerState.RUNNING))
    assert not p.prompt.visible


def test_a_caption_locale_is_a_language_request() -> None:
    p = presenter()
    asked: list[Request] = []
    p.services.table.register(Kind.LANGUAGE, lambda req: (asked.append(req), (True, None))[1])
    p.configure(locale="fr")
    assert [(r.kind, r.arg.captions) for r in asked] == [("language", "fr")]  # type: ignore[union-attr]
    assert p.locale is None  # never mid-line: it changes when the player says so
    p.on_event(ev.LanguageChanged(1.0, "en", "fr"))
    assert p.locale == "fr" and p.services.session.captions.locale == "fr"


def test_long_lines_are_paged_with_the_narration() -> None:
    from types import SimpleNamespace

    from experience.presenters.captions import PAGE_CHARS, paginate

    text = ("I had a care coordinator, Jo, for three years. Jo helped with everything: benefits forms, "
            "going back to study, and just someone who turned up every week.")
    pages = paginate(text)
    assert len(pages) >= 2 and all(len(p) <= PAGE_CHARS for p in pages) and " ".join(pages) == text
    assert pages[0].endswith("three years.")  # sentence ends are preferred breaks
    assert paginate("Short.") == ["Short."]
    player = SimpleNamespace(line_time=0.0, state="running", awaiting_consent=False)
    p = presenter(player)
    p.on_event(ev.LineStarted(0.0, "r5", "Nadia", text, 10.0))
    assert p.caption.text == pages[0]
    player.line_time = 9.5
    p.update(FrameContext(dt=1 / 90))
    assert p.caption.text == pages[-1]


def test_paginate_keeps_every_word_in_the_fewest_pages() -> None:
    import random

    from experience.presenters.captions import PAGE_CHARS, paginate

    rng = random.Random(7)
    vocab = ["a", "the", "voices", "Thursday.", "recovery,", "I", "learned", "to", "talk", "back;", "and", "why?"]
    for _ in range(200):
        text = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 60)))
        pages = paginate(text)
        assert " ".join(pages) == text
        assert all(len(p) <= PAGE_CHARS for p in pages)
        assert len(pages) <= -(-len(text) // PAGE_CHARS) + 1


def test_the_waiting_note_comes_after_a_few_seconds_at_any_hold_and_never_in_the_story() -> None:
    from experience.presenters.captions import WAIT_NOTE, WAIT_NOTE_AFTER_S

    player = type("Player", (), {"state": "running", "awaiting_consent": False, "consent": None, "line_time": 0.0})()
    p = presenter(player, backend_name="openxr")
    frame = type("Ctx", (), {"dt": 0.5})()
    for _ in range(40):  # the story: never
        p.update(frame)
    assert not p.note.visible
    player.state = "hold"
    for _ in range(int(WAIT_NOTE_AFTER_S / 0.5) - 1):
        p.update(frame)
    assert not p.note.visible  # not at once: a hold is often short
    p.update(frame)
    assert p.note.visible and p.note.text == WAIT_NOTE and p.note.extra == ""  # no keys in a headset
    player.state = "running"
    p.update(frame)
    assert not p.note.visible
    p.services.backend_name = "desktop"  # the preview says which key goes on
    for state, consent, key in (("hold", True, "Y records consent"), ("waiting", False, "Enter starts"),
                                ("debrief", False, "Enter ends")):
        player.state, player.awaiting_consent = state, consent
        for _ in range(int(WAIT_NOTE_AFTER_S / 0.5) + 1):
            p.update(frame)
        assert p.note.visible and p.note.extra.startswith(key), (state, p.note.extra)
        player.state = "running"
        p.update(frame)
    player.state = "hold"
    p.on_event(ev.CalmEntered(0.0, "console"))
    for _ in range(20):
        p.update(frame)
    assert not p.note.visible  # the calm place has its own guide


def test_a_declined_consent_is_answered_at_once_in_the_headset() -> None:
    from experience.narrative import system_text
    from experience.presenters.captions import WAIT_NOTE

    player = type("Player", (), {"state": "hold", "awaiting_consent": True, "consent": None, "line_time": 0.0})()
    p = presenter(player, backend_name="desktop")
    frame = type("Ctx", (), {"dt": 0.1})()
    p.update(frame)
    assert not p.note.visible  # asked: the usual note comes only after a few seconds
    player.consent = False  # the facilitator recorded the participant's no
    p.update(frame)
    declined = system_text("declined_note", "en")
    assert p.note.visible and p.note.text == declined and p.note.extra == ""  # no "Y records consent" key hint
    assert "take the headset off" in declined and declined != WAIT_NOTE
    p.on_event(ev.CalmEntered(0.0, "console"))
    p.update(frame)
    assert not p.note.visible  # the calm place still has only its own guide
    p.on_event(ev.CalmLeft(0.0, "console"))
    p.update(frame)
    assert p.note.text == declined
    player.consent, player.awaiting_consent, player.state = True, False, "waiting"  # they changed their mind
    p.update(frame)
    assert not p.note.visible or p.note.text == WAIT_NOTE


@pytest.mark.slow
def test_rendered_waiting_note(tmp_path: Path) -> None:
    from panda3d.core import PNMImage

    done = subprocess.run([sys.executable, str(Path(__file__).with_name("_render_wait_note.py")), str(tmp_path)],
                          capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    early, late = (PNMImage(str(s)) for s in sorted(tmp_path.glob("*.png")))

    def note_text(img: Any) -> int:  # light text well below the eye line (the background is dark here)
        w, h = img.getXSize(), img.getYSize()
        return sum(1 for y in range(int(0.74 * h), int(0.95 * h)) for x in range(int(0.2 * w), int(0.8 * w))
                   if img.getBright(x, y) > 0.6)

    assert note_text(early) == 0  # 1.3 s into the hold: nothing yet
    assert note_text(late) > 30  # then the note, head-locked below the eye line
