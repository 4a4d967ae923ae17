"""Storyboard contact sheets: one rendered frame per chapter, with its caption.

``.venv/bin/python -m tests.content._storyboard [ID ...]`` renders each bundled
experience headless (no tutorial, holds and check-ins answered automatically)
at the moment of one chosen line per chapter, and writes
``docs/storyboards/<id>.png``: the frames in a grid, each with the chapter
title and the caption being shown. Facilitators use the sheets to see what
participants will see; authors re-run this after changing a story.

Only Panda3D's PNMImage and PNMTextMaker are used (no extra dependencies).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "storyboards"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

# The line shown for each chapter: a moment that says what the chapter is.
KEY_LINES: dict[str, dict[str, str]] = {
    "voices": {"morning": "v_m3", "bus": "v_b3", "interview": "v_i10", "what_helped": "v_r9"},
    "grey": {"morning": "g_m9", "office": "g_o5", "asked": "g_a2", "return": "g_r7"},
    "crowd": {"platform": "c_p6", "alarm": "c_a3", "grounding": "c_g4", "afterwards": "c_r4"},
    "tutorial": {"welcome": "t_w3", "calm_practice": "t_c2", "checkin_practice": "t_k2", "consent": "t_s2"},
}
AUTO_DELAY = 1.0  # the autopilot's wait at holds and check-ins (experience.app.AutoPilot)
FRAME = (640, 360)
REFRESH = 10.0  # simulated display rate: time scale 1 keeps effects true, few frames keep it quick
STRIP = 96
PAD = 16
HEADER = 84


@dataclass
class Shot:
    chapter: int
    title: str
    scene: str
    speaker: str
    text: str
    t: float


def plan(stem: str) -> list[Shot]:
    """When each chapter's key line is on screen, in display time (time scale 1)."""
    sys.path.insert(0, str(ROOT))
    from experience import events as ev
    from experience.content import ContentRoot
    from experience.narrative import load_narrative

    # Timed as the run will be: recordings and rendered narration first, then reading speed.
    content = ContentRoot.find(None)
    n = load_narrative(content.narrative_path(stem), content)
    keys = KEY_LINES.get(stem, {})
    from experience.narrative import TimelinePlayer

    player = TimelinePlayer(n)
    shots: dict[str, Shot] = {}
    chapter: list[tuple[int, str, str]] = [(0, "", "")]

    def on(e: ev.Event) -> None:
        if isinstance(e, ev.ChapterStarted):
            chapter[0] = (e.index, e.title, e.scene)
        elif isinstance(e, ev.LineStarted):
            idx, title, scene = chapter[0]
            cid = n.chapters[idx].id
            want = keys.get(cid)
            if (want is None and cid not in shots) or e.line_id == want:
                shots[cid] = Shot(idx + 1, title, scene, e.speaker, e.text, e.t + min(2.5, e.duration * 0.5))

    player.subscribe(on)
    player.start()
    dt, waited = 1.0 / REFRESH, 0.0
    for _ in range(int(3600 / dt)):
        if player.state in ("ended", "debrief"):
            break
        player.update(dt)
        if player.state in ("hold", "checkin", "choice"):
            waited += dt
            if waited >= AUTO_DELAY:
                waited = 0.0
                if player.state == "hold":
                    player.proceed("storyboard")
                else:
                    player.answer(2 if player.state == "checkin" else 0, "storyboard")
        else:
            waited = 0.0
    return [shots[c.id] for c in n.chapters if c.id in shots]


