"""The effect registry, ramps, packed uniforms and the flash rate of cues."""

from __future__ import annotations

import itertools
import math

import pytest

from experience.scene import EFFECTS, FLASH_LIMIT, EffectStack, flash_rate, heartbeat


def test_registry_names_every_effect_with_neutral_defaults() -> None:
    names = {"vignette", "desaturate", "blur", "fade", "pulse", "grain", "temperature", "comfort_vignette"}
    assert names <= set(EFFECTS)
    for info in EFFECTS.values():
        assert info.primary in info.params
        for p in info.params.values():
            assert p.lo <= p.neutral <= p.hi


def test_neutral_stack_is_a_passthrough() -> None:
    u = EffectStack().uniforms()
    assert u["u_vignette"][0] == 0 and u["u_vignette"][3] == 0
    assert u["u_fade"][3] == 0
    assert u["u_grade"] == (0.0, 0.0, 0.0, 0.0)
    assert u["u_pulse"][0] == 0


def test_ramp_eases_to_the_target_over_the_given_time() -> None:
    s = EffectStack()
    s.apply_cue("desaturate", {"to": 0.6, "over": 2.0})
    values = []
    for _ in range(20):
        s.update(0.1)
        values.append(s.get("desaturate"))
    assert values == sorted(values)
    assert values[9] == pytest.approx(0.3, abs=1e-6)  # smoothstep midpoint
    assert values[-1] == pytest.approx(0.6)
    assert not s.ramps


def test_instant_cue_and_clamping() -> None:
    s = EffectStack()
    s.apply_cue("vignette", {"to": 5.0})
    assert s.get("vignette") == 1.0
    s.apply_cue("grain", {"to": 1.0})
    assert s.get("grain") == EFFECTS["grain"].params["amount"].hi


def test_a_new_cue_replaces_a_running_ramp_from_where_it_is() -> None:
    s = EffectStack()
    s.apply_cue("fade", {"to": 1.0, "over": 1.0})
    s.update(0.5)
    mid = s.get("fade")
    s.apply_cue("fade", {"to": 0.0, "over": 1.0})
    s.update(0.0001)
    assert s.get("fade") == pytest.approx(mid, abs=1e-3)


def test_unknown_effects_and_parameters_are_reported_not_raised() -> None:
    s = EffectStack()
    assert s.apply_cue("sparkle", {"to": 1}) == ["unknown effect 'sparkle'"]
    problems = s.apply_cue("blur", {"to": 0.5, "radius": 3})
    assert problems == ["effect 'blur' has no numeric parameter 'radius'"]
    assert s.get("blur") == 0.5


def test_fade_colour_and_pulse_rate() -> None:
    s = EffectStack()
    s.apply_cue("fade", {"to": 1.0, "color": [1.0, 1.0, 1.0]})
    assert s.uniforms()["u_fade"] == pytest.approx((1.0, 1.0, 1.0, 1.0))
    s.apply_cue("pulse", {"to": 0.5, "rate": 60})
    assert s.active
    peaks = []
    for _ in range(90):
        s.update(1 / 90)
        peaks.append(s.uniforms()["u_pulse"][0])
    assert max(peaks) == pytest.approx(0.5, abs=0.02)


def test_transition_fades_to_black_on_top_of_a_narrative_fade() -> None:
    s = EffectStack()
    s.apply_cue("fade", {"to": 0.5, "color": [1.0, 1.0, 1.0]})
    rev = s.revision
    s.transition = 1.0
    assert s.revision > rev
    r, _g, _b, a = s.uniforms()["u_fade"]
    assert a == pytest.approx(1.0) and r == pytest.approx(0.0)
    s.transition = 0.0
    assert s.uniforms()["u_fade"] == pytest.approx((1.0, 1.0, 1.0, 0.5))


def test_heartbeat_is_smooth_and_bounded() -> None:
    vals = [heartbeat(i / 900, 60) for i in range(900)]
    assert min(vals) >= 0 and max(vals) <= 1
    assert max(abs(a - b) for a, b in itertools.pairwise(vals)) < 0.1


@pytest.mark.parametrize(("kind", "params", "rate"), [
    ("flicker", {"rate": 2, "depth": 0.5}, 2.0),
    ("flicker", {"rate": 8, "depth": 0.05}, 0.0),
    ("breathe", {"rate": 0.1, "depth": 0.6}, 0.1),
    ("pulse", {"to": 0.3, "rate": 60}, 2.0),
    ("pulse", {"to": 0.3, "rate": 120}, 4.0),
    ("pulse", {"to": 0.05, "rate": 120}, 0.0),
    ("fade", {"to": 1.0, "over": 1.5}, 0.5 / 1.5),
    ("fade", {"to": 1.0, "over": 0}, 45.0),
    ("desaturate", {"to": 1.0, "over": 0}, 0.0),
    ("grain", {"to": 0.08}, 0.0),
    ("sparkle", {"to": 1.0}, 0.0),
])
def test_flash_rate(kind: str, params: dict[str, float], rate: float) -> None:
    assert flash_rate(kind, params) == pytest.approx(rate)


def test_flash_limit_is_three_per_second() -> None:
    assert FLASH_LIMIT == 3.0
    assert flash_rate("flicker", {"rate": 3, "depth": 1}) <= FLASH_LIMIT < flash_rate("flicker", {"rate": 3.5})
    assert math.isfinite(flash_rate("fade", {"to": 1, "over": -1}))
