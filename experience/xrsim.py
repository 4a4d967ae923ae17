"""Helper for the headset simulator (tools/xrsim): build it, configure it, read its report.

The simulator is an OpenXR runtime loaded by the Khronos loader through
``XR_RUNTIME_JSON``. This module only prepares the environment a process needs
to use it; the application under test talks plain OpenXR.

Example::

    sim = Simulator(workdir, refresh_hz=90, pacing="free", script=["f30 headset off"])
    os.environ.update(sim.env())          # or pass sim.env() to a subprocess
    ...                                   # run any OpenXR application
    report = sim.report()                 # frames, missed_frames, states, errors, ...
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BUILD_SCRIPT = ROOT / "tools" / "xrsim" / "build.py"


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("xrsim_build", BUILD_SCRIPT)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {BUILD_SCRIPT}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(force: bool = False, quiet: bool = True) -> Path:
    """Builds the runtime if needed and returns the manifest path (for XR_RUNTIME_JSON).

    With ``XRSIM_SANITIZE=1`` in the environment it builds and returns the
    AddressSanitizer variant (the process must preload libasan).
    """
    if not BUILD_SCRIPT.exists():
        raise RuntimeError("the simulator sources (tools/xrsim) are not in this checkout")
    sanitize = os.environ.get("XRSIM_SANITIZE", "") not in ("", "0")
    manifest: Path = _build_module().build(force=force, quiet=quiet, sanitize=sanitize)
    return manifest


@dataclass
class Simulator:
    """A configured simulator run: files in ``workdir`` plus the environment to use them.

    Args:
        workdir: folder for the report, the script, the control file and captures.
        refresh_hz: display refresh rate (72, 90, 120, ...).
        eye_size: recommended per-eye image size (width, height).
        ipd: interpupillary distance in metres.
        pacing: ``"realtime"`` (xrWaitFrame sleeps to the next vsync), ``"free"``
            (no waiting; display time advances one period per frame) or ``"manual"``
            (realtime's deadlines on the simulator's own clock: ``work MS`` commands make
            frames late, exactly).
        head: initial head motion, e.g. ``"still"``, ``"look_around"``,
            ``"turn 1 0 -2 1.5"``, ``"path /abs/file.csv"``.
        script: timeline lines (``"WHEN COMMAND ARGS"``; see docs/simulator.md).
        capture: frames (``10``, ``"f10"``) or times (``"2.5s"``) or ``"every:N"`` to capture.
        extra_env: more variables, e.g. ``{"XRSIM_LOG": "1"}``.
    """

    workdir: Path
    refresh_hz: float = 90.0
    eye_size: tuple[int, int] = (1440, 1584)
    ipd: float = 0.063
    pacing: str = "realtime"
    head: str = "still"
    script: Iterable[str] = ()
    capture: Iterable[int | str] = ()
    extra_env: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.workdir = Path(self.workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.report_path = self.workdir / "xrsim-report.json"
        self.control_path = self.workdir / "xrsim-control.txt"
        self.script_path = self.workdir / "xrsim-script.txt"
        self.capture_dir = self.workdir / "captures"
        self.capture_dir.mkdir(exist_ok=True)
        self.script_path.write_text("".join(f"{line}\n" for line in self.script))
        self.control_path.write_text("")

    def env(self) -> dict[str, str]:
        """Returns the environment variables that point the loader and the runtime at this run."""
        env = {
            "XR_RUNTIME_JSON": str(build()),
            "XRSIM_REFRESH": f"{self.refresh_hz:g}",
            "XRSIM_EYE_SIZE": f"{self.eye_size[0]}x{self.eye_size[1]}",
            "XRSIM_IPD": f"{self.ipd:g}",
            "XRSIM_PACING": self.pacing,
            "XRSIM_HEAD": self.head,
            "XRSIM_SCRIPT": str(self.script_path),
            "XRSIM_CONTROL": str(self.control_path),
            "XRSIM_REPORT": str(self.report_path),
            "XRSIM_CAPTURE_DIR": str(self.capture_dir),
            "XRSIM_CAPTURE": ",".join(str(c) for c in self.capture),
        }
        env.update(self.extra_env)
        return env

    def send(self, command: str) -> None:
        """Queues a live command (e.g. ``"headset off"``); it runs at the next xrWaitFrame."""
        with self.control_path.open("a") as f:
            f.write(command.rstrip("\n") + "\n")

    def report(self) -> dict[str, Any]:
        """Reads the report the runtime wrote at xrDestroySession / xrDestroyInstance / exit."""
        data: dict[str, Any] = json.loads(self.report_path.read_text())
        return data

    def captures(self) -> list[Path]:
        """Returns the captured eye images, sorted by name."""
        return sorted(self.capture_dir.glob("*.png"))
