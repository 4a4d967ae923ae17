"""The frame-budgeted core: clocks, budget, loop, slack scheduler, stats."""

from ._budget import FrameBudget
from ._clock import PROCESS_START, Clock, ManualClock, MonotonicClock
from ._gc import GcGuard
from ._loop import CORE_PHASES, PHASES, FrameContext, FrameLoop, Phase
from ._process import ProcessWorker
from ._scheduler import Job, SlackScheduler, Worker
from ._stats import FrameStats, Series, percentile

__all__ = [
    "CORE_PHASES",
    "PHASES",
    "PROCESS_START",
    "Clock",
    "FrameBudget",
    "FrameContext",
    "FrameLoop",
    "FrameStats",
    "GcGuard",
    "Job",
    "ManualClock",
    "MonotonicClock",
    "Phase",
    "ProcessWorker",
    "Series",
    "SlackScheduler",
    "Worker",
    "percentile",
]
