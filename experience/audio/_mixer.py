"""Mixer state: bus volumes, ducking and layer fades, as plain numbers.

Nothing here touches OpenAL; the engine reads :meth:`Mixer.gain` for each
emitter every frame. All changes are linear ramps advanced by ``dt``, so
tests drive them with exact time steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..media import BUSES

LAYERS = ("story", "calm")
"""``story``: everything of the experience; ``calm``: the calm place's sounds."""


@dataclass(slots=True)
class Ramp:
    """A value moving linearly towards a target."""

    value: float = 1.0
    target: float = 1.0
    rate: float = 0.0  # units per second; 0 = jump

    def to(self, target: float, seconds: float) -> None:
        """Move to ``target`` over ``seconds`` (0: at once)."""
        self.target = target
        if seconds <= 0.0:
            self.value = target
            self.rate = 0.0
        else:
            self.rate = abs(target - self.value) / seconds

    def step(self, dt: float) -> None:
        v, t = self.value, self.target
        if v == t:
            return
        if self.rate <= 0.0:
            self.value = t
        elif v < t:
            self.value = min(t, v + self.rate * dt)
        else:
            self.value = max(t, v - self.rate * dt)

    @property
    def moving(self) -> bool:
        return self.value != self.target


@dataclass
class MixerSettings:
    """Timing and levels of the mix.

    Attributes:
        duck_level: gain of every bed while narration or a voice plays.
        duck_attack, duck_release: seconds to duck and to come back.
        pause_fade: seconds for every sound to fade out on pause (and in on resume).
        calm_fade: seconds to cross-fade into and out of the calm place.
    """

    duck_level: float = 0.3
    duck_attack: float = 0.25
    duck_release: float = 0.8
    pause_fade: float = 0.3
    calm_fade: float = 0.8


@dataclass
class Mixer:
    """Bus volumes (from the console), ducking of the beds and layer fades."""

    settings: MixerSettings = field(default_factory=MixerSettings)
    master: float = 1.0
    volumes: dict[str, float] = field(default_factory=lambda: dict.fromkeys(BUSES, 1.0))
    duck: Ramp = field(default_factory=Ramp)
    layers: dict[str, Ramp] = field(default_factory=lambda: {"story": Ramp(), "calm": Ramp(0.0, 0.0)})
    _ducked: bool = False
    version: int = 0  # bumps whenever a gain may have changed

    def set_volume(self, bus: str, value: float) -> None:
        """Set a bus volume 0..1 (``master`` for all).

        Raises:
            ValueError: unknown bus.
        """
        v = min(1.0, max(0.0, float(value)))
        if bus == "master":
            self.master = v
        elif bus in self.volumes:
            self.volumes[bus] = v
        else:
            raise ValueError(f"unknown audio bus {bus!r} (buses: master, {', '.join(BUSES)})")
        self.version += 1

    def set_ducked(self, ducked: bool) -> None:
        if ducked != self._ducked:
            self._ducked = ducked
            s = self.settings
            if ducked:
                self.duck.to(s.duck_level, s.duck_attack * (1.0 - s.duck_level))
            else:
                self.duck.to(1.0, s.duck_release * (1.0 - s.duck_level))

    def fade_layer(self, layer: str, target: float, seconds: float) -> None:
        self.layers[layer].to(target, seconds)

    def step(self, dt: float) -> None:
        """Advance ramps by ``dt`` seconds."""
        moving = self.duck.moving
        self.duck.step(dt)
        for r in self.layers.values():
            if r.moving:
                moving = True
                r.step(dt)
        if moving:
            self.version += 1

    def gain(self, bus: str, layer: str = "story", ducked: bool = False) -> float:
        """The bus × layer gain now (before an emitter's own volume and fade).

        Args:
            ducked: the sound dips under speech (a bed: see :func:`experience.audio._rules.ducks`).
        """
        g = self.master * self.volumes.get(bus, 1.0) * self.layers[layer].value
        if ducked:
            g *= self.duck.value
        return g
