"""The display backend contract shared by desktop, headless and OpenXR."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    from ..core import FrameContext
    from ..services import Services
    from ._stage import Stage


class HudControl(Protocol):
    """The optional F1 HUD of a backend with a window (the desktop preview, the XR mirror)."""

    @property
    def hud_visible(self) -> bool: ...

    def set_hud(self, visible: bool) -> None: ...

    def set_hud_text(self, text: str) -> None: ...


class BackendUnavailable(Exception):
    """The backend cannot run here; the message is one line saying why."""


class DisplayBackend(ABC):
    """Contract of every display backend (see docs/architecture.md).

    A backend owns the platform side: the window, offscreen buffer or XR session,
    pacing and submission. The :class:`Stage` owns the Panda3D scene.
    ``services`` is set by the app before :meth:`start` (requests go to
    ``services.requests``; ``services.host`` hears of a headset taken off or a
    display gone for good).
    """

    name: ClassVar[str] = "backend"
    tracking_origin: ClassVar[str] = "eye"  # "eye": head pose is relative to eye height; "floor"
    refresh_hz: float = 60.0
    stereo: bool = False
    services: Services | None = None

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

    def hud(self) -> HudControl | None:
        """The HUD, for a backend with a window; None without one."""
        return None

    def stop(self) -> None:
        """Close everything the backend opened. Safe to call twice."""

    stage: Stage
