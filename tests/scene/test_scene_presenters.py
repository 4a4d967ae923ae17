"""Scene and effects presenters on a headless Stage, driven frame by frame with a manual clock."""

from __future__ import annotations

from typing import Any

import pytest

from experience import events as ev
from experience.core import FrameContext, ManualClock, SlackScheduler
from experience.presenters.effects import EffectsPresenter, lens_centres
from experience.presenters.scene_cues import ScenePresenter

FPS = 90.0


class SyncWorker:
    """Runs work at once; the result comes back through the scheduler like the real worker."""

    def __init__(self, scheduler: SlackScheduler) -> None:
        self.scheduler = scheduler

    def submit(self, fn: Any, *args: Any, on_done: Any = None, on_error: Any = None) -> None:
        try:
            res = fn(*args)
        except Exception as exc:
            if on_error is not None:
                err = exc
                self.scheduler.call_soon(lambda: on_error(err))
            return
        if on_done is not None:
            self.scheduler.call_soon(lambda: on_done(res))


class App:
    """Real services for the scene and effects presenters, with a hand-driven clock and slack."""

    def __init__(self, stage: Any, scenes: list[str]) -> None:
        from experience.narrative import Chapter, Narrative
        from tests.kit import make_services

        self.clock = ManualClock()
        self.scheduler = SlackScheduler(self.clock)
        self.stage = stage
        narrative = Narrative("test", "Test", chapters=[Chapter(f"c{i}", "", s, [], {}) for i, s in enumerate(scenes)])
        self.player = type("P", (), {"line_time": 0.0, "state": "running", "narrative": narrative})()
        self.services = make_services(self.player, narrative=narrative, stage=stage, refresh_hz=FPS)
        self.services.clock, self.services.scheduler = self.clock, self.scheduler
        self.services.worker = SyncWorker(self.scheduler)  # type: ignore[assignment]
        self.ctx = FrameContext(dt=1 / FPS, period=1 / FPS)

    def frame(self, presenters: list[Any], slack: bool = True) -> None:
        """One frame as the loop runs it: the update, the draw (the people's next step starts beside it), slack."""
        self.clock.advance(1 / FPS)
        for p in presenters:
            p.update(self.ctx)
        self.stage.render()
        if slack:
            self.scheduler.run(self.clock.now() + 1.0)

    def seconds(self, presenters: list[Any], s: float) -> None:
        for _ in range(round(s * FPS)):
            self.frame(presenters)


@pytest.fixture
def rig(renderer: Any) -> Any:
    app = App(renderer.stage, ["home", "office"])
    scene, effects = ScenePresenter(), EffectsPresenter()
    scene.attach(app.services)
    effects.attach(app.services)
    ps = [scene, effects]
    app.frame(ps)  # specs loaded: builds start in the scene process
    for entry in scene.entries.values():
        assert entry.build is not None
        entry.build.wait(60)  # the data is ready: the slices are deferred through call_soon
    app.frame(ps)
    app.frame(ps)
    yield app, scene, effects, ps
    scene.detach()
    for entry in scene.entries.values():
        if entry.instance is not None:
            entry.instance.root.removeNode()


def test_chapter_scenes_and_calm_are_prebuilt_in_slack(rig: Any) -> None:
    _app, scene, _, _ps = rig
    assert [scene.entries[s].state for s in ("home", "calm", "office")] == ["ready"] * 3
    assert all(scene.entries[s].instance.root.isHidden() for s in scene.entries)


def test_chapter_start_swaps_the_scene_under_a_fade_and_seats_the_participant(rig: Any) -> None:
    app, scene, effects, ps = rig
    for p in ps:
        p.on_event(ev.ChapterStarted(0.0, chapter_id="a", scene="home"))
    transitions = []
    for _ in range(round(1.5 * FPS)):
        app.frame(ps)
        transitions.append(effects.stack.transition)
    assert scene.current_id == "home" and not scene.current.root.isHidden()
    assert transitions[-1] == 0.0
    seat = scene.current.participant
    assert app.stage.rig.getX() == pytest.approx(seat.position[0])
    assert app.stage.rig.getH() == pytest.approx(seat.heading)
    # The people's viewer point (plain arithmetic on the poses the Stage set) is the head's real place.
    for pos, hpr in (((0.1, 0.2, 0.05), (30.0, 10.0, 0.0)), ((-0.3, 0.0, -0.1), (-120.0, 0.0, 5.0))):
        app.stage.set_head_pose(pos, hpr)
        real = app.stage.head.getPos(app.stage.world)
        assert app.stage.head_in_world() == pytest.approx((real[0], real[1], real[2]), abs=1e-5)
        for point in ((1.0, 2.0, 1.5), (-0.5, -3.0, 0.2)):  # and a point in the head's space (the voice arrow)
            seen = app.stage.head.getRelativePoint(app.stage.world, point)
            assert app.stage.to_head_space(point) == pytest.approx((seen[0], seen[1], seen[2]), abs=1e-4)
    # The same with the head's pose as a quaternion (the OpenXR path).
    from panda3d.core import LQuaternionf

    q = LQuaternionf()
    q.setHpr((40.0, -15.0, 8.0))
    app.stage.set_head_pose_quat((0.05, -0.1, 0.02), (q.getR(), q.getI(), q.getJ(), q.getK()))
    seen = app.stage.head.getRelativePoint(app.stage.world, (0.7, 1.9, 1.1))
    assert app.stage.to_head_space((0.7, 1.9, 1.1)) == pytest.approx((seen[0], seen[1], seen[2]), abs=1e-4)
    app.stage.set_head_pose((0, 0, 0), (0, 0, 0))
    # The swap happened while the view was black.
    for p in ps:
        p.on_event(ev.ChapterStarted(1.5, chapter_id="b", scene="office"))
    seen = []
    for _ in range(round(1.5 * FPS)):
        app.frame(ps)
        seen.append((scene.current_id, effects.stack.transition))
    first_office = next(i for i, (sid, _) in enumerate(seen) if sid == "office")
    assert seen[first_office][1] == pytest.approx(1.0, abs=0.02)
    assert scene.entries["home"].instance.root.isHidden()
    assert scene.swaps == 2


