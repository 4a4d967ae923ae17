"""Environments outside a plain room: a bus interior with a street outside, a platform, a park.

Generators like :func:`._environments.room`: they add to the static mesh and
yield between pieces, ending with the :class:`EnvParts` the builder needs.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator

from ..mesh import Footprint, Mesh, Occlusion
from ._environments import EnvParts, _shade, floor, wall_with_openings
from ._props import PROPS
from ._spec import Color, EnvironmentSpec, Opening


def bus(m: Mesh, env: EnvironmentSpec) -> Iterator[EnvParts]:
    w, d, h = env.size
    body = env.wall
    seat_c = env.params.get("seat_color", (0.22, 0.32, 0.50))
    yield from (None for _ in floor(m, -w / 2, -d / 2, w / 2, d / 2, env.floor, "plain"))  # type: ignore[misc]
    m.quad((-0.35, -d / 2, 0.003), (0.7, 0, 0), (0, d, 0), _shade(env.floor, 0.82), 0.5)
    m.quad((-w / 2, d / 2, h), (w, 0, 0), (0, -d, 0), env.ceiling, 0.5)
    band = (0.95, 1.85)
    wins = []
    n = max(2, int(d / 1.6))
    pitch = d / n
    for i in range(n):
        wins.append(Opening("east", -d / 2 + (i + 0.5) * pitch, pitch - 0.16, band[1] - band[0], band[0]))
    for wall in ("east", "west"):
        ops = [Opening(wall, o.at, o.width, o.height, o.sill) for o in wins]
        wall_with_openings(m, wall, w, d, h, ops, body, env.trim, env.outside, 0.5, view=False)
        yield None  # type: ignore[misc]
    for wall in ("north", "south"):
        wall_with_openings(m, wall, w, d, h, [Opening(wall, 0, w * 0.7, 0.9, 0.95)] if wall == "north" else [],
                           body, env.trim, env.outside, 0.5, view=False)
    # Lower side panels, a ceiling strip of light, handrails and poles.
    for sx in (-1, 1):
        m.quad((sx * (w / 2 - 0.02), -d / 2 if sx < 0 else d / 2, 0.0), (0, (d if sx < 0 else -d), 0),
               (0, 0, 0.9), _shade(body, 0.8), 0.5)
        m.cylinder((sx * 0.55, -d / 2, h - 0.28), 0.015, d, (0.85, 0.70, 0.20), 8, caps=False, axis="y")
    m.quad((-0.25, -d / 2 + 0.3, h - 0.01), (0.5, 0, 0), (0, d - 0.6, 0), (1.0, 0.97, 0.9), emit=0.9)
    rows = int(env.params.get("rows", n))
    feet: list[Footprint] = []
    for i in range(rows):
        y = -d / 2 + 1.2 + i * (d - 2.0) / max(1, rows)
        for sx in (-1, 1):
            for k in (0, 1):
                x = sx * (w / 2 - 0.32 - k * 0.46)
                PROPS["seat"](sub := Mesh(), {}, seat_c)
                m.merge(sub, (x, y, 0.0), 0.0)
                feet.append(Footprint(x, y, 0.22, 0.22, 0, 0.3))
        if i % 2 == 1:
            m.cylinder((0.5, y + 0.35, 0), 0.02, h, (0.85, 0.70, 0.20), 8, caps=False)
        yield None  # type: ignore[misc]
    moving, loop = _roadside(env.outside)
    m.quad((-60, -60, -0.45), (120, 0, 0), (0, 120, 0), (0.36, 0.36, 0.37), 6.0)
    openings = {wall: [(o.at, o.width, o.sill, o.height) for o in wins] for wall in ("east", "west")}
    yield EnvParts(Occlusion(room=(w, d, h), openings=openings), feet, moving, loop, env.outside)


def _roadside(sky: Color) -> tuple[Mesh, float]:
    """Buildings, trees and lamp posts along both sides of a road, one loop long."""
    m = Mesh()
    loop = 96.0
    rnd = random.Random(5)
    for side in (-1, 1):
        y = -loop / 2
        while y < loop / 2:
            kind = rnd.random()
            if kind < 0.55:
                bw = rnd.uniform(6, 12)
                bh = rnd.uniform(5, 14)
                tone = rnd.choice(((0.80, 0.70, 0.58), (0.72, 0.62, 0.55), (0.85, 0.80, 0.70),
                                   (0.60, 0.56, 0.52), (0.75, 0.55, 0.45)))
                x = side * rnd.uniform(11, 14)
                m.box((x + side * 3, y + bw / 2, bh / 2 - 0.45), (6, bw - 0.4, bh), tone, bottom=False)
                for fz in range(1, int(bh / 3) + 1):
                    m.box((x - side * 0.01, y + bw / 2, fz * 3 - 1.2), (0.05, bw - 1.5, 1.1), (0.42, 0.48, 0.55))
                y += bw
            else:
                PROPS["tree"](t := Mesh(), {"height": rnd.uniform(4, 7)}, None)
                m.merge(t, (side * rnd.uniform(7, 9), y + 2, -0.45), rnd.uniform(0, 360))
                y += rnd.uniform(4, 8)
        for k in range(int(loop / 24)):
            m.cylinder((side * 6.2, -loop / 2 + k * 24 + 3, -0.45), 0.07, 6, (0.3, 0.3, 0.32), 6, caps=False)
        m.quad((side * 5.5 if side < 0 else 5.5, -loop / 2, -0.43),
               (side * 8 if side > 0 else -8, 0, 0) if side > 0 else (8, 0, 0), (0, loop, 0), (0.62, 0.60, 0.57),
               4.0)
    for k in range(int(loop / 6)):
        m.quad((-0.06, -loop / 2 + k * 6, -0.44), (0.12, 0, 0), (0, 3, 0), (0.92, 0.90, 0.82))
    return m, loop


def platform(m: Mesh, env: EnvironmentSpec) -> Iterator[EnvParts]:
    w, d, h = env.size
    track = env.params.get("track", "right")
    edge = d / 2 if track == "right" else -d / 2
    sgn = 1 if track == "right" else -1
    yield from (None for _ in floor(m, -w / 2, -d / 2, w / 2, d / 2, env.floor, "tiles"))  # type: ignore[misc]
    m.quad((-w / 2, edge - sgn * 0.6 - (0.1 if sgn > 0 else 0), 0.002), (w, 0, 0), (0, 0.1, 0),
           (0.92, 0.78, 0.22), 2.0)
    m.quad((-w / 2, edge, 0), (w, 0, 0), (0, 0, -1.1), _shade(env.floor, 0.7), 1.0) if sgn < 0 else \
        m.quad((w / 2, edge, 0), (-w, 0, 0), (0, 0, -1.1), _shade(env.floor, 0.7), 1.0)
    # Track bed, sleepers and rails.
    tb0 = edge if sgn > 0 else edge - 4.5
    m.quad((-w / 2 - 20, tb0, -1.1), (w + 40, 0, 0), (0, 4.5, 0), (0.42, 0.38, 0.34), 2.0)
    yc = edge + sgn * 2.2
    for k in range(int((w + 40) / 0.65)):
        m.box((-w / 2 - 20 + k * 0.65, yc, -1.06), (0.22, 2.4, 0.08), (0.36, 0.30, 0.26), bottom=False)
    for off in (-0.72, 0.72):
        m.box((0, yc + off, -0.98), (w + 40, 0.07, 0.08), (0.55, 0.55, 0.56), bottom=False)
    yield None  # type: ignore[misc]
    # Far wall beyond the track and a back wall behind the platform.
    far = edge + sgn * 4.5
    if sgn > 0:
        m.quad((-w / 2 - 20, far, -1.1), (w + 40, 0, 0), (0, 0, 3.0), (0.66, 0.50, 0.42), 2.0)
    else:
        m.quad((w / 2 + 20, far, -1.1), (-(w + 40), 0, 0), (0, 0, 3.0), (0.66, 0.50, 0.42), 2.0)
    m.box((0, far + sgn * 0.1, 1.95), (w + 40, 0.3, 0.1), (0.55, 0.42, 0.36))
    rnd = random.Random(9)
    x = -w / 2 - 20
    while x < w / 2 + 20:
        bw, bh = rnd.uniform(6, 12), rnd.uniform(6, 16)
        tone = rnd.choice(((0.80, 0.70, 0.58), (0.72, 0.62, 0.55), (0.85, 0.80, 0.70), (0.62, 0.60, 0.58)))
        depth = far + sgn * rnd.uniform(8, 14)
        m.box((x + bw / 2, depth + sgn * 4, bh / 2 - 1.1), (bw - 0.5, 8, bh), tone, bottom=False)
        for fz in range(1, int(bh / 3) + 1):
            m.box((x + bw / 2, depth - sgn * 0.02, fz * 3 - 1.9), (bw - 2.0, 0.05, 1.2), (0.45, 0.52, 0.60))
        x += bw
    back = -edge
    if sgn > 0:
        m.quad((w / 2, back, 0), (-w, 0, 0), (0, 0, h), env.wall, 0.8)
    else:
        m.quad((-w / 2, back, 0), (w, 0, 0), (0, 0, h), env.wall, 0.8)
    for k in range(int(w / 4)):
        x = -w / 2 + 2 + k * 4
        m.box((x, back + sgn * 0.03, 1.5), (2.6, 0.04, 1.5), (0.36, 0.44, 0.50))
        m.box((x, back + sgn * 0.03, 0.6), (2.8, 0.05, 0.08), env.trim)
    yield None  # type: ignore[misc]
    roofs = []
    if env.params.get("canopy", True):
        cz = h
        y0, y1 = (-d / 2, d / 2 - 0.4) if sgn > 0 else (-d / 2 + 0.4, d / 2)
        m.box((0, (y0 + y1) / 2, cz + 0.1), (w, y1 - y0, 0.2), env.ceiling)
        m.quad((-w / 2, y0, cz - 0.001), (0, y1 - y0, 0), (w, 0, 0), _shade(env.ceiling, 0.92), 1.2)
        for k in range(int(w / 6) + 1):
            x = -w / 2 + 1 + k * (w - 2) / max(1, int(w / 6))
            m.cylinder((x, (y0 + y1) / 2, 0), 0.12, cz, env.trim, 10, caps=False)
        roofs.append((-w / 2, y0, w / 2, y1, cz))
    m.quad((-200, -200, -1.2), (400, 0, 0), (0, 400, 0), (0.40, 0.42, 0.36), 40.0)
    yield EnvParts(Occlusion(roofs=roofs), background=env.outside)


def park(m: Mesh, env: EnvironmentSpec) -> Iterator[EnvParts]:
    w, d, _ = env.size
    rnd = random.Random(3)
    m.quad((-w / 2, -d / 2, 0), (w, 0, 0), (0, d, 0), env.floor, 1.0)
    m.quad((-1.0, -d / 2, 0.004), (2.0, 0, 0), (0, d, 0), (0.78, 0.70, 0.56), 1.0)
    m.quad((-200, -200, -0.05), (400, 0, 0), (0, 400, 0), _shade(env.floor, 0.9), 40.0)
    yield None  # type: ignore[misc]
    feet = []
    for i in range(int(env.params.get("trees", 10))):
        ang = rnd.uniform(0, 2 * math.pi)
        r = rnd.uniform(5, min(w, d) / 2)
        x, y = r * math.cos(ang), r * math.sin(ang)
        if abs(x) < 2:
            x += 3 * (1 if x >= 0 else -1)
        PROPS["tree"](t := Mesh(), {"height": rnd.uniform(4, 7)}, None)
        m.merge(t, (x, y, 0), rnd.uniform(0, 360))
        feet.append(Footprint(x, y, 0.8, 0.8, 0, 0.3))
        if i % 3 == 2:
            yield None  # type: ignore[misc]
    yield EnvParts(Occlusion(), feet, background=env.outside)
