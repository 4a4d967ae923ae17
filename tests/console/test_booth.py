"""The recording booth in real Chromium, with a fake microphone fed from a WAV file.

A take is recorded, trimmed, levelled, listened back and kept; the next load of
the narrative plays it, and the other line keeps its synthetic voice.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from experience.audio import write_wav
from experience.content import ContentRoot
from experience.narrative import load_narrative
from facilitator._booth import start_booth
from tests.kit import tiny_pack

from .browser import open_page

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.browser
TEXT = """id: tiny
title: Tiny
locales: [en]
speakers: {Sam: {voice: {en: bm_daniel}, fallback: en-gb}, Ann: {voice: {en: bf_emma}, fallback: en+f3}}
chapters:
  - id: one
    title: The kitchen
    scene: placeholder
    steps:
      - line: {id: t1, speaker: Sam, text: "Hello there."}
      - line: {id: t2, speaker: Ann, text: "Still here."}
    debrief:
      reactions: ["How was it?"]
"""


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ContentRoot:
    monkeypatch.setenv("EMPATHY_VR_CACHE", str(tmp_path / "cache"))
    return tiny_pack(tmp_path, TEXT)


def _microphone(path: Path) -> None:
    """What the fake microphone hears, on a loop: 1 s of room noise, a spoken line, 1 s of noise."""
    rng = np.random.default_rng(1)
    sr = 48000
    speech = None
    if shutil.which("espeak-ng"):
        raw = path.with_suffix(".raw.wav")
        subprocess.run(["espeak-ng", "-v", "en-gb", "-w", str(raw), "Hello there, it's me."], check=True,
                       capture_output=True, timeout=30)
        from experience.audio import read_audio

        speech = read_audio(raw, mono=True, rate=sr) * 0.5
    if speech is None:  # a voiced, syllabic stand-in
        t = np.arange(int(1.5 * sr)) / sr
        speech = 0.3 * np.sign(np.sin(2 * np.pi * 140 * t)) * (0.5 + 0.5 * np.sin(2 * np.pi * 4 * t)) ** 2
    noise = rng.normal(0, 0.001, sr)
    write_wav(path, np.concatenate([noise, speech, noise]), sr)


def fake_microphone(wav: Path) -> list[str]:
    """Chromium switches that answer the page's microphone request with ``wav``, looped."""
    return ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}"]


async def test_a_fake_microphone_take_is_kept_and_played_next_run(pack: ContentRoot, tmp_path: Path) -> None:
    mic = tmp_path / "mic.wav"
    _microphone(mic)
    booth = start_booth(pack, "tiny")
    try:
        # The console's security: no token, no page; a change must come from the page itself.
        with pytest.raises(urllib.error.HTTPError) as no_token:
            urllib.request.urlopen(f"{booth.url}/api/lines", timeout=10)
        assert no_token.value.code == 401
        req = urllib.request.Request(f"{booth.url}/api/keep/t1?token={booth.token}", method="POST")
        with pytest.raises(urllib.error.HTTPError) as no_origin:
            urllib.request.urlopen(req, timeout=10)
        assert no_origin.value.code == 403

        switches = [*fake_microphone(mic), "--autoplay-policy=no-user-gesture-required"]
        async with open_page(booth.page_url, switches=switches) as page:
            await page.wait_for_selector("#mic.on", timeout=20000)
            assert await page.text_content("#line-text") == "Hello there."
            assert await page.text_content("#speaker") == "Sam"
            assert "0/1" in (await page.text_content("#progress") or "")
            await page.click("#record")
            # Record a whole loop of the file (about 3 s), then stop.
            await page.wait_for_selector("#message[data-seconds='4']", timeout=30000)
            level = float(await page.get_attribute("#level", "data-peak") or 0)
            await page.click("#stop")
            await page.wait_for_selector("#message.ok", timeout=30000)
            said = await page.text_content("#message") or ""
            assert "LUFS" in said and not await page.is_disabled("#keep")
            await page.screenshot(path=str(tmp_path / "booth.png"))
            await page.click("#listen")
            await page.click("#keep")
            await page.wait_for_selector("#message.ok >> text=Kept as", timeout=20000)
            assert "1/1" in (await page.text_content("#progress") or "")
            assert await page.text_content("#status") == "take kept"
    finally:
        booth.stop()
    assert level > 0.05  # the meter saw the voice

    folder = pack.audio / "narration" / "tiny" / "en"
    take = folder / "t1.flac"
    assert take.is_file() and not (folder / "t2.flac").exists()
    entry = json.loads((folder / "manifest.json").read_text())["takes"]["t1"]
    assert entry["engine"] == "booth" and entry["file"] == "t1.flac"

    import soundfile

    from experience.media import integrated_lufs, true_peak_dbtp
    from experience.narrative._level import NARRATION_CEILING_DBTP, NARRATION_LUFS

    x, sr = soundfile.read(str(take), dtype="float32")
    import re

    trimmed = float(re.search(r"trimmed ([0-9.]+) s", said).group(1))  # type: ignore[union-attr]
    assert trimmed > 0.2 and len(x) / sr > 0.8  # room noise cut from the ends of the 4 s recorded
    edge = int(0.05 * sr)
    assert np.abs(x[:edge]).max() < 0.1 * np.abs(x).max()  # starts in the kept silence before the first word
    lufs = integrated_lufs(x.astype(np.float64), sr)
    levelled = math.isfinite(lufs) and abs(lufs - NARRATION_LUFS) < 1.0
    assert levelled or true_peak_dbtp(x, sr) > NARRATION_CEILING_DBTP - 1  # at the level, or at the peak ceiling

    # The next run plays the take; the other line keeps its synthetic voice (none rendered here: timed by text).
    lines = load_narrative(pack.narratives / "tiny.yaml", pack).lines()
    assert lines[0].audio_path and lines[0].audio_path.endswith("t1.flac") and lines[0].levelled
    assert lines[0].audio_duration == pytest.approx(len(x) / sr, abs=0.01) and not lines[0].tts
    assert lines[1].audio_path is None
    from panda3d.core import Filename, MovieAudio

    cursor = MovieAudio.get(Filename.from_os_specific(lines[0].audio_path)).open()  # what OpenAL loads
    assert cursor is not None and cursor.length() == pytest.approx(len(x) / sr, abs=0.02)