def test_calm_is_reached_within_one_second_and_left_on_request(rig: Any) -> None:
    app, scene, effects, ps = rig
    for p in ps:
        p.on_event(ev.ChapterStarted(0.0, chapter_id="a", scene="office"))
    app.seconds(ps, 2.0)
    effects.on_event(ev.Cue(2.0, kind="effect", target="desaturate", params={"to": 0.8}))
    for p in ps:
        p.on_event(ev.CalmEntered(2.0, source="keyboard"))
    frames = 0
    while not (scene.current_id == "calm" and effects.stack.transition == 0.0):
        app.frame(ps, slack=False)  # calm is already built: no slack needed
        frames += 1
        assert frames < 3 * FPS
    assert frames / FPS <= 1.0
    assert effects.stack.get("desaturate") == pytest.approx(0.0)
    for p in ps:
        p.on_event(ev.CalmLeft(5.0))
    app.seconds(ps, 1.5)
    assert scene.current_id == "office"
    assert effects.stack.get("desaturate") == pytest.approx(0.8)


def test_scene_and_light_cues_animate_the_current_scene(rig: Any) -> None:
    app, scene, _, ps = rig
    for p in ps:
        p.on_event(ev.ChapterStarted(0.0, chapter_id="a", scene="office"))
    # Cues that arrive during the fade apply after the swap.
    scene.on_event(ev.Cue(0.1, kind="scene", target="manager", params={"turn": "participant", "over": 0.5}))
    scene.on_event(ev.Cue(0.1, kind="light", target="panels_front", params={"to": 0.3, "over": 0.5}))
    app.seconds(ps, 2.0)
    inst = scene.current
    man = inst.people["manager"]
    px, py, _ = inst.participant.position
    import math

    want = math.degrees(math.atan2(-(px - man.root.getX()), py - man.root.getY()))
    assert (man.heading - want + 180) % 360 - 180 == pytest.approx(0.0, abs=1.0)
    assert inst.lights["panels_front"].level == pytest.approx(0.3)
    scene.on_event(ev.Cue(2.0, kind="scene", target="colleague_a", params={"show": False}))
    assert inst.anchors["colleague_a"].isHidden()
    scene.on_event(ev.Cue(2.0, kind="light", target="no_such_light", params={"to": 0}))  # logged, not raised
    scene.on_event(ev.Cue(2.0, kind="scene", target="", params={"exposure": 0.5, "over": 0.2}))
    app.seconds(ps, 0.5)
    assert inst.exposure == pytest.approx(0.5)


def test_effect_cues_reach_the_post_shader_inputs(rig: Any) -> None:
    app, _, effects, ps = rig
    stage = app.stage
    effects.on_event(ev.Cue(0.0, kind="effect", target="vignette", params={"to": 0.5, "over": 1.0}))
    app.seconds(ps, 1.1)
    assert stage._post_inputs["u_vignette"][0] == pytest.approx(0.5)
    effects.on_event(ev.ChapterStarted(1.0, chapter_id="x", scene="office"))
    app.seconds(ps, 1.1)
    assert stage._post_inputs["u_vignette"][0] == pytest.approx(0.0)
    centres = lens_centres(stage)
    # Asymmetric, mirrored eyes: each lens centre sits towards the nose.
    assert centres[0] > 0.5 > centres[2]
    assert centres[0] == pytest.approx(1.0 - centres[2])


def test_a_moving_vehicle_brings_its_comfort_vignette(renderer: Any) -> None:
    app = App(renderer.stage, ["bus"])
    scene, effects = ScenePresenter(), EffectsPresenter()
    ps = [scene, effects]
    for p in ps:
        p.attach(app.services)
    app.frame(ps)
    for entry in scene.entries.values():
        assert entry.build is not None
        entry.build.wait(60)
    for p in ps:
        p.on_event(ev.ChapterStarted(0.0, chapter_id="ride", scene="bus"))
    app.seconds(ps, 2.5)
    try:
        assert scene.current_id == "bus"
        assert effects.stack.get("comfort_vignette") == pytest.approx(0.35)
        assert app.stage._post_inputs["u_vignette"][3] == pytest.approx(0.35)
        # Only the street moves; the rig (the participant) stays where the seat is.
        rig = app.stage.rig.getPos()
        app.seconds(ps, 0.5)
        assert app.stage.rig.getPos() == rig
    finally:
        scene.detach()
        for entry in scene.entries.values():
            if entry.instance is not None:
                entry.instance.root.removeNode()
