"""Who is speaking: lines from the player become a speaking person with a mouth track.

The scene presenter hands every ``LineStarted``/``LineEnded`` to :class:`Voices`.
A line whose anchor is a person (their id, one of their ``voice`` anchors, or a
point at their head) makes that person speak; the mouth track of the line's
audio is read or computed on the worker (see :mod:`._mouth`), or made from the
text when the line has no audio. How far into the line the mouth is comes from
the player's media position, which the audio presenter keeps in step with
playback.
"""

from __future__ import annotations

import functools
import logging
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ._mouth import MouthTrack, mouth_track, text_track

if TYPE_CHECKING:
    from ..core import Worker
    from ..events import LineStarted
    from ._scene import ScenePeople

log = logging.getLogger(__name__)
KEEP = 48
"""Mouth tracks kept in memory (a chapter's worth)."""


class SpokenLine(Protocol):
    """A line step as :meth:`Voices.preload` reads it (a narrative ``Line``)."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def duration(self) -> float: ...
    @property
    def audio_path(self) -> str | None: ...
    @property
    def anchor(self) -> str | None: ...


def _track_for(audio: str | None, text: str, duration: float, cache: Path | None) -> MouthTrack:
    if audio:
        try:
            return mouth_track(audio, cache)
        except Exception as exc:  # an unreadable file: fall back to the text, the line still plays
            log.warning("mouth track for %s: %s; following the text instead", audio, exc)
    return text_track(text, max(duration, 0.5))


class Voices:
    """Routes lines to the people of the current scene.

    Args:
        worker: ``submit(fn, *args, on_done=, on_error=)``; callbacks arrive on the frame thread.
        cache: the content cache (mouth tracks of read-only audio go there).
    """

    def __init__(self, worker: Worker, cache: Path | None) -> None:
        self.worker = worker
        self.cache = cache
        self.tracks: OrderedDict[tuple[str | None, str], MouthTrack] = OrderedDict()
        self.line: LineStarted | None = None
        self.cast: ScenePeople | None = None
        self.person = -1
        self._pending: set[tuple[str | None, str]] = set()

    def _key(self, event: LineStarted) -> tuple[str | None, str]:
        return (event.audio, event.line_id if not event.audio else "")

    def preload(self, lines: Sequence[SpokenLine]) -> None:
        """Make the tracks of a chapter's lines ahead (those spoken from an anchor)."""
        for step in lines:
            key = (step.audio_path, "" if step.audio_path else step.id)
            if key in self.tracks or key in self._pending or not step.anchor:
                continue
            self._fetch(key, step.audio_path, step.text, step.duration)

    def _fetch(self, key: tuple[str | None, str], audio: str | None, text: str, duration: float) -> None:
        self._pending.add(key)
        self.worker.submit(functools.partial(_track_for, audio, text, duration, self.cache),
                           on_done=functools.partial(self._ready, key),
                           on_error=lambda _exc: self._pending.discard(key))

    def _ready(self, key: tuple[str | None, str], track: MouthTrack) -> None:
        self._pending.discard(key)
        self.tracks[key] = track
        while len(self.tracks) > KEEP:
            self.tracks.popitem(last=False)
        line = self.line
        if line is not None and self._key(line) == key and self.cast is not None and self.person >= 0:
            self.cast.set_track(self.person, track)

    def started(self, event: LineStarted, cast: ScenePeople | None) -> None:
        """A line starts; ``cast`` is the current scene's people (or None)."""
        self.line = event
        self.attach(cast)

    def attach(self, cast: ScenePeople | None) -> None:
        """The scene changed (or a line started): find the line's speaker among ``cast``."""
        if self.cast is not None and self.cast is not cast:
            self.cast.line_ended()
        self.cast = cast
        line = self.line
        self.person = -1 if cast is None or line is None else cast.speaker_for(line.anchor)
        if self.person < 0 or cast is None or line is None:
            return
        cast.line_started(self.person, line.manner or "calm")
        key = self._key(line)
        track = self.tracks.get(key)
        if track is not None:
            cast.set_track(self.person, track)
        elif key not in self._pending:
            self._fetch(key, line.audio, line.text, line.duration)

    def ended(self, line_id: str) -> None:
        if self.line is not None and self.line.line_id == line_id:
            self.line = None
            if self.cast is not None:
                self.cast.line_ended()
            self.person = -1
