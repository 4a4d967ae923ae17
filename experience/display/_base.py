"""The display backend contract shared by desktop, headless and OpenXR."""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from ..core import FrameContext
    from ._stage import Stage

Fov = tuple[float, float, float, float]
"""(angle_left, angle_right, angle_up, angle_down) in radians, OpenXR sign convention."""


@dataclass(frozen=True, slots=True)
class EyeView:
    """One eye: position relative to the head (metres, Panda3D axes) and its field of view.

    Attributes:
        offset: eye position in head space (x right, y forward, z up).
        fov: asymmetric field of view, see :data:`Fov`.
        quat: optional eye orientation relative to the head (w, x, y, z); None = same as head.
    """

    offset: tuple[float, float, float]
    fov: Fov
    quat: tuple[float, float, float, float] | None = None


DEFAULT_IPD = 0.063
QUEST3_FOV_LEFT: Fov = (-0.942, 0.698, 0.768, -0.960)
"""A Quest-3-like left-eye field of view (radians); the right eye mirrors it."""


def fit_aspect(fov: Fov, aspect: float) -> Fov:
    """Keep the horizontal angles of ``fov`` and choose vertical ones for ``aspect`` (width/height).

    The vertical asymmetry (up vs down) is kept, so the lens centre stays where the
    headset's is; only the height changes, so images are never squashed.
    """
    left, right, up, down = fov
    width = math.tan(right) - math.tan(left)
    height = width / aspect
    share_up = math.tan(up) / (math.tan(up) - math.tan(down))
    return (left, right, math.atan(height * share_up), -math.atan(height * (1.0 - share_up)))


def stereo_views(
    ipd: float = DEFAULT_IPD, fov_left: Fov = QUEST3_FOV_LEFT, aspect: float | None = None
) -> list[EyeView]:
    """Two eye views like a consumer headset's (asymmetric, mirrored); ``aspect`` fits the buffer."""
    if aspect is not None:
        fov_left = fit_aspect(fov_left, aspect)
    left, right, up, down = fov_left
    return [
        EyeView((-ipd / 2, 0.0, 0.0), fov_left),
        EyeView((ipd / 2, 0.0, 0.0), (-right, -left, up, down)),
    ]


class BackendUnavailable(Exception):
    """The backend cannot run here; the message is one line saying why."""


class DisplayBackend(ABC):
    """Contract of every display backend (see docs/architecture.md).

    A backend owns the platform side: the window, offscreen buffer or XR session,
    pacing and submission. The :class:`Stage` owns the Panda3D scene.
    """

    name: ClassVar[str] = "backend"
    tracking_origin: ClassVar[str] = "eye"  # "eye": head pose is relative to eye height; "floor"
    refresh_hz: float = 60.0
    stereo: bool = False
    app: Any = None

    @abstractmethod
    def stage_factory(self) -> Stage:
        """Start Panda3D with the output this backend needs and return the Stage."""

    @abstractmethod
    def start(self, stage: Stage) -> None:
        """Open the display and build the stage's eyes and outputs."""

    def poll(self, ctx: FrameContext) -> None:
        """Handle platform events (input, window, session state)."""

    @abstractmethod
    def wait_frame(self, ctx: FrameContext) -> None:
        """Pace: set ``ctx.period``, ``ctx.deadline``, ``ctx.dt``, ``ctx.display_time``, ``ctx.should_render``."""

    def locate_views(self, ctx: FrameContext) -> None:
        """Set the head pose and eye views on the stage for ``ctx.display_time``."""

    def render(self, ctx: FrameContext) -> None:
        """Draw every eye (default: one Panda3D frame)."""
        self.stage.render()

    @abstractmethod
    def end_frame(self, ctx: FrameContext) -> None:
        """Submit the frame."""

    def warm_up(self) -> None:
        """Before the first frame: draw once off the clock, so shader compiles and
        geometry uploads land in time-to-first-frame rather than in a missed frame."""
        self.stage.render()
        self.stage.render()

    def stop(self) -> None:
        """Close everything the backend opened. Safe to call twice."""

    stage: Stage
