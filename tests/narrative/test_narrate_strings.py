"""Narration (espeak-ng into the cache) and per-locale strings, through the real commands."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from experience.content import ContentRoot
from experience.narrative import load_narrative, load_session
from experience.narrative._narrate import Job, Progress, narrate_main, plan
from tests.kit import tiny_pack

ROOT = Path(__file__).resolve().parents[2]
TEXT = """id: tiny
title: Tiny
locales: [en, fr]
speakers: {Sam: {voice: en-gb, pitch: 40, rate: 170}, Odd: {voice: nonexistentvoice}}
chapters:
  - id: one
    title: One
    scene: placeholder
    steps:
      - line: {id: t1, speaker: Sam, text: "Hello there."}
      - line: {id: t2, speaker: Sam, text: "Recorded.", audio: rec/t2.wav}
      - checkin: {id: c1, prompt: "How are you?", kind: choice, options: [Fine, Not fine]}
      - line: {id: t3, speaker: Odd, text: "Odd voice."}
    debrief:
      reactions: ["How was it?"]
"""


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ContentRoot:
    root = tiny_pack(tmp_path, TEXT, dirs=("audio/rec",))
    _wav(tmp_path / "audio" / "rec" / "t2.wav", 1.25)
    monkeypatch.delenv("EMPATHY_VR_CACHE", raising=False)
    return root


def _wav(path: Path, seconds: float) -> None:
    import wave

    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * int(8000 * seconds))


def test_plan_skips_recordings_and_cached(pack: ContentRoot) -> None:
    n = load_narrative(pack.narratives / "tiny.yaml", pack)
    work = plan(n, pack)
    assert sorted(j.line_id for j in work.jobs.values() if j.source is None) == ["t1", "t3"]
    # The recording is not synthesised, but levelled once into the cache.
    [level] = [j for j in work.jobs.values() if j.source is not None]
    assert level.line_id == "t2" and level.source is not None and level.source.name == "t2.wav"
    assert work.recorded == {("tiny", "t2")} and not work.cached
    t2 = n.lines()[1]
    assert t2.audio_path and t2.audio_path.endswith("t2.wav") and t2.duration == pytest.approx(1.25)
    assert not t2.levelled


def test_narrate_fake_runner_progress_and_cache_hit(pack: ContentRoot) -> None:
    made: list[Job] = []

    def fake(job: Job) -> str:
        made.append(job)
        job.out.parent.mkdir(parents=True, exist_ok=True)
        _wav(job.out, 2.0)
        return ""

    err = io.StringIO()
    assert narrate_main([], pack, err=err, runner=fake) == 0
    assert len(made) == 3 and "[" in err.getvalue() and "3/3 lines rendered or levelled" in err.getvalue()
    assert "2 rendered, 1 recordings levelled" in err.getvalue()
    err2 = io.StringIO()
    assert narrate_main(["tiny"], pack, err=err2, runner=fake) == 0
    assert len(made) == 3 and "nothing to do" in err2.getvalue()
    n = load_narrative(pack.narratives / "tiny.yaml", pack)
    t1, t2 = n.lines()[:2]
    assert t1.tts and t1.audio_path is not None and t1.duration == pytest.approx(2.0)
    assert t2.audio_path is not None
    assert t2.levelled and "levelled" in t2.audio_path and not t2.tts  # the levelled copy plays


def test_progress_without_tty_prints_lines() -> None:
    out = io.StringIO()
    bar = Progress(20, "x", out)
    for _ in range(20):
        bar.step()
    lines = out.getvalue().splitlines()
    assert 2 <= len(lines) <= 12 and lines[-1].startswith("[" + "#" * 30 + "] 20/20")


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_narrate_with_espeak_via_cli(pack: ContentRoot) -> None:
    from tests.conftest import run_cli

    env = {"EMPATHY_VR_CACHE": str(pack.root / "cache")}
    first = run_cli("--content", str(pack.root), "narrate", "tiny", env=env, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "3/3 lines rendered or levelled" in first.stderr and "used 'en'" in first.stderr  # odd voice fell back
    second = run_cli("--content", str(pack.root), "narrate", env=env, timeout=120)
    assert second.returncode == 0 and "nothing to do" in second.stderr
    assert len(list((pack.root / "cache" / "narration").glob("*.wav"))) == 2
    bad = run_cli("--content", str(pack.root), "narrate", "nope", env=env, timeout=60)
    assert bad.returncode == 2 and "unknown experience" in bad.stderr


def test_strings_export_translate_import_and_play(pack: ContentRoot) -> None:
    from tests.conftest import run_cli

    root = str(pack.root)
    done = run_cli("--content", root, "strings", "export", "tiny", "--locale", "fr")
    assert done.returncode == 0, done.stderr
    path = pack.narratives / "strings" / "tiny.fr.csv"
    rows = list(csv.reader(path.open()))
    assert rows[0][0].startswith("# tiny in 'fr'. Needs review by a native speaker with lived experience")
    rows = rows[1:]  # the note line is for reviewers; the header follows
    assert rows[0] == ["id", "source", "text"]
    keys = [r[0] for r in rows[1:]]
    assert keys == ["_title", "_speaker.Sam", "_speaker.Odd", "one._title", "t1", "t2", "c1", "c1.1", "c1.2", "t3",
                    "one.reactions.1"]
    fr = {"t1": "Bonjour.", "c1": "Comment ça va ?", "c1.2": "Pas bien", "one.reactions.1": "Alors ?"}
    work = pack.root / "tiny.fr.csv"
    with work.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(rows[0])
        for key, src, _ in rows[1:]:
            w.writerow([key, src, fr.get(key, "")])
    path.unlink()
    done = run_cli("--content", root, "strings", "import", str(work))
    assert done.returncode == 0, done.stderr
    assert "not translated yet" in done.stderr and path.exists()
    n = load_narrative(pack.narratives / "tiny.yaml", pack, locale="fr")
    assert n.lines()[0].text == "Bonjour." and n.lines()[1].text == "Recorded."
    checkin = n.chapters[0].steps[2]
    assert checkin.prompt == "Comment ça va ?" and checkin.options == ("Fine", "Pas bien")  # type: ignore[attr-defined]
    assert n.chapters[0].debrief["reactions"] == ("Alors ?",)
    assert load_narrative(pack.narratives / "tiny.yaml", pack).lines()[0].text == "Hello there."


def test_strings_import_rejects_unknown_ids(pack: ContentRoot) -> None:
    from tests.conftest import run_cli

    bad = pack.root / "tiny.fr.csv"
    bad.write_text("id,source,text\nt1,Hello there.,Bonjour.\nt9,,Inconnu\n")
    done = run_cli("--content", str(pack.root), "strings", "import", str(bad))
    assert done.returncode == 1 and "tiny.fr.csv:3:1: error: unknown string id 't9'" in done.stderr
    assert not (pack.narratives / "strings" / "tiny.fr.csv").exists()


def test_session_fills_tutorial_placeholders(pack: ContentRoot) -> None:
    (pack.narratives / "tutorial.yaml").write_text(
        "id: tutorial\ntitle: T\nchapters:\n  - id: consent\n    scene: placeholder\n    steps:\n"
        "      - line: {id: w1, text: \"Next: {title}. {content_warnings}\"}\n"
        "      - hold: {id: ok, consent: true}\n")
    n = (pack.narratives / "tiny.yaml").read_text().replace("locales: [en, fr]",
                                                             "locales: [en]\ncontent_warnings: [\"Loud.\"]")
    (pack.narratives / "tiny.yaml").write_text(n)
    session = load_session(pack, "tiny")
    assert [c.id for c in session.chapters] == ["consent", "one"]
    assert session.lines()[0].text == "Next: Tiny. Loud."
    assert session.id == "tiny" and session.parts == ("tutorial", "tiny")


def test_fast_synthesised_line_keeps_caption_readable(pack: ContentRoot) -> None:
    from experience.narrative import tts_path
    from experience.narrative._resolve import speaker_for

    n = load_narrative(pack.narratives / "tiny.yaml", pack)
    line = n.lines()[0]  # "Hello there." (2 words)
    line.text = "one two three four five six seven eight nine ten"
    out = tts_path(pack, line.text, speaker_for(n, "Sam"), "en")
    out.parent.mkdir(parents=True)
    _wav(out, 1.0)  # 600 words per minute: far too fast to read
    from experience.narrative._resolve import resolve_line

    resolve_line(line, n, pack, "en")
    assert line.tts and line.audio_duration == pytest.approx(1.0)
    assert line.duration == pytest.approx(10 * 60.0 / n.timing.max_caption_wpm)
