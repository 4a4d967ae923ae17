"""Line timing and audio: recordings first, then the narration cache, then reading speed.

Runs at load time only (it touches files); the player never does I/O.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..content import ContentRoot
from ..text import caption_wpm_limit
from ..voices import MODEL_ID, Blend, parse_voice, voices_for
from ._level import LEVEL_VERSION, levelled_path
from ._model import Line, Narrative, Speaker
from ._pages import page_starts, paginate
from ._shipped import AUDIO_EXTS, audio_seconds, entry_for, find_file, is_stale, line_folder, wav_duration

WORD_RE = re.compile(r"[\w'’-]+")


def word_count(text: str) -> int:
    return len(WORD_RE.findall(text))


def reading_duration(text: str, wpm: float, minimum: float) -> float:
    """Seconds a line lasts at ``wpm`` words per minute (never under ``minimum``)."""
    return max(minimum, word_count(text) * 60.0 / wpm)


def caption_pages(text: str, duration: float) -> list[tuple[str, float]]:
    """What the captions show of a line at once, and for how long: ``(page text, seconds)``.

    The captions presenter's own paging (two rows a page, each page on screen for
    its share of the line's characters), so timing and the lint judge what a reader sees.
    """
    pages = paginate(text)
    starts = [*page_starts(pages), 1.0]
    return [(p, duration * (starts[i + 1] - starts[i])) for i, p in enumerate(pages)]


def readable_seconds(text: str, wpm: float) -> float:
    """The shortest time a line's captions need so that every page can be read at ``wpm``."""
    need = 0.0
    for page, share in caption_pages(text, 1.0):
        if share > 0:
            need = max(need, word_count(page) * 60.0 / wpm / share)
    return need


def speaker_for(narrative: Narrative, name: str) -> Speaker:
    return narrative.speakers.get(name) or Speaker(name=name)


PIPELINE = "2"
"""Part of every neural cache key: raise it when rendering changes, and every line renders again.
2: levelled through the Opus codec (the decoded file is at the narration level)."""


def neural_blend(speaker: Speaker, locale: str) -> Blend | None:
    """The speaker's neural voice for ``locale``, when it has one that speaks the locale's language."""
    spec = speaker.neural_for(locale)
    if not spec:
        return None
    blend, _ = parse_voice(spec)
    if blend is None or blend.parts[0][0] not in voices_for(locale):
        return None
    return blend


def tts_key(text: str, speaker: Speaker, locale: str) -> str:
    """The narration cache key: a hash of text, voice settings, locale and the narration level."""
    raw = "\x1f".join((text, speaker.voice_for(locale), str(speaker.pitch), str(speaker.rate), locale,
                       f"level{LEVEL_VERSION}"))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def neural_key(text: str, speaker: Speaker, locale: str, blend: Blend) -> str:
    """The neural cache key: a hash of the model, voice, speed, shift, text and locale."""
    raw = "\x1f".join(("kokoro", MODEL_ID, PIPELINE, f"level{LEVEL_VERSION}", blend.spec(), f"{speaker.speed:g}",
                       f"{speaker.shift_for(locale):g}", text, locale))
    return "k" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:19]


def synth_key(text: str, speaker: Speaker, locale: str) -> str:
    """The key of the narration this line should have: neural when the speaker has a voice for it."""
    blend = neural_blend(speaker, locale)
    return neural_key(text, speaker, locale, blend) if blend is not None else tts_key(text, speaker, locale)


def tts_path(content: ContentRoot, text: str, speaker: Speaker, locale: str) -> Path:
    """Where ``narrate`` puts an espeak-ng rendering (and the player finds it): the narration cache."""
    return Path(content.cache) / "narration" / f"{tts_key(text, speaker, locale)}.wav"


def folder_id(narrative: Narrative, line: Line) -> str:
    """The drop-in folder of a line: a tutorial line filled in for an experience lives in the experience's."""
    return line.filled_for or narrative.id


