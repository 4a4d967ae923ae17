"""The phase loop with a hand-driven clock: timing, missed deadlines, GC out of frames."""

from __future__ import annotations

import gc

from experience.core import (
    PHASES,
    FrameBudget,
    FrameContext,
    FrameLoop,
    FrameStats,
    GcGuard,
    ManualClock,
    SlackScheduler,
)


def build(clock: ManualClock, costs: dict[str, float], period: float = 0.01, guard: bool = False):
    stats = FrameStats(PHASES, refresh_hz=1 / period)
    sched = SlackScheduler(clock, stats)
    order: list[str] = []

    def phase(name: str):
        def run(ctx: FrameContext) -> None:
            order.append(name)
            if name == "wait":
                ctx.period = period
                ctx.deadline = ctx.frame_start + period
            clock.advance(costs.get(name, 0.0))

        return run

    g = GcGuard(stats) if guard else None
    loop = FrameLoop(clock, FrameBudget(period), {n: phase(n) for n in PHASES if n != "slack"}, sched, stats, g)
    return loop, stats, sched, order, g


def test_phases_run_in_order_and_are_timed() -> None:
    clock = ManualClock()
    costs = {"poll": 0.0002, "views": 0.0001, "update": 0.0005, "render": 0.003, "submit": 0.0001}
    loop, stats, _, order, _ = build(clock, costs)
    loop.run_frame()
    assert order == ["poll", "wait", "views", "update", "render", "submit"]
    assert stats.phases["update"].summary()["p50"] == 0.5
    assert stats.phases["render"].summary()["p50"] == 3.0
    assert round(stats.core.summary()["p50"], 6) == 0.9  # poll+views+update+submit
    assert round(stats.frame.summary()["p50"], 6) == 3.9
    assert stats.missed_frames == 0


def test_missed_deadlines_are_counted() -> None:
    clock = ManualClock()
    costs = {"render": 0.004}
    loop, stats, _, _, _ = build(clock, costs, period=0.005)
    loop.run_frame()
    costs["render"] = 0.006  # longer than the period
    loop.run_frame()
    loop.run_frame()
    costs["render"] = 0.001
    loop.run_frame()
    assert stats.frames == 4
    assert stats.missed_frames == 2


def test_skipped_render_when_display_does_not_show_the_frame() -> None:
    clock = ManualClock()
    loop, stats, _, order, _ = build(clock, {})
    loop.ctx.should_render = False
    loop.run_frame()
    assert "render" not in order
    assert stats.skipped_renders == 1


def test_slack_jobs_finish_before_the_deadline() -> None:
    clock = ManualClock()
    loop, stats, sched, _, _ = build(clock, {"render": 0.004}, period=0.01)
    done: list[float] = []

    def chunks():
        for _ in range(100):
            clock.advance(0.001)
            done.append(clock.now())
            yield

    sched.defer("load", chunks(), estimate=0.001)
    for _ in range(5):
        start = clock.now()
        loop.run_frame()
        deadline = loop.ctx.deadline - loop.budget.margin
        assert all(t <= deadline for t in done if t >= start)
        clock.set(loop.ctx.deadline)
    assert len(done) >= 20
    assert stats.job_overruns == {}


def test_gc_guard_keeps_full_collections_out_of_frames() -> None:
    clock = ManualClock()
    loop, stats, _, _, guard = build(clock, {"render": 0.001}, period=0.01, guard=True)
    assert guard is not None
    guard.full_every = 5
    guard.install()
    try:
        assert not gc.isenabled()
        for _ in range(20):
            # Make cyclic garbage every frame.
            a: list = []
            a.append(a)
            loop.run_frame()
            clock.set(loop.ctx.deadline)
        assert stats.gc_in_frame == 0
        assert stats.gc_in_slack >= 3
    finally:
        guard.uninstall()
    assert gc.isenabled()


def test_stats_json_has_the_contract_fields() -> None:
    clock = ManualClock()
    loop, stats, _, _, _ = build(clock, {"render": 0.002})
    for _ in range(10):
        loop.run_frame()
    doc = stats.to_json()
    for key in ("frames", "refresh_hz", "missed_frames", "frame_ms", "core_ms", "phases"):
        assert key in doc
    for key in ("p50", "p95", "p99", "max"):
        assert key in doc["frame_ms"]
    assert {"p50", "p99"} <= set(doc["core_ms"])
    assert set(doc["phases"]) == set(PHASES)
    assert all({"p50", "p99"} <= set(v) for v in doc["phases"].values())
