"""The pilot: a whole experience driven in-process by a test, on a manual clock.

Like Textual's ``run_test()``: the real :class:`~experience.app.Experience` (player,
presenters, frame loop, slack scheduler) on the caller's thread, with a headless
backend (offscreen Panda3D, pixels to look at) or a null one (a Stage, nothing drawn).
Time moves only when the test steps frames, so what a test sees never depends on
how busy the machine is::

    with run_pilot("example") as pilot:
        pilot.run_until(lambda: pilot.state == "hold")
        assert pilot.press("continue") == (True, None)
        pilot.step(10)
        assert pilot.events_of(ev.HoldReleased)
        image = pilot.pixels()
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TypeVar

import numpy as np

from .. import events as ev
from ..app import Experience, Settings
from ..content import ContentRoot
from ..core import FrameContext, ManualClock
from ..display import DisplayBackend, HeadlessBackend
from ..presenters import Presenter
from ..requests import Kind, Request, RequestArg

E = TypeVar("E", bound=ev.Event)


class NullBackend(HeadlessBackend):
    """A headless backend that keeps a (tiny) Stage for the presenters but draws nothing."""

    name = "null"

    def __init__(self, clock: ManualClock, refresh_hz: float = 90.0) -> None:
        super().__init__(clock, eye_size=(16, 16), refresh_hz=refresh_hz, stereo=False)

    def render(self, ctx: FrameContext) -> None:
        pass

    def warm_up(self) -> None:
        pass


class Pilot:
    """Presses requests, steps frames, reads events and looks at pixels of a started experience.

    Made before the experience starts (as :func:`run_pilot` does), it records every event
    from the first (``ExperienceStarted``, the first chapter, the first line).

    Args:
        app: an experience whose clock is ``clock`` (started or not: the pilot loads its player).
        clock: the manual frame clock; each step advances it by one frame period.
    """

    def __init__(self, app: Experience, clock: ManualClock) -> None:
        self.app = app
        self.clock = clock
        self.events: list[ev.Event] = []
        """Every event the player emitted since the pilot was made, in order."""
        self.results: list[tuple[Request, bool, str | None]] = []
        """Every request the app handled (from any source), with its result."""
        self.player = app.load()
        self.player.subscribe(self.events.append)
        app.add_request_listener(lambda req, ok, why: self.results.append((req, ok, why)))

    @property
    def state(self) -> str:
        """The player's state."""
        return str(self.player.state)

    @property
    def frames(self) -> int:
        return self.app.stats.frames

    def press(self, kind: str, arg: RequestArg = None, source: str = "keyboard") -> tuple[bool, str | None]:
        """Queue a request as a key would, run one frame (its poll phase applies it), return its result."""
        req = Request(Kind(kind), arg, source=source)
        self.app.requests.put(req)
        self.step()
        for handled, ok, why in reversed(self.results):
            if handled is req:
                return ok, why
        raise AssertionError(f"request {kind!r} was not handled in the next frame")

    def step(self, frames: int = 1) -> FrameContext:
        """Run ``frames`` frames (stops early when the run ends); returns the last frame's context."""
        loop = self.app.loop
        assert loop is not None, "the experience is not started"
        ctx = loop.ctx
        for _ in range(frames):
            ctx = loop.run_frame()
            self.clock.advance(ctx.period)
            if ctx.stop:
                break
        return ctx

    def run_for(self, seconds: float) -> None:
        """Run ``seconds`` of display time."""
        self.step(max(1, round(seconds * self.app.backend.refresh_hz)))

    def run_until(self, cond: Callable[[], object], seconds: float = 120.0, what: str = "") -> None:
        """Step frames until ``cond()`` is true, at most ``seconds`` of display time.

        Work the worker threads finish (loads, decodes) is delivered between frames,
        waiting for it when it is what the condition needs.

        Raises:
            AssertionError: still false after ``seconds`` (the player's state says where it is).
        """
        for _ in range(max(1, round(seconds * self.app.backend.refresh_hz))):
            if cond():
                return
            if self.step().stop:
                break
        if not cond():
            raise AssertionError(f"{what or 'condition'} not reached in {seconds:.0f} s of display time "
                                 f"(state {self.state})")

    def settle(self, timeout: float = 20.0) -> None:
        """Deliver every worker result that arrives within ``timeout`` seconds of waiting (real time)."""
        while self.app.scheduler.wait_for_callback(timeout):
            timeout = 0.2

    def events_of(self, kind: type[E]) -> list[E]:
        """The events of one type, in order."""
        return [e for e in self.events if isinstance(e, kind)]

    def pixels(self) -> np.ndarray:
        """What the output shows now (both eyes side by side) as an H x W x 3 uint8 array, top row first."""
        from panda3d.core import Texture

        stage = self.app.stage
        assert stage is not None, "the experience is not started"
        img = stage.grab(stage.base.win)
        assert img is not None, "nothing to read back (the null backend draws nothing)"
        tex = Texture()
        tex.load(img)
        h, w = img.getYSize(), img.getXSize()
        return np.frombuffer(tex.getRamImageAs("RGB"), np.uint8).reshape(h, w, 3)[::-1].copy()


@contextmanager
def run_pilot(experience: str | None = None, *, content: ContentRoot | None = None, tutorial: bool = False,
              backend: str = "headless", size: tuple[int, int] = (160, 90), refresh_hz: float = 90.0,
              presenters: list[Presenter] | None = None, settings: Settings | None = None) -> Iterator[Pilot]:
    """Start an experience for a test and hand over its :class:`Pilot`; stops it afterwards.

    Args:
        experience: experience id (default: the first bundled one).
        content: the content pack (default: the bundled content).
        tutorial: play the tutorial and consent first.
        backend: ``headless`` (offscreen, pixels) or ``null`` (nothing drawn).
        size: per-eye pixels for ``headless``.
        refresh_hz: frames per second of display time.
        presenters: presenters to use (default: every standard one, audio included).
        settings: start from these settings (``experience`` and ``tutorial`` still apply).
    """
    clock = ManualClock()
    base = settings or Settings(mode="headless", console=None, size=size, refresh=refresh_hz)
    s = replace(base, experience=experience or base.experience, tutorial=tutorial,
                extra={**base.extra, "exit_at_end": False})
    display: DisplayBackend = (NullBackend(clock, refresh_hz) if backend == "null"
                               else HeadlessBackend(clock, eye_size=size, refresh_hz=refresh_hz, stereo=s.stereo))
    app = Experience(s, content or ContentRoot.find(), display, clock, presenters=presenters)
    pilot = Pilot(app, clock)  # before start: it records the first events too
    try:
        app.start()
        yield pilot
    finally:
        app.stop()
