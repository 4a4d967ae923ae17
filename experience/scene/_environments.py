"""Environment pieces and rooms: walls with openings, floors, the room builder.

Each builder is a generator: it adds to the static mesh in small pieces and
yields between them, ending with the :class:`EnvParts` the scene builder needs.
Walls face inwards; window openings show a soft sky and a simple view outside.
The other environments are in :mod:`._outdoors`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..mesh import Footprint, Mesh, Occlusion
from ._spec import EnvironmentSpec, Opening

Color = tuple[float, float, float]


@dataclass
class EnvParts:
    """What an environment adds besides the static mesh."""

    occlusion: Occlusion = field(default_factory=Occlusion)
    feet: list[Footprint] = field(default_factory=list)
    moving: Mesh | None = None  # scenery that scrolls past a vehicle (local, loops every ``loop`` m)
    loop: float = 0.0
    background: Color = (0.7, 0.8, 0.9)


def _shade(c: Color, k: float) -> Color:
    return (min(1.0, c[0] * k), min(1.0, c[1] * k), min(1.0, c[2] * k))


def _mix(a: Color, b: Color, t: float) -> Color:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def _wall_axes(wall: str, w: float, d: float) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """(origin at u=0,z=0; along-wall unit vector) with the normal pointing into the room."""
    return {
        "north": ((0.0, d / 2, 0.0), (1.0, 0.0, 0.0)),
        "south": ((0.0, -d / 2, 0.0), (-1.0, 0.0, 0.0)),
        "east": ((w / 2, 0.0, 0.0), (0.0, -1.0, 0.0)),
        "west": ((-w / 2, 0.0, 0.0), (0.0, 1.0, 0.0)),
    }[wall]


def _along(wall: str, at: float) -> float:
    """Scene coordinate ``at`` (x for north/south, y for east/west) in the wall's own u axis."""
    return at if wall in ("north", "west") else -at


