"""Frame statistics: per-phase and whole-frame timings with percentiles."""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list (``q`` in 0..100)."""
    if not sorted_values:
        return 0.0
    k = max(0, min(len(sorted_values) - 1, math.ceil(q / 100.0 * len(sorted_values)) - 1))
    return sorted_values[k]


class Series:
    """A ring of the last ``size`` samples (milliseconds), allocation-free to add to."""

    __slots__ = ("_buf", "_i", "_n", "max_ever", "total_count")

    def __init__(self, size: int = 4096) -> None:
        self._buf = array("d", bytes(8 * size))
        self._n = 0
        self._i = 0
        self.total_count = 0
        self.max_ever = 0.0

    def add(self, value_ms: float) -> None:
        buf = self._buf
        buf[self._i] = value_ms
        self._i += 1
        if self._i == len(buf):
            self._i = 0
        if self._n < len(buf):
            self._n += 1
        self.total_count += 1
        if value_ms > self.max_ever:
            self.max_ever = value_ms

    def values(self) -> list[float]:
        return list(self._buf[: self._n]) if self._n < len(self._buf) else list(self._buf)

    def last(self, n: int) -> list[float]:
        """The last ``n`` samples (fewer when fewer were added), oldest first."""
        buf, i = self._buf, self._i
        n = min(n, self._n)
        if n <= 0:
            return []
        if n <= i:
            return list(buf[i - n:i])
        return list(buf[len(buf) - (n - i):]) + list(buf[:i])

    def summary(self) -> dict[str, float]:
        v = sorted(self.values())
        return {
            "p50": round(percentile(v, 50), 4),
            "p95": round(percentile(v, 95), 4),
            "p99": round(percentile(v, 99), 4),
            "max": round(v[-1] if v else 0.0, 4),
        }


@dataclass
class FrameStats:
    """Everything measured about the frames of a run.

    ``frame`` is the work time of a frame (every phase but ``wait``), ``core``
    the Python-side time (every phase but ``wait``, ``render`` and ``slack``);
    ``parts`` splits the update phase (the player, each presenter).
    """

    phase_names: Iterable[str]
    refresh_hz: float = 0.0
    window: int = 8192
    phases: dict[str, Series] = field(init=False)
    frame: Series = field(init=False)
    core: Series = field(init=False)
    budget_use: Series = field(init=False)
    frames: int = 0
    missed_frames: int = 0
    skipped_renders: int = 0
    job_overruns: dict[str, int] = field(default_factory=dict)
    gc_in_frame: int = 0
    gc_in_slack: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    parts: dict[str, Series] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.phase_names = list(self.phase_names)
        self.phases = {n: Series(self.window) for n in self.phase_names}
        self.frame = Series(self.window)
        self.core = Series(self.window)
        self.budget_use = Series(self.window)

    def part(self, name: str) -> Series:
        """The series for one named part of the update phase (made on first use)."""
        got = self.parts.get(name)
        if got is None:
            got = self.parts[name] = Series(self.window)
        return got

    def report_overrun(self, job: str) -> None:
        self.job_overruns[job] = self.job_overruns.get(job, 0) + 1

    def to_json(self) -> dict[str, Any]:
        """The ``--stats-json`` document (schema in docs/architecture.md)."""
        frame = self.frame.summary()
        core = self.core.summary()
        use = self.budget_use.summary()
        return {
            "frames": self.frames,
            "refresh_hz": round(self.refresh_hz, 3),
            "missed_frames": self.missed_frames,
            "frame_ms": frame,
            "core_ms": core,
            "phases": {n: s.summary() for n, s in self.phases.items()},
            "update_parts": {n: s.summary() for n, s in self.parts.items()},
            "budget_use": {"p50": use["p50"], "p99": use["p99"], "max": use["max"]},
            "skipped_renders": self.skipped_renders,
            "job_overruns": dict(self.job_overruns),
            "gc": {"in_frame": self.gc_in_frame, "in_slack": self.gc_in_slack},
            **self.extra,
        }

    def hud_lines(self) -> list[str]:
        """Short human-readable lines for the desktop HUD."""
        f = self.frame.summary()
        c = self.core.summary()
        return [
            f"{self.refresh_hz:.0f} Hz  frames {self.frames}  missed {self.missed_frames}",
            f"frame ms p50 {f['p50']:.2f}  p99 {f['p99']:.2f}  max {f['max']:.2f}",
            f"core  ms p50 {c['p50']:.2f}  p99 {c['p99']:.2f}",
        ]
