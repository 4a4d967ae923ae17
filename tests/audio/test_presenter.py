"""The audio presenter and engine against a fake manager on a manual clock."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from panda3d.core import NodePath

from experience import events as ev
from experience.audio import AudioConfig, open_manager
from experience.content import ContentRoot
from experience.core import ManualClock
from experience.presenters.audio import AudioPresenter

from .fakes import FakeApp, FakeCtx, FakeManager

DT = 1 / 90


class RecordingPlayer:
    def __init__(self) -> None:
        self.media: list[tuple[str, float]] = []

    def set_media_position(self, line_id: str, seconds: float) -> None:
        self.media.append((line_id, seconds))


@pytest.fixture
def rig() -> Any:
    clock = ManualClock()
    manager = FakeManager(clock, {"l1.wav": 2.0, "l2.wav": 1.0, "v1.wav": 1.0})
    root = NodePath("world")
    head = root.attach_new_node("head")
    head.set_pos(0, 0, 1.2)
    app = FakeApp(ContentRoot.find(), player=RecordingPlayer(), stage=SimpleNamespace(head=head))
    p = AudioPresenter(manager=manager)
    p.attach(app)

    def frame(dt: float = DT) -> None:
        clock.advance(dt)
        p.update(FakeCtx(dt))  # type: ignore[arg-type]

    return SimpleNamespace(clock=clock, manager=manager, app=app, p=p, head=head, frame=frame)


def test_attach_sets_app_audio_and_sounds_are_made_on_demand(rig: Any) -> None:
    assert "volume" in rig.app.table  # the console's volume request is the audio presenter's
    assert rig.p.paths == {}
    rig.p.on_event(ev.Cue(0.0, kind="sound", target="whisper"))
    assert set(rig.p.paths) == {"whisper"} and Path(rig.p.paths["whisper"]).is_file()


def test_narration_is_the_media_clock_even_across_a_frame_stall(rig: Any) -> None:
    p, frame = rig.p, rig.frame
    p.on_event(ev.LineStarted(0.0, line_id="l1", text="Hello", audio="/n/l1.wav"))
    for _ in range(45):
        frame()
    line, t = rig.app.player.media[-1]
    assert line == "l1" and t == pytest.approx(0.5, abs=1e-6)
    frame(0.6)  # a stalled frame: the audio kept playing
    assert rig.app.player.media[-1][1] == pytest.approx(1.1 + DT * 0 , abs=0.02)
    while rig.manager.named("l1.wav")[0].playing:
        frame()
    frame()
    # The end of the line is reported as its full length, once, then the clock is released.
    assert rig.app.player.media[-1] == ("l1", pytest.approx(2.0))
    n = len(rig.app.player.media)
    frame()
    assert len(rig.app.player.media) == n and p.clock_line is None


def test_skipped_line_stops_its_audio(rig: Any) -> None:
    rig.p.on_event(ev.LineStarted(0.0, line_id="l1", audio="/n/l1.wav"))
    rig.frame()
    rig.p.on_event(ev.LineEnded(0.1, line_id="l1"))
    for _ in range(20):
        rig.frame()
    assert not rig.manager.named("l1.wav")[0].playing
    assert rig.p.engine.emitters == []


def test_head_relative_voice_follows_the_head_and_listener_is_the_head(rig: Any) -> None:
    rig.p.on_event(ev.LineStarted(0.0, line_id="v1", audio="/n/v1.wav", position=(-0.5, 0.0, 0.0)))
    rig.frame()
    s = rig.manager.named("v1.wav")[0]
    assert s.positional
    assert s.pos == pytest.approx((-0.5, 0.0, 1.2))
    rig.head.set_h(90)  # turn left: the voice at the left ear is now behind, at -y
    rig.frame()
    assert s.pos == pytest.approx((0.0, -0.5, 1.2), abs=1e-5)
    lx = rig.manager.listener
    assert lx[:3] == pytest.approx((0, 0, 1.2)) and lx[6:9] == pytest.approx((-1, 0, 0), abs=1e-6)


def test_narrator_without_position_is_not_spatialised(rig: Any) -> None:
    rig.p.on_event(ev.LineStarted(0.0, line_id="l1", audio="/n/l1.wav"))
    rig.frame()
    assert not rig.manager.named("l1.wav")[0].positional


def test_ambience_ducks_under_narration(rig: Any) -> None:
    p = rig.p
    p.on_event(ev.Cue(0.0, kind="ambience", target="rain", params={"fade": 0}))
    rig.frame()
    bed = rig.manager.named("rain.wav")[0]
    full = bed.volume
    assert full > 0.5
    p.on_event(ev.LineStarted(0.0, line_id="l1", audio="/n/l1.wav"))
    for _ in range(45):
        rig.frame()
    assert bed.volume == pytest.approx(full * p.engine.mixer.settings.duck_level, rel=1e-3)
    for _ in range(300):
        rig.frame()
    assert bed.volume == pytest.approx(full, rel=1e-3)


def test_pause_fades_out_then_resume_continues_where_it_was(rig: Any) -> None:
    p = rig.p
    p.on_event(ev.LineStarted(0.0, line_id="l1", audio="/n/l1.wav"))
    for _ in range(45):
        rig.frame()
    s = rig.manager.named("l1.wav")[0]
    p.on_event(ev.Paused(0.5, reason="request"))
    fade = p.engine.mixer.settings.pause_fade
    for _ in range(int(fade / DT) + 2):
        rig.frame()
    assert s.volumes[-1] == pytest.approx(0.0, abs=1e-6) or not s.playing
    assert not s.playing and s.stops >= 1
    n = len(rig.app.player.media)
    for _ in range(90):  # paused: the media clock does not move
        rig.frame()
    assert len(rig.app.player.media) == n
    p.on_event(ev.Resumed(2.0))
    rig.frame()
    assert s.playing and s.offset == pytest.approx(0.5, abs=1e-6)
    for _ in range(40):
        rig.frame()
    assert s.volume == pytest.approx(1.0)


def test_calm_place_swaps_the_soundscape(rig: Any) -> None:
    p = rig.p
    p.on_event(ev.Cue(0.0, kind="ambience", target="crowd", params={"fade": 0}))
    rig.frame()
    crowd = rig.manager.named("crowd.wav")[0]
    # The player's order: calm() pauses, then hands over; leave_calm() comes back paused.
    p.on_event(ev.Paused(1.0, reason="calm"))
    p.on_event(ev.CalmEntered(1.0, source="console"))
    for _ in range(90):
        rig.frame()
    calm = rig.manager.named("calm_place.wav")[0]
    assert calm.playing and calm.volume > 0.5 and not crowd.playing
    p.on_event(ev.CalmLeft(2.0))
    for _ in range(120):
        rig.frame()
    assert not calm.playing and not crowd.playing  # back, still paused
    p.on_event(ev.Resumed(3.0))
    for _ in range(60):
        rig.frame()
    assert crowd.playing and crowd.volume > 0.5


def test_cues_at_anchors_loops_and_stop(rig: Any) -> None:
    p = rig.p
    p.anchors = {"kettle": (1.5, 2.0, 1.0)}
    p.on_event(ev.Cue(0.0, kind="sound", target="kettle", params={"at": "kettle"}))
    p.on_event(ev.Cue(0.0, kind="sound", target="bus_engine"))
    p.on_event(ev.Cue(0.0, kind="sound", target="bus_engine"))  # already running: not doubled
    rig.frame()
    k = rig.manager.named("kettle.wav")[0]
    assert k.positional and k.pos == (1.5, 2.0, 1.0) and not k.loop
    assert len(rig.manager.named("bus_engine.wav")) == 1 and rig.manager.named("bus_engine.wav")[0].loop
    p.on_event(ev.Cue(1.0, kind="sound", target="bus_engine", params={"action": "stop", "fade": 0.5}))
    for _ in range(50):
        rig.frame()
    assert not rig.manager.named("bus_engine.wav")[0].playing


def test_unknown_sound_is_a_warning_not_a_failure(rig: Any, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        rig.p.on_event(ev.Cue(0.0, kind="sound", target="no_such_sound"))
    assert "no_such_sound" in caplog.text


def test_console_volume(rig: Any) -> None:
    rig.p.on_event(ev.LineStarted(0.0, line_id="v1", audio="/n/v1.wav", position=(0.5, 0, 0)))
    rig.frame()
    rig.p.set_bus_volume("voices", 0.25)
    rig.frame()
    assert rig.manager.named("v1.wav")[0].volume == pytest.approx(0.25)
    with pytest.raises(ValueError):
        rig.p.set_bus_volume("music", 1.0)


def test_no_device_means_captions_only(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="experience.audio"):
        assert open_manager(AudioConfig(enabled=False)) is None
    assert len(caplog.records) == 1
    p = AudioPresenter()
    p._manager = None
    app = FakeApp(ContentRoot.find(), player=RecordingPlayer())
    p.attach(app)
    assert p.engine is None and app.session.audio == "captions only"
    p.on_event(ev.LineStarted(0.0, line_id="l1", audio="/n/l1.wav"))
    p.update(FakeCtx())  # type: ignore[arg-type]
    p.set_bus_volume("ambience", 0.5)
    assert app.player.media == []


def test_chapter_scene_sets_anchors_and_ambience_bed(rig: Any) -> None:
    rig.p.on_event(ev.ChapterStarted(0.0, chapter_id="c", index=0, scene="placeholder"))
    rig.frame()
    assert rig.p.anchors["voice_right"] == (1.2, 0.5, 1.3)
    assert rig.p.bed_id == "room_tone"
    bed = rig.manager.named("room_tone.wav")[0]
    assert bed.loop and not bed.positional and bed.playing
    rig.p.on_event(ev.ChapterStarted(5.0, chapter_id="d", index=1, scene="no_such_scene"))
    for _ in range(200):
        rig.frame()
    assert not bed.playing and rig.p.bed_id is None


def test_whisper_lines_play_a_breathy_copy(rig: Any, tmp_path: Path) -> None:
    from experience.audio import read_audio, write_wav

    src = tmp_path / "w1.wav"
    voiced = (np.arange(44100) % 294 == 0).astype(float)  # a 150 Hz glottal pulse train
    write_wav(src, np.convolve(voiced, np.hanning(40), mode="same") * 0.5)
    rig.p.on_event(ev.LineStarted(0.0, line_id="w1", audio=str(src), position=(0.4, 0.0, 0.1), style="whisper"))
    rig.frame()
    played = [s for s in rig.manager.sounds if "whispers" in s.path]
    assert len(played) == 1 and played[0].playing and played[0].positional
    y, x = read_audio(Path(played[0].path), mono=True), read_audio(src, mono=True)
    assert len(y) == len(x)  # same length: the line's timing holds

    def periodicity(z: np.ndarray) -> float:  # normalised autocorrelation at the pitch period
        z = z - z.mean()
        return float((z[:-294] * z[294:]).sum() / (z * z).sum())

    assert periodicity(x) > 0.8 and abs(periodicity(y)) < 0.2  # voiced in, noise-excited out


def test_a_line_ending_during_a_short_pause_resumes_where_paused(rig: Any) -> None:
    p = rig.p
    p.on_event(ev.LineStarted(0.0, line_id="v1", audio="/n/v1.wav"))  # 1 s long
    for _ in range(81):  # 0.9 s in
        rig.frame()
    s = rig.manager.named("v1.wav")[0]
    p.on_event(ev.Paused(0.9))
    for _ in range(15):  # the audio ends inside the fade-out
        rig.frame()
    p.on_event(ev.Resumed(1.1))  # before the fade finished
    rig.frame()
    assert s.playing and s.offset == pytest.approx(0.9, abs=1e-6)
    assert p.clock_line is not None
