"""Faces, rendered and looked at: eyes and mouth are there, blinks, speech and gaze show in the pixels."""

from __future__ import annotations

import itertools
import wave
from pathlib import Path
from typing import Any

import numpy as np
import pytest

FPS = 30.0


def _load(r: Any, face_dir: Path) -> Any:
    inst = r.load("face", face_dir)
    r.face_closeup("ann", distance=0.55, fov_deg=20.0)
    return inst


def _frame(r: Any) -> np.ndarray:
    r.render()
    return r.image().astype(np.int16)


def eye_white(img: np.ndarray) -> np.ndarray:
    """Bright, unsaturated pixels: the whites of the eyes (skin and hair are saturated or dark)."""
    lo, hi = img.min(axis=2), img.max(axis=2)
    return (lo > 150) & (hi - lo < 28)


def dark(img: np.ndarray) -> np.ndarray:
    return img.max(axis=2) < 60


def _face_rows(img: np.ndarray) -> tuple[slice, slice]:
    h, w, _ = img.shape
    return slice(int(h * 0.15), int(h * 0.55)), slice(int(w * 0.2), int(w * 0.8))


def test_a_face_has_two_eyes_with_irises_and_a_mouth(closeup: Any, face_dir: Path) -> None:
    _load(closeup, face_dir)
    for _ in closeup.run(0.6, FPS):
        pass
    img = _frame(closeup)
    rows, cols = _face_rows(img)
    white = eye_white(img[rows, cols])
    ys, xs = np.nonzero(white)
    assert len(xs) > 40, "eye whites are visible"
    mid = (xs.min() + xs.max()) / 2
    left, right = xs < mid, xs >= mid
    assert left.sum() > 15 and right.sum() > 15, "two eyes"
    assert xs[right].min() - xs[left].max() > 5, "with the nose between them"
    # Irises and pupils: dark pixels inside each eye's white box.
    for side in (left, right):
        box = img[rows, cols][ys[side].min(): ys[side].max() + 1, xs[side].min(): xs[side].max() + 1]
        assert dark(box).sum() >= 4
    # The mouth: below the eyes, darker and redder than the skin around it.
    h = img.shape[0]
    mouth = img[int(h * 0.55): int(h * 0.8), int(img.shape[1] * 0.35): int(img.shape[1] * 0.65)]
    skin = np.median(img[int(h * 0.45): int(h * 0.5), int(img.shape[1] * 0.3): int(img.shape[1] * 0.36)], axis=(0, 1))
    lips = (mouth[..., 0] > mouth[..., 2] + 20) & (mouth.sum(axis=2) < skin.sum() - 60)
    assert lips.sum() > 10, "lips are drawn"


def test_blinks_come_every_two_to_eight_seconds_and_close_the_eyes(closeup: Any, face_dir: Path) -> None:
    inst = _load(closeup, face_dir)
    motion = inst.cast.crowd.motion
    rows, cols = _face_rows(np.zeros((150, 200, 3)))
    whites, closed = [], []
    start = motion.blinks[0]
    for _ in closeup.run(20.0, FPS):
        img = closeup.image()
        whites.append(int(eye_white(img[rows, cols].astype(np.int16)).sum()))
        closed.append(float(motion.lid[0]))
    whites_a, closed_a = np.array(whites), np.array(closed)
    open_level = np.median(whites_a)
    assert open_level > 40
    # Every fully closed frame hides (almost) all of the whites; open frames show them.
    assert (whites_a[closed_a > 0.95] < 0.25 * open_level).all()
    assert (whites_a[closed_a < 0.05] > 0.5 * open_level).mean() > 0.95
    blinks = motion.blinks[0] - start
    assert 20 / 8 - 1 <= blinks <= 20 / 2 * 1.3 + 1


def test_blink_rate_and_double_blinks_on_a_manual_clock() -> None:
    from experience.people import Crowd, PeopleInput

    n = 12
    c = Crowd(np.zeros((n, 3)), np.zeros(n), np.full(n, 1.4), np.full(n, 1.55), seed=5)
    inp = PeopleInput()
    inp.viewer[:] = (0, 2, 1.5)
    starts: list[list[float]] = [[] for _ in range(n)]
    last = c.motion.blinks.copy()
    for k in range(180 * 60):
        c.update(1 / 60, inp)
        new = np.nonzero(c.motion.blinks != last)[0]
        for i in new:
            starts[i].append(k / 60)
        last[:] = c.motion.blinks
    gaps = np.concatenate([np.diff(s) for s in starts])
    per_min = np.array([len(s) for s in starts]) / 3.0
    assert ((per_min > 7) & (per_min < 30)).all(), per_min  # every 2..8 s, with some doubles
    assert gaps.max() <= 8.05
    doubles = (gaps < 0.5).mean()
    assert 0.04 < doubles < 0.2, doubles
    assert (gaps[gaps >= 0.5] >= 1.95).all()


