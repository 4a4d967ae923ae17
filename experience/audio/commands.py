"""The ``render-audio`` subcommand: an experience's soundtrack as a binaural WAV."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..cli import register
from ..errors import UsageError


def _add(p: argparse.ArgumentParser) -> None:
    p.add_argument("experience", metavar="ID", help="experience id (a file stem under narratives/)")
    p.add_argument("out", metavar="OUT.wav", help="the WAV file to write (16-bit stereo, 44.1 kHz)")


def _run(args: argparse.Namespace) -> int:
    from ..content import ContentRoot
    from ._render import render_experience

    content = ContentRoot.find(args.content)
    out = Path(args.out)
    if out.suffix.lower() != ".wav":
        raise UsageError(f"render-audio writes WAV: {out} should end in .wav")
    if not out.parent.is_dir():
        raise UsageError(f"folder {out.parent} does not exist")
    content.narrative_path(args.experience)  # unknown ids are a usage error
    t0 = time.perf_counter()
    seconds = render_experience(content, args.experience, out)
    print(f"wrote {out}: {seconds:.1f} s of binaural audio in {time.perf_counter() - t0:.1f} s",
          file=sys.stderr)
    return 0


register("render-audio", "render an experience's soundtrack offline as binaural stereo (headphones)",
         _add, _run)
