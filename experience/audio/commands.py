"""Audio subcommands: ``render-audio`` (a binaural soundtrack) and ``sounds`` (the library)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..command import Command
from ..errors import UsageError


def _add(p: argparse.ArgumentParser) -> None:
    p.add_argument("experience", metavar="ID", help="experience id (a file stem under narratives/)")
    p.add_argument("out", metavar="OUT.wav", nargs="?", default=None,
                   help="the WAV file to write (16-bit stereo, 44.1 kHz); optional with --report")
    p.add_argument("--locale", default=None, help="narration locale (default: the narrative's first)")
    p.add_argument("--report", action="store_true",
                   help="print the mix report: loudness, range, true peak, each speaker, speech over the beds")
    p.add_argument("--report-json", metavar="FILE", default=None, help="also write the report as JSON")


def _run(args: argparse.Namespace) -> int:
    from ..content import ContentRoot
    from ..media import write_wav
    from ._render import render_track

    content = ContentRoot.find(args.content)
    out = Path(args.out) if args.out else None
    if out is None and not (args.report or args.report_json):
        raise UsageError("render-audio needs OUT.wav, or --report (or both)")
    if out is not None and out.suffix.lower() != ".wav":
        raise UsageError(f"render-audio writes WAV: {out} should end in .wav")
    for f in (out, Path(args.report_json) if args.report_json else None):
        if f is not None and not f.parent.is_dir():
            raise UsageError(f"folder {f.parent} does not exist")
    content.narrative_path(args.experience)  # unknown ids are a usage error
    t0 = time.perf_counter()
    track, mixed = render_track(content, args.experience, locale=args.locale)
    if out is not None:
        write_wav(out, mixed)
        print(f"wrote {out}: {track.length:.1f} s of binaural audio in {time.perf_counter() - t0:.1f} s",
              file=sys.stderr)
    if args.report or args.report_json:
        from ._report import measure

        report = measure(args.experience, track, mixed)
        if args.report:
            print(report.format())
        if args.report_json:
            Path(args.report_json).write_text(report.to_json() + "\n", encoding="utf-8")
    return 0




def _add_sounds(p: argparse.ArgumentParser) -> None:
    p.add_argument("--list", action="store_true", help="only list the sound ids, make nothing")


def _sounds(args: argparse.Namespace) -> int:
    from ..content import ContentRoot
    from ..media import ensure_sounds, load_registry

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


COMMANDS = (
    Command("render-audio", "render an experience's soundtrack offline as binaural stereo (headphones)",
            _add, _run),
    Command("sounds", "list the sound ids and make the generated sound library (first run)", _add_sounds, _sounds),
)