def _voice_wav(path: Path, seconds: float = 4.0, sr: int = 16000) -> np.ndarray:
    """A voice-like test signal: a buzz whose loudness comes in syllables and pauses; returns its envelope."""
    t = np.arange(int(seconds * sr)) / sr
    rng = np.random.default_rng(3)
    env = np.zeros_like(t)
    at = 0.15
    while at < seconds - 0.3:
        length = rng.uniform(0.12, 0.3)
        seg = (t >= at) & (t < at + length)
        env[seg] = np.sin(np.pi * (t[seg] - at) / length) * rng.uniform(0.35, 1.0)
        at += length + rng.uniform(0.03, 0.35)
    buzz = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 8))
    x = 0.3 * env * buzz / 2.6
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes((x * 32767).astype("<i2").tobytes())
    return env


def test_the_mouth_opens_with_the_audio_envelope_of_the_line(closeup: Any, face_dir: Path, tmp_path: Path) -> None:
    from experience.people import mouth_track

    inst = _load(closeup, face_dir)
    wav = tmp_path / "line.wav"
    env = _voice_wav(wav)
    sig = env * np.sin(2 * np.pi * 140 * np.arange(len(env)) / 16000)
    track = mouth_track(wav)
    assert (tmp_path / "line.wav.mouth").exists(), "the track is stored beside the audio"
    cast = inst.cast
    ann = inst.people["ann"].index
    cast.line_started(ann, "calm")
    cast.set_track(ann, track)
    h, w = 150, 200
    roi = (slice(int(h * 0.55), int(h * 0.85)), slice(int(w * 0.35), int(w * 0.65)))
    areas, want = [], []
    dt = 1 / FPS
    for k in range(int(4.0 * FPS)):
        t = k * dt
        inst.line_time = t
        inst.update(dt)
        img = _frame(closeup)[roi]
        areas.append(int((img.max(axis=2) < 95).sum()))
        # The line's amplitude envelope, measured here from the samples (RMS over 40 ms).
        i = int(t * 16000)
        want.append(float(np.sqrt(np.mean(sig[max(0, i - 320): i + 320] ** 2))))
    cast.line_ended()
    r = float(np.corrcoef(areas, want)[0, 1])
    assert r > 0.6, r
    assert max(areas) > min(areas) + 15


def test_the_eyes_follow_the_participants_head(closeup: Any, face_dir: Path) -> None:
    inst = _load(closeup, face_dir)
    ann = inst.people["ann"].index
    inst.cast.look(ann, "stare")
    viewer = [0.0, 0.0, 1.2]  # the participant's head, in the scene
    inst.viewer = lambda: (viewer[0], viewer[1], viewer[2])
    rows, cols = _face_rows(np.zeros((150, 200, 3)))
    xs = []
    for x in (-0.6, -0.2, 0.2, 0.6):
        viewer[0] = x
        for _ in closeup.run(1.2, FPS):
            pass
        at = []
        for _ in range(4):  # a few looks, a saccade apart
            for _ in closeup.run(0.3, FPS):
                pass
            img = closeup.image().astype(np.int16)[rows, cols]
            ys_w, xs_w = np.nonzero(eye_white(img))
            iris = dark(img)
            box = np.zeros_like(iris)
            box[ys_w.min(): ys_w.max() + 1, xs_w.min(): xs_w.max() + 1] = True
            at.append(float(np.nonzero(iris & box)[1].mean()))
        xs.append(float(np.mean(at)))
    # The participant moves to the figure's left (the image's right): the irises follow, step by step.
    assert all(b > a for a, b in itertools.pairwise(xs)), xs
    assert xs[-1] - xs[0] > 8, xs


@pytest.mark.parametrize("distance", [0.7, 1.6])
def test_looks_at_headset_density_are_stable(closeup: Any, face_dir: Path, distance: float) -> None:
    """A face seen across a table and across a room still shows its eyes (no flicker between frames)."""
    _load(closeup, face_dir)
    closeup.face_closeup("ann", distance=distance, fov_deg=20.0 * distance / 0.55 * 0.6)
    counts = []
    for _ in closeup.run(1.0, FPS):
        counts.append(int(eye_white(closeup.image().astype(np.int16)).sum()))
    assert np.median(counts) > 6
