"""``empathy-vr scenes``: list scenes, write stereo screenshots, run the flash test."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..command import Command
from ..errors import UsageError


def _add(p: argparse.ArgumentParser) -> None:
    p.add_argument("ids", nargs="*", metavar="ID", help="scene ids (default: every scene in the content pack)")
    p.add_argument("--shots", metavar="DIR", help="write DIR/<id>.png: both eyes side by side, rendered headless")
    p.add_argument("--size", default="800x600", metavar="WxH", help="per-eye size for --shots (default 800x600)")
    p.add_argument("--faces", metavar="DIR",
                   help="write DIR/faces-<id>.png: every person's face close up, at a headset's pixel density")
    p.add_argument("--flash", action="store_true",
                   help="render each scene's own animation for 6 s and count flashes per second (limit 3)")


def _run(args: argparse.Namespace) -> int:
    from ..content import ContentRoot
    from ..scene import FLASH_LIMIT, lint_scene_file, load_scene_spec

    content = ContentRoot.find(args.content)
    known = sorted(p.stem for p in content.scenes.glob("*.yaml"))
    ids = args.ids or known
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise UsageError(f"unknown scene {unknown[0]!r} (known: {', '.join(known) or 'none'})")
    bad = 0
    for sid in ids:
        diags = lint_scene_file(content.scenes / f"{sid}.yaml")
        for d in diags:
            print(d.format(), file=sys.stderr)
        if any(d.is_error for d in diags):
            bad += 1
            continue
        spec = load_scene_spec(content.scenes / f"{sid}.yaml")
        names = ", ".join(sorted(spec.anchors)) or "none"
        print(f"{sid}: {spec.title} ({spec.environment.kind}; {len(spec.people)} people; "
              f"ambience {spec.ambience or 'none'}; names: {names})")
    if bad:
        return 1
    if args.faces:
        from ._shots import write_faces

        for sid in ids:
            path = write_faces(sid, Path(args.faces), content.scenes)
            print(f"wrote {path}" if path else f"{sid}: no people")
    if args.shots or args.flash:
        from ._shots import SceneRenderer, measure_flashes

        try:
            w, h = (int(v) for v in args.size.lower().split("x"))
        except ValueError:
            raise UsageError(f"bad size {args.size!r}: use WIDTHxHEIGHT") from None
        r = SceneRenderer((w, h) if args.shots else (160, 120))
        try:
            for sid in ids:
                if args.flash:
                    n = measure_flashes(r, sid, scenes_dir=content.scenes)
                    verdict = "ok" if n <= FLASH_LIMIT else "TOO MANY"
                    print(f"{sid}: {n:g} flashes in the worst second ({verdict}, limit {FLASH_LIMIT:g})")
                    bad += n > FLASH_LIMIT
                if args.shots:
                    r.load(sid, content.scenes)
                    for _ in r.run(2.0, 10):
                        pass
                    path = Path(args.shots) / f"{sid}.png"
                    r.screenshot(path)
                    print(f"wrote {path}")
        finally:
            r.destroy()
    return 1 if bad else 0


COMMANDS = (
    Command("scenes", "list scenes, write stereo screenshots (--shots), count flashes (--flash)", _add, _run),
)
