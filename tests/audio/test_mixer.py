from __future__ import annotations

import pytest

from experience.audio import Mixer, MixerSettings, Ramp


def test_ramp_moves_linearly_and_stops_at_target() -> None:
    r = Ramp(1.0, 1.0)
    r.to(0.0, 0.5)
    r.step(0.25)
    assert r.value == pytest.approx(0.5)
    r.step(1.0)
    assert r.value == 0.0 and not r.moving
    r.to(1.0, 0)
    assert r.value == 1.0


def test_ducking_lowers_only_ducked_sounds_and_recovers() -> None:
    m = Mixer(MixerSettings(duck_level=0.3, duck_attack=0.2, duck_release=0.5))
    m.set_ducked(True)
    for _ in range(30):
        m.step(0.01)
    assert m.gain("ambience", ducked=True) == pytest.approx(0.3)
    assert m.gain("effects", ducked=True) == pytest.approx(0.3)  # a bed on the effects bus
    assert m.gain("narration") == 1.0 and m.gain("effects") == 1.0
    m.set_ducked(False)
    for _ in range(60):
        m.step(0.01)
    assert m.gain("ambience", ducked=True) == pytest.approx(1.0)


def test_every_bed_ducks_and_speech_distances_are_for_dialogue() -> None:
    from experience.audio._rules import EFFECTS, SPEECH, distance_for, ducks

    assert ducks("ambience", True) and ducks("effects", True) and ducks("ambience", False)
    assert not ducks("effects", False) and not ducks("voices", True)
    assert SPEECH.gain(0.5) == 1.0 and SPEECH.gain(2.5) == 1.0
    assert SPEECH.gain(4.0) == pytest.approx(3.0 / 4.0) and SPEECH.gain(40.0) == pytest.approx(0.5)
    assert EFFECTS.floor == pytest.approx(0.25) and distance_for("voices") is SPEECH


def test_bus_volumes_and_master_multiply() -> None:
    m = Mixer()
    m.set_volume("voices", 0.5)
    m.set_volume("master", 0.5)
    assert m.gain("voices") == pytest.approx(0.25)
    m.set_volume("effects", 7)  # clamped
    assert m.volumes["effects"] == 1.0
    with pytest.raises(ValueError, match="unknown audio bus"):
        m.set_volume("music", 0.2)


def test_layers_fade_independently() -> None:
    m = Mixer()
    m.fade_layer("story", 0.0, 0.3)
    m.fade_layer("calm", 1.0, 0.3)
    m.step(0.15)
    assert m.gain("effects", "story") == pytest.approx(0.5)
    assert m.gain("ambience", "calm") == pytest.approx(0.5)
