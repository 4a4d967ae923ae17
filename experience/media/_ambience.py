"""Scene beds: the ambience the bundled scenes name (numpy recipes, seamless loops).

Each is a quiet bed of a place: a flat in the morning, the inside of a bus, a
small meeting room, the calm room, a park. Events in them (a bird, a tick, a
rattle) are placed with wrap-around, so the loop has no seam.
"""

from __future__ import annotations

import numpy as np

from ._dsp import SR, band, brown, damped, pink, place, shaped_noise, slow_envelope


def _n(seconds: float) -> int:
    return int(seconds * SR)


def chirp(rng: np.random.Generator, f0: float, f1: float, seconds: float, level: float) -> np.ndarray:
    """One bird note: a sweep from ``f0`` to ``f1`` Hz with a soft envelope and a little vibrato."""
    n = _n(seconds)
    t = np.arange(n) / SR
    f = f0 + (f1 - f0) * (t / seconds) + 120.0 * np.sin(2 * np.pi * rng.uniform(20, 40) * t)
    phase = 2 * np.pi * np.cumsum(f) / SR
    env = np.sin(np.pi * t / seconds) ** 2
    return (np.sin(phase) + 0.2 * np.sin(2 * phase)) * env * level


def birds(rng: np.random.Generator, n: int, per_minute: float, level: float) -> np.ndarray:
    """Birdsong far off: short phrases of a few notes, now and then."""
    out = np.zeros(n)
    seconds = n / SR
    for _ in range(max(1, round(seconds * per_minute / 60.0))):
        at = rng.uniform(0, seconds)
        base = rng.uniform(2200, 4200)
        for k in range(int(rng.integers(2, 6))):
            f0 = base * rng.uniform(0.85, 1.15)
            note = chirp(rng, f0, f0 * rng.uniform(0.7, 1.4), rng.uniform(0.05, 0.14), level * rng.uniform(0.5, 1))
            place(out, note, _n(at + k * rng.uniform(0.12, 0.22)))
    return out


def _air(rng: np.random.Generator, n: int, level: float, hi: float = 5000.0) -> np.ndarray:
    return shaped_noise(rng, n, pink(40, hi)) * level


def flat_morning(rng: np.random.Generator, seconds: float) -> np.ndarray:
    """A small flat early in the day: room air, the fridge, traffic through the window, birds, the clock."""
    n = _n(seconds)
    fridge = shaped_noise(rng, n, band(90, 260, order=4.0)) * 0.006
    street = shaped_noise(rng, n, brown(30, 700)) * 0.02 * (0.7 + 0.3 * slow_envelope(rng, n, 0.1))
    tick = np.zeros(n)
    for s in range(int(seconds)):  # a whole number of seconds: the clock keeps time across the loop
        place(tick, damped(3100, 0.002, 0.01) * 0.012, _n(s))
    return (_air(rng, n, 0.012) + fridge + street + birds(rng, n, 10, 0.01) + tick) * 1.6


def bus_interior(rng: np.random.Generator, seconds: float) -> np.ndarray:
    """Inside a moving bus: road roar, tyre noise, seats and windows rattling now and then."""
    n = _n(seconds)
    road = shaped_noise(rng, n, brown(25, 500)) * 0.05 * (0.85 + 0.15 * slow_envelope(rng, n, 0.2))
    tyres = shaped_noise(rng, n, band(400, 2500)) * 0.012
    rattle = np.zeros(n)
    for at in rng.uniform(0, seconds, size=int(seconds * 1.5)):
        burst = shaped_noise(rng, _n(0.05), band(1500, 5000)) * np.exp(-np.arange(_n(0.05)) / (0.008 * SR))
        place(rattle, burst * rng.uniform(0.005, 0.02), _n(at))
    return (road + tyres + rattle) * 1.4


def quiet_room(rng: np.random.Generator, seconds: float) -> np.ndarray:
    """A small meeting room: ventilation, a building's hum, a corridor far away."""
    n = _n(seconds)
    vent = shaped_noise(rng, n, band(80, 1500)) * 0.012
    hum = shaped_noise(rng, n, band(95, 125, order=6.0)) * 0.003
    corridor = shaped_noise(rng, n, band(200, 900)) * 0.004 * slow_envelope(rng, n, 0.3) ** 2
    return (vent + hum + corridor) * 1.6


def calm_room(rng: np.random.Generator, seconds: float) -> np.ndarray:
    """The calm room: still air, a soft breeze at the windows, a bird or two far away."""
    n = _n(seconds)
    breeze = shaped_noise(rng, n, band(100, 1500)) * 0.012 * (0.4 + 0.6 * slow_envelope(rng, n, 0.08))
    return (_air(rng, n, 0.006, 3000.0) + breeze + birds(rng, n, 4, 0.006)) * 1.6


def park(rng: np.random.Generator, seconds: float) -> np.ndarray:
    """A city park in the afternoon: birds, leaves in gusts, traffic beyond the trees, people far off."""
    n = _n(seconds)
    leaves = shaped_noise(rng, n, band(600, 7000)) * 0.012 * (0.3 + 0.7 * slow_envelope(rng, n, 0.15) ** 2)
    city = shaped_noise(rng, n, brown(25, 600)) * 0.025
    people = shaped_noise(rng, n, band(250, 1800)) * 0.004 * slow_envelope(rng, n, 0.6)
    return (leaves + city + people + birds(rng, n, 30, 0.02)) * 1.8


SCENE_BEDS = {
    "flat_morning": flat_morning,
    "bus_interior": bus_interior,
    "quiet_room": quiet_room,
    "calm_room": calm_room,
    "park": park,
}
