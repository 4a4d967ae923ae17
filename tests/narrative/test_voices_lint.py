"""Voices that espeak-ng really honours: the lint asks espeak-ng, and the bundled women sound like women."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from experience.audio import parse_wav
from experience.content import ContentRoot
from experience.narrative import lint_file
from experience.scene import lint_scene_file

ROOT = Path(__file__).resolve().parents[2]
ESPEAK = shutil.which("espeak-ng") is not None
TEXT = """id: v
title: V
content_warnings: ["none"]
speakers:
  Ann: {voice: en-gb+f3, pitch: 50}
  Bo: {voice: {en: en+f3, fr: fr-fr+f2}}
  Cy: {voice: en+nosuchvariant}
  Di: {voice: en-gb-scotland+f3}
chapters:
  - id: one
    title: One
    scene: placeholder
    steps:
      - line: {id: a1, speaker: Ann, text: "Hello."}
    debrief: {reactions: ["How was it?"]}
"""


def _lint(tmp_path: Path) -> list[str]:
    p = tmp_path / "v.yaml"
    p.write_text(TEXT)
    return [d.format() for d in lint_file(p)]


@pytest.mark.skipif(not ESPEAK, reason="espeak-ng not installed")
def test_a_variant_espeak_ignores_is_an_error_where_the_voice_is_given(tmp_path: Path) -> None:
    got = [d for d in _lint(tmp_path) if "variant" in d]
    assert any(":5:1: error: speaker 'Ann': espeak-ng ignores the variant '+f3' on 'en-gb'" in d and "'en+f3'" in d
               for d in got), got
    assert any(":6:1: error: speaker 'Bo'" in d and "'fr-fr'" in d for d in got), got  # per-locale voices too
    assert any(":7:1: error: speaker 'Cy': espeak-ng has no voice variant 'nosuchvariant'" in d for d in got), got
    assert not any("'Di'" in d for d in got) and not any("'en+f3'" in d.split("hint")[0] for d in got)


def test_without_espeak_the_lint_says_it_could_not_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    got = [d for d in _lint(tmp_path) if "variant" in d]
    assert len(got) == 1 and ": warning: could not check the voice variants: espeak-ng is not installed" in got[0]


def _f0(voice: str, pitch: int) -> float:
    raw = subprocess.run(["espeak-ng", "-v", voice, "-p", str(pitch), "--stdout",
                          "I wanted to ask how you are, really. There is no wrong answer."],
                         capture_output=True, timeout=30, check=True).stdout
    x, sr = parse_wav(raw, partial=True)
    x = x[:, 0].astype(np.float64)
    frame, hop, found = int(0.04 * sr), int(0.01 * sr), []
    for i in range(0, len(x) - frame, hop):  # autocorrelation pitch of the voiced frames
        seg = x[i : i + frame] * np.hanning(frame)
        if np.sqrt(np.mean(seg**2)) < 0.02:
            continue
        ac = np.fft.irfft(np.abs(np.fft.rfft(seg, 2 * frame)) ** 2)[:frame]
        lo, hi = int(sr / 500), int(sr / 60)
        k = lo + int(np.argmax(ac[lo:hi]))
        if ac[k] > 0.45 * ac[0]:
            found.append(sr / k)
    return float(np.median(found))


WOMEN = {"tutorial": {"Guide"}, "crowd": {"Leah", "Bev"}, "voices": {"Nadia", "Soft voice"},
         "grey": {"Kerry", "Aisha", "Ellie"}}


@pytest.mark.skipif(not ESPEAK, reason="espeak-ng not installed")
@pytest.mark.parametrize("stem", sorted(WOMEN))
def test_the_bundled_women_and_girls_have_female_voices(stem: str) -> None:
    import yaml

    speakers = yaml.safe_load((ROOT / "narratives" / f"{stem}.yaml").read_text())["speakers"]
    for name, sp in speakers.items():
        voice = sp["voice"] if isinstance(sp["voice"], str) else sp.get("fallback", "en")  # espeak-ng's, in English
        f0 = _f0(voice, sp.get("pitch", 50))
        if name in WOMEN[stem]:
            assert f0 > 165, (name, sp["voice"], f0)
        elif name not in ("Quick voice",):  # a heard voice may sit in between
            assert f0 < 150, (name, sp["voice"], f0)


def test_a_scene_naming_an_unknown_ambience_is_an_error(tmp_path: Path) -> None:
    for d in ("scenes", "narratives", "audio"):
        (tmp_path / d).mkdir()
    text = (ROOT / "scenes" / "park.yaml").read_text().replace("ambience: park", "ambience: parkk")
    (tmp_path / "scenes" / "park.yaml").write_text(text)
    diags = lint_scene_file(tmp_path / "scenes" / "park.yaml", ContentRoot.find(tmp_path))
    assert [d.message for d in diags if d.is_error] == ["unknown sound 'parkk' for the ambience"]
    assert "did you mean 'park'" in diags[0].hint


def test_every_bundled_scene_bed_exists() -> None:
    content = ContentRoot.find()
    for scene in sorted((ROOT / "scenes").glob("*.yaml")):
        assert [d.format() for d in lint_scene_file(scene, content) if d.is_error] == []
