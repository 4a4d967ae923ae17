"""Headset simulator figures: pacing accuracy and per-frame runtime cost.

1. Real-time pacing at each refresh rate: a plain pyopenxr app (EGL context,
   one clear per eye) runs N frames; prints wall time against N periods, the
   simulator's missed frames and submit lateness p50/p99 (negative = early),
   and the spacing of xrWaitFrame returns as seen by the app (p50/p99/max).
2. Free pacing: frames per second of the same loop, i.e. what the runtime and
   pyopenxr cost per frame when nothing waits.

Usage: python bench/bench_xrsim.py [--frames 450] [--rates 72,90,120] [--size 256x256]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from experience.xrsim import Simulator  # noqa: E402


def _pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p * (len(s) - 1)))]


def run(frames: int, rate: float, pacing: str, size: tuple[int, int]) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        sim = Simulator(Path(tmp), refresh_hz=rate, pacing=pacing, eye_size=size)
        os.environ.update(sim.env())
        from tests.xrsim._client import Client
        from tests.xrsim._egl import EglContext

        gl = EglContext()
        client = Client(gl)
        client.open()
        wakes: list[float] = []

        def render(eye: int, tex: int, w: int, h: int, view: object) -> None:
            gl.clear_texture(tex, w, h, (0.2, 0.4, 0.8, 1.0) if eye else (0.8, 0.4, 0.2, 1.0))

        while client.running is False:
            client.poll()
        start = time.perf_counter()
        while client.seen.frames_ended < frames:
            client.poll()
            client.frame(render)
            wakes.append(time.perf_counter())
        elapsed = time.perf_counter() - start
        client.close()
        gl.close()
        report = sim.report()
    gaps = [(b - a) * 1000 for a, b in itertools.pairwise(wakes)]
    return {"elapsed": elapsed, "report": report, "gaps": gaps}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--frames", type=int, default=450)
    ap.add_argument("--rates", default="72,90,120")
    ap.add_argument("--size", default="256x256")
    args = ap.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    print(f"{'mode':>16} {'frames':>6} {'wall s':>7} {'expect s':>8} {'missed':>6} "
          f"{'late p50':>8} {'late p99':>8} {'gap p50':>7} {'gap p99':>7} {'gap max':>7}")
    for rate in (float(r) for r in args.rates.split(",")):
        r = run(args.frames, rate, "realtime", size)  # type: ignore[arg-type]
        rep, gaps = r["report"], r["gaps"]
        assert isinstance(rep, dict) and isinstance(gaps, list)
        late = rep["lateness_ms"]
        print(f"{f'realtime {rate:g} Hz':>16} {rep['frames']:>6} {r['elapsed']:>7.3f} "
              f"{args.frames / rate:>8.3f} {rep['missed_frames']:>6} {late['p50']:>8.2f} "
              f"{late['p99']:>8.2f} {statistics.median(gaps):>7.2f} {_pct(gaps, 0.99):>7.2f} "
              f"{max(gaps):>7.2f}")
    r = run(args.frames, 90, "free", size)  # type: ignore[arg-type]
    elapsed = r["elapsed"]
    assert isinstance(elapsed, float)
    print(f"free pacing: {args.frames} frames in {elapsed:.3f} s = "
          f"{args.frames / elapsed:.0f} frames/s ({elapsed / args.frames * 1000:.3f} ms/frame "
          f"for wait+begin+locate+2x(acquire,wait,clear,release)+end from Python)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
