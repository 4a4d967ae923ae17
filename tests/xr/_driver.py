"""Runs one experience in XR mode in this process and writes what happened as JSON.

Used by the simulator tests as a subprocess (Panda3D and the OpenXR loader are
once-per-process). The environment points the loader at the simulator.

Usage: python tests/xr/_driver.py OUT.json [--experience ID] [--duration S]
       [--content DIR] [--jump CHAPTER] [--time-scale X] [--path direct|blit] [--no-controllers]
       [--on EVENT=+DT CMD;+DT CMD ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from experience.presenters import Presenter

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from experience.app import Experience, Settings  # noqa: E402
from experience.content import ContentRoot  # noqa: E402
from experience.core import MonotonicClock  # noqa: E402
from experience.presenters import Presenter  # noqa: E402
from experience.requests import Request  # noqa: E402


class Recorder(Presenter):
    """Writes down every player event with the display time and the wall clock."""

    name = "recorder"

    def __init__(self, clock: Any, reactions: dict[str, list[str]] | None = None) -> None:
        super().__init__()
        self.clock = clock
        self.reactions = dict(reactions or {})
        self.keys: dict[str, int] = {}
        self.requests: dict[str, int] = {}
        self.on_update: Any = None
        self.on_detach: Any = None
        self.marks: dict[str, float] = {}
        self.shot: tuple[str, int] | None = None
        self.rows: list[dict[str, Any]] = []
        self.display_time = 0.0
        self.frame = 0
        self.backend: Any = None

    @property
    def _stage(self) -> Any:
        stage = self.services.stage
        assert stage is not None
        return stage

    def on_event(self, event: Any) -> None:
        row = {"event": type(event).__name__, "display_t": round(self.display_time, 4), "frame": self.frame,
               "wall": self.clock.now()}
        for key in ("reason", "on", "source", "value", "checkin_id", "state", "chapter_id"):
            if hasattr(event, key):
                row[key] = getattr(event, key)
        controllers = self.backend.input if self.backend is not None else None  # the OpenXR backend's part
        hands = controllers.hands if controllers is not None else None
        row["hands_visible"] = bool(hands is not None and hands.visible)
        self.rows.append(row)
        lines = self.reactions.pop(row["event"], None)
        control = os.environ.get("XRSIM_CONTROL")
        if lines and control:
            # "+0.2 command": 0.2 s of display time after this event, on the simulator's timeline
            with open(control, "a") as f:
                for line in lines:
                    when, _, cmd = line.partition(" ")
                    f.write(f"{self.display_time + float(when):.4f} {cmd}\n")

    def detach(self) -> None:
        if self.on_detach is not None:
            self.on_detach()
        super().detach()

    def update(self, ctx: Any) -> None:
        self.display_time = ctx.display_time
        self.frame = ctx.index
        if self.on_update is not None:
            self.on_update(ctx)
        for kind, at in list(self.requests.items()):
            if ctx.index >= at:
                del self.requests[kind]
                self.marks[f"request_{kind}"] = self.clock.now()
                self.services.requests.put(Request(kind, source="test"))
        for key, at in list(self.keys.items()):
            if ctx.index >= at:
                del self.keys[key]
                self._stage.base.messenger.send(key)  # as if pressed in the mirror window
        if self.shot is not None and ctx.index >= self.shot[1]:
            path, _ = self.shot
            self.shot = None
            img = self._stage.grab(self._stage.base.win)
            if img is not None:
                img.write(path)


def add_pattern(stage: Any, depth: float) -> None:
    """A bright green card ``depth`` metres ahead of the head, above the eye line, facing it.

    It moves with the head, so its stereo disparity depends only on its depth.
    """
    from panda3d.core import CardMaker

    cm = CardMaker("pattern")
    cm.setFrame(-0.05 * depth, 0.05 * depth, 0.12 * depth, 0.22 * depth)
    card = stage.head.attachNewNode(cm.generate())
    card.setY(depth)
    card.setColor(0, 1, 0, 1)
    card.setLightOff(1)
    card.setShaderOff(1)


def room_size(spec: str | None) -> dict[str, Any]:
    if not spec:
        return {}
    w, _, h = spec.partition("x")
    return {"room_view_size": (int(w), int(h)), "room_view_height": int(h)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--experience", default="placeholder")
    ap.add_argument("--content", default=None, help="content pack folder (default: bundled)")
    ap.add_argument("--duration", type=float, default=5.0)
    ap.add_argument("--jump", default=None)
    ap.add_argument("--time-scale", type=float, default=1.0)
    ap.add_argument("--path", default="direct")
    ap.add_argument("--no-controllers", action="store_true")
    ap.add_argument("--mirror", action="store_true", help="GLX window mirror (needs DISPLAY)")
    ap.add_argument("--key", action="append", default=[], metavar="KEY@FRAME",
                    help="send a key event to the mirror window at a frame")
    ap.add_argument("--mirror-shot", default=None, metavar="PATH@FRAME", help="save the mirror window at a frame")
    ap.add_argument("--capture", default=None, metavar="DIR", help="--capture for the run (eye PNGs)")
    ap.add_argument("--capture-at", type=float, action="append", default=[], metavar="T")
    ap.add_argument("--request", action="append", default=[], metavar="KIND@FRAME",
                    help="put a request on the app's queue at a frame (source test)")
    ap.add_argument("--pattern", type=float, default=None, metavar="DEPTH",
                    help="captions only, plus a green card DEPTH metres ahead of the eyes (stereo checks)")
    ap.add_argument("--room-view", default=None, choices=("window", "fullscreen", "offscreen"),
                    help="open the room view; its camera's heading is recorded every frame")
    ap.add_argument("--room-size", default=None, metavar="WxH", help="the room view's output and picture size")
    ap.add_argument("--room-shot", default=None, metavar="PATH@FRAME", help="save the room view's picture at a frame")
    ap.add_argument("--on", action="append", default=[],
                    help="EVENT=+DT CMD;+DT CMD: simulator commands to send when the player emits EVENT")
    args = ap.parse_args()
    from experience.display.openxr import OpenXRBackend

    settings = Settings(mode="xr", experience=args.experience, tutorial=False, duration=args.duration,
                        console=None, time_scale=args.time_scale, capture=args.capture, room_view=args.room_view,
                        capture_at=tuple(args.capture_at),
                        extra={**room_size(args.room_size), "xr_render_path": args.path, "xr_mirror": args.mirror,
                               "xr_controllers": not args.no_controllers})
    clock = MonotonicClock()
    backend = OpenXRBackend(clock, settings)
    presenters: list[Presenter] | None = None
    if args.pattern is not None:
        from experience.presenters.captions import CaptionsPresenter

        presenters = [CaptionsPresenter()]
    exp = Experience(settings, ContentRoot.find(args.content), backend, clock, presenters=presenters)
    exp.start()
    if args.pattern is not None:
        add_pattern(exp.stage, args.pattern)
    reactions = {}
    for spec in args.on:
        name, _, cmds = spec.partition("=")
        reactions[name] = [c.strip() for c in cmds.split(";") if c.strip()]
    rec = Recorder(clock, reactions)
    for spec in args.key:
        key, _, at = spec.partition("@")
        rec.keys[key] = int(at)
    for spec in args.request:
        kind, _, at = spec.partition("@")
        rec.requests[kind] = int(at)
    if args.mirror_shot:
        path, _, at = args.mirror_shot.partition("@")
        rec.shot = (path, int(at))
    rec.backend = exp.backend
    exp.presenters.add(rec)
    assert exp.services is not None
    rec.attach(exp.services)
    if args.jump:
        exp.requests.put(Request("jump", args.jump, source="test"))
    from experience.roomview import RoomViewPresenter

    room = exp.presenters.find(RoomViewPresenter)
    t0 = clock.now()
    head_pos, head_hpr, world_h = (0.0, 0.0, 0.0), (0.0, 0.0, 0.0), 0.0
    room_track: list[list[float]] = []
    room_shot = None
    if args.room_shot:
        path, _, at = args.room_shot.partition("@")
        room_shot = (path, int(at))

    def grab_head() -> None:
        """The head where the run left it (read once, at the end: not a cost in every frame)."""
        nonlocal head_pos, head_hpr, world_h
        stage = exp.stage
        assert stage is not None
        head_pos = tuple(stage.head.getPos())
        head_hpr = tuple(stage.head.getHpr())
        world_h = stage.head.getH(stage.base.render) - stage.participant.heading

    def each_frame(ctx: Any) -> None:
        nonlocal room_shot
        out = room.out if room is not None else None
        if out is not None and room is not None:  # the room camera and the head, both in the rig's space
            stage = exp.stage
            assert stage is not None
            room_track.append([round(ctx.display_time, 5), *(round(v, 4) for v in stage.head.getHpr()),
                               *(round(v, 4) for v in out.camera.getHpr()), room.drawn])
            if room_shot is not None and ctx.index >= room_shot[1]:
                path = room_shot[0]
                room.request_picture(lambda img: img is not None and img.write(path))
                room_shot = None

    rec.on_update = each_frame
    rec.on_detach = grab_head
    doc = exp.run()
    t_end = clock.now()
    out = {
        "views": [(v.offset, v.fov) for v in backend.views],
        "head": {"pos": list(head_pos), "hpr": list(head_hpr), "world_h": world_h},
        "stats": doc,
        "events": rec.rows,
        "t_start": t0,
        "t_end": t_end,
        "marks": {**backend.marks, **rec.marks},
        "player_state": exp.player.state,
        "room": {"track": room_track, **(room.stats() if room is not None else {})},
        "session_state": {k: v for k, v in dataclasses.asdict(exp.session_state).items()
                          if isinstance(v, (int, float, str, bool))},
    }
    Path(args.out).write_text(json.dumps(out, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
