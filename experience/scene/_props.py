"""The procedural prop library: furniture and objects as low-poly meshes.

Each builder draws in local coordinates (origin on the floor at the prop's
centre; the prop's front faces -Y, so a chair at heading 0 seats someone
looking +Y) and returns its footprint half-size for the contact shadow.
Sizes are real-world metres.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ..mesh import Mesh

Color = tuple[float, float, float]
Params = dict[str, float]
"""A prop's sizes and count (:attr:`PropSpec.params`)."""
Builder = Callable[[Mesh, Params, "Color | None"], tuple[float, float]]

WOOD: Color = (0.58, 0.41, 0.27)
OAK: Color = (0.70, 0.54, 0.36)
METAL: Color = (0.30, 0.31, 0.33)
FABRIC: Color = (0.45, 0.52, 0.58)
WHITE: Color = (0.90, 0.89, 0.86)
DARK: Color = (0.10, 0.10, 0.11)


def _legs(m: Mesh, w: float, d: float, h: float, t: float, c: Color, inset: float = 0.04) -> None:
    for sx in (-1, 1):
        for sy in (-1, 1):
            m.box((sx * (w / 2 - inset - t / 2), sy * (d / 2 - inset - t / 2), h / 2), (t, t, h), c, bottom=False)


def table(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    w, d, h = p.get("width", 1.2), p.get("depth", 0.8), p.get("height", 0.74)
    c = c or OAK
    m.box((0, 0, h - 0.02), (w, d, 0.04), c)
    _legs(m, w, d, h - 0.04, 0.05, _shade(c, 0.85))
    return w / 2, d / 2


def desk(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    w, d, h = p.get("width", 1.4), p.get("depth", 0.7), p.get("height", 0.74)
    c = c or (0.86, 0.84, 0.80)
    m.box((0, 0, h - 0.015), (w, d, 0.03), c)
    for sx in (-1, 1):
        m.box((sx * (w / 2 - 0.03), 0, (h - 0.03) / 2), (0.04, d - 0.08, h - 0.03), METAL, bottom=False)
    m.box((0, d / 2 - 0.05, h * 0.55), (w - 0.1, 0.02, h * 0.4), _shade(c, 0.9), bottom=False)
    return w / 2, d / 2


def chair(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    c = c or WOOD
    s = 0.44
    m.box((0, 0, 0.45), (s, s, 0.04), c)
    _legs(m, s, s, 0.43, 0.035, _shade(c, 0.85), 0.02)
    m.box((0, -s / 2 + 0.02, 0.72), (s, 0.03, 0.5), c)
    return 0.24, 0.24


def office_chair(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    c = c or (0.22, 0.24, 0.28)
    m.box((0, 0, 0.47), (0.48, 0.46, 0.07), c)
    m.box((0, -0.22, 0.82), (0.44, 0.05, 0.55), c)
    m.cylinder((0, 0, 0.08), 0.025, 0.36, METAL, 8)
    for a in range(5):
        r = math.radians(a * 72)
        m.box((0.16 * math.cos(r), 0.16 * math.sin(r), 0.06), (0.06, 0.06, 0.04), METAL)
    return 0.3, 0.3


def sofa(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    w = p.get("width", 2.0)
    c = c or FABRIC
    m.box((0, 0, 0.22), (w, 0.9, 0.3), _shade(c, 0.9))
    m.box((0, 0.05, 0.42), (w - 0.3, 0.72, 0.12), c)
    m.box((0, -0.36, 0.62), (w - 0.3, 0.18, 0.55), c)
    for sx in (-1, 1):
        m.box((sx * (w / 2 - 0.09), 0, 0.5), (0.18, 0.9, 0.26), c)
    return w / 2, 0.45


def armchair(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    return sofa(m, {"width": 0.95}, c)


def bench(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    w = p.get("width", 1.8)
    c = c or OAK
    for i in range(4):
        m.box((0, -0.18 + i * 0.12, 0.45), (w, 0.1, 0.035), c)
    m.box((0, -0.26, 0.7), (w, 0.035, 0.28), c)
    for sx in (-1, 1):
        m.box((sx * (w / 2 - 0.15), 0, 0.22), (0.06, 0.45, 0.44), METAL, bottom=False)
    return w / 2, 0.25


def shelf(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    w, d, h = p.get("width", 1.0), p.get("depth", 0.32), p.get("height", 1.8)
    c = c or WHITE
    for sx in (-1, 1):
        m.box((sx * (w / 2 - 0.01), 0, h / 2), (0.02, d, h), c, bottom=False)
    n = max(2, int(h / 0.38))
    for i in range(n + 1):
        m.box((0, 0, 0.05 + i * (h - 0.07) / n), (w, d, 0.02), c)
    return w / 2, d / 2


def bookcase(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    w, h = p.get("width", 1.0), p.get("height", 1.8)
    hw, hd = shelf(m, p, c or WOOD)
    cols = [(0.55, 0.25, 0.22), (0.25, 0.38, 0.45), (0.80, 0.70, 0.50), (0.35, 0.45, 0.30), (0.75, 0.55, 0.35)]
    n = max(2, int(h / 0.38))
    for i in range(n):
        z = 0.06 + i * (h - 0.07) / n
        x = -w / 2 + 0.05
        k = i * 3
        while x < w / 2 - 0.12:
            bw = 0.025 + 0.02 * ((k * 7) % 3)
            bh = 0.2 + 0.03 * ((k * 5) % 4)
            m.box((x + bw / 2, 0.0, z + bh / 2), (bw, 0.2, bh), cols[k % len(cols)], bottom=False)
            x += bw + 0.004
            k += 1
            if k % 9 == 0:
                x += 0.12
    return hw, hd


def books(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    cols = [(0.55, 0.25, 0.22), (0.25, 0.38, 0.45), (0.85, 0.78, 0.6)]
    for i in range(int(p.get("count", 3))):
        m.box((0.01 * (i % 2), 0, 0.015 + i * 0.03), (0.22, 0.16, 0.028), cols[i % 3])
    return 0.0, 0.0


def bed(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    w, d = p.get("width", 1.4), p.get("depth", 2.0)
    c = c or (0.80, 0.78, 0.74)
    m.box((0, 0, 0.2), (w, d, 0.3), WOOD)
    m.box((0, 0, 0.42), (w - 0.06, d - 0.06, 0.16), c)
    m.box((0, -d / 2 + 0.02, 0.6), (w, 0.05, 0.9), WOOD)
    m.box((0, 0.25, 0.51), (w - 0.04, d * 0.6, 0.04), _shade(c, 0.85) if c else FABRIC)
    m.box((0, -d / 2 + 0.3, 0.56), (w * 0.7, 0.35, 0.1), WHITE)
    return w / 2, d / 2


def screen(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    w = p.get("width", 0.55)
    m.box((0, 0, 0.02), (0.2, 0.15, 0.02), DARK)
    m.box((0, 0.02, 0.17), (0.04, 0.03, 0.3), DARK)
    m.box((0, 0, 0.38), (w, 0.03, w * 0.58), DARK)
    m.quad((-w / 2 + 0.015, -0.0155, 0.38 - w * 0.29 + 0.015), (w - 0.03, 0, 0), (0, 0, w * 0.58 - 0.03),
           c or (0.55, 0.68, 0.78), emit=0.8)
    return 0.1, 0.08


def tv(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    w = p.get("width", 1.1)
    m.box((0, 0, w * 0.3), (w, 0.05, w * 0.58), DARK)
    m.quad((-w / 2 + 0.02, -0.026, 0.02 + 0.01), (w - 0.04, 0, 0), (0, 0, w * 0.58 - 0.04),
           c or (0.08, 0.09, 0.11))
    return w / 2, 0.05


def laptop(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    m.box((0, 0, 0.01), (0.33, 0.23, 0.02), (0.6, 0.61, 0.63))
    m.box((0, 0.11, 0.12), (0.33, 0.01, 0.21), (0.6, 0.61, 0.63))
    m.quad((-0.15, 0.104, 0.03), (0.3, 0, 0), (0, 0, 0.18), c or (0.62, 0.72, 0.80), emit=0.8)
    return 0.0, 0.0


def lamp(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    h = p.get("height", 1.55)
    m.cylinder((0, 0, 0), 0.16, 0.03, METAL, 14)
    m.cylinder((0, 0, 0.03), 0.012, h - 0.3, METAL, 6, caps=False)
    m.cylinder((0, 0, h - 0.32), 0.2, 0.3, c or (0.98, 0.92, 0.80), 16, top_radius=0.14, caps=False, emit=0.6)
    return 0.16, 0.16


def desk_lamp(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    m.cylinder((0, 0, 0), 0.07, 0.02, METAL, 10)
    m.cylinder((0, 0, 0.02), 0.008, 0.3, METAL, 5, caps=False)
    m.cylinder((0, 0, 0.28), 0.09, 0.12, c or (0.95, 0.88, 0.72), 12, top_radius=0.05, caps=False, emit=0.5)
    return 0.0, 0.0


def pendant(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    drop = p.get("height", 0.6)
    m.cylinder((0, 0, -drop + 0.2), 0.005, drop - 0.2, DARK, 4, caps=False)
    m.cylinder((0, 0, -drop), 0.22, 0.2, c or (0.96, 0.90, 0.78), 16, top_radius=0.06, caps=False, emit=0.6)
    return 0.0, 0.0


def pole(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    m.cylinder((0, 0, 0), 0.02, p.get("height", 2.3), c or (0.85, 0.70, 0.20), 8, caps=False)
    return 0.03, 0.03


def seat(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    c = c or (0.25, 0.35, 0.55)
    m.box((0, 0, 0.44), (0.44, 0.44, 0.1), c)
    m.box((0, -0.22, 0.78), (0.44, 0.08, 0.62), c)
    m.box((0, 0, 0.2), (0.3, 0.3, 0.38), METAL, bottom=False)
    return 0.24, 0.24


def counter(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    w, d = p.get("width", 2.4), p.get("depth", 0.62)
    c = c or (0.62, 0.70, 0.66)
    m.box((0, 0, 0.45), (w, d - 0.04, 0.86), c)
    m.box((0, 0, 0.9), (w + 0.02, d, 0.04), (0.86, 0.84, 0.80))
    n = max(1, int(w / 0.6))
    for i in range(n):
        x = -w / 2 + (i + 0.5) * w / n
        m.box((x, -d / 2 + 0.005, 0.78), (0.12, 0.02, 0.015), METAL)
        m.box((x, -d / 2 + 0.012, 0.45), (w / n - 0.02, 0.01, 0.66), _shade(c, 1.05), bottom=False)
    return w / 2, d / 2


def cabinet(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    w, h, d = p.get("width", 0.8), p.get("height", 0.9), p.get("depth", 0.4)
    c = c or WHITE
    m.box((0, 0, h / 2), (w, d, h), c)
    m.box((0, -d / 2 - 0.005, h * 0.8), (0.12, 0.02, 0.015), METAL)
    return w / 2, d / 2


def fridge(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    c = c or (0.92, 0.92, 0.90)
    m.box((0, 0, 0.9), (0.6, 0.62, 1.8), c)
    m.box((0.24, -0.32, 1.1), (0.02, 0.03, 0.5), METAL)
    m.box((0, -0.312, 1.32), (0.58, 0.005, 0.01), _shade(c, 0.7))
    return 0.3, 0.31


def rug(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    w, d = p.get("width", 2.0), p.get("depth", 1.4)
    c = c or (0.72, 0.45, 0.35)
    m.box((0, 0, 0.004), (w, d, 0.008), c, bottom=False)
    m.box((0, 0, 0.006), (w - 0.2, d - 0.2, 0.008), _shade(c, 1.15), bottom=False)
    return 0.0, 0.0


def plant(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    s = p.get("height", 0.9)
    m.cylinder((0, 0, 0), 0.13, 0.28, (0.72, 0.42, 0.30), 12, top_radius=0.16)
    leaf = c or (0.30, 0.50, 0.26)
    for i, (x, y, z, r) in enumerate(((0, 0, 0.5, 0.22), (0.1, 0.05, 0.68, 0.16), (-0.08, -0.06, 0.74, 0.15),
                                      (0.02, 0.0, 0.88, 0.12))):
        m.sphere((x, y, 0.28 + (z - 0.28) * s / 0.9), r * s / 0.9, _shade(leaf, 0.9 + 0.08 * i), 5, 8)
    return 0.14, 0.14


def tree(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    h = p.get("height", 5.0)
    m.cylinder((0, 0, 0), 0.16, h * 0.55, (0.40, 0.30, 0.22), 8, top_radius=0.1)
    leaf = c or (0.34, 0.50, 0.28)
    for i, (x, y, z, r) in enumerate(((0, 0, 0.62, 0.30), (0.22, 0.1, 0.75, 0.22), (-0.2, -0.12, 0.8, 0.2),
                                      (0.0, 0.05, 0.92, 0.16))):
        m.sphere((x * h, y * h, z * h), r * h, _shade(leaf, 0.92 + 0.06 * i), 6, 10)
    return 0.6, 0.6


def mug(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    m.cylinder((0, 0, 0), 0.04, 0.095, c or (0.90, 0.86, 0.78), 12)
    return 0.0, 0.0


def kettle(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    m.cylinder((0, 0, 0), 0.09, 0.2, c or (0.85, 0.85, 0.84), 14, top_radius=0.075)
    m.box((0.1, 0, 0.15), (0.03, 0.02, 0.1), DARK)
    return 0.0, 0.0


def sign(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    w, h = p.get("width", 1.6), p.get("height", 2.6)
    for sx in (-1, 1):
        m.cylinder((sx * w * 0.4, 0, 0), 0.03, h, METAL, 8, caps=False)
    m.box((0, 0, h - 0.2), (w, 0.06, 0.38), c or (0.12, 0.24, 0.42))
    m.quad((-w / 2 + 0.08, -0.031, h - 0.26), (w * 0.55, 0, 0), (0, 0, 0.1), (0.95, 0.95, 0.92), emit=0.7)
    return 0.05, 0.05


def bin_(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    m.cylinder((0, 0, 0), 0.18, 0.8, c or (0.26, 0.36, 0.30), 12, top_radius=0.2)
    return 0.2, 0.2


def clock(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    m.cylinder((0, 0.0, 0), 0.16, 0.04, c or WHITE, 20, axis="y")
    m.box((0, -0.003, 0.05), (0.012, 0.01, 0.1), DARK)
    m.box((0.03, -0.003, 0.0), (0.07, 0.01, 0.012), DARK)
    return 0.0, 0.0


def picture(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    w, h = p.get("width", 0.7), p.get("height", 0.5)
    m.box((0, 0, 0), (w, 0.03, h), (0.25, 0.2, 0.16))
    c = c or (0.55, 0.65, 0.70)
    m.quad((-w / 2 + 0.05, -0.016, -h / 2 + 0.05), (w - 0.1, 0, 0), (0, 0, (h - 0.1) * 0.55), _shade(c, 0.8))
    m.quad((-w / 2 + 0.05, -0.016, -h / 2 + 0.05 + (h - 0.1) * 0.55), (w - 0.1, 0, 0), (0, 0, (h - 0.1) * 0.45),
           _shade(c, 1.25))
    return 0.0, 0.0


def partition(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    w, h = p.get("width", 1.4), p.get("height", 1.2)
    m.box((0, 0, h / 2), (w, 0.05, h), c or (0.55, 0.62, 0.58))
    return w / 2, 0.05


def whiteboard(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    w = p.get("width", 1.6)
    m.box((0, 0, 0), (w, 0.03, 0.95), METAL)
    m.quad((-w / 2 + 0.03, -0.016, -0.445), (w - 0.06, 0, 0), (0, 0, 0.89), c or (0.96, 0.96, 0.95))
    return 0.0, 0.0


def railing(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    w = p.get("width", 3.0)
    c = c or METAL
    m.box((0, 0, 1.0), (w, 0.05, 0.05), c)
    n = max(2, int(w / 1.2) + 1)
    for i in range(n):
        m.box((-w / 2 + i * w / (n - 1), 0, 0.5), (0.04, 0.04, 1.0), c, bottom=False)
    return w / 2, 0.04


def cushion(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    m.box((0, 0, 0.2), (0.4, 0.14, 0.4), c or (0.82, 0.64, 0.36))
    return 0.0, 0.0


def coat_rack(m: Mesh, p: Params, c: Color | None) -> tuple[float, float]:
    m.cylinder((0, 0, 0), 0.18, 0.03, METAL, 10)
    m.cylinder((0, 0, 0), 0.02, 1.75, c or WOOD, 6)
    m.sphere((0.1, 0, 1.45), 0.14, (0.55, 0.30, 0.24), 5, 8, squash=(0.6, 1, 1.8))
    return 0.18, 0.18


def _shade(c: Color, k: float) -> Color:
    return (min(1.0, c[0] * k), min(1.0, c[1] * k), min(1.0, c[2] * k))


PROPS: dict[str, Builder] = {
    "table": table, "desk": desk, "chair": chair, "office_chair": office_chair, "sofa": sofa,
    "armchair": armchair, "bench": bench, "shelf": shelf, "bookcase": bookcase, "bed": bed,
    "screen": screen, "tv": tv, "lamp": lamp, "desk_lamp": desk_lamp, "pendant": pendant, "pole": pole,
    "seat": seat, "counter": counter, "cabinet": cabinet, "fridge": fridge, "rug": rug, "plant": plant,
    "mug": mug, "kettle": kettle, "laptop": laptop, "books": books, "sign": sign, "bin": bin_,
    "clock": clock, "picture": picture, "partition": partition, "whiteboard": whiteboard,
    "railing": railing, "tree": tree, "cushion": cushion, "coat_rack": coat_rack,
}
