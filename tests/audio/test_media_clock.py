"""Narration is the media clock: captions follow the audio, not the frames.

The real timeline player and the audio presenter on one manual clock. The
fake sounds start late (as a device or a slow load makes them) and a frame
stalls; line 2's caption must still come within one frame of where line 1's
audio ends (plus the narrative's gap).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from experience import events as ev
from experience.audio import write_wav
from experience.content import ContentRoot
from experience.core import ManualClock
from experience.narrative import TimelinePlayer, load_narrative
from experience.presenters.audio import AudioPresenter

from .fakes import FakeApp, FakeCtx, FakeManager

DT = 1 / 90
ROOT = Path(__file__).resolve().parents[2]

NARRATIVE = """\
id: clock
title: "Clock"
summary: "Two recorded lines."
duration_min: 1
content_warnings: ["Test."]
locales: [en]
speakers:
  Narrator: {voice: en}
chapters:
  - id: one
    title: "One"
    scene: room
    steps:
      - line: {id: a, speaker: Narrator, text: "First line.", audio: lines/a.wav}
      - line: {id: b, speaker: Narrator, text: "Second line.", audio: lines/b.wav}
"""


def _scene(tmp: Path) -> None:
    """The loader refuses unknown scenes: give the pack one (the bundled placeholder)."""
    (tmp / "scenes" / "room.yaml").write_text((ROOT / "scenes" / "placeholder.yaml").read_text())


def _pack(tmp: Path) -> ContentRoot:
    for d in ("narratives", "scenes", "audio/lines"):
        (tmp / d).mkdir(parents=True)
    (tmp / "narratives" / "clock.yaml").write_text(NARRATIVE)
    _scene(tmp)
    for name in ("a", "b"):
        write_wav(tmp / "audio" / "lines" / f"{name}.wav", np.zeros(44100))
    return ContentRoot.find(tmp)


def _shipped_pack(tmp: Path) -> ContentRoot:
    """The same lines as Opus files in the drop-in layout (no ``audio:`` keys), as narrate ships them."""
    import soundfile

    for d in ("narratives", "scenes", "audio/narration/clock/en"):
        (tmp / d).mkdir(parents=True)
    _scene(tmp)
    (tmp / "narratives" / "clock.yaml").write_text(NARRATIVE.replace(", audio: lines/a.wav", "")
                                                  .replace(", audio: lines/b.wav", ""))
    for name in ("a", "b"):
        soundfile.write(str(tmp / "audio" / "narration" / "clock" / "en" / f"{name}.opus"),
                        np.zeros(24000, np.float32), 24000, format="OGG", subtype="OPUS")
    return ContentRoot.find(tmp)


def _run(content: ContentRoot, latency: float, media_clock: bool, stall_at: int = 40,
         ext: str = ".wav") -> dict[str, Any]:
    narrative = load_narrative(content.narrative_path("clock"), content)
    clock = ManualClock()
    manager = FakeManager(clock, {"a" + ext: 1.0, "b" + ext: 1.0}, latency=latency)
    player = TimelinePlayer(narrative)
    app = FakeApp(content, player=player if media_clock else None, narrative=narrative)
    p = AudioPresenter(manager=manager)
    p.attach(app)
    captions: dict[str, float] = {}

    def on_event(e: ev.Event) -> None:
        p.on_event(e)
        if isinstance(e, ev.LineStarted):
            captions[e.line_id] = clock.now()

    player.subscribe(on_event)
    player.start()
    for f in range(400):
        dt = 0.5 if f == stall_at else DT  # one stalled frame inside line a
        clock.advance(dt)
        player.update(dt)
        p.update(FakeCtx(dt))  # type: ignore[arg-type]
        if "b" in captions:
            break
    a = manager.named("a" + ext)[0]
    a_audio_end = captions["a"] + latency + 1.0  # played at once on LineStarted
    assert a.last_play == pytest.approx(captions["a"])
    return {"captions": captions, "a_end": a_audio_end, "gap": narrative.timing.gap}


def test_caption_follows_late_audio_through_a_stall(tmp_path: Path) -> None:
    content = _pack(tmp_path)
    r = _run(content, latency=0.25, media_clock=True)
    expected = r["a_end"] + r["gap"]
    assert abs(r["captions"]["b"] - expected) <= DT + 1e-9


def test_shipped_opus_lines_are_timed_from_their_header_and_drive_the_clock(tmp_path: Path) -> None:
    content = _shipped_pack(tmp_path)
    line = load_narrative(content.narrative_path("clock"), content).lines()[0]
    assert line.audio_path is not None and line.audio_path.endswith("a.opus")
    assert line.audio_duration == pytest.approx(1.0, abs=0.01) and not line.tts
    r = _run(content, latency=0.25, media_clock=True, ext=".opus")
    assert abs(r["captions"]["b"] - (r["a_end"] + r["gap"])) <= DT + 1e-9


def test_without_the_media_clock_captions_run_ahead(tmp_path: Path) -> None:
    content = _pack(tmp_path)
    r = _run(content, latency=0.25, media_clock=False)
    expected = r["a_end"] + r["gap"]
    assert r["captions"]["b"] < expected - 0.2  # what the media clock prevents


def test_no_latency_still_within_a_frame(tmp_path: Path) -> None:
    content = _pack(tmp_path)
    r = _run(content, latency=0.0, media_clock=True, stall_at=70)
    assert abs(r["captions"]["b"] - (r["a_end"] + r["gap"])) <= DT + 1e-9


def test_calm_and_back_with_the_real_player(tmp_path: Path) -> None:
    content = _pack(tmp_path)
    narrative = load_narrative(content.narrative_path("clock"), content)
    clock = ManualClock()
    manager = FakeManager(clock, {"a.wav": 1.0, "b.wav": 1.0})
    player = TimelinePlayer(narrative)
    p = AudioPresenter(manager=manager)
    p.attach(FakeApp(content, player=player, narrative=narrative))
    player.subscribe(p.on_event)
    player.start()

    def frames(n: int) -> None:
        for _ in range(n):
            clock.advance(DT)
            player.update(DT)
            p.update(FakeCtx(DT))  # type: ignore[arg-type]

    frames(36)  # 0.4 s into line a
    a = manager.named("a.wav")[0]
    assert a.playing
    player.calm("test")
    frames(90)
    assert not a.playing and manager.named("calm_place.wav")[0].playing
    player.leave_calm()
    frames(90)
    assert not a.playing and player.state == "paused"
    player.resume()
    frames(1)
    assert a.playing and a.offset == pytest.approx(0.4, abs=DT)
