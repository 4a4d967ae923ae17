"""XR mode against the headset simulator: core_ms, render cost of the two swapchain paths.

Runs the placeholder experience in ``--mode xr`` (through tests/xr/_driver.py,
one process per configuration) against tools/xrsim, and prints per
configuration: frames, core_ms p50/p99 (Python-side work per frame: poll,
views, update, submit), the render phase p50/p99 (Panda3D draw plus getting the
image into the swapchain) and the whole frame p50/p99, all in milliseconds.

``direct`` renders the post pass straight into the acquired swapchain image;
``blit`` renders into a texture and copies it with glCopyImageSubData.
Figures are from Mesa llvmpipe (software GL) when there is no GPU: they show
the Python cost well and the GPU cost only relatively.

Usage: python bench/bench_xr.py [--duration S] [--eye WxH] [--pacing free|realtime]
                                [--paths direct,blit] [--controllers]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def run_one(path: str, args: argparse.Namespace, work: Path) -> dict:
    from experience import xrsim

    sim = xrsim.Simulator(work / f"sim-{path}", refresh_hz=args.refresh, eye_size=args.eye, pacing=args.pacing,
                          head="look_around")
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMPATHY_XR_")}
    env.update(sim.env())
    out = work / f"{path}.json"
    cmd = [sys.executable, str(ROOT / "tests" / "xr" / "_driver.py"), str(out), "--duration", str(args.duration),
           "--path", path]
    if not args.controllers:
        cmd.append("--no-controllers")
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    if p.returncode != 0 or not out.exists():
        raise SystemExit(f"{path}: the run failed:\n{p.stderr[-2000:]}")
    result = json.loads(out.read_text())
    result["report"] = sim.report()
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=10.0, help="seconds of display time per run")
    ap.add_argument("--eye", default="720x792", help="per-eye size WxH (default 720x792)")
    ap.add_argument("--refresh", type=float, default=90.0)
    ap.add_argument("--pacing", choices=("free", "realtime"), default="free")
    ap.add_argument("--paths", default="direct,blit")
    ap.add_argument("--controllers", action="store_true", help="also read controller actions every frame")
    args = ap.parse_args()
    try:
        w, h = (int(v) for v in args.eye.lower().split("x"))
    except ValueError:
        print(f"error: --eye: expected WxH, got {args.eye!r}", file=sys.stderr)
        return 2
    args.eye = (w, h)
    paths = [p.strip() for p in args.paths.split(",") if p.strip()]
    if any(p not in ("direct", "blit") for p in paths):
        print("error: --paths: use direct and/or blit", file=sys.stderr)
        return 2
    print(f"eye {w}x{h}, {args.refresh:g} Hz, {args.pacing} pacing, {args.duration:g} s per run, "
          f"controllers {'on' if args.controllers else 'off'}")
    print(f"{'path':8} {'frames':>6} {'sim':>6} {'core p50':>9} {'core p99':>9} {'render p50':>11} "
          f"{'render p99':>11} {'frame p50':>10} {'frame p99':>10} {'missed':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            r = run_one(path, args, Path(tmp))
            s = r["stats"]
            rend = s["phases"]["render"]
            print(f"{path:8} {s['frames']:6d} {r['report']['frames']:6d} {s['core_ms']['p50']:9.3f} "
                  f"{s['core_ms']['p99']:9.3f} {rend['p50']:11.3f} {rend['p99']:11.3f} "
                  f"{s['frame_ms']['p50']:10.3f} {s['frame_ms']['p99']:10.3f} {s['missed_frames']:7d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
