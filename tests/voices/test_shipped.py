"""Narration shipped with the content: the manifest, the stale-audio warning and ``narrate --stale``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest

from experience.content import ContentRoot
from experience.narrative import check_main, load_narrative
from experience.narrative._narrate import Job, narrate_main, render, write_compressed
from tests.kit import tiny_pack

ROOT = Path(__file__).resolve().parents[2]
TEXT = """id: tiny
title: Tiny
locales: [en]
speakers: {Sam: {voice: {en: bf_emma}, speed: 0.95}}
chapters:
  - id: one
    title: One
    scene: placeholder
    steps:
      - line: {id: t1, speaker: Sam, text: "Hello there."}
      - line: {id: t2, speaker: Sam, text: "Still here."}
    debrief:
      reactions: ["How was it?"]
"""


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ContentRoot:
    monkeypatch.setenv("EMPATHY_VR_CACHE", str(tmp_path / "cache"))
    return tiny_pack(tmp_path, TEXT)


def fake_voice(made: list[str]):  # type: ignore[no-untyped-def]
    """Stands in for the model (its real renders are tested in test_voices.py): half a second of tone."""

    def run(job: Job) -> str:
        if job.source is not None:  # a recording to level: the real step
            return render(job)
        assert job.engine == "kokoro" and job.blend is not None and job.blend.spec() == "bf_emma"
        made.append(job.line_id)
        t = np.arange(12000) / 24000
        write_compressed(job.out, 0.3 * np.sin(2 * np.pi * 200 * t), 24000)
        job.seconds = 0.5
        return ""

    return run


def _check(pack: ContentRoot, capsys: pytest.CaptureFixture[str]) -> list[str]:
    out = io.StringIO()
    check_main([str(pack.narratives / "tiny.yaml")], pack, out=out, err=out)
    return [ln for ln in out.getvalue().splitlines() if "narration of line" in ln]


def test_stale_lines_are_warned_about_and_only_they_render_again(pack: ContentRoot,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    made: list[str] = []
    assert narrate_main(["tiny"], pack, err=io.StringIO(), runner=fake_voice(made), neural=True) == 0
    assert sorted(made) == ["t1", "t2"]
    folder = pack.audio / "narration" / "tiny" / "en"
    assert sorted(p.name for p in folder.iterdir()) == ["manifest.json", "t1.opus", "t2.opus"]
    manifest = json.loads((folder / "manifest.json").read_text())["lines"]
    assert manifest["t1"]["voice"] == "bf_emma" and manifest["t1"]["speed"] == 0.95
    line = load_narrative(pack.narratives / "tiny.yaml", pack).lines()[0]
    assert line.audio_path and line.audio_path.endswith("t1.opus") and line.tts and not line.stale
    assert _check(pack, capsys) == []

    # The writer changes one line's text: check points at it; --stale renders exactly it.
    path = pack.narratives / "tiny.yaml"
    path.write_text(TEXT.replace("Hello there.", "Hello again, Sam."))
    warned = _check(pack, capsys)
    assert len(warned) == 1 and "tiny.yaml:10:" in warned[0] and "'t1'" in warned[0]
    assert "narrate --stale tiny" in warned[0]
    line = load_narrative(path, pack).lines()[0]
    assert line.audio_path is not None
    assert line.stale and line.audio_path.endswith("t1.opus")  # until re-rendered, the old audio plays
    made.clear()
    err = io.StringIO()
    assert narrate_main(["tiny"], pack, err=err, runner=fake_voice(made), neural=True, stale_only=True) == 0
    assert made == ["t1"] and "1 were stale" in err.getvalue()
    assert _check(pack, capsys) == []
    made.clear()
    assert narrate_main(["tiny"], pack, err=io.StringIO(), runner=fake_voice(made), neural=True) == 0
    assert made == []  # nothing left to do

    # A change of voice settings is stale too.
    path.write_text(TEXT.replace("Hello there.", "Hello again, Sam.").replace("speed: 0.95", "speed: 1.0"))
    assert len(_check(pack, capsys)) == 2


def test_a_recording_dropped_in_by_hand_is_never_replaced(pack: ContentRoot) -> None:
    from experience.audio import write_wav

    folder = pack.audio / "narration" / "tiny" / "en"
    write_wav(folder / "t2.wav", np.zeros(44100))
    made: list[str] = []
    assert narrate_main(["tiny"], pack, err=io.StringIO(), runner=fake_voice(made), neural=True) == 0
    assert made == ["t1"]
    lines = load_narrative(pack.narratives / "tiny.yaml", pack).lines()
    assert (folder / "t2.wav").is_file() and not (folder / "t2.opus").exists()
    t2 = lines[1]
    assert t2.audio_path and Path(t2.audio_path).name.startswith("t2-") and t2.levelled  # its levelled copy
    assert not t2.tts and t2.duration == pytest.approx(1.0)
