"""Neural voices: voice names and blends, the espeak-ng -> Kokoro phoneme mapping, and real renders."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from experience.voices import KokoroVoices, parse_voice, status, to_kokoro, voices_for
from experience.voices._measure import figures

NO_VOICES = status()
CHAPTER = ("chapters:\n  - id: a\n    title: A\n    scene: s\n    steps:\n"
           "      - line: {id: a1, speaker: Sam, text: Hi}\n")
needs_voices = pytest.mark.skipif(bool(NO_VOICES) or shutil.which("espeak-ng") is None,
                                  reason=f"neural voices not installed here ({NO_VOICES or 'no espeak-ng'}); "
                                  "scripts/bootstrap.sh voices installs them")


def test_voice_names_and_blends_parse() -> None:
    b, _ = parse_voice("bf_emma")
    assert b is not None and b.parts == (("bf_emma", 1.0),) and b.espeak_language == "en-gb"
    b, _ = parse_voice("bf_emma 70% + bf_lily 30%")
    assert b is not None
    assert b.parts == (("bf_emma", pytest.approx(0.7)), ("bf_lily", pytest.approx(0.3)))  # type: ignore[comparison-overlap]
    assert b.spec() == "bf_emma 70% + bf_lily 30%"
    b, _ = parse_voice("af_sky + af_heart")
    assert b is not None and [w for _, w in b.parts] == [0.5, 0.5]
    for bad, says in (("bf_emmma", "unknown neural voice"), ("bf_emma + bf_emma", "itself"),
                      ("bf_emma + ff_siwis", "two languages"), ("bf_emma + bf_lily + bf_alice", "takes two"),
                      ("bf_emma 0%", "above 0")):
        b, problem = parse_voice(bad)
        assert b is None and says in problem, bad
    assert "ff_siwis" in voices_for("fr") and not voices_for("de") and "bf_emma" in voices_for("en-GB")


def test_espeak_ipa_becomes_kokoro_symbols() -> None:
    # Diphthongs and affricates become the single symbols the model was trained on.
    assert to_kokoro("ma^ɪ nˈe^ɪm ɪz d^ʒˈo^ʊ", "en-us") == "mI nˈAm ɪz ʤˈO"
    assert to_kokoro("hˈə^ʊm ðˈe^ə", "en-gb") == "hˈQm ðˈɛː"
    assert to_kokoro("nˈɜːs", "en-us") == "nˈɜɹs"
    assert to_kokoro("bˈɒtə^l", "en-gb") == "bˈɒtᵊl"


def test_espeak_language_switch_marks_are_dropped() -> None:
    import shutil

    from experience.voices._phonemes import phonemise

    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng not installed")
    # espeak-ng reads the English name in a French sentence as English and marks it "(en)...(fr)".
    got = phonemise("Je m'appelle Leah.", "fr-fr")
    assert "(" not in got and ")" not in got and "lˈiː" in got, got


def test_a_lint_error_names_an_unknown_voice(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from experience.narrative import parse_file

    text = ("id: x\ntitle: X\nspeakers:\n  Sam: {voice: {en: bf_emmma}}\n  Ann: {voice: {fr: bf_emma}}\n" + CHAPTER)
    _, diags = parse_file(tmp_path / "x.yaml", text)
    msgs = [d.format() for d in diags]
    assert any("error" in m and "unknown neural voice 'bf_emmma'" in m and ":4:" in m for m in msgs), msgs
    assert any("warning" in m and "does not speak locale 'fr'" in m for m in msgs), msgs


def test_a_neural_speaker_keeps_an_espeak_fallback(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from experience.narrative import parse_file

    text = ("id: x\ntitle: X\nspeakers:\n  Sam: {voice: {en: bm_george}, speed: 0.9}\n"
            "  Ann: {voice: {en: bf_emma}, fallback: en-gb-scotland+f2, pitch: 60}\n" + CHAPTER)
    n, diags = parse_file(tmp_path / "x.yaml", text)
    assert n is not None and not [d for d in diags if d.is_error]
    sam, ann = n.speakers["Sam"], n.speakers["Ann"]
    assert sam.neural_for("en") == "bm_george" and sam.voice_for("en") == "en-gb" and sam.speed == 0.9
    assert ann.neural_for("en") == "bf_emma" and ann.voice_for("en") == "en-gb-scotland+f2"


def test_shift_may_differ_per_locale(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from experience.narrative import parse_file
    from experience.narrative._resolve import neural_key
    from experience.voices import parse_voice

    text = ("id: x\ntitle: X\nspeakers:\n  Sam: {voice: {en: bm_george}, shift: -1.5}\n"
            "  Ann: {voice: {en: af_nicole, es: ef_dora}, shift: {es: -3.5}}\n"
            "  Bad: {voice: {en: bf_emma}, shift: {es: -9, fr: low}}\n" + CHAPTER)
    n, diags = parse_file(tmp_path / "x.yaml", text)
    assert n is not None
    sam, ann = n.speakers["Sam"], n.speakers["Ann"]
    assert sam.shift_for("en") == sam.shift_for("es") == -1.5
    assert ann.shift_for("es") == -3.5 and ann.shift_for("en") == 0.0 and ann.shift_for("fr") == 0.0
    blend = parse_voice("ef_dora")[0]
    assert blend is not None  # the shift is part of the rendering's key only in the locale it applies to
    assert neural_key("Hola.", ann, "es", blend) != neural_key("Hola.", replace(ann, locale_shifts=()), "es", blend)
    errors = [d.format() for d in diags if d.is_error]
    assert any(":6:" in m and "'shift' of speaker 'Bad' for 'es' is -9; it must be from -6 to 6" in m for m in errors)
    assert any(":6:" in m and "'shift' of speaker 'Bad' for 'fr' must be a number" in m for m in errors), errors


@pytest.fixture(scope="module")
def kokoro() -> KokoroVoices:
    return KokoroVoices()


@needs_voices
@pytest.mark.slow
def test_kokoro_speaks_a_short_line_distinctly_per_speaker(kokoro: KokoroVoices) -> None:
    """Non-silent, speech-like, and told apart by pitch; ``shift`` raises a voice and keeps its pace."""
    text = "It's just been a long week."
    got = {}
    for name, voice, shift in (("woman", "bf_emma", 0.0), ("man", "bm_george", 0.0), ("child", "bf_emma", 3.0)):
        blend, _ = parse_voice(voice)
        assert blend is not None
        x = kokoro.synthesize(text, blend, shift=shift)
        f = figures(x, 24000)
        assert 0.8 < f.seconds < 4.0, (name, f)
        assert float(np.sqrt(np.mean(x**2))) > 0.01 and f.rms_dbfs > -35, (name, f)  # not silent
        assert f.speech_band > 0.8, (name, f)  # energy where speech is: 100-4000 Hz
        assert f.voiced > 0.25 and f.f0_iqr > 5, (name, f)  # voiced, with intonation
        got[name] = f
    assert got["woman"].f0_median - got["man"].f0_median > 30
    assert got["child"].f0_median > got["woman"].f0_median * 1.1
    assert got["child"].seconds == pytest.approx(got["woman"].seconds, rel=0.2)
