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

With ``--p3dopenxr-python PY`` (a Python with ``panda3d-openxr`` installed, e.g. a
throwaway venv; needs an X display) the same simulator loop is also timed for
panda3d-openxr's minimal sample (bench/_p3dopenxr_harness.py), for comparison.

``--room-view on|both`` also runs with the room view (docs/facilitator-guide.md,
The room view) drawn offscreen in slack: its pictures drawn and dropped for want
of slack, and a draw's cost.

Usage: python bench/bench_xr.py [--duration S] [--eye WxH] [--pacing free|realtime]
                                [--paths direct,blit] [--controllers] [--render-scale off|auto|S]
                                [--room-view off|on|both] [--p3dopenxr-python PY]
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


def run_one(path: str, args: argparse.Namespace, work: Path, room: bool = False) -> dict:
    from experience import xrsim

    name = path + ("-room" if room else "")
    sim = xrsim.Simulator(work / f"sim-{name}", refresh_hz=args.refresh, eye_size=args.eye, pacing=args.pacing,
                          head="look_around")
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMPATHY_XR_")}
    env.update(sim.env())
    env["EMPATHY_XR_RENDER_SCALE"] = args.render_scale
    out = work / f"{name}.json"
    cmd = [sys.executable, str(ROOT / "tests" / "xr" / "_driver.py"), str(out), "--duration", str(args.duration),
           "--path", path]
    if room:
        cmd += ["--room-view", "offscreen"]
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
    ap.add_argument("--render-scale", default="off", help="off, auto or a fixed scale such as 0.7")
    ap.add_argument("--room-view", choices=("off", "on", "both"), default="off",
                    help="run with the room view (offscreen, in slack), without it, or both")
    ap.add_argument("--p3dopenxr-python", default=None, metavar="PY",
                    help="also time panda3d-openxr's sample with this Python")
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
          f"controllers {'on' if args.controllers else 'off'}, render scale {args.render_scale}")
    print(f"{'path':8} {'frames':>6} {'sim':>6} {'core p50':>9} {'core p99':>9} {'render p50':>11} "
          f"{'render p99':>11} {'frame p50':>10} {'frame p99':>10} {'missed':>7}")
    rooms = {"off": [False], "on": [True], "both": [False, True]}[args.room_view]
    notes = []
    with tempfile.TemporaryDirectory() as tmp:
        for path, room in ((p, r) for p in paths for r in rooms):
            r = run_one(path, args, Path(tmp), room)
            s = r["stats"]
            rend = s["phases"]["render"]
            name = path + ("+room" if room else "")
            if room:
                rv = r.get("room", {})
                notes.append(f"{name}: room view drew {rv.get('drawn', 0)}, dropped {rv.get('skipped', 0)} for want "
                             f"of slack; draw p50 {rv.get('draw_ms', {}).get('p50', 0):.3f} ms, p99 "
                             f"{rv.get('draw_ms', {}).get('p99', 0):.3f} ms; slack phase p99 "
                             f"{s['phases']['slack']['p99']:.3f} ms; simulator missed {r['report']['missed_frames']}")
            print(f"{name:8} {s['frames']:6d} {r['report']['frames']:6d} {s['core_ms']['p50']:9.3f} "
                  f"{s['core_ms']['p99']:9.3f} {rend['p50']:11.3f} {rend['p99']:11.3f} "
                  f"{s['frame_ms']['p50']:10.3f} {s['frame_ms']['p99']:10.3f} {s['missed_frames']:7d}")
        for line in notes:
            print(line)
        if args.p3dopenxr_python:
            compare(args, Path(tmp))
    return 0


def compare(args: argparse.Namespace, work: Path) -> None:
    """Time panda3d-openxr's minimal sample in the same simulator set-up."""
    from experience import xrsim

    if not os.environ.get("DISPLAY"):
        print("p3dopenxr: skipped (it needs an X display: run under xvfb-run)")
        return
    sim = xrsim.Simulator(work / "sim-p3dopenxr", refresh_hz=args.refresh, eye_size=args.eye, pacing=args.pacing,
                          head="look_around")
    frames = int(args.duration * args.refresh)
    p = subprocess.run([args.p3dopenxr_python, str(ROOT / "bench" / "_p3dopenxr_harness.py"), str(frames)],
                       env={**os.environ, **sim.env()}, capture_output=True, text=True, timeout=600,
                       cwd=str(work))
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        print(f"p3dopenxr: did not run ({p.stderr.strip().splitlines()[-1] if p.stderr.strip() else p.returncode})")
        return
    r = json.loads(lines[-1])
    rep = sim.report()
    print(f"{'p3dopenxr':8} {r['frames']:6d} {rep['frames']:6d} {r['core_ms'][0]:9.3f} {r['core_ms'][1]:9.3f} "
          f"{r['render_ms'][0]:11.3f} {r['render_ms'][1]:11.3f} {r['frame_ms'][0]:10.3f} {r['frame_ms'][1]:10.3f} "
          f"{'-':>7}   (its sample scene: the panda model; errors reported by the runtime: {len(rep['errors'])})")


if __name__ == "__main__":
    sys.exit(main())
