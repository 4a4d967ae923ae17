"""Narration shipped in every language: at the narration level, and played by ``run --locale``.

Every file ``narrate`` wrote into audio/narration/ (neural voices, and espeak-ng where a
language has no neural voice) notes its decoded loudness and true peak in its folder's
manifest; the figures are held to the narration level, and a sample of the files is
decoded again to show the figures are true. Crowd then plays headless end to end in
Spanish, French, German and with English narration under Spanish captions, with each
line's caption from its locale's strings and its narration from its locale's folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from experience.media._loudness import integrated_lufs, true_peak_dbtp
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


CROWD = ["run", "--mode", "headless", "-e", "crowd", "--time-scale", "40", "--auto-continue", "--mono",
         "--size", "160x90", "--refresh", "30", "--duration", "90", "--no-tutorial"]


@pytest.mark.slow
@pytest.mark.parametrize("locale_args,audio,captions", [
    (("--locale", "es"), "es", "es"),
    (("--locale", "fr"), "fr", "fr"),
    (("--locale", "de"), "de", "de"),
    (("--audio-locale", "en", "--caption-locale", "es"), "en", "es"),
], ids=["es", "fr", "de", "audio-en-captions-es"])
def test_crowd_plays_in_each_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      locale_args: tuple[str, ...], audio: str, captions: str) -> None:
    import tests.narrative.test_locale_runs as runs

    monkeypatch.setattr(runs, "ARGS", CROWD)
    got = run(tmp_path, *locale_args)
    assert got["ended"], "crowd did not play to its end"
    lines = got["lines"]
    assert isinstance(lines, list) and len(lines) >= 40
    want = golden_lines(f"crowd.{captions}.txt")
    for line in lines:
        speaker, text = want[line["id"]]
        assert line["speaker"] == speaker and line["event"] == text and line["caption"] in text, line
        assert Path(line["audio"]).parent == NARRATION / "crowd" / audio, line
