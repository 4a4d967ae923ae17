"""Post-effect registry, ramps and the photosensitivity rate of effects and light animations.

Pure Python (no Panda3D): the narrative lint imports :data:`EFFECTS` and
:func:`flash_rate`; the effects presenter drives an :class:`EffectStack` and
pushes its packed uniforms to the post shader.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

FLASH_LIMIT = 3.0
"""Most flashes per second any effect or light animation may cause (W3C XAUR REQ 16b)."""


@dataclass(frozen=True)
class Param:
    """One animatable effect parameter: neutral value and allowed range."""

    neutral: float
    lo: float
    hi: float
    doc: str = ""


@dataclass(frozen=True)
class EffectInfo:
    """A post effect: its parameters; ``to`` in a cue sets ``primary``."""

    doc: str
    params: dict[str, Param]
    primary: str = "amount"
    luminous: bool = True  # changes brightness enough to matter for flashes


EFFECTS: dict[str, EffectInfo] = {
    "vignette": EffectInfo("darkened edges, tunnel vision at 1", {
        "amount": Param(0.0, 0.0, 1.0, "0 off .. 1 only the centre visible"),
        "radius": Param(0.85, 0.2, 1.5, "where darkening starts (1 = edge of the view)"),
        "softness": Param(0.45, 0.05, 1.0, "width of the transition"),
    }),
    "comfort_vignette": EffectInfo("fixed soft vignette against motion sickness", {
        "amount": Param(0.0, 0.0, 1.0, "strength; vehicles default to 0.35"),
    }),
    "desaturate": EffectInfo("drains colour", {"amount": Param(0.0, 0.0, 1.0, "1 = grey")},
                             luminous=False),
    "blur": EffectInfo("soft focus", {"amount": Param(0.0, 0.0, 1.0, "1 = about 1 degree")},
                       luminous=False),
    "fade": EffectInfo("fade to a colour", {
        "amount": Param(0.0, 0.0, 1.0, "1 = only the colour"),
        "r": Param(0.0, 0.0, 1.0), "g": Param(0.0, 0.0, 1.0), "b": Param(0.0, 0.0, 1.0),
    }),
    "pulse": EffectInfo("heartbeat-like pulse of vignette and brightness", {
        "amount": Param(0.0, 0.0, 1.0, "depth of each beat"),
        "rate": Param(60.0, 30.0, 90.0, "beats per minute (each beat is a double pulse)"),
    }),
    "grain": EffectInfo("film grain", {"amount": Param(0.0, 0.0, 0.08, "noise level (kept below flash level)")},
                        luminous=False),
    "temperature": EffectInfo("colour temperature", {"amount": Param(0.0, -1.0, 1.0, "-1 cool .. 1 warm")},
                              luminous=False),
}


def flash_rate(kind: str, params: Mapping[str, object]) -> float:
    """Flashes per second an effect cue or a light animation can cause.

    ``kind`` is an effect name (a ramp ``to`` over ``over`` seconds, or
    ``pulse``) or a light animation (``flicker``, ``breathe``; ``rate`` per
    second, ``depth`` 0..1). A change under 10% of full luminance is no flash.
    Ramps count as half a flash each (a flash is a pair of opposing changes),
    so a repeated ramp of ``over`` seconds counts ``0.5 / over``.
    """
    def num(key: str, default: float) -> float:
        v = params.get(key, default)
        return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else default

    if kind in ("flicker", "breathe"):
        return num("rate", 0.0) if num("depth", 0.3) >= 0.1 else 0.0
    if kind == "strobe":
        return num("rate", 0.0)
    info = EFFECTS.get(kind)
    if info is None or not info.luminous:
        return 0.0
    if kind == "pulse":
        depth = num("amount", num("to", 0.0))
        return 2.0 * num("rate", 60.0) / 60.0 if depth >= 0.1 else 0.0
    change = abs(num("to", 0.0) - num("from", 0.0)) if "to" in params else 0.0
    if change < 0.1:
        return 0.0
    return 0.5 / max(num("over", 0.0), 1.0 / 90.0)


def heartbeat(t: float, rate_bpm: float) -> float:
    """A lub-dub pulse shape in 0..1 at ``rate_bpm`` (smooth: no hard edges)."""
    phase = (t * rate_bpm / 60.0) % 1.0
    lub = math.exp(-((phase - 0.10) / 0.06) ** 2)
    dub = 0.6 * math.exp(-((phase - 0.32) / 0.07) ** 2)
    return min(1.0, lub + dub)


def ease(x: float, kind: str = "smooth") -> float:
    x = min(1.0, max(0.0, x))
    if kind == "linear":
        return x
    return x * x * (3.0 - 2.0 * x)


@dataclass
class _Ramp:
    key: tuple[str, str]
    start: float
    end: float
    duration: float
    elapsed: float = 0.0
    curve: str = "smooth"


@dataclass
class EffectStack:
    """Current values of every effect parameter, with ramps.

    ``transition`` is a separate fade (0..1, to black) owned by scene swaps, so
    a narrative fade and a scene change never fight over one value.
    """

    values: dict[tuple[str, str], float] = field(default_factory=dict)
    ramps: list[_Ramp] = field(default_factory=list)
    time: float = 0.0
    revision: int = 0
    _transition: float = 0.0

    def __post_init__(self) -> None:
        self.reset()

    @property
    def transition(self) -> float:
        """Scene-change fade to black, 0..1 (owned by the scene presenter)."""
        return self._transition

    @transition.setter
    def transition(self, value: float) -> None:
        value = min(1.0, max(0.0, value))
        if value != self._transition:
            self._transition = value
            self.revision += 1

    def reset(self) -> None:
        """Every parameter back to neutral (passthrough)."""
        self.values = {(n, p): par.neutral for n, info in EFFECTS.items() for p, par in info.params.items()}
        self.ramps.clear()
        self.revision += 1

    def get(self, effect: str, param: str = "amount") -> float:
        return self.values[(effect, param)]

    def set(self, effect: str, param: str, value: float, over: float = 0.0, curve: str = "smooth") -> None:
        """Ramp one parameter to ``value`` (clamped to its range) over ``over`` seconds."""
        info = EFFECTS[effect].params[param]
        value = min(info.hi, max(info.lo, float(value)))
        key = (effect, param)
        self.ramps = [r for r in self.ramps if r.key != key]
        if over <= 0.0:
            self.values[key] = value
            self.revision += 1
        else:
            self.ramps.append(_Ramp(key, self.values[key], value, over, 0.0, curve))

    def apply_cue(self, effect: str, params: Mapping[str, object]) -> list[str]:
        """Apply a cue's params (``to``, ``over``, ``curve``, or any named parameter).

        Returns:
            Problems found (unknown effect or parameter); the rest still applies.
        """
        info = EFFECTS.get(effect)
        if info is None:
            return [f"unknown effect {effect!r}"]
        problems = []
        over = params.get("over", 0.0)
        over = float(over) if isinstance(over, int | float) else 0.0
        curve = str(params.get("curve", "smooth"))
        for k, v in params.items():
            if k in ("over", "curve", "from"):
                continue
            if k == "color" and isinstance(v, list | tuple) and len(v) == 3 and effect == "fade":
                for ch, cv in zip("rgb", v, strict=True):
                    self.set(effect, ch, float(cv), over, curve)
                continue
            name = info.primary if k == "to" else k
            if name not in info.params or not isinstance(v, int | float):
                problems.append(f"effect {effect!r} has no numeric parameter {k!r}")
                continue
            self.set(effect, name, float(v), over, curve)
        return problems

    def update(self, dt: float) -> None:
        """Advance ramps and the clock by ``dt`` seconds."""
        self.time += dt
        if not self.ramps:
            return
        keep = []
        for r in self.ramps:
            r.elapsed += dt
            x = r.elapsed / r.duration
            self.values[r.key] = r.start + (r.end - r.start) * ease(x, r.curve)
            if x < 1.0:
                keep.append(r)
        self.ramps = keep
        self.revision += 1

    @property
    def active(self) -> bool:
        """True while any ramp runs, or the pulse or grain animate by themselves."""
        return bool(self.ramps) or self.get("pulse") > 0 or self.get("grain") > 0

    def uniforms(self) -> dict[str, tuple[float, float, float, float]]:
        """The packed shader inputs (see shaders/post.frag)."""
        v = self.values
        pulse = v[("pulse", "amount")] * heartbeat(self.time, v[("pulse", "rate")])
        fade = 1.0 - (1.0 - v[("fade", "amount")]) * (1.0 - self.transition)
        # A transition fades to black; blend the colour towards black by its share.
        k = 0.0 if fade <= 0 else (v[("fade", "amount")] * (1.0 - self.transition)) / fade
        return {
            "u_vignette": (v[("vignette", "amount")], v[("vignette", "radius")],
                           v[("vignette", "softness")], v[("comfort_vignette", "amount")]),
            "u_fade": (v[("fade", "r")] * k, v[("fade", "g")] * k, v[("fade", "b")] * k, fade),
            "u_grade": (v[("desaturate", "amount")], v[("temperature", "amount")],
                        v[("blur", "amount")], v[("grain", "amount")]),
            # The time only moves the grain: without grain it stays put, and the uniform is not re-sent.
            "u_pulse": (pulse, self.time % 1000.0 if v[("grain", "amount")] > 0 else 0.0, 0.0, 0.0),
        }