def wall_with_openings(m: Mesh, wall: str, w: float, d: float, h: float, openings: list[Opening],
                       color: Color, trim: Color, outside: Color, step: float = 0.35, view: bool = True) -> None:
    """A wall with holes, reveals, frames and a window view behind each window."""
    origin, u = _wall_axes(wall, w, d)
    span = w if wall in ("north", "south") else d
    ox, oy, _ = origin
    ux, uy, _ = u
    nx, ny = uy, -ux  # inward normal: u x z

    def pt(s: float, z: float, inset: float = 0.0) -> tuple[float, float, float]:
        return (ox + ux * s + nx * inset, oy + uy * s + ny * inset, z)

    holes = sorted(((_along(wall, o.at) - o.width / 2, _along(wall, o.at) + o.width / 2, o) for o in openings),
                   key=lambda t: t[0])
    s0 = -span / 2
    cuts: list[tuple[float, float, float, float]] = []
    for a, b, o in holes:
        if a > s0:
            cuts.append((s0, a, 0.0, h))
        if o.sill > 0:
            cuts.append((a, b, 0.0, o.sill))
        if o.sill + o.height < h:
            cuts.append((a, b, o.sill + o.height, h))
        s0 = b
    if s0 < span / 2:
        cuts.append((s0, span / 2, 0.0, h))
    for a, b, z0, z1 in cuts:
        m.quad(pt(a, z0), (ux * (b - a), uy * (b - a), 0), (0, 0, z1 - z0), color, step)
    # Skirting board along the solid parts at floor level.
    for a, b, z0, _ in cuts:
        if z0 == 0.0 and b - a > 0.05:
            m.quad(pt(a, 0.0, 0.012), (ux * (b - a), uy * (b - a), 0), (0, 0, 0.09), trim, 0.5)
            m.quad(pt(a, 0.09, 0.0), (ux * (b - a), uy * (b - a), 0), (nx * 0.012, ny * 0.012, 0), trim)
    depth = 0.14
    for a, b, o in holes:
        z0, z1 = o.sill, o.sill + o.height
        back = -depth
        # Reveals (the wall's thickness), facing into the opening.
        m.quad(pt(a, z0, back), (0, 0, z1 - z0), (nx * depth, ny * depth, 0), _shade(color, 0.95))
        m.quad(pt(b, z0, 0), (0, 0, z1 - z0), (-nx * depth, -ny * depth, 0), _shade(color, 0.95))
        m.quad(pt(a, z1, 0), (ux * (b - a), uy * (b - a), 0), (-nx * depth, -ny * depth, 0), _shade(color, 0.9))
        if o.sill > 0:
            # Window: sill board, frame and a view outside.
            m.box(_mid(pt(a - 0.04, z0, 0.02), pt(b + 0.04, z0, 0.02), -0.01), _size(u, b - a + 0.08, 0.2, 0.03),
                  trim)
            for f in (a, (a + b) / 2, b):
                m.box(_mid(pt(f, z0, -0.1), pt(f, z1, -0.1), 0), _size(u, 0.05, 0.05, z1 - z0), trim, bottom=False)
            m.box(_mid(pt(a, (z0 + z1) / 2, -0.1), pt(b, (z0 + z1) / 2, -0.1), 0), _size(u, b - a, 0.05, 0.05), trim)
            if view:
                _window_view(m, pt, a, b, z0, z1, outside, nx, ny, ux, uy)
        else:
            # Door: a closed panel set back in the opening, with a frame and a handle.
            m.quad(pt(a, 0, -0.1), (ux * (b - a), uy * (b - a), 0), (0, 0, z1), (0.62, 0.47, 0.33))
            m.box(_mid(pt(b - 0.1, 1.0, -0.06), pt(b - 0.1, 1.0, -0.06), 0), _size(u, 0.12, 0.04, 0.03),
                  (0.75, 0.66, 0.45))
            for f in (a, b):
                m.box(_mid(pt(f, 0, 0.01), pt(f, z1, 0.01), 0), _size(u, 0.07, 0.03, z1), trim, bottom=False)
            m.box(_mid(pt(a, z1 + 0.035, 0.01), pt(b, z1 + 0.035, 0.01), 0), _size(u, b - a + 0.14, 0.03, 0.07),
                  trim)


def _window_view(m: Mesh, pt: object, a: float, b: float, z0: float, z1: float, outside: Color,
                 nx: float, ny: float, ux: float, uy: float) -> None:
    """A glowing sky with soft horizon and a row of far facades, seen through a window."""
    f = pt
    sky_top, horizon = outside, _mix(outside, (1.0, 0.96, 0.90), 0.55)
    far = -3.0
    wide = 2.5
    zc = (z0 + z1) / 2
    p0 = f(a - wide, zc - 2.5, far)  # type: ignore[operator]
    m.quad(p0, (ux * (b - a + 2 * wide), uy * (b - a + 2 * wide), 0), (0, 0, 2.5), horizon, emit=1.0)
    p1 = f(a - wide, zc, far)  # type: ignore[operator]
    m.quad(p1, (ux * (b - a + 2 * wide), uy * (b - a + 2 * wide), 0), (0, 0, 3.0), sky_top, emit=1.0)
    rnd = random.Random(int(a * 100) + 7)
    s = a - wide
    while s < b + wide:
        bw = rnd.uniform(0.5, 1.1)
        bh = rnd.uniform(0.2, 1.0)
        tone = rnd.choice(((0.78, 0.70, 0.60), (0.70, 0.66, 0.62), (0.80, 0.76, 0.68), (0.62, 0.68, 0.58)))
        base = f(s, zc - 2.5, far + 0.3)  # type: ignore[operator]
        m.quad(base, (ux * bw, uy * bw, 0), (0, 0, 2.5 - 0.55 + bh), _mix(tone, horizon, 0.35), emit=1.0)
        s += bw + rnd.uniform(0.0, 0.25)


