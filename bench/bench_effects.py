"""Post-effect and scene cost per stereo frame at headset resolution (default 2064x2208 per eye).

Prints ms per stereo frame, p50 and p99:
  * the post pass alone: no shader, the effect shader at neutral values
    (passthrough), every effect but blur, and the full stack (every effect
    on), over an empty world;
  * the whole stereo frame for each bundled scene with the full stack.
Frames are timed back to back (throughput), after warm-up frames, on
whatever GL the machine has (Mesa llvmpipe without a GPU).

Usage: python bench/bench_effects.py [--size WxH] [--frames N] [--scenes a,b]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FULL = {
    "vignette": {"to": 0.4}, "comfort_vignette": {"to": 0.35}, "desaturate": {"to": 0.5}, "blur": {"to": 0.6},
    "fade": {"to": 0.2}, "pulse": {"to": 0.3, "rate": 70}, "grain": {"to": 0.05}, "temperature": {"to": 0.4},
}


def _gl_finish():  # type: ignore[no-untyped-def]
    """glFinish from the GL library, so each timed frame includes the GPU work (not just submission)."""
    import ctypes

    for name in ("libOpenGL.so.0", "libGL.so.1"):
        try:
            return ctypes.CDLL(name).glFinish
        except OSError:
            continue
    return lambda: None


FINISH = _gl_finish()


def _times(renderer, frames: int, warm: int = 3) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    dt = 1.0 / 90.0
    for i in range(warm + frames):
        t0 = time.perf_counter()
        if renderer.instance is not None:
            renderer.instance.update(dt)
        if renderer.effects is not None:
            renderer.effects.update(dt)
            renderer.push_effects()
        renderer.render()
        FINISH()
        if i >= warm:
            out.append((time.perf_counter() - t0) * 1000.0)
    return out


def _pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def _line(label: str, xs: list[float]) -> str:
    return f"  {label:<28} p50 {_pct(xs, 0.5):8.2f} ms   p99 {_pct(xs, 0.99):8.2f} ms   ({len(xs)} frames)"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", default="2064x2208", help="per-eye size")
    ap.add_argument("--frames", type=int, default=30)
    ap.add_argument("--scenes", default="", help="comma-separated scene ids (default: all bundled)")
    args = ap.parse_args()
    w, h = (int(v) for v in args.size.lower().split("x"))
    from experience.tools import SceneRenderer

    r = SceneRenderer((w, h))
    gsg = r.stage.base.win.getGsg()
    print(f"renderer: {gsg.getDriverRenderer()} ({gsg.getDriverVendor()}), GL {gsg.getDriverVersion()}")
    print(f"stereo, {w}x{h} per eye, {args.frames} frames each after warm-up\n")
    print("post pass over an empty world")
    empty = _times(r, args.frames)
    print(_line("no post shader", empty))
    stack = r.enable_effects()
    neutral = _times(r, args.frames)
    print(_line("effect shader, neutral", neutral))
    for name, params in FULL.items():
        if name != "blur":
            stack.apply_cue(name, params)
    no_blur = _times(r, args.frames)
    print(_line("effect shader, all but blur", no_blur))
    stack.apply_cue("blur", FULL["blur"])
    full = _times(r, args.frames)
    print(_line("effect shader, full stack", full))
    print(f"  full stack costs {_pct(full, 0.5) - _pct(empty, 0.5):.2f} ms per stereo frame over no shader (p50)\n")
    ids = [s for s in args.scenes.split(",") if s] or sorted(p.stem for p in (ROOT / "scenes").glob("*.yaml"))
    print("whole stereo frame per scene, full effect stack")
    for sid in ids:
        r.load(sid)
        for name, params in FULL.items():
            stack.apply_cue(name, params)
        inst = r.instance
        geoms = sum(n.node().getNumGeoms() for n in inst.root.findAllMatches("**/+GeomNode"))
        verts = sum(n.node().getGeom(i).getVertexData().getNumRows()
                    for n in inst.root.findAllMatches("**/+GeomNode") for i in range(n.node().getNumGeoms()))
        print(_line(f"{sid} ({geoms} geoms, {verts // 1000}k verts)", _times(r, args.frames)))
    r.destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
