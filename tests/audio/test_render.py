"""render-audio: the offline binaural soundtrack."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from experience.audio import SR, read_wav
from experience.audio._binaural import spatialise, to_head
from experience.audio._render import TAIL, collect, mix, render_experience
from experience.content import ContentRoot
from experience.narrative import load_narrative

NARRATIVE = """\
id: sides
title: "Sides"
summary: "A voice at the left, then one at the right."
duration_min: 1
content_warnings: ["Test."]
locales: [en]
speakers:
  Narrator: {voice: en, pitch: 50, rate: 170}
  Voice: {voice: en, pitch: 40, rate: 170}
chapters:
  - id: one
    title: "One"
    scene: nowhere
    steps:
      - cue: {ambience: room_tone}
      - line: {id: n1, speaker: Narrator, text: "Listen."}
      - line: {id: l1, speaker: Voice, text: "I am over here on your left side.", position: [-1.0, 0.0, 0.0]}
      - line: {id: r1, speaker: Voice, text: "And I am over here on your right side.", position: [1.0, 0.0, 0.0]}
"""


def test_binaural_model_follows_direction() -> None:
    x = np.random.default_rng(0).standard_normal(SR // 4).astype(np.float32) * 0.1
    left = spatialise(x, (-1.0, 0.0, 0.0))
    ahead = spatialise(x, (0.0, 1.0, 0.0))
    rms = lambda y: np.sqrt((y**2).mean(axis=0))  # noqa: E731
    assert rms(left)[0] > 1.5 * rms(left)[1]
    assert rms(ahead)[0] == pytest.approx(rms(ahead)[1], rel=1e-3)
    assert to_head((0.0, 2.0, 1.2), (0.0, 0.0, 1.2), 90.0) == pytest.approx((1.0 * 2.0, 0.0, 0.0), abs=1e-9)


def test_channel_balance_follows_voice_positions(tmp_path: Path) -> None:
    (tmp_path / "narratives").mkdir()
    (tmp_path / "scenes").mkdir()
    (tmp_path / "scenes" / "nowhere.yaml").write_text(  # the loader refuses unknown scenes
        (Path(__file__).resolve().parents[2] / "scenes" / "placeholder.yaml").read_text())
    (tmp_path / "narratives" / "sides.yaml").write_text(NARRATIVE)
    content = ContentRoot.find(tmp_path)
    out = tmp_path / "sides.wav"
    seconds = render_experience(content, "sides", out)
    x, rate = read_wav(out)
    assert rate == SR and x.shape[1] == 2
    assert len(x) / SR == pytest.approx(seconds, abs=1.0 / SR)
    narrative = load_narrative(content.narrative_path("sides"), content)
    from experience.audio._render import _speak_missing

    _speak_missing(narrative)
    track = collect(content, narrative)
    clips = {c.name or str(c.pos): c for c in track.clips}
    assert track.length == pytest.approx(seconds)
    for pos, louder in (((-1.0, 0.0, 0.0), 0), ((1.0, 0.0, 0.0), 1)):
        c = clips[str(pos)]
        seg = x[int(c.start * SR) : int((c.start + len(c.samples) / SR) * SR)]
        rms = np.sqrt((seg**2).mean(axis=0))
        assert rms[louder] > 1.5 * rms[1 - louder], (pos, rms)
    narr = next(c for c in track.clips if c.bus == "narration")
    seg = x[int(narr.start * SR) : int((narr.start + len(narr.samples) / SR) * SR)]
    rms = np.sqrt((seg**2).mean(axis=0))
    assert rms[0] == pytest.approx(rms[1], rel=0.05)


def test_placeholder_renders_to_its_timeline_length(tmp_path: Path) -> None:
    content = ContentRoot.find()
    out = tmp_path / "placeholder.wav"
    seconds = render_experience(content, "placeholder", out)
    x, _ = read_wav(out)
    assert len(x) / SR == pytest.approx(seconds, abs=1.0 / SR)
    assert seconds > 20.0
    tail = x[-int(TAIL * 0.05 * SR):]
    assert np.abs(tail).max() < 0.05  # everything faded out at the end
    assert np.sqrt((x**2).mean()) > 0.01
    # Voices and sounds to one side are louder in that ear.
    narrative = load_narrative(content.narrative_path("placeholder"), content)
    from experience.audio._render import _speak_missing

    _speak_missing(narrative)
    sided = [c for c in collect(content, narrative).clips
             if c.pos is not None and abs(c.pos[0]) > 0.2 * np.linalg.norm(c.pos)]
    assert sided, "the placeholder places something at one side"
    for c in sided:
        assert c.pos is not None
        seg = x[int(c.start * SR) : int((c.start + len(c.samples) / SR) * SR)]
        left, right = np.sqrt((seg**2).mean(axis=0))
        assert (left > right) == (c.pos[0] < 0), (c.pos, left, right)


def test_mix_ducks_ambience_under_speech() -> None:
    from experience.audio._render import Clip, Soundtrack

    bed = np.sin(2 * np.pi * 300 * np.arange(SR) / SR).astype(np.float32) * 0.2
    voice = np.zeros(SR, np.float32)
    track = Soundtrack([Clip(0.0, bed, "ambience", loop=True), Clip(1.0, voice, "narration")], 3.0)
    y = mix(track)
    level = lambda a, b: np.sqrt((y[int(a * SR) : int(b * SR)] ** 2).mean())  # noqa: E731
    assert level(1.5, 1.9) < 0.5 * level(0.2, 0.9)
    assert level(2.6, 2.95) > 0.9 * level(0.2, 0.9)
