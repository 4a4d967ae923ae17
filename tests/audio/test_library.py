"""The sound library: ids, generation, cache, author recordings."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from experience.audio import SR, ensure_sounds, generate, load_registry, read_audio, sound_ids, write_wav
from experience.audio._engine import _duration
from experience.content import REPO_ROOT, ContentRoot

DOCUMENTED = {"room_tone", "rain", "traffic", "bus_engine", "station", "crowd", "heartbeat", "breath_guide",
              "office_murmur", "kettle", "door", "phone_buzz", "train_arrival", "whisper", "calm_place"}


def _pack(tmp: Path) -> ContentRoot:
    for d in ("narratives", "scenes", "audio"):
        (tmp / d).mkdir(parents=True, exist_ok=True)
    return ContentRoot.find(tmp)


def test_every_documented_id_exists_and_is_in_the_readme() -> None:
    ids = sound_ids(ContentRoot.find())
    assert ids >= DOCUMENTED
    readme = (REPO_ROOT / "audio" / "README.md").read_text()
    assert set(re.findall(r"\| `(\w+)` \|", readme)) >= DOCUMENTED


def test_generation_is_deterministic_and_loops_cleanly() -> None:
    reg = load_registry(None)[0]
    a, b = generate(reg["rain"]), generate(reg["rain"])
    assert np.array_equal(a, b)
    assert len(a) == int(reg["rain"].seconds * SR)
    # A bed's end runs into its start without a jump.
    assert abs(a[-1] - a[0]) < 0.1 and np.max(np.abs(a)) < 1.0


def test_breath_guide_is_six_breaths_a_minute() -> None:
    x = generate(load_registry(None)[0]["breath_guide"])
    env = np.sqrt((x[: len(x) // 4410 * 4410] ** 2).reshape(-1, 4410).mean(axis=1))  # 10 Hz
    spec = np.abs(np.fft.rfft(env - env.mean()))
    f = np.fft.rfftfreq(len(env), 0.1)
    assert f[np.argmax(spec)] == pytest.approx(0.1, abs=0.02)


def test_ensure_sounds_caches_and_regenerates_only_when_missing(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMPATHY_VR_CACHE", str(tmp_path / "cache"))
    content = _pack(tmp_path)
    paths = ensure_sounds(content, {"heartbeat", "door"})
    assert set(paths) == {"heartbeat", "door"} and all(p.is_file() for p in paths.values())
    stamp = paths["door"].stat().st_mtime_ns
    heartbeat = paths["heartbeat"].stat().st_mtime_ns
    again = ensure_sounds(content, {"heartbeat", "door"})
    assert again == paths and paths["door"].stat().st_mtime_ns == stamp
    paths["door"].unlink()
    assert ensure_sounds(content, {"door"})["door"].is_file()
    assert paths["heartbeat"].stat().st_mtime_ns == heartbeat  # the other sound was not made again


def test_author_recordings_add_and_replace_ids(tmp_path: Path) -> None:
    content = _pack(tmp_path)
    (content.audio / "sounds").mkdir()
    write_wav(content.audio / "sounds" / "seagulls.wav", np.zeros(SR))
    write_wav(content.audio / "sounds" / "rain.wav", np.zeros(SR))
    reg, diags = load_registry(content)
    assert not diags
    assert reg["seagulls"].file is not None
    assert reg["rain"].file is not None and reg["rain"].loop  # keeps the bundled options
    assert ensure_sounds(content, {"rain"})["rain"] == content.audio / "sounds" / "rain.wav"


def test_registry_problems_are_diagnostics(tmp_path: Path) -> None:
    content = _pack(tmp_path)
    (content.audio / "sounds.yaml").write_text(
        "ok: {synth: rain, loop: true}\n"
        "bad_key: {synth: rain, colour: red}\n"
        "no_file: {file: nowhere.ogg}\n"
        "bad_bus: {synth: rain, bus: music}\n"
    )
    reg, diags = load_registry(content)
    assert "ok" in reg
    got = {(d.line, d.message.split(":")[0]) for d in diags}
    assert got == {(2, "sound bad_key"), (3, "sound no_file"), (4, "sound bad_bus")}
    assert all(d.is_error and d.path.endswith("sounds.yaml") for d in diags)
    (content.audio / "sounds.yaml").write_text("a: [unclosed\n")
    _, diags = load_registry(content)
    assert len(diags) == 1 and "not valid YAML" in diags[0].message


@pytest.mark.skipif(shutil.which("sox") is None, reason="needs sox to make an OGG file")
def test_ogg_recordings_decode(tmp_path: Path) -> None:
    src = tmp_path / "tone.wav"
    write_wav(src, np.sin(2 * np.pi * 440 * np.arange(SR) / SR) * 0.5, sr=48000)
    ogg = tmp_path / "tone.ogg"
    if subprocess.run(["sox", str(src), str(ogg)], capture_output=True).returncode != 0:
        pytest.skip("this sox has no OGG support")
    x = read_audio(ogg, mono=True)
    assert len(x) == pytest.approx(SR * SR / 48000, rel=0.05)  # SR samples at 48 kHz, resampled to 44.1 kHz
    assert np.sqrt((x**2).mean()) == pytest.approx(0.5 / np.sqrt(2), rel=0.1)


def test_long_beds_are_streamed(tmp_path: Path) -> None:
    from experience.audio import STREAM_SECONDS, AudioEngine
    from experience.core import ManualClock

    from .fakes import FakeManager

    long, short = tmp_path / "long.wav", tmp_path / "short.wav"
    write_wav(long, np.zeros(int((STREAM_SECONDS + 1) * 8000)), sr=8000)
    write_wav(short, np.zeros(8000), sr=8000)
    assert _duration(str(long)) > STREAM_SECONDS

    modes: list[int] = []

    class Recording(FakeManager):
        def get_sound(self, fn, positional, mode):  # type: ignore[no-untyped-def]
            modes.append(mode)
            return super().get_sound(fn, positional, mode)

    from panda3d.core import AudioManager

    engine = AudioEngine(Recording(ManualClock()))
    engine.load(str(long), positional=False)
    engine.load(str(short), positional=False)
    assert modes == [AudioManager.SM_stream, AudioManager.SM_sample]
