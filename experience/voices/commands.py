"""``empathy-vr voices install | status | list``: the optional neural voices."""

from __future__ import annotations

import argparse
import sys

from ..command import Command
from ._catalog import LANGUAGES, VOICES
from ._install import InstallError, install, status, voices_home


def _add(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", nargs="?", choices=["install", "status", "list"], default="status",
                   help="install: fetch and check the model and voice packs; status: are they here; "
                   "list: the voice names")


def _run(args: argparse.Namespace) -> int:
    if args.action == "install":
        try:
            install(log=sys.stderr)  # type: ignore[arg-type]
        except InstallError as exc:
            print(f"voices: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.action == "list":
        for prefix, (lang, _, locale) in LANGUAGES.items():
            names = [v for v in VOICES if v[0] == prefix]
            print(f"{lang} ({locale}): {' '.join(names)}")
        return 0
    why = status()
    print(f"voices: {why}" if why else f"voices: installed in {voices_home()}",
          file=sys.stderr if why else sys.stdout)
    return 1 if why else 0


COMMANDS = (
    Command("voices", "neural voices (Kokoro): install | status | list", _add, _run),
)
