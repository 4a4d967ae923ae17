"""Scene presenter: builds chapter scenes in slack, swaps them under a fade, plays scene and light cues.

* ``ChapterStarted(scene=...)``: fade out, swap to that scene (built hidden in
  slack beforehand), move the Stage's rig to the scene's seat, fade in.
* ``CalmEntered`` / ``CalmLeft``: the calm scene is built at start and kept
  hidden, so going there takes one short fade (under 1 s in all).
* ``Cue(kind="scene" | "light", target=name, params=...)``: see scenes/README.md.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import events as ev
from ..content import REPO_ROOT
from ..errors import ContentError
from ..scene import EffectStack
from ._base import Presenter

if TYPE_CHECKING:
    from panda3d.core import Shader

    from ..core import FrameContext, Job, Series
    from ..display import Stage
    from ..people import AheadThread, ParticipantBody, ScenePeople, Voices
    from ..scene import SceneBuild, SceneInstance, SceneSpec, ShaderWatcher
    from ..services import Services

log = logging.getLogger(__name__)

CALM = "calm"
FADES = {"chapter": (0.45, 0.7), "calm": (0.3, 0.5), "back": (0.4, 0.8)}
"""(fade out, fade in) seconds per kind of change; calm stays under 1 s in all."""


class _Entry:
    def __init__(self, scene_id: str) -> None:
        self.id = scene_id
        self.state = "loading"  # loading | building | ready | failed
        self.instance: SceneInstance | None = None
        self.build: SceneBuild | None = None
        self.job: Job | None = None


class ScenePresenter(Presenter):
    """Presents scenes and scene cues on the Stage."""

    name = "scene"

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, _Entry] = {}
        self.current: SceneInstance | None = None
        self.current_id: str | None = None
        self.target_id: str | None = None
        self.before_calm: str | None = None
        self.phase = "idle"  # idle | out | in
        self.fade = FADES["chapter"]
        self.dip = False
        self.pending: list[ev.Cue] = []
        self.stack = EffectStack()  # the run's one, from attach
        self.swaps = 0
        self.watcher: ShaderWatcher | None = None
        self._exposure: tuple[float, float, float, float] | None = None  # from, to, t, over
        self.voices: Voices | None = None
        self.body: ParticipantBody | None = None  # the participant's own body, in scenes that ask for it
        self.ahead: AheadThread | None = None  # the people's next animation step runs here while a frame draws
        self._ahead_jobs = 0
        self._ahead_ms: Series | None = None

    # -- set-up -----------------------------------------------------------
    def attach(self, services: Services) -> None:
        super().attach(services)
        app = services
        assert app.stage is not None, "the scene presenter needs a stage"
        self.stack = app.effects
        self.stack.transition = 1.0
        from ..people import AheadThread, Voices

        self.voices = Voices(app.worker, app.content.cache)
        self.ahead = AheadThread()
        self._ahead_ms = app.stats.part("people_thread")  # its own thread's time, beside the draw (not the frame's)
        app.stage.before_render.append(self._people_ahead)
        ids: list[str] = []
        for ch in app.narrative.chapters:
            if ch.scene and ch.scene not in ids:
                ids.append(ch.scene)
        ids.insert(min(1, len(ids)), CALM)
        from ..scene import scene_shader, warm_up

        warm_up()
        win = app.stage.base.win
        if win is not None and win.getGsg() is not None:
            # Compile the scene shader behind the first (black) frames, not at the first swap.
            prepared = win.getGsg().getPreparedObjects()
            scene_shader(app.content.shaders).prepare(prepared)
            from ..scene import named_shader

            named_shader("person", app.content.shaders, frag="scene").prepare(prepared)  # figures
            named_shader("model", app.content.shaders).prepare(prepared)  # the participant's body, glTF people
        for sid in ids:
            self.prepare(sid)
        if app.hot_reload:
            from ..scene import ShaderWatcher

            self.watcher = ShaderWatcher(app, app.content.shader("scene.vert"), app.content.shader("scene.frag"),
                                         self._reloaded)
            self.watcher.start(app.refresh_hz)

    def _reloaded(self, shader: Shader) -> None:
        from ..scene import use_scene_shader

        use_scene_shader(shader, self.services.content.shaders)
        for entry in self.entries.values():
            if entry.instance is not None:
                entry.instance.root.setShader(shader)

    def scene_path(self, scene_id: str) -> Path:
        own = self.services.content.scenes / f"{scene_id}.yaml"
        return own if own.exists() or scene_id != CALM else REPO_ROOT / "scenes" / f"{CALM}.yaml"

    def prepare(self, scene_id: str) -> _Entry:
        """Start loading (worker) and building (slack) a scene if not already started."""
        entry = self.entries.get(scene_id)
        if entry is not None:
            return entry
        entry = self.entries[scene_id] = _Entry(scene_id)
        from ..scene import load_scene_spec

        self.services.worker.submit(load_scene_spec, self.scene_path(scene_id),
                               on_done=lambda spec: self._build(entry, spec),
                               on_error=lambda exc: self._failed(entry, exc))
        return entry

    def _failed(self, entry: _Entry, exc: BaseException) -> None:
        entry.state = "failed"
        if isinstance(exc, ContentError):
            for d in exc.diagnostics:
                log.error("%s", d.format())
        else:
            log.error("scene %s could not be loaded: %s", entry.id, exc)

    def _build(self, entry: _Entry, spec: SceneSpec) -> None:
        from ..scene import build_scene

        stage = self._stage
        gsg = stage.base.win.getGsg() if stage.base.win is not None else None
        build = build_scene(spec, stage.world, stage.base.loader, gsg, shader_dir=self.services.content.shaders,
                            scenes_dir=self.scene_path(entry.id).parent)
        entry.state = "building"
        entry.build = build
        scheduler = self.services.scheduler

        def done() -> None:
            entry.instance = build.instance
            entry.state = "ready"

        def defer() -> None:
            # Slices run only once the scene process is done: nothing polls in the meantime.
            entry.job = scheduler.defer(f"scene:{entry.id}", build, estimate=0.002, on_done=done)

        build.start(when_ready=lambda: scheduler.call_soon(defer))

    # -- events -------------------------------------------------------------
    def on_event(self, event: ev.Event) -> None:
        if isinstance(event, ev.ChapterStarted):
            scene = event.scene or self.current_id or "placeholder"
            self.go(scene, "chapter", dip=scene == self.current_id)
        elif isinstance(event, ev.CalmEntered):
            if self.target_id != CALM:
                self.before_calm = self.target_id
                self.go(CALM, "calm")
        elif isinstance(event, ev.CalmLeft):
            if self.before_calm:
                self.go(self.before_calm, "back")
            self.before_calm = None
        elif isinstance(event, ev.Cue) and event.kind in ("scene", "light"):
            if self.target_id != self.current_id or self.current is None:
                self.pending.append(event)
            else:
                self.cue(event)
        elif isinstance(event, ev.LineStarted) and self.voices is not None:
            self.voices.started(event, self._cast())
        elif isinstance(event, ev.LineEnded) and self.voices is not None:
            self.voices.ended(event.line_id)
        if isinstance(event, ev.ChapterStarted):
            self._preload_voices(event.index)

    def _cast(self) -> ScenePeople | None:
        """The people of the scene on show (None during a change or without people)."""
        if self.current is None or self.target_id != self.current_id:
            return None
        return self.current.cast

    def _preload_voices(self, index: int) -> None:
        from ..narrative import Line

        chapters = self.services.narrative.chapters
        if 0 <= index < len(chapters) and self.voices is not None:
            self.voices.preload([s for s in chapters[index].steps if isinstance(s, Line)])

    def ready(self) -> bool:
        """The first scene and the calm place are built (or failed): the first frame can show them."""
        for sid in (self.target_id, CALM):
            entry = self.entries.get(sid or "")
            if entry is not None and entry.state not in ("ready", "failed"):
                return False
        return True

    def go(self, scene_id: str, kind: str, dip: bool = False) -> None:
        """Change to ``scene_id`` under a fade (``dip``: fade out and in without a change)."""
        self.prepare(scene_id)
        self.target_id = scene_id
        self.fade = FADES[kind]
        self.dip = dip
        self.phase = "out"
        if kind != "calm":
            self.pending.clear()

    # -- per frame ----------------------------------------------------------
    def update(self, ctx: FrameContext) -> None:
        dt = ctx.dt
        stack = self.stack
        if self.phase == "out":
            stack.transition = stack.transition + dt / self.fade[0]
            if stack.transition >= 1.0:
                entry = self.entries.get(self.target_id or "")
                if self.dip or self.target_id == self.current_id:
                    self.phase = "in"
                elif entry is not None and entry.state == "ready":
                    self._swap(entry)
                    self.phase = "in"
                elif entry is not None and entry.state == "failed":
                    log.warning("staying in %s: scene %s failed to load", self.current_id, self.target_id)
                    self.target_id = self.current_id
                    self.phase = "in"
        elif self.phase == "in":
            stack.transition = stack.transition - dt / self.fade[1]
            if stack.transition <= 0.0:
                self.phase = "idle"
        if self._exposure is not None and self.current is not None:
            a, b, t, over = self._exposure
            t = min(over, t + dt)
            x = t / over if over > 0 else 1.0
            self.current.set_exposure(a + (b - a) * x * x * (3 - 2 * x))
            self._exposure = None if x >= 1.0 else (a, b, t, over)
        if self.current is not None:
            self.current.line_time = self.services.player.line_time
            self.current.update(dt)
            ahead = self.ahead
            if ahead is not None and ahead.jobs != self._ahead_jobs and self._ahead_ms is not None:
                self._ahead_jobs = ahead.jobs  # the step made while the last frame drew
                self._ahead_ms.add(ahead.last_ms)
        if self.body is not None:
            self.body.update(dt, self._stage.head, self._stage.hands)

    def _swap(self, entry: _Entry) -> None:
        from ..display import Participant

        stage = self._stage
        old = self.current
        inst = entry.instance
        assert inst is not None, "swapped to a scene not built"
        if old is not None:
            old.hide()
            if old.cast is not None:
                old.cast.run_ahead(None)
        inst.show()
        inst.viewer = stage.head_in_world
        if inst.cast is not None:
            inst.cast.run_ahead(self.ahead)
        self.current, self.current_id = inst, entry.id
        self.swaps += 1
        p = inst.participant
        stage.set_participant(Participant(p.position, p.heading, p.eye_height))
        for eye in stage.eyes:
            eye.buffer.setClearColor((*inst.background, 1.0))
        self.stack.set("comfort_vignette", "amount", inst.spec.comfort_vignette, over=1.0)
        self.services.session.scene = entry.id
        self.services.scene.show(inst.anchors)
        cues, self.pending = self.pending, []
        for cue in cues:
            self.cue(cue)
        if self.voices is not None:
            self.voices.attach(inst.cast)
        self._body(inst)

    @property
    def _stage(self) -> Stage:
        stage = self.services.stage
        assert stage is not None, "the scene presenter needs a stage"
        return stage

    def _body(self, inst: SceneInstance) -> None:
        """The participant's body goes with the seat: shown in scenes that ask for it (built with the scene)."""
        stage = self._stage
        if self.body is not None and self.body is not inst.body:
            self.body.root.detachNode()
        self.body = inst.body
        stage.hands.wanted = self.body is not None
        if self.body is not None:
            p = inst.participant
            self.body.floor = -p.eye_height if stage.tracking_origin == "eye" else 0.0
            self.body.root.reparentTo(stage.rig)

    # -- cues -----------------------------------------------------------------
    def cue(self, event: ev.Cue) -> None:
        """Apply a scene or light cue to the current scene (unknown names are logged)."""
        inst = self.current
        if inst is None:
            return
        p = dict(event.params)
        over = float(p.get("over", 0.0) or 0.0)
        if event.kind == "light":
            ch = inst.lights.get(event.target)
            if ch is None:
                log.warning("light cue: scene %s has no animatable light %r", self.current_id, event.target)
                return
            if "to" in p:
                ch.ramp(float(p["to"]), over)
            if "animation" in p:
                ch.animate(str(p["animation"]), float(p.get("rate", 0.5)), float(p.get("depth", 0.3)))
            return
        if event.target in ("", "scene"):
            if "exposure" in p:
                self._exposure = (inst.exposure, float(p["exposure"]), 0.0, over)
            return
        fig = inst.people.get(event.target)
        if fig is not None:
            if "turn" in p:
                fig.turn(self._heading(fig, p["turn"]), over)
            cast = inst.cast
            if "look" in p and cast is not None:
                cast.look(fig.index, str(p["look"]), over)
            if "expression" in p and cast is not None:
                cast.expression(fig.index, str(p["expression"]), over if "over" in p else 1.0)
            if "idle" in p:
                fig.idle = str(p["idle"])
        node = inst.anchors.get(event.target)
        if node is None:
            log.warning("scene cue: scene %s has nothing called %r", self.current_id, event.target)
            return
        if "show" in p:
            node.show() if p["show"] else node.hide()

    def _heading(self, fig: Any, turn: Any) -> float:
        if isinstance(turn, int | float):
            return float(turn)
        inst = self.current
        if inst is None:
            return fig.heading
        if turn == "participant":
            tx, ty = inst.participant.position[0], inst.participant.position[1]
        elif turn in inst.anchors:
            pos = inst.anchors[turn].getPos(inst.root)
            tx, ty = pos.x, pos.y
        elif turn == "away":
            return fig.heading + 180.0
        else:
            return fig.heading
        x, y = fig.root.getX(), fig.root.getY()
        return math.degrees(math.atan2(-(tx - x), ty - y))

    def _people_ahead(self) -> None:
        """Right before the draw: the people's next animation step starts beside it."""
        inst = self.current
        if inst is not None and inst.cast is not None:
            inst.cast.kick()

    def detach(self) -> None:
        stage = self.services.stage if self.attached else None
        if stage is not None and self._people_ahead in stage.before_render:
            stage.before_render.remove(self._people_ahead)
        if self.ahead is not None:
            if self.current is not None and self.current.cast is not None:
                self.current.cast.run_ahead(None)
            self.ahead.close()
        for entry in self.entries.values():
            if entry.job is not None and not entry.job.done:
                entry.job.cancel()
