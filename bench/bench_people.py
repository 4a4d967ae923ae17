"""People in a scene: core_ms and the update phase with 1, 5 and 20 people.

Writes a small content pack (one room, N seated and standing people facing the
participant, a narrative in which they take turns to speak) and runs it
headless and, when the headset simulator can be built, in XR mode against it.
Prints per run: frames, core_ms p50/p99 (everything Python does in a frame but
the GL draw) and the update phase p50/p99, in milliseconds; then the split of
the core (p50/p99 of each core phase, and of the update phase's parts: the
player and each presenter) and the load average, so a noisy figure can be told
from a slow one. ``--profile`` runs the 20-person scene headless in this
process under cProfile (thread CPU time) and prints where the frames went.

Usage: python bench/bench_people.py [--counts 1,5,20] [--seconds S] [--size WxH]
                                    [--modes headless,xr] [--runs N] [--humanoids]
                                    [--lp-threads N] [--profile]
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

SKINS = ["#8d5524", "#c68642", "#e0ac69", "#f1c27d", "#ffdbac", "#5a3825", "#a36a45", "#d4a27c", "#3b2219"]
CLOTHES = ["#4b5a78", "#8a5a4a", "#5f7a64", "#6d5a8c", "#a0a89a", "#37474f", "#b08a5a"]


def scene_yaml(n: int, model: str | None = None) -> str:
    """A room with ``n`` people in rows in front of the seat, every one of them looking at it
    (figures, or with ``model`` the same glTF humanoid for everyone)."""
    rows = []
    for i in range(n):
        row, col = divmod(i, 5)
        x = (col - 2) * 0.75 + (0.35 if row % 2 else 0.0)
        y = 1.2 + row * 0.9
        pose = "seated" if (i % 3 == 0) else "standing"
        rows.append(f"  - {{id: p{i}, at: [{x:.2f}, {y:.2f}, 0], heading: 180, pose: {pose}, gaze: participant, "
                    f"idle: {'talk' if i % 2 else 'breathe'}, skin: \"{SKINS[i % len(SKINS)]}\", "
                    f"clothes: \"{CLOTHES[i % len(CLOTHES)]}\"{f', model: {model}' if model else ''}}}")
    return ("id: crowd_room\nenvironment: {kind: room, size: [8, 9, 3]}\n"
            "participant: {position: [0, -2.5, 0], heading: 0, pose: seated}\n"
            "lights: [{kind: ambient, intensity: 0.6}, {kind: sun, direction: [0.3, -0.6, -0.7]}]\n"
            "people:\n" + "\n".join(rows) + "\nambience: room_tone\n")


def narrative_yaml(n: int, seconds: float) -> str:
    """People take turns to speak, for longer than the run."""
    lines = []
    k = 0
    t = 0.0
    while t < seconds + 10:
        who = k % n
        lines.append(f"      - line: {{id: l{k}, speaker: P{who}, text: \"This is what I wanted to say to you, "
                     f"and I am glad you are here to hear it.\", anchor: p{who}}}")
        k += 1
        t += 5.0
    return ("id: bench_people\ntitle: People bench\nsummary: bench\nduration_min: 1\nlocales: [en]\n"
            "content_warnings: []\nspeakers: {}\nchapters:\n  - id: c1\n    title: One\n    scene: crowd_room\n"
            "    steps:\n" + "\n".join(lines) + "\n")


def make_pack(folder: Path, n: int, seconds: float, humanoids: bool = False) -> Path:
    pack = folder / f"pack{n}{'h' if humanoids else ''}"
    for d in ("narratives", "scenes", "audio", "shaders"):
        (pack / d).mkdir(parents=True, exist_ok=True)
    model = None
    if humanoids:  # the tests' tiny rigged glTF (two blend shapes): its cost is the posing, not the draw
        from tests.people._tiny_gltf import write_tiny_humanoid

        (pack / "scenes" / "models").mkdir(exist_ok=True)
        write_tiny_humanoid(pack / "scenes" / "models" / "person.gltf")
        model = "models/person.gltf"
    (pack / "scenes" / "crowd_room.yaml").write_text(scene_yaml(n, model))
    (pack / "narratives" / "bench_people.yaml").write_text(narrative_yaml(n, seconds))
    return pack


def child_env(args: argparse.Namespace) -> dict[str, str]:
    """The runs' environment: ``--lp-threads`` sets llvmpipe's raster threads (LP_NUM_THREADS)."""
    env = dict(os.environ)
    if args.lp_threads is not None:
        env["LP_NUM_THREADS"] = str(args.lp_threads)
    return env


def run_headless(pack: Path, args: argparse.Namespace, out: Path) -> dict:
    cmd = [sys.executable, str(ROOT / "run_vr.py"), "--content", str(pack), "run", "--mode", "headless",
           "--experience", "bench_people", "--no-tutorial", "--no-console", "--duration", str(args.seconds),
           "--size", args.size, "--refresh", "90", "--stats-json", str(out), "--head-path", "look-around"]
    p = subprocess.run(cmd, cwd=ROOT, env=child_env(args), capture_output=True, text=True, timeout=900)
    if p.returncode != 0 or not out.exists():
        raise SystemExit(f"headless run failed:\n{p.stderr[-3000:]}")
    return json.loads(out.read_text())


def run_xr(pack: Path, args: argparse.Namespace, out: Path, work: Path) -> dict:
    from experience import xrsim

    w, h = (int(v) for v in args.size.lower().split("x"))
    sim = xrsim.Simulator(work / f"sim-{out.stem}", refresh_hz=90, eye_size=(w, h), pacing="free",
                          head="look_around")
    env = {k: v for k, v in child_env(args).items() if not k.startswith("EMPATHY_XR_")}
    env.update(sim.env())
    cmd = [sys.executable, str(ROOT / "tests" / "xr" / "_driver.py"), str(out), "--duration", str(args.seconds),
           "--experience", "bench_people", "--content", str(pack)]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
    if p.returncode != 0 or not out.exists():
        raise SystemExit(f"xr run failed:\n{p.stderr[-3000:]}")
    return json.loads(out.read_text())["stats"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--counts", default="1,5,20")
    ap.add_argument("--seconds", type=float, default=20.0, help="display seconds per run")
    ap.add_argument("--size", default="320x180", help="per-eye size (small: the GL draw is not measured)")
    ap.add_argument("--modes", default="headless,xr")
    ap.add_argument("--runs", type=int, default=1, help="repeat each run (figures are noisy on a loaded machine)")
    ap.add_argument("--lp-threads", type=int, default=None, metavar="N",
                    help="LP_NUM_THREADS for the runs (llvmpipe's raster threads; 0: draw on the calling thread)")
    ap.add_argument("--humanoids", action="store_true",
                    help="everyone a glTF humanoid (the tests' tiny rigged model) instead of a figure")
    ap.add_argument("--profile", action="store_true",
                    help="instead: profile the 20-person scene headless in this process (cProfile, CPU time)")
    args = ap.parse_args()
    if args.profile:
        from _people_profile import profile

        return profile(make_pack, args)
    counts = [int(c) for c in args.counts.split(",") if c.strip()]
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if "xr" in modes:
        try:
            from experience import xrsim

            xrsim.build()
        except Exception as exc:
            print(f"xr: skipped (simulator not buildable here: {exc})")
            modes.remove("xr")
    lp = "" if args.lp_threads is None else f", LP_NUM_THREADS={args.lp_threads}"
    who = ", everyone a glTF humanoid" if args.humanoids else ""
    print(f"{args.seconds:g} s of display time per run at 90 Hz, {args.size} per eye, stereo{lp}{who}")
    print(f"{'mode':9} {'people':>6} {'frames':>6} {'core p50':>9} {'core p99':>9} {'update p50':>11} "
          f"{'update p99':>11}  load")
    splits: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for n in counts:
            pack = make_pack(work, n, args.seconds, args.humanoids)
            for mode in modes:
                for r in range(args.runs):
                    out = work / f"{mode}-{n}-{r}.json"
                    s = run_headless(pack, args, out) if mode == "headless" else run_xr(pack, args, out, work)
                    up = s["phases"]["update"]
                    print(f"{mode:9} {n:6d} {s['frames']:6d} {s['core_ms']['p50']:9.3f} {s['core_ms']['p99']:9.3f} "
                          f"{up['p50']:11.3f} {up['p99']:11.3f}  {_load()}", flush=True)
                    splits.append(f"{mode:9} {n:6d}  " + split_line(s))
    print("\ncore split, p50/p99 ms (core phases, then the update phase's parts):")
    for line in splits:
        print(line)
    return 0


def split_line(s: dict) -> str:
    """``poll 0.01/0.05 views ... | player ... scene ... captions ...`` for one run."""
    phases = " ".join(f"{k} {s['phases'][k]['p50']:.3f}/{s['phases'][k]['p99']:.3f}"
                      for k in ("poll", "views", "update", "submit"))
    parts = " ".join(f"{k} {v['p50']:.3f}/{v['p99']:.3f}" for k, v in s.get("update_parts", {}).items())
    return f"{phases} | {parts}"


def _load() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
