"""panda3d-openxr's minimal sample, timed the way bench_xr.py times ours.

Not part of empathy-vr: run by ``bench/bench_xr.py --p3dopenxr-python PY`` with
a Python that has ``panda3d-openxr`` installed (a throwaway venv), under an X
display (it uses GLX) and the simulator's environment. Prints one JSON line:
frames, frame_ms / render_ms / core_ms (p50, p99); core = a task-manager step
minus ``renderFrame``.

Usage: PY bench/_p3dopenxr_harness.py FRAMES
"""

import json
import logging
import sys
import time

from panda3d.core import loadPrcFileData

loadPrcFileData("", "win-size 320 240\naudio-library-name null\nsync-video 0")
from direct.showbase.ShowBase import ShowBase  # noqa: E402
from p3dopenxr.p3dopenxr import P3DOpenXR  # noqa: E402

logging.disable(logging.CRITICAL)  # the package turns on DEBUG logging at import
base = ShowBase()
openxr = P3DOpenXR()
props = openxr.create_default_fb_props()
props.set_alpha_bits(8)  # its default (SRGB8, no alpha) is not negotiated with the runtime
openxr.init(fb_props=props)
base.loader.loadModel("panda").reparentTo(base.render)
engine = base.graphicsEngine
render_s: list[float] = []


class TimedEngine:
    def __init__(self, e):
        self.e = e

    def renderFrame(self):
        t = time.perf_counter()
        self.e.renderFrame()
        render_s.append(time.perf_counter() - t)

    def __getattr__(self, k):
        return getattr(self.e, k)


base.graphicsEngine = TimedEngine(engine)
n = int(sys.argv[1])
steps = []
for _ in range(n):
    t = time.perf_counter()
    base.taskMgr.step()
    steps.append(time.perf_counter() - t)


def pct(v, q):
    v = sorted(v)
    return round(v[min(len(v) - 1, int(q / 100 * len(v)))] * 1000, 3)


core = [s - r for s, r in zip(steps, render_s, strict=False)]
print(json.dumps({"frames": n, "frame_ms": [pct(steps, 50), pct(steps, 99)],
                  "render_ms": [pct(render_s, 50), pct(render_s, 99)], "core_ms": [pct(core, 50), pct(core, 99)]}))
sys.stdout.flush()
