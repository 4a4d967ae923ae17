"""The ``sim`` subcommand: run an experience against the headset simulator.

``empathy-vr sim [OPTIONS] [-- RUN ARGS]`` builds the simulator if needed,
points the OpenXR loader at it and runs ``run --mode xr RUN ARGS`` in this
process. Afterwards it prints a summary of the simulator's report and where the
captured eye images are. ``--print-env`` prints the environment instead, for a
shell or another program.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import tempfile
from pathlib import Path

from .cli import main as cli_main
from .command import Command
from .errors import UsageError
from .xrsim import Simulator


def _eye_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad size {text!r}: use WIDTHxHEIGHT") from None
    if not (16 <= w <= 4096 and 16 <= h <= 4096):
        raise argparse.ArgumentTypeError(f"bad size {text!r}: each side must be 16..4096")
    return w, h


def _add(p: argparse.ArgumentParser) -> None:
    p.add_argument("--refresh", type=float, default=90.0, metavar="HZ", help="display refresh")
    p.add_argument("--eye-size", type=_eye_size, default=(1440, 1584), metavar="WxH",
                   help="recommended per-eye size (default 1440x1584)")
    p.add_argument("--ipd", type=float, default=0.063, metavar="M", help="eye distance, metres")
    p.add_argument("--pacing", choices=["realtime", "free"], default="realtime",
                   help="realtime: wait for each vsync; free: as fast as frames come")
    p.add_argument("--head", default="still", metavar="MOTION",
                   help="head motion: still, look_around, 'turn X Y Z [S]', 'path FILE'")
    p.add_argument("--script", metavar="FILE",
                   help="timeline of inputs and faults (see docs/simulator.md)")
    p.add_argument("--capture", default="", metavar="SPEC",
                   help="eye captures: frames '10,f20', times '2.5s', or 'every:N'")
    p.add_argument("--out", metavar="DIR",
                   help="folder for the report, captures and the control file (default: a temp dir)")
    p.add_argument("--print-env", action="store_true",
                   help="print the environment as shell exports and exit")
    p.add_argument("--send", action="append", default=[], metavar="COMMAND",
                   help="append a live command (e.g. 'headset off') to the control file of "
                   "the run in --out, then exit; repeatable")
    p.add_argument("run_args", nargs=argparse.REMAINDER, metavar="-- RUN ARGS",
                   help="arguments for `run` (--mode xr is implied)")


def _summary(sim: Simulator) -> str:
    try:
        r = sim.report()
    except (OSError, ValueError):
        return f"no simulator report at {sim.report_path}"
    states = " -> ".join(s["state"] for s in r["states"])
    late = r["lateness_ms"]
    lines = [
        f"simulator: {r['frames']} frames at {r['refresh_hz']:g} Hz ({r['pacing']}), "
        f"{r['missed_frames']} missed, submit lateness p50 {late['p50']:.2f} ms "
        f"p99 {late['p99']:.2f} ms",
        f"states: {states}",
        f"errors: {len(r['errors'])}" + "".join(f"\n  {e['error']}" for e in r["errors"][:10]),
        f"report: {sim.report_path}",
    ]
    if r["captures"]:
        lines.append(f"captures ({len(r['captures'])}): {sim.capture_dir}")
    return "\n".join(lines)


def _send(out: Path, commands: list[str]) -> int:
    control = out / "xrsim-control.txt"
    if not control.exists():
        raise UsageError(f"sim: no simulator run in {out} (no {control.name})")
    with control.open("a") as f:
        for command in commands:
            f.write(command.strip() + "\n")
    return 0


def _run(args: argparse.Namespace) -> int:
    if args.send:
        if not args.out:
            raise UsageError("sim: --send needs --out DIR of the running simulator")
        return _send(Path(args.out), args.send)
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="xrsim-"))
    script = []
    if args.script:
        try:
            script = Path(args.script).read_text().splitlines()
        except OSError as exc:
            raise UsageError(f"sim: cannot read --script: {exc}") from None
    try:
        sim = Simulator(out, refresh_hz=args.refresh, eye_size=args.eye_size, ipd=args.ipd,
                        pacing=args.pacing, head=args.head, script=script,
                        capture=[c for c in args.capture.split(",") if c])
        env = sim.env()
    except RuntimeError as exc:
        print(f"sim: {exc}", file=sys.stderr)
        return 1
    if args.print_env:
        for key, value in env.items():
            print(f"export {key}={shlex.quote(value)}")
        return 0
    os.environ.update(env)
    run_args = [a for a in args.run_args if a != "--"]
    top = ["--content", args.content] if args.content else []
    print(f"simulator: live commands with: empathy-vr sim --out {out} --send 'headset off'",
          file=sys.stderr)
    status = cli_main([*top, "run", "--mode", "xr", *run_args])
    print(_summary(sim), file=sys.stderr)
    return status


COMMANDS = (
    Command("sim", "run an experience against the headset simulator (tools/xrsim)", _add, _run),
)
