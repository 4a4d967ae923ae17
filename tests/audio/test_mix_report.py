"""The mix report of every bundled experience meets the targets (issue 14).

One integrated loudness for all (-18 LUFS ±1 on headphones), true peak at
most -1 dBTP, and every line at least 10 dB over the beds under it in the
speech band. Each experience is narrated (espeak-ng, levelled) and rendered
once per test session.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from experience.audio import _rules as rules
from experience.audio._render import render_track
from experience.audio._report import MixReport, measure
from experience.content import ContentRoot

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed (narration)")]
BUNDLED = ("tutorial", "voices", "grey", "crowd", "example")


@pytest.fixture(scope="session")
def reports(sound_cache: Path) -> dict[str, MixReport]:
    out: dict[str, MixReport] = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EMPATHY_VR_CACHE", str(sound_cache))
        content = ContentRoot.find()
        for eid in BUNDLED:
            track, mixed = render_track(content, eid)
            out[eid] = measure(eid, track, mixed, lra=eid == "example")
    return out


@pytest.mark.parametrize("eid", BUNDLED)
def test_the_bundled_experience_meets_the_mix_targets(reports: dict[str, MixReport], eid: str) -> None:
    r = reports[eid]
    assert r.problems() == [], r.format()
    assert abs(r.integrated_lufs - rules.TARGET_LUFS) <= 1.0
    assert r.true_peak_dbtp <= rules.TARGET_TRUE_PEAK
    assert r.lines and all(ln.over_bed_db >= rules.SPEECH_OVER_BED_DB for ln in r.lines)


def test_one_loudness_across_experiences_and_speakers(reports: dict[str, MixReport]) -> None:
    levels = {eid: r.integrated_lufs for eid, r in reports.items()}
    assert all(abs(v - rules.TARGET_LUFS) <= 1.0 for v in levels.values()), levels
    assert max(levels.values()) - min(levels.values()) <= 2.0, levels
    # The people who model good help are heard as clearly as the person whose story it is.
    for eid, helper, person in (("crowd", "Bev", "Leah"), ("grey", "Aisha", "Martin"), ("voices", "Mr Hale", "Nadia")):
        sp = {s.name: s for s in reports[eid].speakers}
        assert sp[helper].lufs >= sp[person].lufs - 2.0, (eid, helper, sp[helper], sp[person])


def test_the_report_reads_well(reports: dict[str, MixReport]) -> None:
    r = reports["example"]
    text = r.format()
    for part in ("integrated", "LUFS", "range", "true peak", "dBTP", "Sam", "Alex"):
        assert part in text, text
    assert "meets the targets" in text or "misses:" in text
    assert r.lra > 0
    import json

    doc = json.loads(r.to_json())
    assert doc["experience"] == "example" and {s["name"] for s in doc["speakers"]} >= {"Sam", "Alex"}


def test_render_audio_report_on_the_command_line(sound_cache: Path, tmp_path: Path) -> None:
    from tests.conftest import run_cli

    out = run_cli("render-audio", "example", "--report", "--report-json", str(tmp_path / "r.json"),
                  env={"EMPATHY_VR_CACHE": str(sound_cache)}, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "mix report: example" in out.stdout and "integrated" in out.stdout
    assert (tmp_path / "r.json").is_file()
    bad = run_cli("render-audio", "example", timeout=60)
    assert bad.returncode == 2 and "--report" in bad.stderr


@pytest.mark.parametrize("eid", ["crowd", "grey", "voices"])
@pytest.mark.parametrize("locale", ["es", "fr", "de"])
def test_a_story_in_another_language_meets_the_mix_targets(sound_cache: Path, eid: str, locale: str,
                                                           reports: dict[str, MixReport]) -> None:
    # The shipped Spanish, French and German narration is levelled like the English: the same
    # loudness, headroom and speech over the beds, and within 1 LU of the English mix.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EMPATHY_VR_CACHE", str(sound_cache))
        track, mixed = render_track(ContentRoot.find(), eid, locale)
    r = measure(eid, track, mixed, lra=False)
    assert r.problems() == [], r.format()
    english = reports[eid].integrated_lufs
    assert abs(r.integrated_lufs - english) <= 1.0, (r.integrated_lufs, english)
    print(f"{eid} {locale}: {r.integrated_lufs:.1f} LUFS (English {english:.1f}), "
          f"peak {r.true_peak_dbtp:.1f} dBTP, lowest line {min(ln.over_bed_db for ln in r.lines):.1f} dB over its bed")