def recording_candidates(content: ContentRoot, narrative_id: str, line: Line, locale: str) -> list[Path]:
    """Recordings tried in order: the line's ``audio`` path, then the drop-in folder in each format."""
    audio = Path(content.audio)
    out = []
    if line.audio:
        out.append(audio / line.audio)
    folder = line_folder(content, line.filled_for or narrative_id, locale)
    out.extend(folder / f"{line.id}{ext}" for ext in AUDIO_EXTS)
    return out


@dataclass(frozen=True)
class Found:
    """Where a line's audio is: ``path``, whether it is ``synthetic``, and ``stale`` (made for another text)."""

    path: Path | None
    seconds: float | None = None
    synthetic: bool = False
    stale: bool = False
    levelled: bool = False


def find_audio(line: Line, narrative: Narrative, content: ContentRoot, locale: str) -> Found:
    """The audio a line plays: the author's ``audio``, a fresh drop-in file, the cache, then a stale drop-in."""
    if line.audio:
        p = Path(content.audio) / line.audio
        if p.is_file():
            return Found(p, audio_seconds(p))
    folder = line_folder(content, folder_id(narrative, line), locale)
    dropped = find_file(folder, line.id)
    sp = speaker_for(narrative, line.speaker)
    key = synth_key(line.text, sp, locale)
    stale: Found | None = None
    if dropped is not None:
        entry = entry_for(folder, line.id, dropped.name)  # None: dropped in by hand
        seconds = entry.get("seconds") if entry else None
        seconds = float(seconds) if isinstance(seconds, int | float) else audio_seconds(dropped)
        synthetic = bool(entry and "key" in entry)
        levelled = bool(entry)  # narrate and the booth level what they write; a hand-dropped file is not
        if not is_stale(entry, key, line.text):
            return Found(dropped, seconds, synthetic, levelled=levelled)
        stale = Found(dropped, seconds, synthetic, stale=True, levelled=levelled)
    for k in dict.fromkeys((key, tts_key(line.text, sp, locale))):
        p = Path(content.cache) / "narration" / f"{k}.wav"
        if p.is_file():
            return Found(p, wav_duration(p), synthetic=True, levelled=True)
    return stale or Found(None)


def resolve_line(line: Line, narrative: Narrative, content: ContentRoot | None, locale: str) -> None:
    """Set ``audio_path``, ``audio_duration``, ``tts``, ``stale``, ``duration`` and ``gap`` of one line."""
    t = narrative.timing
    line.gap = t.gap
    line.audio_path, line.audio_duration, line.tts, line.stale, line.levelled = None, None, False, False, False
    if content is not None:
        found = find_audio(line, narrative, content, locale)
        if found.path is not None:
            line.audio_path, line.audio_duration = str(found.path.resolve()), found.seconds
            line.tts, line.stale, line.levelled = found.synthetic, found.stale, found.levelled
            if not found.levelled:
                levelled = levelled_path(content, found.path)  # made by narrate: the recording, levelled
                if levelled.is_file():
                    line.audio_path, line.levelled = str(levelled.resolve()), True
    if line.set_duration is not None:
        line.duration = line.set_duration
    elif line.audio_duration is not None and line.tts:
        # Synthesised speech can outrun readers: keep its captions up until every page can be read.
        limit = caption_wpm_limit(t.max_caption_wpm, locale)
        line.duration = max(line.audio_duration, readable_seconds(line.text, limit))
    elif line.audio_duration is not None:
        line.duration = line.audio_duration
    else:  # timed from its text: at the narrative's pace, and never faster than its captions can be read
        limit = caption_wpm_limit(t.max_caption_wpm, locale)
        line.duration = max(reading_duration(line.text, t.wpm, t.min_line), readable_seconds(line.text, limit))


def resolve(narrative: Narrative, content: ContentRoot | None, locale: str | None = None) -> Narrative:
    """Resolve every line of ``narrative`` (in place) for ``locale``; returns it."""
    loc = locale or narrative.locale
    for line in narrative.lines():
        resolve_line(line, narrative, content, loc)
    return narrative
