"""The bundled content through the narrative engine: it loads, composes with the
tutorial, and its estimated durations match the timeline within 10%."""

from __future__ import annotations

import pytest

from .conftest import EXPERIENCES, NARRATIVES, ROOT, TUTORIAL

narrative = pytest.importorskip("experience.narrative")


def _total_minutes(n) -> float:
    from experience.narrative._timeline import Timeline

    return Timeline.build(n).total() / 60.0


@pytest.mark.parametrize("stem", (*EXPERIENCES, TUTORIAL))
def test_loads_without_errors(stem):
    n, diags = narrative.parse_file(NARRATIVES / f"{stem}.yaml")
    assert n is not None
    assert [str(d) for d in diags if d.is_error] == []


@pytest.mark.parametrize("stem", (*EXPERIENCES, TUTORIAL))
def test_estimated_duration_matches_the_timeline(stem):
    """duration_min is narration and waits, without holds and check-ins (as the timeline counts)."""
    n = narrative.load_narrative(NARRATIVES / f"{stem}.yaml")
    total = _total_minutes(n)
    assert abs(total - n.duration_min) <= 0.10 * n.duration_min, f"{stem}: timeline {total:.2f} min"
    if stem != TUTORIAL:
        assert 6.0 <= total <= 12.0


@pytest.mark.parametrize("stem", EXPERIENCES)
def test_composes_with_the_tutorial(stem):
    tut = narrative.load_narrative(NARRATIVES / f"{TUTORIAL}.yaml")
    exp = narrative.load_narrative(NARRATIVES / f"{stem}.yaml")
    session = narrative.compose(tut, exp)
    assert session.id == stem
    texts = [line.text for line in session.lines()]
    assert not any("{title}" in t or "{content_warnings}" in t for t in texts)
    assert any(exp.title in t for t in texts), "the tutorial names the experience"
    assert any(exp.content_warnings[0] in t for t in texts), "the warnings are read out before consent"
    consent = [s for c in session.chapters for s in c.steps if isinstance(s, narrative.Hold) and s.consent]
    assert len(consent) == 1
    # The experience's warnings are in the headset from the consent chapter until consent.
    from experience.narrative._transcript import play_transcript

    rows = play_transcript(session)
    shown = next(i for i, r in enumerate(rows) if " ContentWarnings " in r and "warnings=" in r)
    asked = next(i for i, r in enumerate(rows) if " HoldReached " in r and "consent=True" in r)
    assert shown < asked
    assert exp.content_warnings[0][:40] in rows[shown]


@pytest.mark.parametrize("stem", EXPERIENCES)
def test_golden_transcript_matches_the_estimate(stem):
    folder = ROOT / "tests" / "narrative" / "transcripts"
    own = folder / f"{stem}.txt"  # the file's own language (translations are <stem>.<locale>.txt)
    files = [own] if own.is_file() else []
    if not files:
        pytest.skip("no golden transcript yet")
    import json

    text = files[0].read_text(encoding="utf-8")
    times = []
    for raw in text.splitlines():
        raw = raw.strip()
        if not raw:
            continue
        try:
            times.append(float(json.loads(raw)["t"]))
        except (ValueError, KeyError, TypeError):
            head = raw.split()[0].rstrip(":s")
            try:
                times.append(float(head))
            except ValueError:
                continue
    assert times, f"could not read times from {files[0].name}"
    n = narrative.load_narrative(NARRATIVES / f"{stem}.yaml")
    assert abs(max(times) / 60.0 - n.duration_min) <= 0.10 * n.duration_min


def test_check_passes_on_the_bundled_content():
    """The full lint (scenes, anchors, sounds, effects, flashes, reading speed): no errors,
    and no warnings beyond synthesised narration being used."""
    import subprocess
    import sys

    files = [str(NARRATIVES / f"{s}.yaml") for s in (*EXPERIENCES, TUTORIAL)]
    proc = subprocess.run([sys.executable, "run_vr.py", "check", *files], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Traceback" not in out
    problems = [line for line in out.splitlines()
                if (": error:" in line or ": warning:" in line) and "no recording" not in line
                and "could not check the voice variants" not in line]  # a machine without espeak-ng
    assert problems == []
