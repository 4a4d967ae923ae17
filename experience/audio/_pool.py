"""Loaded sounds, ready to play: loading goes to the worker, playing stays in the frame.

A Panda3D ``AudioSound`` is one voice: two overlapping plays of the same
file need two. The pool keeps a few idle ones per file, hands them out at
once when it can, and loads more on the worker when it cannot.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from panda3d.core import AudioSound

    from ..core import Worker

log = logging.getLogger("experience.audio")

Key = tuple[str, bool]


class Loader(Protocol):
    """What the pool loads with (the engine): thread-safe, called on the worker."""

    def load(self, path: str, *, positional: bool = ...) -> AudioSound: ...

MAX_IDLE = 3


class SoundPool:
    """Idle sounds per (file, positional), filled on the worker.

    Args:
        engine: provides ``load(path, positional=...)`` (thread-safe).
        worker: ``submit(fn, *args, on_done=, on_error=)``; callbacks run on the frame thread.
    """

    def __init__(self, engine: Loader, worker: Worker) -> None:
        self.engine = engine
        self.worker = worker
        self.idle: dict[Key, list[AudioSound]] = {}
        self.waiting: dict[Key, list[Callable[[AudioSound], None]]] = {}
        self.loading: set[Key] = set()
        self.failed: set[str] = set()
        self._keys: dict[int, Key] = {}  # id(sound) -> key, while handed out

    def get(self, path: str, positional: bool, fn: Callable[[AudioSound], None]) -> None:
        """Call ``fn(sound)`` with a loaded sound: now if one is idle, else when loaded."""
        key = (str(path), positional)
        idle = self.idle.get(key)
        if idle:
            sound = idle.pop()
            self._keys[id(sound)] = key
            fn(sound)
            return
        if key[0] in self.failed:
            return
        self.waiting.setdefault(key, []).append(fn)
        self._load(key)

    def preload(self, path: str, positional: bool) -> None:
        """Load one sound for ``path`` ahead of time (no-op if one is idle or loading)."""
        key = (str(path), positional)
        if self.idle.get(key) or key in self.loading or key[0] in self.failed:
            return
        self._load(key)

    def release(self, sound: AudioSound) -> None:
        """Give a stopped sound back for reuse."""
        key = self._keys.pop(id(sound), None)
        if key is None:
            return
        idle = self.idle.setdefault(key, [])
        if len(idle) < MAX_IDLE and sound not in idle:
            idle.append(sound)

    def discard(self, sound: AudioSound) -> None:
        """Forget a sound that will not play again (a narration line), freeing its audio."""
        self._keys.pop(id(sound), None)

    def _load(self, key: Key) -> None:
        if key in self.loading:
            return
        self.loading.add(key)
        self.worker.submit(
            functools.partial(self.engine.load, key[0], positional=key[1]),
            on_done=functools.partial(self._loaded, key),
            on_error=functools.partial(self._failed, key),
        )

    def _loaded(self, key: Key, sound: AudioSound) -> None:
        self.loading.discard(key)
        waiting = self.waiting.get(key)
        if waiting:
            fn = waiting.pop(0)
            self._keys[id(sound)] = key
            fn(sound)
            if waiting:
                self._load(key)
        else:
            self.idle.setdefault(key, []).append(sound)

    def _failed(self, key: Key, exc: BaseException) -> None:
        self.loading.discard(key)
        self.waiting.pop(key, None)
        if key[0] not in self.failed:
            self.failed.add(key[0])
            log.warning("audio: cannot load %s: %s", key[0], exc)
