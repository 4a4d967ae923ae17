"""Effects presenter: the post-effect stack, driven by effect cues with ramps.

One combined shader (shaders/post.frag) runs per eye in the Stage's post pass;
every effect is a uniform whose neutral value is a passthrough. Cues
``Cue(kind="effect", target=name, params={"to": v, "over": s, ...})`` ramp
parameters; see :data:`experience.scene.EFFECTS`. Scene changes use the
stack's separate ``transition`` fade (driven by the scene presenter).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from panda3d.core import Shader

from .. import events as ev
from ..scene import EFFECTS, EffectStack
from ._base import Presenter

if TYPE_CHECKING:
    from ..core import FrameContext
    from ..display import Stage
    from ..scene import ShaderWatcher
    from ..services import Services

log = logging.getLogger(__name__)


VARIANTS = {"copy": "", "effects": "#define EFFECTS\n", "blur": "#define EFFECTS\n#define BLUR\n"}
"""Post shader variants: a plain copy, the stack without blur, the whole stack."""


def post_shaders(vertex: str, fragment: str) -> dict[str, Shader] | None:
    """Compile the post shader's variants from source text (None if one fails to parse)."""
    head, _, body = fragment.partition("\n")
    out = {}
    for name, defines in VARIANTS.items():
        shader = Shader.make(Shader.SL_GLSL, vertex, f"{head}\n{defines}{body}")
        if shader is None:
            return None
        out[name] = shader
    return out


def _variant(u: dict[str, tuple[float, float, float, float]]) -> str:
    """The cheapest variant that draws these uniforms (the stack's current values)."""
    vig, fade, grade, pulse = u["u_vignette"], u["u_fade"], u["u_grade"], u["u_pulse"]
    if grade[2] > 0.001:
        return "blur"
    if vig[0] > 0 or vig[3] > 0 or fade[3] > 0 or grade[0] > 0 or grade[1] != 0 or grade[3] > 0 or pulse[0] > 0:
        return "effects"
    return "copy"


def lens_centres(stage: Stage) -> tuple[float, float, float, float]:
    """Each eye's optical centre in its texture's uv (asymmetric frusta are off-centre)."""
    out = [0.5, 0.5, 0.5, 0.5]
    for i, eye in enumerate(stage.eyes[:2]):
        size, off = eye.lens.getFilmSize(), eye.lens.getFilmOffset()
        if size[0] > 0 and size[1] > 0:
            out[2 * i] = 0.5 - off[0] / size[0]
            out[2 * i + 1] = 0.5 - off[1] / size[1]
    return (out[0], out[1], out[2], out[3])


class PostOutput:
    """Drives a Stage's post pass from an effect stack: the cheapest shader variant and the uniforms.

    The one path from effect values to pixels, used by :class:`EffectsPresenter` and by the
    screenshot tooling (:mod:`experience.tools`).
    """

    def __init__(self, stage: Stage, stack: EffectStack) -> None:
        self.stage = stage
        self.stack = stack
        self.shaders: dict[str, Shader] = {}
        self.variant = ""
        self._pushed = -1
        self._sent: dict[str, tuple[float, float, float, float]] = {}

    def use(self, shaders: dict[str, Shader]) -> None:
        """Draw with these compiled variants from now on (see :func:`post_shaders`)."""
        self.shaders = shaders
        self.variant = ""
        self.push(force=True)

    def push(self, force: bool = False) -> None:
        """Send the packed uniforms to the Stage when they changed (while animating, the ones that did)."""
        stack = self.stack
        if not force and stack.revision == self._pushed and not stack.active:
            return
        self._pushed = stack.revision
        u = stack.uniforms()
        variant = _variant(u)
        if variant != self.variant and self.shaders:
            self.variant = variant
            self.stage.set_post_shader(self.shaders[variant])
        set_input = self.stage.set_post_input
        sent = self._sent
        for name, value in u.items():
            if force or sent.get(name) != value:  # a fade moves one of the four, not all
                sent[name] = value
                set_input(name, value)
        if force:
            set_input("u_lens", lens_centres(self.stage))


class EffectsPresenter(Presenter):
    """Owns the post shader and pushes the effect stack's uniforms each frame they change.

    The stack is the run's one (``services.effects``); the scene presenter drives its transition fade.
    """

    name = "effects"

    def __init__(self) -> None:
        super().__init__()
        self.stack = EffectStack()
        self.output: PostOutput | None = None
        self.watcher: ShaderWatcher | None = None
        self._saved: dict[tuple[str, str], float] | None = None
        self._lens_revision = -1
        self._warned: set[str] = set()

    def attach(self, services: Services) -> None:
        super().attach(services)
        app = services
        self.stack = app.effects
        self.output = PostOutput(self._stage, self.stack)
        vert, frag = app.content.shader("post.vert"), app.content.shader("post.frag")
        shaders = post_shaders(vert.read_text(encoding="utf-8"), frag.read_text(encoding="utf-8"))
        if shaders is None:
            log.error("post-effect shader %s could not be read; effects are off", frag)
            return
        self._use(shaders)
        win = self._stage.base.win
        if win is not None and win.getGsg() is not None:
            for shader in shaders.values():  # compile every variant behind the first frames
                shader.prepare(win.getGsg().getPreparedObjects())
        if app.hot_reload:
            from ..scene import ShaderWatcher

            self.watcher = ShaderWatcher(app, vert, frag, self._use, post_shaders)
            self.watcher.start(app.refresh_hz)

    @property
    def _stage(self) -> Stage:
        stage = self.services.stage
        assert stage is not None, "the effects presenter needs a stage"
        return stage

    def _use(self, shaders: dict[str, Shader]) -> None:
        if self.output is not None:
            self.output.use(shaders)

    def on_event(self, event: ev.Event) -> None:
        stack = self.stack
        if isinstance(event, ev.Cue) and event.kind == "effect":
            for problem in stack.apply_cue(event.target, dict(event.params)):
                if problem not in self._warned:
                    self._warned.add(problem)
                    log.warning("effect cue at %.1fs: %s (known: %s)", event.t, problem, ", ".join(EFFECTS))
        elif isinstance(event, ev.ChapterStarted):
            self._neutral(over=1.0)
        elif isinstance(event, ev.CalmEntered):
            self._saved = dict(stack.values)
            self._neutral(over=0.4)
        elif isinstance(event, ev.CalmLeft) and self._saved is not None:
            for (effect, param), v in self._saved.items():
                stack.set(effect, param, v, over=1.0)
            self._saved = None
        elif isinstance(event, ev.ExperienceEnded):
            self._neutral(over=1.0)

    def _neutral(self, over: float) -> None:
        """Ramp every narrative effect back to neutral (the comfort vignette is the scene's)."""
        for name, info in EFFECTS.items():
            if name == "comfort_vignette":
                continue
            for param, p in info.params.items():
                if self.stack.get(name, param) != p.neutral:
                    self.stack.set(name, param, p.neutral, over)

    def update(self, ctx: FrameContext) -> None:
        self.stack.update(ctx.dt)
        stage = self._stage
        if stage.views_revision != self._lens_revision:  # the eyes' frusta changed (rare)
            self._lens_revision = stage.views_revision
            stage.set_post_input("u_lens", lens_centres(stage))
        self.push()

    def push(self, force: bool = False) -> None:
        """Send the stack to the post pass (see :meth:`PostOutput.push`)."""
        if self.output is not None:
            self.output.push(force)
