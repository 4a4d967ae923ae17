"""Audio work per frame: listener update, emitter updates, ducking, media clock.

Runs the audio presenter's per-frame update on the real OpenAL manager
(OpenAL Soft's ``null`` backend: it mixes, nothing is heard) with a busy
scene: an ambience bed, a narrator, four head-relative voices and two cues at
scene positions, the head turning every frame and ducking going on and off.
Prints the median, p99 and max in milliseconds (goal: median <= 0.2 ms).

Usage: python bench/bench_audio.py [--frames N] [--hrtf on|off]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--frames", type=int, default=5000)
    ap.add_argument("--hrtf", choices=["on", "off"], default="on")
    args = ap.parse_args()

    from panda3d.core import NodePath

    from experience.audio import AudioConfig, AudioEngine, open_manager, write_wav
    from experience.presenters.audio import AudioPresenter

    manager = open_manager(AudioConfig(drivers="null", hrtf=args.hrtf == "on"))
    if manager is None:
        print("no OpenAL null backend: cannot benchmark")
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="bench-audio-"))
    rng = np.random.default_rng(1)
    for name, seconds in (("bed", 4.0), ("narr", 60.0), ("voice", 60.0), ("cue", 60.0)):
        write_wav(tmp / f"{name}.wav", rng.standard_normal(int(seconds * 44100)) * 0.05)
    engine = AudioEngine(manager)
    world = NodePath("world")
    head = world.attach_new_node("head")
    head.set_pos(0, 0, 1.2)
    calls = []
    player = SimpleNamespace(set_media_position=lambda line, t: calls.append(t))
    p = AudioPresenter(manager=manager)
    p.app = SimpleNamespace(stage=SimpleNamespace(head=head), player=player)
    p.engine = engine

    def load(name: str, positional: bool) -> object:
        return engine.load(str(tmp / f"{name}.wav"), positional=positional, stream=False)

    engine.play(load("bed", False), bus="ambience", loop=True, name="bed")
    narr = engine.play(load("narr", False), bus="narration", line_id="n1")
    p.clock_line = ("n1", narr)
    for i in range(4):
        a = i * np.pi / 2
        engine.play(load("voice", True), bus="voices", mode="head", pos=(float(np.cos(a)), float(np.sin(a)), 0.1))
    for x in (-2.0, 2.0):
        engine.play(load("cue", True), bus="effects", mode="world", pos=(x, 2.0, 1.0))
    ctx = SimpleNamespace(dt=1 / 90)
    times: list[float] = []
    gc.disable()  # as in the app: collections run in slack, not in frames
    for f in range(args.frames):
        head.set_hpr(40 * np.sin(f / 90), 10 * np.sin(f / 70), 0)
        if f % 180 == 0:  # ducking goes on and off as lines come and go
            engine.mixer.set_ducked(f % 360 == 0)
        t0 = time.perf_counter()
        p.update(ctx)  # type: ignore[arg-type]
        times.append((time.perf_counter() - t0) * 1000.0)
    worst = sorted(range(len(times)), key=times.__getitem__)[-3:]
    times.sort()
    med = statistics.median(times)
    p99 = times[int(len(times) * 0.99)]
    print(f"audio per frame ({len(engine.emitters)} emitters, HRTF {args.hrtf}, {args.frames} frames): "
          f"median {med:.3f} ms, p99 {p99:.3f} ms, max {times[-1]:.3f} ms "
          f"(goal: median <= 0.2 ms: {'ok' if med <= 0.2 else 'OVER'}); slowest frames: {worst}")
    engine.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
