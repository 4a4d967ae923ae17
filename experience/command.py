"""The command table: each area lists its subcommands, :mod:`experience.cli` collects them.

An area never imports the cli to add a command; it exposes ``COMMANDS``, a tuple of
:class:`Command`, in its ``commands`` module, and the cli names that module once.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

AddArgs = Callable[[argparse.ArgumentParser], None]
RunCmd = Callable[[argparse.Namespace], int]


@dataclass(frozen=True, slots=True)
class Command:
    """One subcommand: its name, one-line help, how it adds its arguments and how it runs."""

    name: str
    help: str
    add_args: AddArgs
    run: RunCmd
