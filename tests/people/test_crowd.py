"""The shared animation, without rendering: gaze, look-aways, glances, expressions, no allocation."""

from __future__ import annotations

import math
import tracemalloc

import numpy as np

from experience.people import Crowd, PeopleInput, text_track


def _crowd(n: int = 4, seed: int = 2) -> tuple[Crowd, PeopleInput]:
    pos = np.array([[i * 0.8 - 1.2, 1.5, 0.0] for i in range(n)])
    c = Crowd(pos, np.full(n, 180.0), np.full(n, 1.45), np.full(n, 1.6), seed)
    inp = PeopleInput()
    inp.viewer[:] = (0.0, 0.0, 1.2)
    return c, inp


def _run(c: Crowd, inp: PeopleInput, seconds: float, dt: float = 1 / 60) -> None:
    for _ in range(int(seconds / dt)):
        inp.line_time += dt
        c.update(dt, inp)


def test_the_animation_allocates_nothing_per_frame() -> None:
    c, inp = _crowd(20)
    c.speak(3, text_track("And that is what happened on the way home, more or less.", 4.0), "animated")
    _run(c, inp, 2.0)
    tracemalloc.start()
    try:
        _run(c, inp, 0.2)
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        _run(c, inp, 5.0)
        cur, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert cur - base < 512, "nothing is kept"
    assert peak - base < 8192, "and nothing but a few small views made along the way (300 frames, 20 people)"


def test_eye_contact_comes_with_natural_look_aways() -> None:
    c, inp = _crowd(1)
    away = []
    for _ in range(60 * 40):
        c.update(1 / 60, inp)
        away.append(bool(c.motion.away_phase[0]))
    a = np.array(away)
    share = a.mean()
    assert 0.1 < share < 0.45, share  # mostly eye contact, looking away now and then
    switches = int(np.abs(np.diff(a.astype(int))).sum())
    assert switches >= 8  # over 40 s: a few seconds on, a second or two off
    c.look(0, "stare")
    stare = []
    for _ in range(60 * 20):
        c.update(1 / 60, inp)
        stare.append(bool((c.motion.away[0] != 0).any()))
    assert not any(stare), "stare holds the gaze"


def test_the_head_turns_to_the_viewer_within_a_natural_range_and_the_eyes_lead() -> None:
    c, inp = _crowd(1)
    c.look(0, "stare")
    inp.viewer[:] = (-1.2 + 1.5, 0.2, 1.3)  # to the figure's left (it faces -y)
    c.update(1 / 60, inp)
    c.update(1 / 60, inp)
    assert abs(c.eye[0, 0]) > abs(c.head[0, 0])  # eyes first
    _run(c, inp, 3.0)
    # In the figure's own frame (it faces -y): the viewer is 1.5 m to its left, 1.3 m ahead.
    want = math.atan2(1.5, 1.3)
    total = c.head[0, 0] + c.eye[0, 0] - c.motion.saccade[0, 0]
    assert abs(total - want) < 0.06
    assert abs(c.head[0, 0]) <= math.radians(70) + 1e-6
    inp.viewer[:] = (-1.2, 3.5, 1.3)  # behind them: they do not wrench their neck round
    _run(c, inp, 3.0)
    assert abs(c.head[0, 0]) < math.radians(30)


def test_listeners_glance_at_whoever_speaks() -> None:
    c, inp = _crowd(5)
    _run(c, inp, 1.0)
    c.speak(0, text_track("Could everyone look at this for a moment?", 3.0))
    glanced = np.zeros(5, bool)
    for _ in range(60 * 3):
        c.update(1 / 60, inp)
        glanced |= c.motion.glancing
    assert not glanced[0]
    assert glanced[1:].sum() >= 2
    c.look(2, "target", (5.0, 5.0, 1.0))
    c.speak(1, None)
    for _ in range(60 * 2):
        c.update(1 / 60, inp)
        assert not c.motion.glancing[2], "someone cued to look somewhere keeps looking there"


def test_expressions_blend_and_never_snap() -> None:
    c, inp = _crowd(1)
    c.expression(0, "warm", 1.5)
    smiles = []
    for _ in range(120):
        c.update(1 / 60, inp)
        smiles.append(c.params[0, 2])
    steps = np.abs(np.diff(smiles))
    assert smiles[-1] > 0.7 and steps.max() < 0.05
    c.expression(0, "worried", 1.0)  # from wherever the last blend was
    _run(c, inp, 0.5)
    mid = c.params[0].copy()
    _run(c, inp, 1.0)
    assert c.params[0, 1] > mid[1] > 0.0  # inner brows up, on the way


def test_the_mouth_and_gestures_follow_the_speaker_only() -> None:
    c, inp = _crowd(3)
    track = text_track("Well, I suppose we could try it, and see what happens next week.", 4.0)
    c.speak(1, track, "animated")
    inp.line_time = 0.0
    opened, gestures = [], []
    for k in range(240):
        inp.line_time = k / 60
        c.update(1 / 60, inp)
        opened.append(c.motion.mouth.copy())
        gestures.append(c.motion.gesture.copy())
    o, g = np.array(opened), np.array(gestures)
    assert o[:, 1].max() > 0.4 and o[:, [0, 2]].max() < 1e-6
    assert g[:, 1].max() > 0.1 and g[:, [0, 2]].max() < 1e-6
    calm = Crowd(np.zeros((1, 3)), np.zeros(1), np.ones(1), np.ones(1), 2)
    calm.speak(0, track, "calm")
    gc = []
    for k in range(240):
        inp.line_time = k / 60
        calm.update(1 / 60, inp)
        gc.append(calm.motion.gesture[0].max())
    assert max(gc) < g[:, 1].max()  # calm speech moves the hands less than animated


def test_strangers_glance_and_look_away() -> None:
    c, inp = _crowd(1)
    c.look(0, "glance")
    looking = []
    for _ in range(60 * 60):
        c.update(1 / 60, inp)
        looking.append(not c.motion.away_phase[0])
    a = np.array(looking)
    assert 0.04 < a.mean() < 0.35, a.mean()  # mostly elsewhere
    starts = np.nonzero(np.diff(a.astype(int)) == 1)[0]
    assert len(starts) >= 4
