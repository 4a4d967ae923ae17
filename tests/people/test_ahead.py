"""The people's animation one frame ahead on its own thread: the same motion, in order, errors passed on."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from experience.people import AheadThread, ScenePeople, text_track
from experience.scene import PersonSpec

FRAMES = 240
DT = 1 / 90


def _people() -> ScenePeople:
    specs = [PersonSpec(id=f"p{i}", at=(i * 0.7 - 2.0, 1.5 + (i % 3) * 0.8, 0.0), heading=180.0,
                        gaze=("participant", "glance", "stare", "away")[i % 4]) for i in range(8)]
    cast = ScenePeople(specs, [(1.45, 1.6)] * len(specs), {}, seed=5)
    cast.shader_array()
    return cast


def _frames(cast: ScenePeople, ahead: bool) -> list[np.ndarray]:
    """Run the people as the frame loop does; the shader array's content after each frame."""
    out = []
    line_time = 0.0
    for f in range(FRAMES):
        if f == 20:
            cast.line_started(2, "animated")
            cast.set_track(2, text_track("I kept walking, and after a while it got easier.", 2.0))
        if f == 120:
            cast.expression(5, "warm", 0.5)
            cast.look(1, "p3", over=0.4)
        if f == 200:
            cast.line_ended()
        cast.update(DT, (0.0, -2.5, 1.2), line_time)
        if ahead:
            cast.kick()  # the draw starts here
        assert cast._shader_out is not None
        out.append(cast._shader_out.copy())
        line_time += DT
    return out


def test_running_ahead_draws_the_same_people_one_step_later() -> None:
    in_frame = _frames(_people(), ahead=False)
    cast = _people()
    thread = AheadThread()
    cast.run_ahead(thread)
    try:
        ahead = _frames(cast, ahead=True)
    finally:
        cast.run_ahead(None)
        thread.close()
    # Each step is made while the frame before draws: running ahead, frame k shows k steps, where in
    # the frame it showed k + 1; the same steps, so the same people (until the line, whose mouth is
    # timed a frame on, for the frame it is shown in). Cues land a frame later.
    for k in range(1, 20):
        assert np.allclose(ahead[k], in_frame[k - 1], atol=1e-6), k
    mouth_in = np.array([o.reshape(-1, 5, 4)[2, 1, 3] for o in in_frame])
    mouth_ahead = np.array([o.reshape(-1, 5, 4)[2, 1, 3] for o in ahead])
    assert mouth_in.max() > 0.3 and mouth_ahead.max() > 0.3, "the speaker's mouth moves either way"
    assert np.corrcoef(mouth_in[30:190], mouth_ahead[30:190])[0, 1] > 0.95


def test_a_change_waits_for_the_step_running_ahead() -> None:
    cast = _people()
    release = threading.Event()
    thread = AheadThread()
    cast.run_ahead(thread)
    real = cast.crowd.update
    seen: list[float] = []

    def slow(dt: float, inp: object) -> None:
        release.wait(5)
        real(dt, inp)  # type: ignore[arg-type]
        seen.append(dt)

    cast.crowd.update = slow  # type: ignore[method-assign]
    try:
        cast.update(DT, (0.0, -2.5, 1.2), 0.0)
        cast.kick()
        assert thread.busy
        release.set()
        cast.expression(0, "worried", 0.3)  # waits for the step first
        assert not thread.busy and seen == [DT]
        assert cast.crowd.w_to[0].argmax() > 0
    finally:
        cast.run_ahead(None)
        thread.close()


def test_an_error_in_the_step_reaches_the_frame_thread() -> None:
    thread = AheadThread()

    def broken() -> None:
        raise ValueError("bad step")

    try:
        thread.start(broken)
        with pytest.raises(ValueError, match="bad step"):
            thread.wait()
        thread.wait()  # raised once
        ran = []
        thread.start(lambda: ran.append(1))
        thread.wait()
        assert ran == [1] and thread.jobs == 2
    finally:
        thread.close()
    with pytest.raises(RuntimeError):
        thread.start(lambda: None)


def test_closing_ends_the_thread() -> None:
    thread = AheadThread("people-ahead-test")
    thread.start(lambda: None)
    thread.wait()
    assert any(t.name == "people-ahead-test" for t in threading.enumerate())
    thread.close()
    assert not any(t.name == "people-ahead-test" for t in threading.enumerate())
