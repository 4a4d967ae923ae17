"""People in scene files and in a running scene: looks, keys, voices, mouth tracks beside the audio."""

from __future__ import annotations

import os
import wave
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from experience import events as ev
from experience.scene import lint_scene_file, load_scene_spec

ROOT = Path(__file__).resolve().parents[2]


def _scene(tmp_path: Path, people: str) -> Path:
    p = tmp_path / "s.yaml"
    p.write_text("id: s\nenvironment: {kind: room}\nlights: [{kind: ambient}]\nanchors: {spot: [0, 2, 1]}\n"
                 f"people:\n{people}")
    return p


def test_people_left_to_the_default_look_varied(tmp_path: Path) -> None:
    rows = "".join(f"  - {{id: p{i}, at: [{i * 0.6}, 1, 0]}}\n" for i in range(10))
    spec = load_scene_spec(_scene(tmp_path, rows))
    tones = {p.look.skin for p in spec.people}
    assert len(tones) >= 7, "skin tones spread across the range, not drawn all alike"
    assert len({p.look.hair_style for p in spec.people}) >= 4
    again = load_scene_spec(_scene(tmp_path, rows))
    assert [p.look for p in again.people] == [p.look for p in spec.people], "the same scene looks the same"


def test_every_appearance_key_is_read(tmp_path: Path) -> None:
    spec = load_scene_spec(_scene(tmp_path, (
        "  - {id: ann, at: [0, 1, 0], skin: tone9, hair: grey, hair_style: bun, facial_hair: none, eyes: green,\n"
        "     glasses: round, head_covering: none, build: broad, age: 67, expression: warm, voice: spot,\n"
        "     gaze: stare}\n"
        "  - {id: ben, at: [1, 1, 0], head_covering: hijab, covering_color: teal, skin: \"#8d5524\"}\n")))
    ann, ben = spec.people
    lk = ann.look
    assert (lk.hair_style, lk.glasses, lk.build, lk.age) == ("bun", "round", "broad", 67)
    assert ann.expression == "warm" and ann.voice == ("spot",) and ann.gaze == "stare"
    assert ben.look.head_covering == "hijab" and ben.look.skin == pytest.approx((0x8d / 255, 0x55 / 255, 0x24 / 255))


def test_bad_person_keys_point_at_the_text(tmp_path: Path) -> None:
    path = _scene(tmp_path, (
        "  - {id: ann, at: [0, 1, 0], hair_style: mohawkk, skin: purplish}\n"
        "  - {id: ben, at: [1, 1, 0], voice: nowhere, expression: grumpy, glasses: monocle}\n"))
    shown = [f"{d.line}:{d.col}: {d.severity}: {d.message}" for d in lint_scene_file(path)]
    assert "6:42: error: hair style 'mohawkk' is not known" in shown, shown
    assert "6:57: error: skin tone 'purplish' is not known" in shown, shown
    assert any(s.startswith("7:5: error: person 'ben' speaks from 'nowhere'") for s in shown), shown
    assert any("expression 'grumpy' is not known" in s for s in shown)
    assert any("glasses 'monocle' is not known" in s for s in shown)


def test_bundled_scenes_seat_people_with_faces_and_voices() -> None:
    spec = load_scene_spec(ROOT / "scenes" / "interview.yaml")
    from experience.people._scene import ScenePeople

    cast = ScenePeople(spec.people, [(1.0, 1.15)] * len(spec.people), spec.anchors)
    assert cast.speaker_for("interviewer_voice") == cast.index("interviewer")
    assert cast.speaker_for("interviewer") == cast.index("interviewer")
    assert cast.speaker_for("ceiling_light") == -1


def _wav(path: Path, seconds: float = 1.0) -> None:
    t = np.arange(int(16000 * seconds)) / 16000
    x = 0.3 * np.sin(2 * np.pi * 150 * t) * (np.sin(2 * np.pi * 3 * t) > 0)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes((x * 32767).astype("<i2").tobytes())


def test_mouth_tracks_are_made_once_beside_the_audio_or_in_the_cache(tmp_path: Path) -> None:
    from experience.people import mouth_track, read_track

    audio = tmp_path / "narration" / "line1.wav"
    audio.parent.mkdir()
    _wav(audio)
    track = mouth_track(audio)
    side = audio.with_name("line1.wav.mouth")
    assert side.exists() and side.stat().st_size < 400
    assert read_track(side, audio) is not None
    assert 0.9 < track.duration < 1.1 and track.open.max() > 0.8 and track.open.min() < 0.05
    _wav(audio, 1.5)  # re-recorded: the old track is stale and made again
    assert read_track(side, audio) is None
    assert mouth_track(audio).duration > 1.4
    if os.geteuid() == 0:
        return  # root writes anywhere: the read-only case cannot be shown here
    audio.parent.chmod(0o555)
    try:
        side.unlink(missing_ok=True)
        mouth_track(audio, tmp_path / "cache")
        assert list((tmp_path / "cache" / "mouth").glob("*.mouth"))
    finally:
        audio.parent.chmod(0o755)


def test_a_line_from_a_persons_anchor_moves_their_mouth(renderer: Any, tmp_path: Path) -> None:
    from experience.presenters.scene_cues import ScenePresenter
    from tests.scene.test_scene_presenters import App

    app = App(renderer.stage, ["interview"])
    scene = ScenePresenter()
    scene.attach(app.services)
    app.frame([scene])
    for entry in scene.entries.values():
        assert entry.build is not None
        entry.build.wait(60)
    app.frame([scene])
    scene.on_event(ev.ChapterStarted(0.0, chapter_id="i", scene="interview"))
    app.seconds([scene], 1.5)
    wav = tmp_path / "hale.wav"
    _wav(wav, 2.0)
    scene.on_event(ev.LineStarted(1.5, "v_i1", "Mr Hale", "Nadia? Come in.", 2.0, str(wav),
                                  anchor="interviewer_voice", manner="animated"))
    assert scene.current is not None and scene.current.cast is not None
    cast = scene.current.cast
    iv, panel = cast.index("interviewer"), cast.index("panel")
    mouths = []
    for k in range(int(1.5 * 90)):
        app.player.line_time = k / 90  # type: ignore[attr-defined]
        app.frame([scene])
        cast.settle()  # the step started beside the draw
        mouths.append(cast.crowd.motion.mouth[[iv, panel]].copy())
    m = np.array(mouths)
    assert m[:, 0].max() > 0.5 and m[:, 1].max() < 1e-6
    scene.on_event(ev.Cue(3.0, kind="scene", target="panel", params={"expression": "warm", "over": 0.5}))
    scene.on_event(ev.Cue(3.0, kind="scene", target="panel", params={"look": "interviewer", "over": 0.5}))
    scene.on_event(ev.LineEnded(3.0, "v_i1"))
    app.seconds([scene], 1.0)
    cast.settle()
    assert cast.crowd.motion.mouth[iv] < 0.05
    assert cast.crowd.params[panel, 2] > 0.6  # smiling
    assert cast.gaze[panel] == "interviewer"
    scene.detach()
    for entry in scene.entries.values():
        if entry.instance is not None:
            entry.instance.root.removeNode()
