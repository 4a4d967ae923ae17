"""Line timing and audio: recordings first, then the narration cache, then reading speed.

Runs at load time only (it touches files); the player never does I/O.
"""

from __future__ import annotations

import hashlib
import re
import wave
from pathlib import Path
from typing import Any

from ._level import LEVEL_VERSION, levelled_path
from ._locales import caption_wpm_limit
from ._model import Line, Narrative, Speaker

WORD_RE = re.compile(r"[\w'’-]+")


def word_count(text: str) -> int:
    return len(WORD_RE.findall(text))


def reading_duration(text: str, wpm: float, minimum: float) -> float:
    """Seconds a line lasts at ``wpm`` words per minute (never under ``minimum``)."""
    return max(minimum, word_count(text) * 60.0 / wpm)


def wav_duration(path: Path) -> float | None:
    """Duration of a WAV file in seconds, or None when it is not a readable WAV."""
    try:
        with wave.open(str(path), "rb") as w:
            rate = w.getframerate()
            return w.getnframes() / rate if rate > 0 else None
    except (OSError, EOFError, wave.Error):
        return None


def speaker_for(narrative: Narrative, name: str) -> Speaker:
    return narrative.speakers.get(name) or Speaker(name=name)


def tts_key(text: str, speaker: Speaker, locale: str) -> str:
    """The narration cache key: a hash of text, voice settings, locale and the narration level."""
    raw = "\x1f".join((text, speaker.voice_for(locale), str(speaker.pitch), str(speaker.rate), locale,
                       f"level{LEVEL_VERSION}"))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def tts_path(content: Any, text: str, speaker: Speaker, locale: str) -> Path:
    """Where ``narrate`` puts (and the player finds) the rendered line."""
    return Path(content.cache) / "narration" / f"{tts_key(text, speaker, locale)}.wav"


def recording_candidates(content: Any, narrative_id: str, line: Line, locale: str) -> list[Path]:
    """Recordings tried in order: the line's ``audio`` path, then the drop-in folder."""
    audio = Path(content.audio)
    out = []
    if line.audio:
        out.append(audio / line.audio)
    out.append(audio / "narration" / narrative_id / locale / f"{line.id}.wav")
    return out


def resolve_line(line: Line, narrative: Narrative, content: Any | None, locale: str) -> None:
    """Set ``audio_path``, ``audio_duration``, ``tts``, ``duration`` and ``gap`` of one line."""
    t = narrative.timing
    line.gap = t.gap
    line.audio_path, line.audio_duration, line.tts, line.levelled = None, None, False, False
    if content is not None:
        for p in recording_candidates(content, narrative.id, line, locale):
            if p.is_file():
                line.audio_path, line.audio_duration = str(p.resolve()), wav_duration(p)
                levelled = levelled_path(content, p)  # made by narrate: the recording at the narration level
                if levelled.is_file():
                    line.audio_path, line.levelled = str(levelled.resolve()), True
                break
        if line.audio_path is None:
            p = tts_path(content, line.text, speaker_for(narrative, line.speaker), locale)
            if p.is_file():
                line.audio_path, line.audio_duration, line.tts = str(p.resolve()), wav_duration(p), True
                line.levelled = True  # narrate levels what it renders
    if line.set_duration is not None:
        line.duration = line.set_duration
    elif line.audio_duration is not None and line.tts:
        # Synthesised speech can outrun readers: keep its caption up at least at the reading limit.
        limit = caption_wpm_limit(t.max_caption_wpm, locale)
        line.duration = max(line.audio_duration, word_count(line.text) * 60.0 / limit)
    elif line.audio_duration is not None:
        line.duration = line.audio_duration
    else:
        line.duration = reading_duration(line.text, t.wpm, t.min_line)


def resolve(narrative: Narrative, content: Any | None, locale: str | None = None) -> Narrative:
    """Resolve every line of ``narrative`` (in place) for ``locale``; returns it."""
    loc = locale or narrative.locale
    for line in narrative.lines():
        resolve_line(line, narrative, content, loc)
    return narrative
