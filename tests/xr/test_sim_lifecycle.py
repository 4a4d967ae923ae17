"""Session lifecycle with injected faults: headset off/on, session loss, exit request."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.xr

NO_CTRL = ("--no-controllers",)


def test_headset_off_pauses_and_on_resumes(run_xr) -> None:
    r = run_xr(script=("3 headset off", "5 headset on"), duration=6.5, eye_size=(64, 72), args=NO_CTRL)
    assert r.returncode == 0, r.stderr[-2000:]
    paused = r.events("Paused")
    changes = r.events("HeadsetChanged")
    assert [c["on"] for c in changes] == [False, True]
    assert paused and paused[0]["reason"] == "headset_off"
    assert 2.9 <= paused[0]["display_t"] <= 3.2
    resumed = r.events("Resumed")
    assert resumed and 4.9 <= resumed[0]["display_t"] <= 5.2
    xr = r.result["stats"]["xr"]
    assert xr["headset_off"] == 1 and xr["focus_lost"] == {"headset_off": 1, "session_lost": 0, "runtime_exit": 0}
    assert r.result["session_state"]["headset"] is True
    # frames keep going while the headset is off (the runtime keeps the session running)
    assert xr["submitted"] == r.report["frames"]
    assert r.report["errors"] == []


def test_session_loss_is_recovered_with_the_record_intact(run_xr) -> None:
    r = run_xr(script=("2 loss",), duration=4.0, eye_size=(64, 72), args=NO_CTRL)
    assert r.returncode == 0, r.stderr[-2000:]
    xr = r.result["stats"]["xr"]
    assert xr["lost"] == 1
    assert xr["headset_off"] == 0 and xr["focus_lost"]["headset_off"] == 0  # a loss is no headset off
    assert xr["focus_lost"]["session_lost"] == 1 and xr["runtime_exit"] == 0
    assert xr["recreated"] == 1 or r.result["stats"]["frames"] > 0
    # the record says what happened: the session was lost (no headset off), then it came back
    assert [p["reason"] for p in r.events("Paused")] == ["session_lost"]
    assert r.events("HeadsetChanged") == [] and len(r.events("Resumed")) == 1
    assert r.result["session_state"]["headset"] is True
    assert r.result["stats"]["frames"] > 0 and "core_ms" in r.result["stats"]
    if xr["recreated"]:
        assert "loss_pending" in xr["states"]
        assert xr["states"].count("focused") >= 2


def test_exit_request_shuts_down_within_a_second(run_xr) -> None:
    r = run_xr(script=("2 exit",), duration=30.0, eye_size=(64, 72), args=NO_CTRL)
    assert r.returncode == 0, r.stderr[-2000:]
    marks = r.result["marks"]
    assert "runtime_end" in marks and "runtime_exit" in marks
    assert marks["stopped"] - marks["runtime_end"] < 1.0
    assert r.result["t_end"] - marks["runtime_end"] < 1.0
    xr = r.result["stats"]["xr"]
    assert xr["states"][-3:] == ["stopping", "idle", "exiting"]
    assert r.result["stats"]["frames"] < 90 * 3  # ended near 2 s, not at the 30 s duration
    assert xr["headset_off"] == 0 and xr["runtime_exit"] == 1  # counted for what it was
    assert xr["focus_lost"] == {"headset_off": 0, "session_lost": 0, "runtime_exit": 1}
    assert r.result["stats"]["player_state"] == "ended"  # not left "paused"
    assert [e["reason"] for e in r.events("ExperienceEnded")] == ["runtime_exit"]


def test_quit_request_ends_the_session_cleanly_within_a_second(run_xr) -> None:
    r = run_xr(duration=30.0, eye_size=(64, 72), args=(*NO_CTRL, "--request", "quit@90"))
    assert r.returncode == 0, r.stderr[-2000:]
    marks = r.result["marks"]
    assert r.result["t_end"] - marks["request_quit"] < 1.0
    # we asked the runtime to exit and walked the session down: no errors, states in order
    assert r.report["errors"] == []
    assert [s["state"] for s in r.report["states"]][-3:] == ["STOPPING", "IDLE", "EXITING"]
    assert r.result["stats"]["xr"]["headset_off"] == 0  # our own exit is not "headset off"
