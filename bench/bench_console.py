"""Console figures: command round trip on loopback, and the presenter's per-frame cost.

Usage: python bench/bench_console.py [--commands 300] [--hz 90] [--load N] [--real ID] [--page]
                                     [--no-mirror] [--flood]

1. Round trip: a console sends a command over the WebSocket; the hub routes it;
   the experience drains it in its poll phase as a Request, the player changes
   state, and the result comes back to the console. Prints p50/p99/max (goal:
   p99 <= 20 ms at 90 Hz) for a paced experience (scripted player, no drawing;
   ``--real ID`` plays that narrative with the headless renderer instead).
   Alongside: command sent -> the first status showing the new state (what
   changes the card's badge; goal p99 <= 50 ms at 90 Hz).
   ``--load N`` runs N busy processes meanwhile (a laptop doing other work).
   ``--page`` also measures in headless Chromium: click on the card's button ->
   the badge shows the new state, at the next animation frame.
2. Per-frame cost on the experience side (goal: <= 0.2 ms/frame): the cost of
   ``on_event`` (per event), of a status snapshot (5 Hz, in slack), of a result
   listener call, and of a mirror request on the real Stage (1 Hz, only while
   a console watches), amortised per frame with a busy narration rate of one
   event every 10 frames.
3. With ``--flood``: missed frames of the paced experience while another
   process floods the in-process hub with junk (fuzz client), against idle.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from console.harness import ConsoleSocket, LiveExperience, wait_until  # noqa: E402

from experience import events as E  # noqa: E402
from experience.requests import Request  # noqa: E402
from facilitator import start_background_hub  # noqa: E402


def pct(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(q / 100 * len(v)) - 1))]


async def round_trips(hub, code: str, n: int) -> tuple[list[float], list[float]]:
    """Command -> its result, and command -> the first status showing the new state (ms)."""
    out: list[float] = []
    shown: list[float] = []
    async with ConsoleSocket(hub) as con:
        first = await con.expect(lambda m: m["type"] == "status" and m["data"]["state"] != "running", timeout=30)
        base = first["data"]["state"]
        for i in range(n):
            kind, want = ("pause", "paused") if i % 2 == 0 else ("resume", base)
            con.messages.clear()
            t0 = time.perf_counter()
            cid = await con.command(code, kind)
            res = await con.expect(lambda m, cid=cid: m["type"] == "command_result" and m["id"] == cid)
            out.append((time.perf_counter() - t0) * 1000.0)
            assert res["ok"], res
            await con.expect(lambda m, want=want: m["type"] == "status" and m["session"] == code
                             and m["data"]["state"] == want)
            shown.append((time.perf_counter() - t0) * 1000.0)
            # Under the console's rate limit (20 messages/s), spreading the phase within the frame.
            await asyncio.sleep(0.05 + (i % 7) * 0.0043)
    return out, shown


PAGE_CLICK = """async ([code, label, want]) => {
  const card = document.querySelector(`article[data-session="${code}"]`);
  const badge = card.querySelector(".badge");
  const button = [...card.querySelectorAll("button")].find((b) => b.textContent === label);
  const t0 = performance.now();
  const seen = new Promise((resolve) => {
    const check = () => badge.textContent === want;
    const obs = new MutationObserver(() => { if (check()) { obs.disconnect(); resolve(); } });
    obs.observe(badge, { childList: true, characterData: true, subtree: true });
  });
  button.click();
  await seen;
  await new Promise((r) => requestAnimationFrame(() => r()));
  return performance.now() - t0;
}"""


async def page_clicks(hub, code: str, n: int) -> list[float]:
    """In headless Chromium: click Pause/Resume on the card -> the badge shows it (ms, next frame)."""
    from console.browser import open_page

    out: list[float] = []
    async with open_page(hub.page_url) as page:
        badge = page.locator(f'article[data-session="{code}"] .badge')
        await badge.wait_for(timeout=30000)
        await page.wait_for_function(
            f"document.querySelector('article[data-session=\"{code}\"] .badge').textContent !== 'Running'",
            timeout=30000)
        base = await badge.inner_text()
        for i in range(n):
            label, want = ("Pause", "Paused") if i % 2 == 0 else ("Resume", base)
            out.append(await page.evaluate(PAGE_CLICK, [code, label, want]))
            await asyncio.sleep(0.05 + (i % 7) * 0.0043)
    return out


def start_load(n: int) -> list[subprocess.Popen]:
    """N busy processes (each spins one core), stopped by :func:`stop_load`."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]