def _mid(p: tuple[float, float, float], q: tuple[float, float, float], dz: float) -> tuple[float, float, float]:
    return ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2 + dz)


def _size(u: tuple[float, float, float], along: float, across: float, tall: float) -> tuple[float, float, float]:
    return (abs(u[0]) * along + abs(u[1]) * across, abs(u[1]) * along + abs(u[0]) * across, tall)


def floor(m: Mesh, x0: float, y0: float, x1: float, y1: float, color: Color, pattern: str, z: float = 0.0,
          step: float = 0.3) -> Iterator[None]:
    """A floor: planks (running along y), tiles, or plain, with gentle variation."""
    rnd = random.Random(11)
    if pattern == "planks":
        x = x0
        i = 0
        while x < x1 - 1e-4:
            pw = min(0.19, x1 - x)
            y = y0 + rnd.uniform(0, 1.2) - 1.2
            while y < y1:
                ya, yb = max(y, y0), min(y + rnd.uniform(1.1, 2.2), y1)
                m.quad((x, ya, z), (pw - 0.004, 0, 0), (0, yb - ya - 0.004, 0), _shade(color, rnd.uniform(0.9, 1.08)),
                       step)
                y = yb
            x += pw
            i += 1
            if i % 8 == 0:
                yield
        m.quad((x0, y0, z - 0.002), (x1 - x0, 0, 0), (0, y1 - y0, 0), _shade(color, 0.6), 1.0)
    elif pattern == "tiles":
        t = 0.5
        for ix in range(math.ceil((x1 - x0) / t)):
            for iy in range(math.ceil((y1 - y0) / t)):
                xa, ya = x0 + ix * t, y0 + iy * t
                k = 1.0 if (ix + iy) % 2 == 0 else 0.94
                m.quad((xa, ya, z), (min(t, x1 - xa) - 0.006, 0, 0), (0, min(t, y1 - ya) - 0.006, 0),
                       _shade(color, k), step)
            if ix % 6 == 5:
                yield
        m.quad((x0, y0, z - 0.002), (x1 - x0, 0, 0), (0, y1 - y0, 0), _shade(color, 0.7), 1.0)
    else:
        m.quad((x0, y0, z), (x1 - x0, 0, 0), (0, y1 - y0, 0), color, step)
    yield


def room(m: Mesh, env: EnvironmentSpec) -> Iterator[EnvParts]:
    w, d, h = env.size
    pattern = env.params.get("floor_pattern", "planks")
    yield from (None for _ in floor(m, -w / 2, -d / 2, w / 2, d / 2, env.floor, pattern))  # type: ignore[misc]
    m.quad((-w / 2, d / 2, h), (w, 0, 0), (0, -d, 0), env.ceiling, 0.4)
    yield None  # type: ignore[misc]
    openings: dict[str, list[tuple[float, float, float, float]]] = {}
    for wall in ("north", "south", "east", "west"):
        ops = [o for o in (*env.windows, *env.doors) if o.wall == wall]
        wall_with_openings(m, wall, w, d, h, ops, env.wall, env.trim, env.outside)
        openings[wall] = [(o.at, o.width, o.sill, o.height) for o in ops if o.sill > 0]
        yield None  # type: ignore[misc]
    # Cornice where walls meet the ceiling.
    for wall in ("north", "south", "east", "west"):
        origin, u = _wall_axes(wall, w, d)
        span = w if wall in ("north", "south") else d
        ux, uy, _ = u
        nx, ny = uy, -ux
        o = (origin[0] - ux * span / 2 + nx * 0.03, origin[1] - uy * span / 2 + ny * 0.03, h - 0.06)
        m.quad(o, (ux * span, uy * span, 0), (0, 0, 0.06), env.trim, 0.5)
    yield EnvParts(Occlusion(room=(w, d, h), openings=openings), background=env.outside)
