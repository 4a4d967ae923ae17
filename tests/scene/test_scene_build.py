"""Building scenes in slices: structure, draw calls, people, lights, motion, breathing guide."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from experience.scene import build_scene, load_scene_spec

ROOT = Path(__file__).resolve().parents[2]
SCENES = sorted(p.stem for p in (ROOT / "scenes").glob("*.yaml"))


def _build(renderer: Any, scene_id: str) -> Any:
    spec = load_scene_spec(ROOT / "scenes" / f"{scene_id}.yaml")
    build = build_scene(spec, renderer.stage.world, renderer.stage.base.loader)
    slices = 0
    for _ in build:
        slices += 1
        assert build.instance is None or build.instance.root.isHidden()
    assert build.done
    return build.instance, slices


def _geoms(root: Any) -> int:
    return sum(n.node().getNumGeoms() for n in root.findAllMatches("**/+GeomNode"))


@pytest.mark.parametrize("scene_id", SCENES)
def test_scene_builds_in_small_slices_into_few_draw_calls(renderer: Any, scene_id: str) -> None:
    inst, slices = _build(renderer, scene_id)
    try:
        assert slices >= 6, "a scene is built in several slices, not one long step"
        people = len(inst.people)
        # Static geometry is flattened: a handful of geoms plus two per person.
        assert _geoms(inst.root) <= 8 + 2 * people
        assert set(inst.spec.anchors) <= set(inst.anchors)
        p = inst.participant
        assert p.eye_height == inst.spec.participant.eye_height
    finally:
        inst.root.removeNode()


def test_people_turn_their_head_to_the_participant_within_a_natural_range(renderer: Any) -> None:
    inst, _ = _build(renderer, "interview")
    try:
        fig = inst.people["interviewer"]
        for _ in range(120):
            inst.update(1 / 60)
        # The participant sits to the interviewer's left-front: the head turns, but not past the limit.
        assert 0 < abs(fig.head_h) <= 70
        before = fig.heading
        fig.turn(before + 90, 1.0)
        for _ in range(30):
            inst.update(1 / 60)
        assert before < fig.heading < before + 90
        for _ in range(40):
            inst.update(1 / 60)
        assert fig.heading == pytest.approx(before + 90)
    finally:
        inst.root.removeNode()


def test_light_channels_ramp_and_flicker_no_faster_than_three_a_second(renderer: Any) -> None:
    inst, _ = _build(renderer, "placeholder")
    try:
        ch = inst.lights["floor_lamp"]
        ch.ramp(0.0, 1.0)
        for _ in range(60):
            inst.update(1 / 60)
        assert ch.level == pytest.approx(0.0)
        ch.ramp(1.0, 0.0)
        ch.animate("flicker", rate=20.0, depth=1.0)
        assert ch.rate == 3.0
        dips = 0
        was_low = False
        for _ in range(600):
            inst.update(1 / 60)
            low = ch.value(0.0, inst.time) < 0.5
            dips += low and not was_low
            was_low = low
        assert dips <= 30  # 10 s at most 3 a second
    finally:
        inst.root.removeNode()


def test_calm_breathing_guide_cycles_six_times_a_minute(renderer: Any) -> None:
    inst, _ = _build(renderer, "calm")
    try:
        values = []
        for _ in range(600):
            inst.update(0.1)
            values.append(inst.breath)
        peaks = sum(1 for a, b, c in zip(values, values[1:], values[2:], strict=False) if b >= a and b > c)
        assert peaks == 6
        assert inst.orb is not None and 0.7 <= inst.orb.getScale().x <= 1.3
        assert "_breath" in inst.lights
    finally:
        inst.root.removeNode()


def test_bus_scenery_scrolls_past_while_the_interior_stays_still(renderer: Any) -> None:
    inst, _ = _build(renderer, "bus")
    try:
        assert inst.moving is not None and inst.speed > 0
        interior = inst.root.find("static").getPos()
        inst.update(1.0)
        y1 = inst.moving.getY()
        inst.update(1.0)
        assert inst.moving.getY() == pytest.approx(y1 - inst.speed) or inst.moving.getY() > y1  # wrapped
        assert inst.root.find("static").getPos() == interior
        assert math.isclose(inst.spec.comfort_vignette, 0.35)
    finally:
        inst.root.removeNode()


def test_finish_builds_everything_and_cancel_cleans_up(renderer: Any) -> None:
    spec = load_scene_spec(ROOT / "scenes" / "placeholder.yaml")
    b = build_scene(spec, renderer.stage.world)
    next(b)
    next(b)
    b.cancel()
    assert renderer.stage.world.find("scene-placeholder").isEmpty()
    inst = build_scene(spec, renderer.stage.world).finish()
    assert inst.root.isHidden()
    inst.show()
    assert not inst.root.isHidden()
    inst.root.removeNode()


def test_bus_scenery_repeats_seamlessly(renderer: Any) -> None:
    inst, _ = _build(renderer, "bus")
    try:
        copies = inst.moving.findAllMatches("**/scenery")
        assert copies.getNumPaths() == 2
        ys = sorted(c.getY(inst.moving) for c in copies)
        assert ys == [0.0, pytest.approx(inst.loop)]
    finally:
        inst.root.removeNode()
