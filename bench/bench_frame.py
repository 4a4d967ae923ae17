"""Frame-time benchmark: the headless experience for 60 s of display time.

Prints core_ms and frame_ms p50/p99, missed frames and time to first frame.
With ``--room-view on|both`` it also runs with the room view (offscreen, drawn in
slack at 30 pictures a second) and prints what its pictures cost.

Usage: python bench/bench_frame.py [--experience ID] [--seconds S] [--size WxH] [--refresh HZ]
                                   [--room-view off|on|both]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--experience", default="voices",
                    help="an experience longer than --seconds (runs end with the narrative)")
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--size", default="640x360")
    ap.add_argument("--refresh", default="90")
    ap.add_argument("--tutorial", action="store_true", help="include the tutorial")
    ap.add_argument("--room-view", choices=("off", "on", "both"), default="off",
                    help="run with the room view (offscreen, in slack), without it, or both")
    args = ap.parse_args()
    for room in {"off": [False], "on": [True], "both": [False, True]}[args.room_view]:
        run(args, room)
    return 0


def run(args: argparse.Namespace, room: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        stats = Path(tmp) / "stats.json"
        cmd = [sys.executable, str(ROOT / "run_vr.py"), "run", "--mode", "headless", "--experience", args.experience,
               "--duration", str(args.seconds), "--size", args.size, "--refresh", args.refresh,
               "--stats-json", str(stats), "--auto-continue"]
        if not args.tutorial:
            cmd.append("--no-tutorial")
        if room:
            cmd += ["--room-view", "offscreen"]
        subprocess.run(cmd, check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
        doc = json.loads(stats.read_text())
    c, f = doc["core_ms"], doc["frame_ms"]
    print(f"experience {args.experience}, {args.seconds:.0f} s at {doc['refresh_hz']:.0f} Hz, "
          f"{args.size} per eye, stereo, headless{', room view on' if room else ''}")
    print(f"frames            {doc['frames']}")
    print(f"missed frames     {doc['missed_frames']}")
    print(f"core_ms   p50 {c['p50']:.3f}  p99 {c['p99']:.3f}  max {c['max']:.3f}   (goal p50 <= 1.0, p99 <= 2.0)")
    print(f"frame_ms  p50 {f['p50']:.3f}  p99 {f['p99']:.3f}  max {f['max']:.3f}")
    for name, ph in doc["phases"].items():
        print(f"  {name:<7} p50 {ph['p50']:.3f}  p99 {ph['p99']:.3f}")
    print(f"gc gen2 in frame  {doc['gc']['in_frame']}  in slack {doc['gc']['in_slack']}")
    print(f"time to first frame {doc['time_to_first_frame_ms']:.0f} ms (process start to first update)")
    rv = doc.get("room_view")
    if rv:
        print(f"room view         drew {rv['drawn']}, dropped {rv['skipped']}; draw p50 {rv['draw_ms']['p50']:.3f} ms "
              f"p99 {rv['draw_ms']['p99']:.3f} ms (in slack)")


if __name__ == "__main__":
    sys.exit(main())
