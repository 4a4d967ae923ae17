"""Deferred work: jobs that run only in the slack before the next deadline.

A job is a generator (each ``next()`` is one slice) or a plain callable (one
slice). The scheduler keeps a running estimate of each job's slice cost and
starts a slice only when the estimate fits in what is left of the frame.
Anything that cannot be sliced goes to :class:`Worker`, whose results come back
to the frame thread through the scheduler.
"""

from __future__ import annotations

import logging
import queue
from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar, TypeVarTuple

from ._clock import Clock
from ._stats import FrameStats

log = logging.getLogger(__name__)

JobFn = Callable[[], object] | Iterator[object] | Generator[object, None, None]
"""A deferred job: one call, or a generator whose every ``next()`` is one slice (values are ignored)."""

R = TypeVar("R")
Ts = TypeVarTuple("Ts")


@dataclass
class Job:
    """One deferred job and what the scheduler knows about it."""

    name: str
    steps: Iterator[object]
    estimate: float
    on_done: Callable[[], None] | None = None
    single: bool = False
    waited: int = 0
    slices: int = 0
    done: bool = False
    cancelled: bool = False

    def cancel(self) -> None:
        self.cancelled = True


@dataclass
class _Recurring:
    name: str
    fn: Callable[[], object]
    every: int
    estimate: float
    countdown: int = 0
    skipped: int = 0


def _as_steps(fn: JobFn) -> Iterator[object]:
    if callable(fn):
        def one() -> Iterator[object]:
            yield fn()
        return one()
    return fn


