"""Caption layout without Panda3D: angular sizes, voice direction, pages, prompt rows.

Pure functions and constants shared by the captions presenter and its view.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

DISTANCE = 1.6  # metres ahead of the eyes
CAPTION_PITCH = 12.0  # degrees below the eye line
PROMPT_PITCH = 2.0
CAP_DEG = 1.2  # cap height of caption text, degrees
CAP_PER_EM = 0.7  # cap height of the default font, in line heights
WRAP_EM = 20.0  # about 37 characters per row (BBC subtitle guidance)
FADE_S = 0.2
OFFSCREEN_H = 30.0  # a voice more than this many degrees left/right of the view is off-screen
OFFSCREEN_V = 22.0
CARD_RGBA = (0.04, 0.04, 0.06, 0.78)
TEXT_RGBA = (1.0, 1.0, 1.0, 1.0)
SELECT_RGBA = (1.0, 0.84, 0.37, 1.0)
DEFAULT_SPEAKER = "#ffd75e"
PAGE_CHARS = 72  # two caption rows; longer lines are shown a page at a time


def text_scale(size: float = 1.0, distance: float = DISTANCE) -> float:
    """TextNode scale (metres per line height) for ``CAP_DEG`` cap height at ``distance``."""
    return distance * math.tan(math.radians(CAP_DEG * size)) / CAP_PER_EM


def voice_direction(v: tuple[float, float, float], h_half: float = OFFSCREEN_H,
                    v_half: float = OFFSCREEN_V) -> float | None:
    """Arrow angle for a voice at ``v`` in head space (x right, y forward, z up).

    Returns None when the voice is in view; otherwise the angle in degrees in
    the caption plane (0 = right, 90 = up, 180 = left). A voice behind points
    left or right: the shorter way to turn.
    """
    x, y, z = v
    if x == 0.0 and y == 0.0 and z == 0.0:
        return None
    yaw = math.degrees(math.atan2(x, y))  # 0 ahead, +90 right, +-180 behind
    pitch = math.degrees(math.atan2(z, math.hypot(x, y)))
    if abs(yaw) <= h_half and abs(pitch) <= v_half:
        return None
    if abs(yaw) > 90.0:
        return 0.0 if x >= 0.0 else 180.0
    return math.degrees(math.atan2(pitch, yaw))


def hex_rgba(text: str, default: str = DEFAULT_SPEAKER) -> tuple[float, float, float, float]:
    """``#rrggbb`` to RGBA floats (the default colour when malformed)."""
    s = (text or default).lstrip("#")
    if len(s) != 6:
        s = default.lstrip("#")
    try:
        return int(s[0:2], 16) / 255.0, int(s[2:4], 16) / 255.0, int(s[4:6], 16) / 255.0, 1.0
    except ValueError:
        return hex_rgba(default)


def paginate(text: str, limit: int = PAGE_CHARS) -> list[str]:
    """Split a long caption into as few pages as fit ``limit`` characters, of about equal length.

    Breaks fall between words, preferably after the end of a sentence or a clause.
    """
    words = text.split()
    if len(" ".join(words)) <= limit:
        return [" ".join(words)]
    n = len(words)
    start = [0]
    for w in words:
        start.append(start[-1] + len(w) + 1)

    def length(i: int, j: int) -> int:  # words[i:j] joined
        return start[j] - start[i] - 1

    for pages in range(-(-length(0, n) // limit), n + 1):
        target = length(0, n) / pages
        inf = float("inf")
        best = [[inf] * (n + 1) for _ in range(pages + 1)]
        cut = [[0] * (n + 1) for _ in range(pages + 1)]
        best[0][0] = 0.0
        for k in range(1, pages + 1):
            for j in range(1, n + 1):
                for i in range(j - 1, -1, -1):
                    size = length(i, j)
                    if size > limit:
                        break
                    if best[k - 1][i] == inf:
                        continue
                    end = words[j - 1][-1]
                    bonus = 0.3 if end in ".?!" else 0.15 if end in ",;:" else 0.0
                    cost = best[k - 1][i] + ((size - target) / target) ** 2 - (bonus if j < n else 0.0)
                    if cost < best[k][j]:
                        best[k][j], cut[k][j] = cost, i
        if best[pages][n] < inf:
            out, j = [], n
            for k in range(pages, 0, -1):
                i = cut[k][j]
                out.append(" ".join(words[i:j]))
                j = i
            return out[::-1]
    return [" ".join(words)]  # a single word longer than a page


def page_starts(pages: list[str]) -> list[float]:
    """When each page starts, as a fraction of the line (by characters spoken before it)."""
    total = sum(len(p) for p in pages) or 1
    out, acc = [], 0
    for p in pages:
        out.append(acc / total)
        acc += len(p)
    return out


def scale_row(selected: int | None) -> str:
    """The 0-10 scale with the selection marked, e.g. ``0 1 [2] 3 ...``."""
    return "  ".join(f"\1sel\1[{i}]\2" if i == selected else str(i) for i in range(11))


def options_row(options: tuple[str, ...], selected: int | None) -> str:
    return "\n".join(f"\1sel\1> {i + 1}. {o}\2" if i == selected else f"  {i + 1}. {o}"
                     for i, o in enumerate(options))


@dataclass
class Shown:
    """What a panel shows (a plain record: tests read it without rendering)."""

    speaker: str = ""
    text: str = ""
    extra: str = ""
    arrow: float | None = None
    visible: bool = False
