"""A room full of headsets: 30 simulated experiences and two consoles on one hub.

The hub runs as its own process (``empathy-vr console``), so its CPU and memory
are its own. Each simulated experience is a real WebSocket client speaking the
protocol: hello, a status every 0.2 s, about one event a second (acknowledged
by the hub after it is stored), answers to commands, and mirror thumbnails
while a console watches it. One console sends commands round the room and
times each until its result comes back; the other watches one card's mirror.

    python bench/bench_room.py [--headsets 30] [--seconds 20] [--records URL]

Prints: command round trip p50/p99 (console -> hub -> experience -> hub ->
console), hub CPU (share of one core), hub memory (RSS), and the database's
write rate (rows per second). Goal on the 2-core CI machine: p99 <= 50 ms, hub
under a quarter of a core.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
THUMB = base64.b64encode(os.urandom(15_000)).decode()  # about a 20 kB JPEG thumbnail
HIST = [0] * 13


def _proc_cpu(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def headset(url: str, token: str, code: str, stop: asyncio.Event, stats: dict[str, int]) -> None:
    """One simulated experience."""
    headers = {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession(headers=headers) as s, s.ws_connect(url) as ws:
        await ws.send_str(json.dumps({"v": 1, "type": "hello", "role": "experience", "session": code,
                                      "experience": "grey", "title": "Grey",
                                      "chapters": [{"id": f"c{i}", "title": f"Chapter {i}"} for i in range(4)],
                                      "buses": ["master", "narration"]}))
        welcome = json.loads((await ws.receive()).data)
        seq = int(welcome.get("last_seq", 0))
        watched = False
        state = "running"

        async def reader() -> None:
            nonlocal watched, state
            async for msg in ws:
                if msg.type != aiohttp.WSMsgType.TEXT:
                    break
                m = json.loads(msg.data)
                if m["type"] == "command":
                    state = "paused" if m["kind"] == "pause" else "running"
                    await ws.send_str(json.dumps({"v": 1, "type": "command_result", "id": m["id"], "ok": True,
                                                  "error": None}))
                elif m["type"] == "watch":
                    watched = bool(m["mirror"])
                elif m["type"] == "ack":
                    stats["acked"] = stats.get("acked", 0) + 1

        task = asyncio.create_task(reader())
        tick = 0
        rng = random.Random(code)
        await asyncio.sleep(rng.random() * 0.2)  # headsets do not tick in step
        while not stop.is_set():
            tick += 1
            status = {"state": state, "chapter": {"id": "c1", "index": 1, "title": "Chapter 1"},
                      "line": {"speaker": "Martin", "text": "The kettle clicks off."}, "hold": None,
                      "checkin": None, "elapsed": tick * 0.2, "remaining": 300.0, "fps": 90.0, "frame_p50": 9.1,
                      "frame_p99": 10.8, "missed": 0, "frames": tick * 18, "hist": HIST, "headset": True,
                      "console_lost": False, "consent": True, "volume": {"master": 1.0}}
            await ws.send_str(json.dumps({"v": 1, "type": "status", "data": status}))
            stats["status"] = stats.get("status", 0) + 1
            if tick % 5 == 0:
                seq += 1
                await ws.send_str(json.dumps({"v": 1, "type": "event", "seq": seq, "name": "LineStarted",
                                              "t": tick * 0.2, "data": {"line_id": f"l{seq}", "speaker": "Martin",
                                                                        "text": "The kettle clicks off."}}))
                stats["events"] = stats.get("events", 0) + 1
            if watched and tick % 5 == 0:
                await ws.send_str(json.dumps({"v": 1, "type": "mirror", "mime": "image/jpeg", "data": THUMB}))
                stats["mirrors"] = stats.get("mirrors", 0) + 1
            await asyncio.sleep(0.2)
        task.cancel()


async def console(url: str, token: str, codes: list[str], stop: asyncio.Event, rtts: list[float] | None,
                  watch: str | None, stats: dict[str, int]) -> None:
    """A console page: receives the room; optionally sends commands round it, or watches one mirror."""
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {token}"}) as s, s.ws_connect(url) as ws:
        await ws.send_str(json.dumps({"v": 1, "type": "hello", "role": "console"}))
        sent: dict[str, float] = {}

        async def reader() -> None:
            async for msg in ws:
                if msg.type != aiohttp.WSMsgType.TEXT:
                    break
                stats["to_consoles"] = stats.get("to_consoles", 0) + 1
                m = json.loads(msg.data)
                if m["type"] == "command_result" and m["id"] in sent and rtts is not None:
                    rtts.append((time.perf_counter() - sent.pop(m["id"])) * 1000)

        task = asyncio.create_task(reader())
        if watch:
            await ws.send_str(json.dumps({"v": 1, "type": "watch", "session": watch, "mirror": True}))
        n = 0
        while not stop.is_set():
            await asyncio.sleep(0.25)
            if rtts is None:
                continue
            n += 1
            cid = f"b{n}"
            sent[cid] = time.perf_counter()
            await ws.send_str(json.dumps({"v": 1, "type": "command", "id": cid, "target": codes[n % len(codes)],
                                          "kind": "pause" if n % 2 else "resume", "arg": None}))
        task.cancel()


def _rows(records: str) -> int:
    if records.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(records) as c:
            return sum(int(c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])  # type: ignore[index]
                       for t in ("events", "frames", "commands", "comfort"))
    with sqlite3.connect(records) as c:
        return sum(int(c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
                   for t in ("events", "frames", "commands", "comfort"))


async def run(args: argparse.Namespace) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-room-"))
    records = args.records or str(tmp / "room.sqlite3")
    port = args.port
    env = {**os.environ, "XDG_DATA_HOME": str(tmp)}
    hub = subprocess.Popen([sys.executable, str(ROOT / "run_vr.py"), "console", "--port", str(port), "--records",
                            records, "--no-qr"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        token = ""
        assert hub.stderr is not None
        for _ in range(50):
            line = hub.stderr.readline()
            if "token:" in line:
                token = line.split("token:", 1)[1].split()[0]
                break
        if not token:
            raise SystemExit("the hub did not start: " + (hub.stderr.read() if hub.poll() is not None else ""))
        url = f"ws://127.0.0.1:{port}/ws"
        codes = [f"H{i:02d}-BENCH" for i in range(args.headsets)]
        stop = asyncio.Event()
        stats: dict[str, int] = {}
        rtts: list[float] = []
        tasks = [asyncio.create_task(headset(url, token, c, stop, stats)) for c in codes]
        await asyncio.sleep(2.0)  # everyone joined and settled
        tasks.append(asyncio.create_task(console(url, token, codes, stop, rtts, None, stats)))
        tasks.append(asyncio.create_task(console(url, token, codes, stop, None, codes[0], stats)))
        await asyncio.sleep(1.0)
        rtts.clear()
        rows0, cpu0, t0 = _rows(records), _proc_cpu(hub.pid), time.perf_counter()
        await asyncio.sleep(args.seconds)
        rows1, cpu1, t1 = _rows(records), _proc_cpu(hub.pid), time.perf_counter()
        rss = _rss_mib(hub.pid)
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        hub.terminate()
        hub.wait(10)
    q = statistics.quantiles(rtts, n=100) if len(rtts) > 2 else [float("nan")] * 99
    return {"headsets": args.headsets, "consoles": 2, "seconds": round(t1 - t0, 1), "commands": len(rtts),
            "rtt_ms_p50": round(statistics.median(rtts), 2) if rtts else None, "rtt_ms_p99": round(q[98], 2),
            "hub_cpu_core_share": round((cpu1 - cpu0) / (t1 - t0), 3), "hub_rss_mib": round(rss, 1),
            "db_rows_per_s": round((rows1 - rows0) / (t1 - t0), 1),
            "messages": {k: v for k, v in sorted(stats.items())},
            "records": "postgresql" if records.startswith("postgresql://") else "sqlite"}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--headsets", type=int, default=30)
    p.add_argument("--seconds", type=float, default=20.0)
    p.add_argument("--port", type=int, default=8799)
    p.add_argument("--records", default=None, help="a SQLite file or postgresql:// URL (default: a temporary file)")
    args = p.parse_args()
    out = asyncio.run(run(args))
    print(json.dumps(out, indent=1))
    ok = (out["rtt_ms_p99"] or 1e9) <= 50 and out["hub_cpu_core_share"] < 0.25
    print(f"round trip p50 {out['rtt_ms_p50']} ms, p99 {out['rtt_ms_p99']} ms; hub CPU {out['hub_cpu_core_share']:.1%} "
          f"of a core, {out['hub_rss_mib']} MiB; {out['db_rows_per_s']} rows/s written "
          f"({'goal met' if ok else 'goal NOT met'}: p99 <= 50 ms, CPU < 25%)")


if __name__ == "__main__":
    main()
