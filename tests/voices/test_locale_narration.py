"""Narration shipped in every language: at the narration level, and played by ``run --locale``.

Every file ``narrate`` wrote into audio/narration/ (neural voices, and espeak-ng where a
language has no neural voice) notes its decoded loudness and true peak in its folder's
manifest; the figures are held to the narration level, and a sample of the files is
decoded again to show the figures are true. Every line of every bundled story has a
current rendering in each language the story declares. Crowd, Grey and Voices then
play headless end to end in Spanish, French and German (Crowd also with English
narration under Spanish captions), with each line's caption from its locale's strings
and its narration from its locale's folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from experience.content import ContentRoot
from experience.media._loudness import integrated_lufs, true_peak_dbtp
from experience.narrative import load_session
from experience.narrative._level import CODEC_TOLERANCE_LU, NARRATION_CEILING_DBTP, NARRATION_LUFS
from tests.narrative.test_locale_runs import golden_lines, run

ROOT = Path(__file__).resolve().parents[2]
NARRATION = ROOT / "audio" / "narration"
MANIFESTS = sorted(NARRATION.glob("*/*/manifest.json"))


def rendered() -> list[tuple[Path, str, dict[str, object]]]:
    """(folder, line id, entry) of every line narrate rendered (not booth takes or hand-dropped files)."""
    out = []
    for m in MANIFESTS:
        for line_id, entry in json.loads(m.read_text(encoding="utf-8"))["lines"].items():
            out.append((m.parent, line_id, entry))
    return out


def test_every_rendered_file_is_at_the_narration_level() -> None:
    lines = rendered()
    assert len(lines) > 200
    for folder, line_id, entry in lines:
        where = f"{folder.relative_to(NARRATION)}/{line_id}"
        assert (folder / str(entry["file"])).is_file(), where
        assert entry["engine"] in ("kokoro", "espeak-ng"), where
        assert abs(float(entry["lufs"]) - NARRATION_LUFS) <= CODEC_TOLERANCE_LU + 1e-6, (where, entry)  # type: ignore[arg-type]
        assert float(entry["dbtp"]) <= NARRATION_CEILING_DBTP + 1e-6, (where, entry)  # type: ignore[arg-type]


def test_the_manifests_figures_are_what_the_files_decode_to() -> None:
    import soundfile

    lines = rendered()
    sample = lines[::23] + [next(x for x in lines if x[0] == m.parent) for m in MANIFESTS]
    for folder, line_id, entry in sample:
        x, rate = soundfile.read(str(folder / str(entry["file"])), dtype="float64")
        assert integrated_lufs(x, rate) == pytest.approx(float(entry["lufs"]), abs=0.05), (folder, line_id)  # type: ignore[arg-type]
        assert true_peak_dbtp(x, rate) == pytest.approx(float(entry["dbtp"]), abs=0.05), (folder, line_id)  # type: ignore[arg-type]


def declared() -> list[tuple[str, str]]:
    """(story, locale) for every language each bundled story declares (not the text-timed placeholder).

    The tutorial is checked as it plays, before each story: its lines that name the story are
    rendered into the story's folder.
    """
    content = ContentRoot.find()
    return [(eid, loc) for eid in content.experience_ids() if eid not in ("placeholder", "tutorial")
            for loc in load_session(content, eid, tutorial=False).locales]


@pytest.mark.parametrize("eid,locale", declared(), ids=[f"{e}-{loc}" for e, loc in declared()])
def test_every_line_is_narrated_in_each_language_its_story_declares(eid: str, locale: str) -> None:
    session = load_session(ContentRoot.find(), eid, tutorial=True, locale=locale)
    lines = list(session.lines())
    assert len({line.id for line in lines if line.id.startswith("t_")}) > 10, "the tutorial plays first"
    folders = {NARRATION / eid / locale, NARRATION / "tutorial" / locale}
    for line in lines:
        assert line.audio_path, (eid, locale, line.id, "no narration: run narrate --locale")
        assert Path(line.audio_path).parent in folders, (eid, locale, line.id, line.audio_path)
        assert not line.stale, (eid, locale, line.id, "made for an older text or voice: run narrate --stale")


def run_args(eid: str) -> list[str]:
    return ["run", "--mode", "headless", "-e", eid, "--time-scale", "40", "--auto-continue", "--mono",
            "--size", "160x90", "--refresh", "30", "--duration", "90", "--no-tutorial"]


@pytest.mark.slow
@pytest.mark.parametrize("eid,locale_args,audio,captions", [
    ("crowd", ("--locale", "es"), "es", "es"),
    ("crowd", ("--locale", "fr"), "fr", "fr"),
    ("crowd", ("--locale", "de"), "de", "de"),
    ("crowd", ("--audio-locale", "en", "--caption-locale", "es"), "en", "es"),
    ("grey", ("--locale", "es"), "es", "es"),
    ("grey", ("--locale", "fr"), "fr", "fr"),
    ("grey", ("--locale", "de"), "de", "de"),
    ("voices", ("--locale", "es"), "es", "es"),
    ("voices", ("--locale", "fr"), "fr", "fr"),
    ("voices", ("--locale", "de"), "de", "de"),
], ids=["crowd-es", "crowd-fr", "crowd-de", "crowd-audio-en-captions-es", "grey-es", "grey-fr", "grey-de",
        "voices-es", "voices-fr", "voices-de"])
def test_each_story_plays_in_each_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, eid: str,
                                           locale_args: tuple[str, ...], audio: str, captions: str) -> None:
    import tests.narrative.test_locale_runs as runs

    monkeypatch.setattr(runs, "ARGS", run_args(eid))
    got = run(tmp_path, *locale_args)
    assert got["ended"], f"{eid} did not play to its end"
    lines = got["lines"]
    want = golden_lines(f"{eid}.{captions}.txt")
    assert isinstance(lines, list) and {line["id"] for line in lines} == set(want), "every line, once"
    for line in lines:
        speaker, text = want[line["id"]]
        assert line["speaker"] == speaker and line["event"] == text and line["caption"] in text, line
        assert Path(line["audio"]).parent == NARRATION / eid / audio, line