def render(stem: str, shots: list[Shot], work: Path) -> list[Path]:
    times = ",".join(f"{s.t:.3f}" for s in shots)
    cmd = [sys.executable, "run_vr.py", "run", "--mode", "headless", "--experience", stem, "--no-tutorial",
           "--auto-continue", "--mono", "--refresh", str(REFRESH), "--size", f"{FRAME[0]}x{FRAME[1]}",
           "--capture", str(work),
           "--capture-at", times, "--duration", f"{shots[-1].t + 1.0:.3f}"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{stem}: headless run failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    frames = sorted(work.glob("frame_*.png"))
    if len(frames) < len(shots):
        raise SystemExit(f"{stem}: {len(frames)} frames captured for {len(shots)} chapters")
    # The capturer writes on a worker; every requested time gives one frame, in order.
    return frames[: len(shots)]


def _text(img, maker, text: str, x: int, y: int, color: tuple[float, float, float]) -> None:
    maker.setFg((color[0], color[1], color[2], 1.0))
    maker.generateInto(text, img, x, y)


def sheet(stem: str, title: str, shots: list[Shot], frames: list[Path], out: Path) -> None:
    from panda3d.core import Filename, PNMImage, PNMTextMaker

    cols = 2
    rows = (len(shots) + cols - 1) // cols
    w = PAD + cols * (FRAME[0] + PAD)
    h = HEADER + rows * (FRAME[1] + STRIP + PAD) + PAD
    img = PNMImage(w, h, 3)
    img.fill(0.97, 0.96, 0.94)
    bold = PNMTextMaker(Filename.fromOsSpecific(FONT_BOLD), 0)
    bold.setPixelSize(26)
    small_bold = PNMTextMaker(Filename.fromOsSpecific(FONT_BOLD), 0)
    small_bold.setPixelSize(15)
    small = PNMTextMaker(Filename.fromOsSpecific(FONT), 0)
    small.setPixelSize(14)
    _text(img, bold, f"{title}  ({stem})", PAD, 38, (0.1, 0.1, 0.12))
    _text(img, small, "One frame per chapter, with the caption on screen at that moment "
          "(rendered headless; see docs/facilitator-guide.md).", PAD, 64, (0.35, 0.35, 0.38))
    for i, (shot, path) in enumerate(zip(shots, frames, strict=True)):
        x = PAD + (i % cols) * (FRAME[0] + PAD)
        y = HEADER + (i // cols) * (FRAME[1] + STRIP + PAD)
        frame = PNMImage()
        if not frame.read(Filename.fromOsSpecific(str(path))):
            raise SystemExit(f"cannot read {path}")
        if (frame.getXSize(), frame.getYSize()) != FRAME:
            scaled = PNMImage(FRAME[0], FRAME[1], 3)
            scaled.quickFilterFrom(frame)
            frame = scaled
        img.copySubImage(frame, x, y)
        _text(img, small_bold, f"{shot.chapter}. {shot.title}   · scene: {shot.scene}", x, y + FRAME[1] + 20,
              (0.1, 0.1, 0.12))
        lines = textwrap.wrap(f"{shot.speaker}: {shot.text}", 82)[:4]
        for j, line in enumerate(lines):
            _text(img, small, line, x, y + FRAME[1] + 40 + 17 * j, (0.2, 0.2, 0.24))
    out.parent.mkdir(parents=True, exist_ok=True)
    if not img.write(Filename.fromOsSpecific(str(out))):
        raise SystemExit(f"cannot write {out}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ids", nargs="*", default=list(KEY_LINES))
    ap.add_argument("--keep", metavar="DIR", help="keep the captured frames here")
    ap.add_argument("--reuse", action="store_true",
                    help="with --keep: lay out frames already captured there instead of rendering again")
    args = ap.parse_args(argv)
    from experience.narrative import load_narrative

    for stem in args.ids:
        shots = plan(stem)
        work = Path(args.keep) / stem if args.keep else Path(tempfile.mkdtemp(prefix=f"storyboard-{stem}-"))
        frames = sorted(work.glob("frame_*.png"))[: len(shots)] if args.reuse and work.is_dir() else []
        if len(frames) != len(shots):
            if work.exists():
                shutil.rmtree(work)
            work.mkdir(parents=True)
            frames = render(stem, shots, work)
        title = load_narrative(ROOT / "narratives" / f"{stem}.yaml").title
        out = OUT / f"{stem}.png"
        sheet(stem, title, shots, frames, out)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        print(f"wrote {out.relative_to(ROOT)}: {len(shots)} chapters at " +
              ", ".join(f"{s.t:.1f}s" for s in shots))
    return 0


if __name__ == "__main__":
    sys.exit(main())