@dataclass
class SlackScheduler:
    """Runs deferred jobs inside the slack of each frame.

    Args:
        clock: the frame clock.
        stats: where overruns are reported.
        starve_frames: a job (or recurring job) that has waited this many
            frames gets one slice per frame from then on, whatever the slack, so
            work still progresses when frames are always late (an overloaded
            machine) or a slice is larger than any slack; such slices are
            reported when they overrun. A slice that fits ends the starvation.
    """

    clock: Clock
    stats: FrameStats | None = None
    starve_frames: int = 10
    _jobs: deque[Job] = field(default_factory=deque)
    _recurring: list[_Recurring] = field(default_factory=list)
    _inbox: queue.SimpleQueue[Callable[[], object]] = field(default_factory=queue.SimpleQueue)

    def defer(
        self,
        name: str,
        fn: JobFn,
        *,
        estimate: float = 0.0002,
        on_done: Callable[[], None] | None = None,
    ) -> Job:
        """Queue a job (callable or generator of slices) to run in slack."""
        job = Job(name, _as_steps(fn), estimate, on_done, single=callable(fn))
        self._jobs.append(job)
        return job

    def every(self, name: str, fn: Callable[[], object], frames: int, estimate: float = 0.0001) -> None:
        """Run ``fn`` in slack about every ``frames`` frames (skipped when no slack)."""
        self._recurring.append(_Recurring(name, fn, max(1, frames), estimate))

    def call_soon(self, fn: Callable[[], object]) -> None:
        """Thread-safe: run ``fn`` on the frame thread in the next slack."""
        self._inbox.put(fn)

    def wait_for_callback(self, timeout: float) -> bool:
        """Before the loop starts (preloading): block until a worker result arrives, and run it."""
        try:
            cb = self._inbox.get(timeout=timeout)
        except queue.Empty:
            return False
        try:
            cb()
        except Exception:
            log.exception("worker callback failed")
        return True

    @property
    def pending(self) -> int:
        return len(self._jobs)

    def _report(self, name: str) -> None:
        if self.stats is not None:
            self.stats.report_overrun(name)
        log.debug("slack job %s overran the deadline", name)

    def _slice(self, name: str, step: Callable[[], object], estimate: float, deadline: float) -> tuple[bool, float]:
        t0 = self.clock.now()
        try:
            step()
        except StopIteration:
            raise
        except Exception:
            log.exception("deferred job %s failed", name)
        t1 = self.clock.now()
        if t0 <= deadline < t1:  # this slice pushed the frame past its deadline
            self._report(name)
        cost = t1 - t0
        # Fast to learn that something is slow, slower to forget it.
        new = cost if cost > estimate else 0.8 * estimate + 0.2 * cost
        return t1 <= deadline, new

    def run(self, deadline: float) -> int:
        """Run slices until the next one would not fit before ``deadline``.

        Order: worker results, recurring jobs, then deferred jobs (round robin).

        Returns:
            The number of slices run.
        """
        ran = self._run_callbacks(deadline)
        ran += self._run_recurring(deadline)
        return ran + self._run_jobs(deadline)

    def _run_callbacks(self, deadline: float) -> int:
        """Results handed back from worker threads (usually tiny); at least one even in a late frame."""
        ran = 0
        while True:
            try:
                cb = self._inbox.get_nowait()
            except queue.Empty:
                return ran
            if ran and self.clock.now() >= deadline:
                self._inbox.put(cb)
                return ran
            self._slice("worker-callback", cb, 0.0, deadline)
            ran += 1

    def _run_recurring(self, deadline: float) -> int:
        ran = 0
        for rec in self._recurring:
            rec.countdown -= 1
            if rec.countdown > 0:
                continue
            if self.clock.now() + rec.estimate > deadline and rec.skipped < self.starve_frames:
                rec.skipped += 1
                continue
            rec.skipped = 0
            _, rec.estimate = self._slice(rec.name, rec.fn, rec.estimate, deadline)
            rec.countdown = rec.every
            ran += 1
        return ran

    def _run_jobs(self, deadline: float) -> int:
        """Deferred jobs, each as many slices as fit (a starving one gets one slice anyway)."""
        clock = self.clock
        jobs = self._jobs
        ran = 0
        for _ in range(len(jobs)):
            if not jobs:
                break
            job = jobs[0]
            if job.cancelled:
                jobs.popleft()
                continue
            fits = job.estimate <= deadline - clock.now()
            if not (fits or job.waited >= self.starve_frames):
                job.waited += 1
                jobs.rotate(-1)
                continue
            while True:
                if not self._slice_job(job, deadline):
                    break
                ran += 1
                if fits:
                    job.waited = 0
                if job.single:
                    self._finish(job)
                    break
                if clock.now() + job.estimate > deadline:
                    jobs.rotate(-1)
                    return ran
        return ran

    def _slice_job(self, job: Job, deadline: float) -> bool:
        """One slice of ``job``; False when it had none left (it is finished)."""
        try:
            _, job.estimate = self._slice(job.name, job.steps.__next__, job.estimate, deadline)
        except StopIteration:
            self._finish(job)
            return False
        job.slices += 1
        return True

    def _finish(self, job: Job) -> None:
        job.done = True
        self._jobs.popleft()
        if job.on_done is not None:
            job.on_done()


class Worker:
    """A background thread for work that cannot be sliced (decoding, disk I/O).

    Results are delivered on the frame thread, in slack, through the scheduler.
    """

    def __init__(self, scheduler: SlackScheduler, name: str = "empathy-worker", threads: int = 1) -> None:
        self._scheduler = scheduler
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)

    def submit(
        self,
        fn: Callable[[*Ts], R],
        *args: *Ts,
        on_done: Callable[[R], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
    ) -> Future[R]:
        """Run ``fn(*args)`` on the worker; call ``on_done(result)`` later in slack."""
        fut = self._pool.submit(fn, *args)

        def deliver(f: Future[R]) -> None:
            if f.cancelled():  # dropped at shutdown: nothing to deliver
                return
            exc = f.exception()
            if exc is not None:
                if on_error is not None:
                    self._scheduler.call_soon(lambda: on_error(exc))
                else:
                    log.error("worker job failed: %s", exc, exc_info=exc)
            elif on_done is not None:
                res = f.result()
                self._scheduler.call_soon(lambda: on_done(res))

        fut.add_done_callback(deliver)
        return fut

    def shutdown(self) -> None:
        # Pending jobs (frame captures being written, records) finish before exit.
        self._pool.shutdown(wait=True, cancel_futures=False)
