"""What a person looks like: skin, hair, eyes, facial hair, glasses, head covering, build, age.

Pure data (no Panda3D). Every field can come from the scene file; whatever a
person entry leaves out is chosen by :func:`default_look` from the person's id,
so a scene is varied without being asked and the same scene always looks the
same. The palettes span the real range of skin tones and hair colours, and no
choice depends on another (skin tone says nothing about hair style, clothes or
role): variety without stereotype.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

Color = tuple[float, float, float]


def _hex(h: str) -> Color:
    return (int(h[1:3], 16) / 255, int(h[3:5], 16) / 255, int(h[5:7], 16) / 255)


SKIN_TONES: dict[str, Color] = {f"tone{i + 1}": _hex(h) for i, h in enumerate((
    "#f3dcc8", "#eac6a8", "#dfb08b", "#cf9a72", "#b97f57",
    "#9e6843", "#855334", "#6b4129", "#52311f", "#3b2418",
))}
"""Ten skin tones from light (``tone1``) to deep (``tone10``)."""

HAIR_COLORS: dict[str, Color] = {
    "black": _hex("#1c1714"), "dark_brown": _hex("#3b2a1e"), "brown": _hex("#5e4130"),
    "light_brown": _hex("#8a6a4a"), "auburn": _hex("#7a3b24"), "red": _hex("#a5522b"),
    "blonde": _hex("#c9a46a"), "light_blonde": _hex("#e0c896"), "grey": _hex("#9c9a96"),
    "silver": _hex("#c8c6c2"), "white": _hex("#e8e6e2"),
}
EYE_COLORS: dict[str, Color] = {
    "dark_brown": _hex("#3a2416"), "brown": _hex("#5a3a22"), "hazel": _hex("#7a5a30"),
    "green": _hex("#5d7046"), "blue": _hex("#5a7a9a"), "grey": _hex("#7a8288"),
}
HAIR_STYLES = ("bald", "shaved", "cropped", "short", "curly", "afro", "bob", "long", "bun", "ponytail",
               "braids", "receding")
FACIAL_HAIR = ("none", "stubble", "moustache", "goatee", "beard")
GLASSES = ("none", "round", "square")
HEAD_COVERINGS = ("none", "cap", "beanie", "hijab", "turban", "headwrap", "kippah")
BUILDS = ("slim", "average", "broad", "large")
EXPRESSIONS = ("neutral", "warm", "worried", "tired")

CLOTHES = ("#4b5a78", "#8a5a4a", "#5f7a64", "#6d5a8c", "#a0a89a", "#37474f", "#b08a5a", "#7a4a5a",
           "#3e6f7a", "#c7a57a", "#5a4a6e", "#8f8a80", "#2f3f58", "#9a6a3a", "#6a7e9a")
TROUSERS = ("#2a2c33", "#3a3a40", "#2f3a4a", "#4a4238", "#23262b", "#5a5650")
COVERING_COLORS = ("#3b4a6b", "#7a3a3a", "#2f5a50", "#c9b89a", "#5a4a6e", "#1f2a38", "#b87a4a", "#e6e0d4")


@dataclass(frozen=True)
class Look:
    """A person's appearance (colours are sRGB 0..1).

    Attributes:
        hair_style: one of :data:`HAIR_STYLES`.
        facial_hair: one of :data:`FACIAL_HAIR`.
        glasses: one of :data:`GLASSES` (frames only).
        head_covering: one of :data:`HEAD_COVERINGS`; it hides the hair it covers.
        build: one of :data:`BUILDS`.
        age: years; from about 55 hair greys by default, from about 65 the posture softens.
    """

    skin: Color = SKIN_TONES["tone5"]
    hair: Color = HAIR_COLORS["dark_brown"]
    hair_style: str = "short"
    facial_hair: str = "none"
    eyes: Color = EYE_COLORS["brown"]
    glasses: str = "none"
    head_covering: str = "none"
    covering_color: Color = (0x3B / 255, 0x4A / 255, 0x6B / 255)
    build: str = "average"
    age: float = 35.0

    @property
    def brows(self) -> Color:
        """Brows: the hair colour, a little darker (and greyer with age)."""
        return tuple(c * 0.8 for c in self.hair)  # type: ignore[return-value]

    @property
    def lips(self) -> Color:
        """Lips: the skin tone, slightly deeper and warmer."""
        r, g, b = self.skin
        return (r * 0.86, g * 0.68, b * 0.66)


def _pick(seed: bytes, k: int, n: int) -> int:
    return int.from_bytes(seed[k * 2: k * 2 + 2], "little") % n


def _weighted(seed: bytes, k: int, options: tuple[tuple[str, int], ...]) -> str:
    total = sum(w for _, w in options)
    x = _pick(seed, k, total)
    for name, w in options:
        if x < w:
            return name
        x -= w
    return options[-1][0]


def default_look(key: str, index: int = 0) -> Look:
    """A varied, repeatable look for the person called ``key``.

    ``index`` is the person's place among the scene's people: skin tones are
    spread across the range over the people of a scene rather than drawn at
    random, so a room is never all one tone by chance.
    """
    seed = hashlib.sha256(key.encode()).digest()
    tones = list(SKIN_TONES)
    tone = tones[(index * 7 + _pick(seed, 0, 10)) % 10]
    age = 22 + _pick(seed, 1, 50)
    hair = _weighted(seed, 2, (("black", 30), ("dark_brown", 26), ("brown", 16), ("light_brown", 8),
                               ("auburn", 5), ("red", 3), ("blonde", 7), ("light_blonde", 3)))
    if age >= 55 and _pick(seed, 3, 10) < 2 + (age - 55) // 3:
        hair = "grey" if _pick(seed, 4, 3) else ("silver" if age < 70 else "white")
    style = _weighted(seed, 5, (("short", 16), ("cropped", 12), ("curly", 9), ("afro", 6), ("bob", 9),
                                ("long", 12), ("bun", 8), ("ponytail", 8), ("braids", 6), ("shaved", 5),
                                ("bald", 4), ("receding", 5)))
    facial = _weighted(seed, 6, (("none", 70), ("stubble", 10), ("moustache", 4), ("goatee", 5), ("beard", 11)))
    eyes = _weighted(seed, 7, (("dark_brown", 45), ("brown", 25), ("hazel", 10), ("green", 6), ("blue", 10),
                               ("grey", 4)))
    glasses = _weighted(seed, 8, (("none", 72), ("round", 13), ("square", 15)))
    covering = _weighted(seed, 9, (("none", 86), ("hijab", 4), ("turban", 2), ("headwrap", 2), ("beanie", 3),
                                   ("cap", 2), ("kippah", 1)))
    if covering in ("hijab", "headwrap"):
        facial = "none"  # worn mostly by women: no beard by default (authors may choose otherwise)
    build = _weighted(seed, 10, (("slim", 25), ("average", 45), ("broad", 18), ("large", 12)))
    return Look(skin=SKIN_TONES[tone], hair=HAIR_COLORS[hair], hair_style=style, facial_hair=facial,
                eyes=EYE_COLORS[eyes], glasses=glasses, head_covering=covering,
                covering_color=_hex(COVERING_COLORS[_pick(seed, 11, len(COVERING_COLORS))]), build=build,
                age=float(age))


def default_clothes(key: str) -> tuple[Color, Color]:
    """Top and trousers colours for ``key`` (muted, varied)."""
    seed = hashlib.sha256(b"clothes:" + key.encode()).digest()
    return _hex(CLOTHES[_pick(seed, 0, len(CLOTHES))]), _hex(TROUSERS[_pick(seed, 1, len(TROUSERS))])


def with_overrides(look: Look, **changes: object) -> Look:
    """``look`` with the given fields replaced (the scene file's keys)."""
    return replace(look, **changes)  # type: ignore[arg-type]
