"""Every bundled scene renders headless in stereo and stays under 3 flashes a second.

The timeline for each scene plays its own light animations, every other
animatable light flickering twice a second at full depth, and the strongest
effect ramps the bundled narratives use, out and back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from experience.scene import EFFECTS, FLASH_LIMIT, count_flashes, flash_rate, relative_luminance

ROOT = Path(__file__).resolve().parents[2]
SCENES = sorted(p.stem for p in (ROOT / "scenes").glob("*.yaml"))
FPS = 30.0


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def worst_effect_cues() -> dict[str, dict[str, Any]]:
    """Per effect, the narratives' cue with the highest flash rate (then the largest change)."""
    worst: dict[str, dict[str, Any]] = {}
    for path in (ROOT / "narratives").glob("*.yaml"):
        for d in _walk(yaml.safe_load(path.read_text(encoding="utf-8"))):
            cue = d.get("cue")
            if not isinstance(cue, dict) or cue.get("effect") not in EFFECTS:
                continue
            name = cue["effect"]
            params = {k: v for k, v in cue.items() if k != "effect"}
            key = (flash_rate(name, params), abs(float(params.get("to", 0) or 0)))
            old = worst.get(name)
            if old is None or key > (flash_rate(name, old), abs(float(old.get("to", 0) or 0))):
                worst[name] = params
    return worst


def test_narratives_use_effects_the_registry_knows() -> None:
    assert worst_effect_cues(), "the bundled narratives use effect cues"


@pytest.mark.slow
@pytest.mark.parametrize("scene_id", SCENES)
def test_scene_renders_in_stereo_without_flashing(renderer: Any, scene_id: str) -> None:
    inst = renderer.load(scene_id)
    stack = renderer.enable_effects()
    cues = worst_effect_cues()
    for ch in inst.lights.values():
        if ch.id != "_breath" and ch.animation == "none":
            ch.animate("flicker", rate=2.0, depth=1.0)

    def timeline(t: float) -> None:
        if abs(t - 0.2) < 0.5 / FPS:
            for name, params in cues.items():
                stack.apply_cue(name, dict(params))
        if abs(t - 2.0) < 0.5 / FPS:
            for name, params in cues.items():
                back = {k: v for k, v in params.items() if k in ("over",)}
                back["to"] = EFFECTS[name].params[EFFECTS[name].primary].neutral
                stack.apply_cue(name, back)

    frames = []
    for _ in renderer.run(4.0, FPS, timeline):
        frames.append(relative_luminance(renderer.image()[::2, ::2]))
    img = renderer.image()
    _h, w, _ = img.shape
    left, right = img[:, : w // 2], img[:, w // 2 :]
    assert left.std() > 5 and right.std() > 5, "both eyes show a scene"
    assert not np.array_equal(left, right), "the eyes see from two positions"
    flashes = count_flashes(frames, FPS)
    assert flashes <= FLASH_LIMIT, f"{scene_id}: {flashes} flashes in one second"
    stack.reset()
    renderer.push_effects()


def test_post_effects_are_centred_on_each_eye(renderer: Any) -> None:
    renderer.load("placeholder")
    stack = renderer.enable_effects()
    for _ in renderer.run(0.1, FPS):
        pass
    plain = renderer.image().astype(np.float32)
    stack.set("vignette", "amount", 1.0)
    for _ in renderer.run(0.1, FPS):
        pass
    dark = renderer.image().astype(np.float32)
    ratio = dark.mean(axis=2) / np.maximum(plain.mean(axis=2), 1.0)
    h, w = ratio.shape
    half = w // 2
    from experience.presenters.effects import lens_centres

    centres = lens_centres(renderer.stage)
    for eye in (0, 1):
        r = ratio[:, eye * half : (eye + 1) * half]
        cx = int(centres[2 * eye] * half)
        cy = int((1.0 - centres[2 * eye + 1]) * h)
        # Clear at this eye's lens centre, dark at its outer edges.
        assert r[cy, cx] > 0.9
        assert r[cy, 0] < 0.2 and r[cy, half - 1] < 0.2
    # Mirrored eyes: the clear area sits towards the nose in each eye.
    assert centres[0] > 0.5 > centres[2]
    stack.reset()
    renderer.push_effects()
    for _ in renderer.run(0.1, FPS):
        pass
    again = renderer.image().astype(np.float32)
    assert np.abs(again - plain).mean() < 1.0, "neutral effects are a passthrough"