def stop_load(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        p.kill()
        p.wait()


def summary(values: list[float]) -> str:
    return f"p50 {statistics.median(values):.2f} ms  p99 {pct(values, 99):.2f} ms  max {max(values):.2f} ms"


def per_call_us(fn, n: int) -> float:
    """CPU time per call on this thread (time spent waiting for the GIL is not counted)."""
    t0 = time.thread_time()
    for _ in range(n):
        fn()
    return (time.thread_time() - t0) / n * 1e6


def presenter_costs(exp: LiveExperience) -> dict[str, float]:
    con = exp.console
    line = E.LineStarted(1.0, "b1", "Sam", "A line of about ten words, spoken at an ordinary pace.", 3.0)
    state = E.StateChanged(1.0, "running")
    req = Request("pause", source="console", id="bench")
    # Measured on the bench thread while the experience runs: the same work the frame thread does.
    return {
        "on_event_us": min(per_call_us(lambda: con.on_event(line), 2000),
                           per_call_us(lambda: con.on_event(state), 2000)),
        "snapshot_us": per_call_us(con.snapshot, 500),
        "result_us": per_call_us(lambda: con._on_result(req, True, None), 500),
    }


def mirror_cost_us(hub, hz: float) -> float | None:
    """Frame-thread cost of one mirror thumbnail on the real headless renderer: the read-back of
    the eye's output after a frame (``Stage.serve_thumbnails``; cropping and PNG are on the worker)."""
    try:
        exp = LiveExperience(hub.ws_url, hub.token, "BENCH-MR", real="example", hz=hz)
    except Exception as exc:  # no EGL here
        print(f"mirror: skipped ({exc})")
        return None
    samples: list[float] = []
    done = threading.Event()

    def measure() -> None:
        stage = exp.app.stage
        stage.request_thumbnail(lambda data: None)
        t0 = time.perf_counter()  # wall time: the frame thread waits for the read-back
        stage.serve_thumbnails()
        samples.append((time.perf_counter() - t0) * 1e6)
        if len(samples) < 20:
            exp.app.scheduler.defer("bench-mirror", measure)
        else:
            done.set()

    try:
        wait_until(lambda: exp.app.stats.frames > 30, 20, "frames")
        exp.app.scheduler.call_soon(measure)
        done.wait(30)
        return statistics.median(samples) if samples else None
    finally:
        exp.close()


def flood(hub, exp: LiveExperience) -> tuple[tuple[int, int], tuple[int, int]]:
    client = ROOT / "tests" / "console" / "fuzz_client.py"
    plan = "experience:1500,experience:1500,console:150,console:150"
    p = subprocess.Popen([sys.executable, str(client), hub.ws_url, hub.token, plan, "8"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert p.stdout is not None and p.stdin is not None
    p.stdout.readline()
    s = exp.app.stats
    f0, m0 = s.frames, s.missed_frames
    time.sleep(3.0)
    f1, m1 = s.frames, s.missed_frames
    p.stdin.write("go\n")
    p.stdin.flush()
    p.stdout.readline()
    p.wait()
    f2, m2 = s.frames, s.missed_frames
    return (m1 - m0, f1 - f0), (m2 - m1, f2 - f1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--commands", type=int, default=300)
    ap.add_argument("--hz", type=float, default=90.0)
    ap.add_argument("--load", type=int, default=0, metavar="N", help="busy processes running meanwhile")
    ap.add_argument("--real", default=None, metavar="ID", help="play this narrative with the headless renderer")
    ap.add_argument("--page", action="store_true", help="also measure click -> badge in headless Chromium")
    ap.add_argument("--no-mirror", action="store_true")
    ap.add_argument("--flood", action="store_true")
    args = ap.parse_args()
    hub = start_background_hub()
    exp = LiveExperience(hub.ws_url, hub.token, "BENCH-RT", hz=args.hz, real=args.real)
    load = start_load(args.load)
    try:
        what = f"{args.commands} commands, {args.hz:.0f} Hz, {args.real or 'scripted player'}, load {args.load}"
        rt, shown = asyncio.run(round_trips(hub, "BENCH-RT", args.commands))
        print(f"round trip ({what}): {summary(rt)}   (goal p99 <= 20 ms)")
        print(f"command -> status showing it ({what}): {summary(shown)}   (goal p99 <= 50 ms)")
        if args.page:
            clicks = asyncio.run(page_clicks(hub, "BENCH-RT", args.commands))
            print(f"page click -> badge changed ({what}): {summary(clicks)}   (goal p99 <= 50 ms)")
        stop_load(load)
        load = []
        c = presenter_costs(exp)
        mirror = None if args.no_mirror else mirror_cost_us(hub, args.hz)
        per_frame = c["on_event_us"] * 0.1 + c["snapshot_us"] * 5 / args.hz + (mirror or 0.0) / args.hz
        print(f"presenter: on_event {c['on_event_us']:.1f} us/event, snapshot {c['snapshot_us']:.1f} us (5 Hz), "
              f"result {c['result_us']:.1f} us/command"
              + (f", mirror request {mirror:.0f} us (1 Hz)" if mirror is not None else ""))
        print(f"per-frame cost: {per_frame / 1000:.4f} ms/frame at {args.hz:.0f} Hz with one event every 10 frames "
              f"(goal <= 0.2 ms/frame)")
        if args.flood:
            (mi, fi), (mf, ff) = flood(hub, exp)
            print(f"flood: missed {mi}/{fi} frames idle, {mf}/{ff} while flooded")
    finally:
        stop_load(load)
        exp.close()
        hub.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
