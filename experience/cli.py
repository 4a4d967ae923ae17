"""Command line: ``empathy-vr`` / ``python run_vr.py``.

Subcommands come from the command table: each area's ``commands`` module lists
its :class:`~experience.command.Command` entries in ``COMMANDS`` and :func:`build_parser`
collects them (an area never imports this module). Usage errors print one line and exit 2;
content errors print ``path:line:col`` diagnostics and exit 1.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from .command import AddArgs, Command, RunCmd
from .errors import ContentError, UsageError

log = logging.getLogger("empathy-vr")

def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad resolution {text!r}: use WIDTHxHEIGHT, e.g. 1280x720") from None
    if not (16 <= w <= 8192 and 16 <= h <= 8192):
        raise argparse.ArgumentTypeError(f"bad resolution {text!r}: each side must be 16..8192 pixels")
    return w, h


def _positive(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not v > 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0: {text!r}")
    return v


def _add_run(p: argparse.ArgumentParser) -> None:
    p.add_argument("--mode", choices=["auto", "desktop", "headless", "xr"], default="auto",
                   help="display: auto (headset if an OpenXR runtime answers, else desktop), "
                   "desktop window, headless offscreen, or xr")
    p.add_argument("--experience", "-e", default=None, metavar="ID",
                   help="experience id (a file stem under narratives/); default: the first bundled one")
    p.add_argument("--no-tutorial", action="store_true", help="skip the tutorial and consent (authoring)")
    p.add_argument("--duration", type=_positive, metavar="S",
                   help="stop after S seconds of display time (headless: simulated time)")
    p.add_argument("--stats-json", metavar="FILE", help="write frame statistics as JSON at exit")
    p.add_argument("--capture", metavar="DIR", help="write rendered frames as PNG (headless and desktop)")
    p.add_argument("--capture-every", type=int, default=0, metavar="N",
                   help="capture every N frames (default: once per simulated second)")
    p.add_argument("--capture-at", default="", metavar="T1,T2",
                   help="capture at these display times in seconds (comma separated)")
    p.add_argument("--size", type=_size, metavar="WxH",
                   help="per-eye size (headless, default 640x360) or window size (desktop, default 1280x720)")
    p.add_argument("--refresh", type=_positive, metavar="HZ",
                   help="refresh rate for headless (default 90) or desktop pacing (default: monitor, else 60)")
    p.add_argument("--mono", action="store_true", help="headless: render one eye instead of two")
    p.add_argument("--time-scale", type=_positive, default=1.0, metavar="K",
                   help="run the narrative K times faster (tests and previews)")
    p.add_argument("--locale", default=None, help="caption and narration locale, e.g. es (default: the file's own)")
    p.add_argument("--audio-locale", default=None, metavar="LOCALE",
                   help="narration locale when it differs from the captions' (overrides --locale)")
    p.add_argument("--caption-locale", default=None, metavar="LOCALE",
                   help="caption locale when it differs from the narration's, e.g. --audio-locale en "
                   "--caption-locale es (overrides --locale)")
    p.add_argument("--head-path", default="still", metavar="NAME",
                   help="headless head motion: still, look-around")
    p.add_argument("--console", default=None, metavar="URL",
                   help="facilitator console: ws://host:port to join a hub (default: start a local hub; "
                   "headless runs start none)")
    p.add_argument("--token", default=None,
                   help="token of the hub given with --console (write --token=TOKEN; or use --token-file, "
                   "or the EMPATHY_VR_TOKEN environment variable, which other users cannot see in ps)")
    p.add_argument("--token-file", default=None, metavar="FILE",
                   help="read the hub's token from FILE (e.g. the room hub's private <db>.token)")
    p.add_argument("--no-console", action="store_true", help="run without a facilitator console")
    p.add_argument("--room-view", nargs="?", const="window", default=None,
                   choices=["window", "fullscreen", "offscreen"], metavar="MODE",
                   help="a calm second view for a projector or a video call: window (default), fullscreen "
                   "(a borderless presentation to share), offscreen; the console can turn it on and off")
    p.add_argument("--hud", action="store_true", help="desktop: show the frame-statistics HUD from the start (F1)")
    p.add_argument("--auto-continue", action="store_true",
                   help="release holds and answer check-ins automatically (unattended runs)")


def _run(args: argparse.Namespace) -> int:
    from .runner import run_from_args

    return run_from_args(args)


def _add_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: all content)")


def _check(args: argparse.Namespace) -> int:
    from .content import ContentRoot

    content = ContentRoot.find(args.content)
    from .narrative import check_main

    return check_main(args.paths, content)


COMMANDS: dict[str, tuple[str, AddArgs, RunCmd]] = {
    "run": ("run an experience (default command)", _add_run, _run),
    "check": ("lint narratives, scenes and config: path:line:col messages", _add_check, _check),
}


AREA_COMMANDS = (
    "experience.narrative.commands",
    "experience.voices.commands",
    "experience.audio.commands",
    "facilitator.commands",
    "experience.xrsim_commands",
    "experience.tools.commands",
    "experience.schemas",
)
"""The modules whose ``COMMANDS`` table the cli collects, in help order."""


def _load_commands() -> None:
    import importlib

    for mod in AREA_COMMANDS:
        table: tuple[Command, ...] = importlib.import_module(mod).COMMANDS
        for c in table:
            COMMANDS[c.name] = (c.help, c.add_args, c.run)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    _load_commands()
    parser = _Parser(
        prog="empathy-vr",
        description="Immersive empathy experiences for mental-health anti-stigma workshops.",
        epilog="With no subcommand, runs the default experience in mode auto.",
    )
    parser.add_argument("--content", metavar="DIR", default=None,
                        help="content pack folder (narratives/, scenes/, audio/, shaders/); default: bundled")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (help_text, add_args, _) in COMMANDS.items():
        sp = sub.add_parser(name, help=help_text, description=help_text)
        add_args(sp)
    return parser


def _with_default_command(argv: list[str]) -> list[str]:
    """``run`` after the global options when no subcommand is named (``run_vr.py --experience crowd``)."""
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-v", "--verbose") or a.startswith("--content="):
            i += 1
        elif a == "--content":
            i += 2
        else:
            break
    if i < len(argv) and (argv[i] in COMMANDS or argv[i] in ("-h", "--help")):
        return argv
    return [*argv[:i], "run", *argv[i:]]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point. Returns the process exit status."""
    from .host import prepare_process

    prepare_process()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
        argv = _with_default_command(argv)
        args = parser.parse_args(argv)
        logging.basicConfig(
            level=logging.DEBUG if args.verbose else logging.INFO,
            format="%(levelname)s %(name)s: %(message)s" if args.verbose else "%(message)s",
        )
        if not args.verbose:  # PyOpenGL (through pyopenxr) announces optional speed-ups at INFO
            logging.getLogger("OpenGL").setLevel(logging.WARNING)
        _, _, run = COMMANDS[args.command]
        return run(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        for d in exc.diagnostics:
            print(d.format(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
