"""Caption layout without Panda3D: angular sizes, voice direction, pages, prompt rows.

Paging (``experience.narrative.paginate``) lives with the narrative, whose timing and lint judge each page.

Pure functions and constants shared by the captions presenter and its view.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

DISTANCE = 1.6  # metres ahead of the eyes
CAPTION_PITCH = 12.0  # degrees below the eye line
PROMPT_PITCH = 2.0
CAP_DEG = 1.2  # cap height of caption text, degrees
CAP_PER_EM = 0.72  # cap height of the caption font (DejaVu Sans 0.73, Segoe UI 0.70, Arial 0.72), in ems
WRAP_EM = 20.0  # about 37 characters per row (BBC subtitle guidance)
FADE_S = 0.2
OFFSCREEN_H = 30.0  # a voice more than this many degrees left/right of the view is off-screen
OFFSCREEN_V = 22.0
CARD_RGBA = (0.04, 0.04, 0.06, 0.78)
TEXT_RGBA = (1.0, 1.0, 1.0, 1.0)
SELECT_RGBA = (1.0, 0.84, 0.37, 1.0)
DEFAULT_SPEAKER = "#ffd75e"


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


NBSP = "\u00a0"
_GLUE_BEFORE = re.compile(r" +(?=[!?;:»›%])")  # French spacing: "Sam !", "« oui »" never wrap apart
_GLUE_AFTER = re.compile(r"(?<=[«‹]) +")
_MARKUP = re.compile("\x01[^\x01]*\x01|\x02")  # TextNode property markers take no width


def glue(text: str) -> str:
    """Join punctuation to its word with a no-break space, so a row never starts with '!' or '»'."""
    return _GLUE_AFTER.sub(NBSP, _GLUE_BEFORE.sub(NBSP, text))


def wrap_rows(text: str, limit: float, width: Callable[[str], float] | None = None) -> str:
    """Break ``text`` into rows no wider than ``limit``, only between words; rows joined by newlines.

    ``width`` measures a row (default: its characters; the view passes the font's
    advance widths). Words are never split: a word wider than a row gets a row of
    its own, breaking only after a hyphen in it. As few rows as fit, then of about
    equal width, preferring breaks after punctuation and never leaving a one-letter
    word ("a", "y", "à", "w") at the end of a row. Existing newlines are kept.
    """
    def measure(row: str) -> float:
        plain = _MARKUP.sub("", row)
        return width(plain) if width is not None else float(len(plain))

    return "\n".join(_wrap_paragraph(para, limit, measure) for para in glue(text).split("\n"))


def _tokens(para: str, limit: float, measure: Callable[[str], float]) -> list[tuple[str, str]]:
    """Words with what follows each (a space, or nothing inside a hyphenated compound)."""
    out: list[tuple[str, str]] = []
    for w in para.split(" "):
        if not w:
            continue
        if measure(w) > limit and "-" in w.strip("-"):
            parts = re.findall(r"[^-]+-+|[^-]+$", w)
            out += [(part, "") for part in parts[:-1]]
            out.append((parts[-1], " "))
        else:
            out.append((w, " "))
    return out


def _wrap_paragraph(para: str, limit: float, measure: Callable[[str], float]) -> str:
    words = _tokens(para, limit, measure)
    n = len(words)
    if n <= 1:
        return para.rstrip()
    indent = para[:len(para) - len(para.lstrip(" "))]  # option rows line up under the selection mark

    def row(i: int, j: int) -> str:
        return "".join(w + sep for w, sep in words[i:j - 1]) + words[j - 1][0]

    widths = {(i, j): measure(row(i, j)) for i in range(n) for j in range(i + 1, n + 1)}
    inf = float("inf")
    for k in range(1, n + 1):
        target = max(widths[(0, n)] / k, 1e-6)
        best = [[inf] * (n + 1) for _ in range(k + 1)]
        cut = [[0] * (n + 1) for _ in range(k + 1)]
        best[0][0] = 0.0
        for r in range(1, k + 1):
            for j in range(1, n + 1):
                last = words[j - 1][0]
                bonus = 0.0
                if j < n:
                    bonus = 0.3 if last[-1] in ".?!" else 0.15 if last[-1] in ",;:" else 0.0
                    bonus -= 1.0 if len(last) == 1 and last.isalpha() else 0.0
                for i in range(j - 1, -1, -1):
                    wd = widths[(i, j)]
                    if wd > limit and j - i > 1:
                        break
                    cost = best[r - 1][i] + ((wd - target) / target) ** 2 - bonus
                    if cost < best[r][j]:
                        best[r][j], cut[r][j] = cost, i
        if best[k][n] < inf:
            rows, j = [], n
            for r in range(k, 0, -1):
                rows.append(row(cut[r][j], j))
                j = cut[r][j]
            return indent + "\n".join(rows[::-1])
    return indent + row(0, n)


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
