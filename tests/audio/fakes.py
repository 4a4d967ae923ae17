"""Test doubles: an audio manager whose sounds play on a ManualClock."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from experience.core import ManualClock

PLAYING, READY = 2, 1


class FakeSound:
    def __init__(self, clock: ManualClock, path: str, length: float, positional: bool,
                 latency: float = 0.0) -> None:
        self.clock, self.path, self._length, self.positional = clock, path, length, positional
        self.latency = latency  # output starts this long after play() (device and load delays)
        self.volume = 1.0
        self.volumes: list[float] = []
        self.pos = (0.0, 0.0, 0.0)
        self.loop = False
        self.started_at: float | None = None
        self.last_play: float | None = None
        self.offset = 0.0
        self._next_offset = 0.0
        self.plays = 0
        self.stops = 0

    def play(self) -> None:
        self.started_at = self.last_play = self.clock.now()
        self.offset, self._next_offset = self._next_offset, 0.0
        self.plays += 1

    def stop(self) -> None:
        self.started_at = None
        self.stops += 1

    def set_time(self, t: float) -> None:
        self._next_offset = t

    def get_time(self) -> float:
        if self.started_at is None:
            return 0.0
        t = self.offset + max(0.0, self.clock.now() - self.started_at - self.latency)
        return t % self._length if self.loop else min(t, self._length)

    def status(self) -> int:
        if self.started_at is None:
            return READY
        if self.loop:
            return PLAYING
        played = self.clock.now() - self.started_at - self.latency
        return PLAYING if self.offset + played < self._length else READY

    def length(self) -> float:
        return self._length

    def set_loop(self, loop: bool) -> None:
        self.loop = loop

    def set_volume(self, v: float) -> None:
        self.volume = v
        self.volumes.append(v)

    def set_3d_min_distance(self, d: float) -> None:
        self.min_distance = d

    def set_3d_max_distance(self, d: float) -> None:
        self.max_distance = d

    def set_3d_attributes(self, x: float, y: float, z: float, *vel: float) -> None:
        self.pos = (x, y, z)

    @property
    def playing(self) -> bool:
        return self.status() == PLAYING


class FakeManager:
    def __init__(self, clock: ManualClock, lengths: dict[str, float] | None = None,
                 latency: float = 0.0) -> None:
        self.clock = clock
        self.latency = latency
        self.lengths = lengths or {}
        self.sounds: list[FakeSound] = []
        self.listener: tuple[float, ...] = ()
        self.updates = 0

    def get_sound(self, fn: Any, positional: bool, mode: int) -> FakeSound:
        path = fn.to_os_specific() if hasattr(fn, "to_os_specific") else str(fn)
        s = FakeSound(self.clock, path, self.lengths.get(Path(path).name, 2.0), positional, self.latency)
        self.sounds.append(s)
        return s

    def audio_3d_set_listener_attributes(self, *a: float) -> None:
        self.listener = a

    def update(self) -> None:
        self.updates += 1

    def shutdown(self) -> None:
        pass

    def named(self, name: str) -> list[FakeSound]:
        return [s for s in self.sounds if Path(s.path).name == name]


class NowWorker:
    """Runs jobs at once on the calling thread (results delivered at once)."""

    def submit(self, fn: Any, *args: Any, on_done: Any = None, on_error: Any = None) -> None:
        try:
            res = fn(*args)
        except Exception as exc:
            if on_error is None:
                raise
            on_error(exc)
            return
        if on_done is not None:
            on_done(res)


@dataclass
class FakeCtx:
    dt: float = 1 / 90


def FakeApp(content: Any, worker: Any = None, player: Any = None, stage: Any = None, narrative: Any = None,
            settings: Any = None) -> Any:
    """Real services for one audio presenter: jobs run at once; media positions go to ``player``."""
    from tests.kit import make_services

    services = make_services(player or _Idle(), narrative=narrative, stage=stage, settings=settings, content=content)
    services.worker = worker or NowWorker()  # type: ignore[assignment]  # jobs at once, on this thread
    if player is not None and hasattr(player, "set_media_position"):
        services.host.media_position = player.set_media_position  # type: ignore[method-assign]
    return services


class _Idle:
    """A player that never starts (for presenters that only read it)."""

    state = "waiting"
    line_time = 0.0
