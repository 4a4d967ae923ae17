"""The Windows zip, unpacked and run under Wine as a facilitator would double-click it.

One run of empathy-vr.exe: it opens a window and draws the tutorial room through
Panda3D's wglGraphicsPipe (Wine's OpenGL on Mesa), writes a screenshot, starts its
console hub, answers HTTP with the token (and refuses it without), and exits 0
when the console ends the session. ``import xr`` loads pyopenxr's Windows loader
DLL: a runtime manifest whose library is absent gives the one-line fallback
reason, not a crash.
"""

from __future__ import annotations

import asyncio
import json
import queue
import re
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import numpy as np
import pytest

from tests._png import read_png

from .conftest import wine_tool

pytestmark = [pytest.mark.slow, pytest.mark.wine]

CONSOLE = re.compile(r"Facilitator console: (http://127\.0\.0\.1:(\d+)/)\?token=(\S+)")
SIZE = (480, 270)


class Output:
    """The program's combined output, read on a thread; ``expect`` waits for a matching line."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._q: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            self.lines.append(line)
            self._q.put(line)
        self._q.put(None)

    def expect(self, pattern: re.Pattern[str], timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._q.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                raise AssertionError(f"no line matching {pattern.pattern!r}; output:\n{self.text[-3000:]}")
            m = pattern.search(line)
            if m:
                return m

    @property
    def text(self) -> str:
        return "".join(self.lines)


def _get(url: str, token: str | None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


async def _end_when(shot_dir: Path, ws_url: str, token: str, timeout: float) -> list[dict]:
    """As a console: watch the status messages until the screenshot is written, then end the session."""
    statuses: list[dict] = []
    deadline = time.monotonic() + timeout

    async def receive() -> dict:
        msg = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
        assert msg.type == aiohttp.WSMsgType.TEXT, f"console socket closed: {msg}"
        data: dict = json.loads(msg.data)
        assert data.get("type") != "error", data
        if data.get("type") == "status":
            statuses.append(data)
        return data

    async with aiohttp.ClientSession() as http, http.ws_connect(
            ws_url, headers={"Authorization": f"Bearer {token}"}) as ws:
        await ws.send_str(json.dumps({"v": 1, "type": "hello", "role": "console", "token": token}))
        while not statuses or not any(shot_dir.glob("*.png")):
            await receive()
        await ws.send_str(json.dumps({"v": 1, "type": "command", "id": "q1", "target": "all", "kind": "end"}))
        while True:  # the experience answers, then stops
            data = await receive()
            if data.get("type") == "command_result" and data.get("id") == "q1":
                assert data.get("ok"), data
                return statuses


def _linux_reference(display: str, out: Path) -> np.ndarray:
    """The same frame from the Linux desktop preview (same Mesa, same X server)."""
    from tests.conftest import run_cli

    done = run_cli("run", "--mode", "desktop", "--experience", "tutorial", "--no-console", "--duration", "3",
                   "--size", f"{SIZE[0]}x{SIZE[1]}", "--capture", str(out), "--capture-at", "2.5",
                   env={"DISPLAY": display, "EMPATHY_VR_AUDIO": "0"})
    assert done.returncode == 0, done.stderr[-2000:]
    return read_png(sorted(out.glob("*.png"))[-1])


def test_windows_build_runs_under_wine(unpacked: Path, wine: dict[str, str], tmp_path: Path) -> None:
    exe = unpacked / "empathy-vr.exe"
    for need in ("START-HERE.txt", "LICENSES.txt", "facilitator/static/index.html", "narratives/tutorial.yaml",
                 "shaders/post.frag", "xr/library/windows_x86_64/openxr_loader.dll", ".cache/sounds/index.json"):
        assert (unpacked / need).is_file(), f"{need} is not in the zip"
    assert any((unpacked / ".cache" / "narration").glob("*.wav")), "no rendered narration in the zip"
    assert not list(unpacked.rglob("XrApiLayer_python.dll")), "pyopenxr's debug API-layer DLL is shipped"

    # A runtime manifest whose library is missing: `import xr` must load the real loader DLL,
    # which then finds no runtime, and the app falls back to the desktop with one line.
    manifest = tmp_path / "absent_runtime.json"
    manifest.write_text(json.dumps({"file_format_version": "1.0.0",
                                    "runtime": {"name": "Absent", "library_path": "absent_runtime.dll"}}))
    shots = tmp_path / "shots"
    stats = tmp_path / "stats.json"
    env = {**wine, "XR_RUNTIME_JSON": wine_tool.windows_path(manifest)}
    started = time.perf_counter()
    proc = wine_tool.popen(exe, ["run", "--mode", "auto", "--experience", "tutorial", "--size",
                                 f"{SIZE[0]}x{SIZE[1]}", "--capture", wine_tool.windows_path(shots),
                                 "--capture-at", "2.5", "--stats-json", wine_tool.windows_path(stats)], env)
    out = Output(proc)
    try:
        display_line = out.expect(re.compile(r"^display: .*"), timeout=120).group(0)
        console = out.expect(CONSOLE, timeout=60)
        base, port, token = console.group(1), console.group(2), console.group(3)
        first_line_s = time.perf_counter() - started

        status, body = _get(base + "api/sessions", token)
        assert status == 200, body[:300]
        assert _get(base + "api/sessions", None)[0] == 401
        page_status, page = _get(base, token)
        assert page_status == 200 and b"<html" in page.lower()

        statuses = asyncio.run(_end_when(shots, f"ws://127.0.0.1:{port}/ws", token, timeout=120))
        rc = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    run_s = time.perf_counter() - started
    text = out.text
    assert rc == 0, text[-3000:]
    assert "Traceback" not in text, text[-3000:]

    assert "pyopenxr not usable" not in display_line, display_line
    assert display_line.startswith("display: desktop ("), display_line
    assert "Absent" in display_line or "runtime" in display_line.lower(), display_line
    assert statuses, "the experience never reported to its console"

    doc = json.loads(stats.read_text())
    assert doc["backend"] == "desktop" and doc["frames"] > 10
    # The record is in %LOCALAPPDATA%\empathy-vr (Wine keeps the user's profile in its prefix).
    code = statuses[-1]["session"]
    records = list(Path(wine["WINEPREFIX"]).glob("drive_c/users/*/AppData/Local/empathy-vr/console.sqlite3"))
    assert records, "no session record in %LOCALAPPDATA%\\empathy-vr"
    with sqlite3.connect(records[0]) as db:
        ended = db.execute("SELECT ended_at FROM sessions WHERE code = ?", (code,)).fetchone()
    assert ended is not None, f"session {code} is not in {records[0]}"

    shot = read_png(sorted(shots.glob("*.png"))[-1])
    assert shot.shape == (SIZE[1], SIZE[0], 3)
    assert shot.std() > 0.05, "a blank window"
    ref = _linux_reference(wine["DISPLAY"], tmp_path / "linux")
    diff = np.abs(shot - ref).mean()
    print(f"wine: first line after {first_line_s:.1f} s, whole run {run_s:.1f} s; "
          f"mean pixel difference from the Linux preview {diff * 255:.1f}/255")
    assert diff < 12 / 255, f"the Windows frame differs from the Linux one by {diff * 255:.1f}/255 on average"
