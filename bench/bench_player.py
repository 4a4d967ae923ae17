"""Per-frame cost of TimelinePlayer.update for a 200-step narrative.

Usage: python bench/bench_player.py [--steps 200] [--hz 90] [--seconds 600]

Plays a generated narrative (lines, cues, waits, labels, a jump; holds and
check-ins answered at once) at a fixed frame rate and prints the median, p99
and max cost of one ``update(dt)`` call, with a subscriber attached. The goal
is a median of at most 0.1 ms.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from experience.narrative import TimelinePlayer, parse_file
from experience.narrative._resolve import resolve


def narrative_text(steps: int) -> str:
    out = ["id: bench", "title: Bench", "chapters:"]
    per_chapter = 20
    for c in range(max(1, steps // per_chapter)):
        out += [f"  - id: ch{c}", "    scene: placeholder", "    steps:"]
        for i in range(per_chapter):
            k = i % 10
            sid = f"c{c}_{i}"
            if k in (0, 2, 4, 6):
                out.append(f'      - line: {{id: {sid}, speaker: Sam, text: "A line of about ten words, '
                           f'spoken at an ordinary pace."}}')
            elif k == 1:
                out.append("      - cue: {sound: door, delay: 0.5}")
            elif k == 3:
                out.append("      - wait: 1.0")
            elif k == 5:
                out.append(f"      - label: l{sid}")
            elif k == 7:
                out.append("      - cue: {effect: blur, to: 0.2, over: 2}")
            elif k == 8:
                out.append(f"      - hold: {{id: h{sid}}}" if i % 20 == 8 else "      - wait: 0.5")
            else:
                out.append(f"      - checkin: {{id: k{sid}, prompt: 'How?'}}" if i % 20 == 9 else "      - wait: 0.2")
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--hz", type=float, default=90.0)
    ap.add_argument("--seconds", type=float, default=600.0, help="simulated seconds to play (loops)")
    args = ap.parse_args()
    n, diags = parse_file("bench.yaml", narrative_text(args.steps))
    assert n is not None and not [d for d in diags if d.is_error], [d.format() for d in diags]
    resolve(n, None)
    steps = sum(len(c.steps) for c in n.chapters)
    dt = 1.0 / args.hz
    events = 0

    def count(_e: object) -> None:
        nonlocal events
        events += 1

    samples: list[int] = []
    player = TimelinePlayer(n)
    player.subscribe(count)
    player.start()
    gc.disable()
    frames = int(args.seconds * args.hz)
    perf = time.perf_counter_ns
    for _ in range(frames):
        t0 = perf()
        player.update(dt)
        samples.append(perf() - t0)
        st = player.state
        if st in ("hold", "debrief"):
            player.proceed("bench")
        elif st == "checkin":
            player.answer(3, "bench")
        elif st == "ended":
            player = TimelinePlayer(n)
            player.subscribe(count)
            player.start()
    gc.enable()
    samples.sort()
    ms = [s / 1e6 for s in samples]
    p99 = ms[int(0.99 * (len(ms) - 1))]
    print(f"narrative: {steps} steps in {len(n.chapters)} chapters; {frames} frames at {args.hz:g} Hz; "
          f"{events} events")
    print(f"update(dt) ms: median {statistics.median(ms):.4f}  p99 {p99:.4f}  max {ms[-1]:.4f}  "
          f"(goal: median <= 0.1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
