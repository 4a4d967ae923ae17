"""Fault injection: headset off/on, session loss, exit request, compositor stall, live control."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.xr

PERIOD_90 = 11_111_111


def run(client, frames, render=None):
    client = client()
    client.open()
    seen = client.run(frames, render)
    client.close()
    return seen


def test_headset_off_and_on(sim, client):
    s = sim(script=["# take it off, then put it back", "f30 headset off  # frame 30", "f60 headset on"])
    seen = run(client, 90)
    assert seen.states == ["IDLE", "READY", "SYNCHRONIZED", "VISIBLE", "FOCUSED", "VISIBLE",
                           "FOCUSED"]
    assert all(seen.should_render[1:])  # VISIBLE still renders
    report = s.report()
    events = [(e["event"], e["frame"]) for e in report["events"]]
    assert ("fault:headset_off", 30) in events
    assert ("fault:headset_on", 60) in events
    off = next(e for e in report["events"] if e["event"] == "fault:headset_off")
    assert off["session_t"] == pytest.approx(30 / 90, abs=1e-6)
    assert [e["state"] for e in report["states"]][-2:] == ["VISIBLE", "FOCUSED"]


def test_headset_off_by_time(sim, client):
    sim(script=["0.5s headset off"])
    seen = run(client, 60)
    assert seen.states[-1] == "VISIBLE"
    assert seen.states.count("VISIBLE") == 2


def test_session_loss(sim, client):
    s = sim(script=["f20 loss"])
    seen = run(client, 100)
    assert seen.states[-1] == "LOSS_PENDING"
    assert seen.frames_ended == 20
    assert seen.loss_pending_results == 1  # xrWaitFrame returned XR_SESSION_LOSS_PENDING
    assert s.report()["states"][-1]["state"] == "LOSS_PENDING"


def test_exit_request(sim, client):
    s = sim(script=["f40 exit"])
    seen = run(client, 200)
    assert seen.states == ["IDLE", "READY", "SYNCHRONIZED", "VISIBLE", "FOCUSED", "VISIBLE",
                           "SYNCHRONIZED", "STOPPING", "IDLE", "EXITING"]
    assert seen.frames_ended == 41  # frame 40 was already waited on: it completes
    assert s.report()["errors"] == []


def test_app_requests_exit(sim, client):
    import xr

    sim()
    client = client()
    client.open()
    client.run(10)
    xr.request_exit_session(client.session)
    seen = client.run(100)
    client.close()
    assert seen.states[-4:] == ["SYNCHRONIZED", "STOPPING", "IDLE", "EXITING"]


def test_compositor_stall_skips_vsyncs(sim, client):
    s = sim(script=["f10 stall 50"])
    seen = run(client, 20)
    gaps = [b - a for a, b in zip(seen.display_times, seen.display_times[1:], strict=False)]
    assert gaps[9] == 6 * PERIOD_90  # 50 ms = 4.5 periods -> 5 skipped vsyncs
    assert all(g == PERIOD_90 for i, g in enumerate(gaps) if i != 9)
    report = s.report()
    assert report["stalls"] == 1
    assert report["stall_skipped_vsyncs"] == 5


def test_live_control_file(sim, client):
    s = sim()
    client = client()
    client.open()
    client.run(10)
    s.send("headset off")
    client.run(15)
    s.send("exit")
    seen = client.run(40)
    client.close()
    assert seen.states[5:] == ["VISIBLE", "SYNCHRONIZED", "STOPPING", "IDLE", "EXITING"]


def test_new_session_after_loss(sim, client):
    import xr

    s = sim(script=["f5 loss"])
    c = client()
    c.open()
    seen = c.run(20)
    assert seen.states[-1] == "LOSS_PENDING"
    for sc, *_ in c.swapchains:
        xr.destroy_swapchain(sc)
    c.swapchains.clear()
    xr.destroy_space(c.space)
    xr.destroy_session(c.session)
    c.session = c.space = None
    c.state, c.running = xr.SessionState.UNKNOWN, False
    c.seen.states.clear()
    c.open()  # a fresh session on the same instance
    seen = c.run(c.seen.frames_ended + 10)
    assert seen.states == ["IDLE", "READY", "SYNCHRONIZED", "VISIBLE", "FOCUSED"]
    c.close()
    assert s.report()["errors"] == []


def test_hide_and_show(sim, client):
    """The runtime covers the app: SYNCHRONIZED, shouldRender false, frames still paced."""
    s = sim(script=["f10 hide", "f20 show"])
    seen = run(client, 30)
    assert seen.states[4:] == ["FOCUSED", "VISIBLE", "SYNCHRONIZED", "VISIBLE", "FOCUSED"]
    assert not any(seen.should_render[10:20])
    assert all(seen.should_render[20:])
    assert seen.frames_ended == 30
    assert s.report()["errors"] == []


def test_bad_commands_are_reported(sim, client):
    s = sim(script=["f2 headset sideways", "f3 head spin", "f3 head turn 1", "f4 jump",
                    "f5 press left trigger"])
    seen = run(client, 8)
    assert seen.frames_ended == 8
    bad = [e["event"] for e in s.report()["events"] if e["event"].startswith("bad_command")]
    assert bad == ["bad_command: headset sideways", "bad_command: head spin",
                   "bad_command: head turn 1", "bad_command: jump"]


def test_timeline_catches_up_after_skipped_vsyncs(sim, client):
    """A stall at frame 10 skips 5 vsyncs; what fell due meanwhile runs at frame 10."""
    s = sim(script=["f10 stall 50", "0.12s headset off"])
    seen = run(client, 15)
    assert seen.should_render[10] and seen.states[-1] == "VISIBLE"
    off = next(e for e in s.report()["events"] if e["event"] == "fault:headset_off")
    assert off["frame"] == 10
    assert off["session_t"] == pytest.approx(15 / 90, abs=1e-6)


def test_scripted_loss_fires_once_per_run(sim, client):
    """Issue 12, 21: an app that restarts after a loss (as hello_xr does: a new instance) meets
    the scripted loss once, not in every new instance."""
    s = sim(script=["f10 loss", "f25 headset off"])
    first = client()
    first.open()
    seen = first.run(100)
    assert seen.states[-1] == "LOSS_PENDING"
    first.close()  # session and instance destroyed, like hello_xr's restart
    second = client()
    second.open()
    seen = second.run(40)
    assert "LOSS_PENDING" not in seen.states
    assert seen.frames_ended == 40
    # The timeline runs on: frame 25 of the run is frame 15 of the second session.
    assert seen.states[-2:] == ["FOCUSED", "VISIBLE"]
    second.close()
    report = s.report()
    assert report["instances"] == 2 and report["sessions"] == 2
    assert [e["event"] for e in report["events"] if e["event"].startswith("fault:")] == [
        "fault:session_loss", "fault:headset_off"]
    assert [e["state"] for e in report["states"]].count("LOSS_PENDING") == 1
