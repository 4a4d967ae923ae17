"""A fuzzing console client, run in its own process so that its own work does not
share the experience's interpreter: ``python fuzz_client.py WS_URL TOKEN ROLE:N,... SEED``.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
from collections.abc import Iterator
from typing import Any

import aiohttp

READY: list[str] = []
ROLES_WANTED = [0]
MESSAGE_TYPES = ["hello", "welcome", "status", "event", "checkin_response", "ack", "command", "command_result",
                 "note", "mirror", "watch", "session", "error"]
KINDS = ["pause", "calm", "explode", "jump", "volume", "answer", "quit", "", None, 3]


def junk(rng: random.Random) -> Iterator[str]:
    """An endless mix of bad frames (seeded, so a failure can be replayed)."""
    types = [*MESSAGE_TYPES, "hello", "nope", "", None, 1, ["command"]]
    while True:
        r = rng.random()
        if r < 0.1:
            yield "".join(chr(rng.randrange(0, 0x3000)) for _ in range(rng.randrange(0, 80)))
        elif r < 0.2:
            yield json.dumps(rng.choice([[], 1, "x", None, True, [1, 2], 1e308]))
        elif r < 0.25:
            yield "[" * rng.randrange(100, 5000)  # deep nesting
        elif r < 0.3:
            yield json.dumps({"v": 1, "type": "note", "session": "FUZ-000", "text": "x" * rng.randrange(17000, 60000)})
        elif r < 0.35:
            yield '{"v": 1, "type": "command", "id": "n", "target": "all", "kind": "pause", "arg": NaN}'
        else:
            obj: dict[str, Any] = {"v": rng.choice([1, 1, 1, 0, 2, "1", None]), "type": rng.choice(types)}
            for key in rng.sample(["id", "target", "kind", "arg", "session", "seq", "data", "role", "text",
                                   "mirror", "extra", "ok", "token"], rng.randrange(0, 6)):
                obj[key] = rng.choice([None, -1, 0, 2**70, "FUZ-000", "all", "x" * 70, {"bus": "m", "value": 9},
                                       [1], True, rng.choice(KINDS), {"nested": {"deeper": [1, 2, 3]}}])
            if obj.get("type") == "command" and rng.random() < 0.5:
                obj.update(id="f", target=rng.choice(["all", "FUZ-000", "nope"]), kind=rng.choice(KINDS))
            yield json.dumps(obj)


async def flood(ws_url: str, token: str, role: str, n: int, seed: int, go: asyncio.Event, code: str) -> int:
    rng = random.Random(seed)
    gen = junk(rng)
    sent = 0
    headers = {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession(headers=headers) as s, s.ws_connect(ws_url, max_msg_size=1 << 22) as ws:
        hello: dict[str, Any] = {"v": 1, "type": "hello", "role": role}
        if role == "experience":
            hello["session"] = code
        await ws.send_str(json.dumps(hello))
        await ws.receive()
        READY.append(role)
        if len(READY) == ROLES_WANTED[0]:
            print("ready", flush=True)
        await go.wait()
        for _ in range(n):
            if ws.closed:
                break
            if rng.random() < 0.02:
                await ws.send_bytes(b"\x00\xff" * 10)
            else:
                await ws.send_str(next(gen))
            sent += 1
            if sent % 50 == 0:
                await asyncio.sleep(0)
    return sent




async def main(url: str, token: str, plan: list[str], seed: int) -> int:
    """Connect, say ``ready``, wait for a line on stdin, then flood from every role at once."""
    ROLES_WANTED[0] = len(plan)
    go = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_reader(sys.stdin.fileno(), go.set)
    tasks = []
    for i, item in enumerate(plan):
        role, n = item.split(":")
        tasks.append(asyncio.create_task(flood(url, token, role, int(n), seed + i, go, f"ROGUE-{i}")))
    return sum(await asyncio.gather(*tasks))


if __name__ == "__main__":
    url, token, plan, seed = sys.argv[1:5]
    print(asyncio.run(main(url, token, plan.split(","), int(seed))), flush=True)
