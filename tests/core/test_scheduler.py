"""The slack scheduler with a hand-driven clock: jobs never run past a deadline."""

from __future__ import annotations

from experience.core import PHASES, FrameStats, ManualClock, SlackScheduler


def make(clock: ManualClock) -> tuple[SlackScheduler, FrameStats]:
    stats = FrameStats(PHASES)
    return SlackScheduler(clock, stats), stats


def test_job_runs_only_when_its_estimate_fits() -> None:
    clock = ManualClock()
    sched, _ = make(clock)
    ran: list[float] = []

    def job() -> None:
        ran.append(clock.now())
        clock.advance(0.002)

    sched.defer("load", job, estimate=0.003)
    assert sched.run(deadline=0.002) == 0  # 2 ms left, job needs 3 ms
    assert ran == []
    assert sched.run(deadline=clock.now() + 0.004) == 1
    assert ran == [0.0]
    assert sched.pending == 0


def test_sliced_job_stops_at_the_deadline_and_resumes_next_frame() -> None:
    clock = ManualClock()
    sched, stats = make(clock)
    done: list[int] = []

    def slices():
        for i in range(10):
            clock.advance(0.001)
            done.append(i)
            yield

    sched.defer("build", slices(), estimate=0.001)
    sched.run(deadline=0.0035)
    assert done == [0, 1, 2]  # a fourth slice would end at 4 ms > 3.5 ms
    assert clock.now() <= 0.0035
    assert stats.job_overruns == {}
    clock.set(0.010)
    sched.run(deadline=0.0155)
    assert done == list(range(8))
    clock.set(0.020)
    sched.run(deadline=0.03)
    assert done == list(range(10))
    assert sched.pending == 0


def test_overrunning_slice_is_reported_and_its_estimate_grows() -> None:
    clock = ManualClock()
    sched, stats = make(clock)

    def slow():
        clock.advance(0.005)
        yield
        clock.advance(0.005)
        yield

    job = sched.defer("decode", slow(), estimate=0.0005)
    sched.run(deadline=0.002)
    assert stats.job_overruns == {"decode": 1}
    assert job.estimate >= 0.005
    # Next frame has 3 ms: the job is now known to need 5 ms, so it waits.
    clock.set(0.010)
    assert sched.run(deadline=0.013) == 0
    assert stats.job_overruns == {"decode": 1}


def test_starving_job_gets_one_slice_even_without_slack() -> None:
    clock = ManualClock()
    sched, stats = make(clock)
    sched.starve_frames = 3
    ran: list[int] = []

    def big():
        for i in range(3):
            clock.advance(0.010)
            ran.append(i)
            yield

    sched.defer("big", big(), estimate=0.010)
    for frame in range(3):
        clock.set(frame * 0.011)
        sched.run(deadline=clock.now() + 0.004)
    assert ran == []
    clock.set(0.05)
    sched.run(deadline=clock.now() + 0.001)  # 1 ms of slack, the job needs 10
    assert ran == [0]  # one slice, not the whole job
    assert stats.job_overruns == {"big": 1}  # it pushed the frame past its deadline
    clock.set(0.08)
    sched.run(deadline=clock.now() - 0.001)  # an already late frame: still one slice
    assert ran == [0, 1]
    assert stats.job_overruns == {"big": 1}  # the frame was late before the slice began


def test_recurring_job_and_worker_callbacks_run_in_slack() -> None:
    clock = ManualClock()
    sched, _ = make(clock)
    ticks: list[int] = []
    sched.every("status", lambda: ticks.append(1), frames=3)
    got: list[str] = []
    sched.call_soon(lambda: got.append("result"))
    for frame in range(9):
        clock.set(frame * 0.011)
        sched.run(deadline=clock.now() + 0.005)
    assert len(ticks) == 3
    assert got == ["result"]


def test_failing_job_is_logged_and_does_not_stop_others(caplog) -> None:
    clock = ManualClock()
    sched, _ = make(clock)
    ran: list[str] = []

    def bad() -> None:
        raise RuntimeError("boom")

    sched.defer("bad", bad)
    sched.defer("good", lambda: ran.append("good"))
    sched.run(deadline=1.0)
    assert ran == ["good"]
    assert "deferred job bad failed" in caplog.text
