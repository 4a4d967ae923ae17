"""Audio subcommands: ``render-audio`` (a binaural soundtrack) and ``sounds`` (the library)."""

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
    p.add_argument("--locale", default=None, help="narration locale (default: the narrative's first)")


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
    seconds = render_experience(content, args.experience, out, locale=args.locale)
    print(f"wrote {out}: {seconds:.1f} s of binaural audio in {time.perf_counter() - t0:.1f} s",
          file=sys.stderr)
    return 0


register("render-audio", "render an experience's soundtrack offline as binaural stereo (headphones)",
         _add, _run)


def _add_sounds(p: argparse.ArgumentParser) -> None:
    p.add_argument("--list", action="store_true", help="only list the sound ids, make nothing")


def _sounds(args: argparse.Namespace) -> int:
    from ..content import ContentRoot
    from ._library import ensure_sounds, load_registry

    content = ContentRoot.find(args.content)
    registry, diags = load_registry(content)
    for d in diags:
        print(d.format(), file=sys.stderr)
    paths = {} if args.list else ensure_sounds(content)
    for sid, sd in sorted(registry.items()):
        source = f"file {sd.file}" if sd.file is not None else f"generated ({sd.synth}, {sd.seconds:g} s)"
        kind = "bed" if sd.loop else "one-shot"
        where = f"  -> {paths[sid]}" if sid in paths else ""
        print(f"{sid:16} {kind:8} {sd.bus:9} {source}{where}")
    return 1 if any(d.is_error for d in diags) else 0


register("sounds", "list the sound ids and make the generated sound library (first run)", _add_sounds, _sounds)
