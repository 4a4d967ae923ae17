"""The presenter contract: subscribers of the timeline player."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core import FrameContext
    from ..events import Event

log = logging.getLogger(__name__)


class Presenter:
    """Base class for everything that presents the narrative.

    Subclasses override what they need. ``app`` is the running
    :class:`experience.app.Experience` (stage, scheduler, worker, content,
    player, requests). A presenter that raises is logged once per method and
    never stops the player or the frame.
    """

    name = "presenter"

    def __init__(self) -> None:
        self.app: Any = None

    def attach(self, app: Any) -> None:
        """Called once before the first frame (loading may be deferred to slack)."""
        self.app = app

    def on_event(self, event: Event) -> None:
        """Called by the player for every event, in order, on the frame thread."""

    def update(self, ctx: FrameContext) -> None:
        """Called every frame in the update phase, after the player advanced."""

    def ready(self) -> bool:
        """Whether what the first frame needs is loaded (the app preloads until all are ready)."""
        return True

    def detach(self) -> None:
        """Called once at shutdown."""


class SafePresenters:
    """Fans events and updates out to presenters; isolates their failures."""

    def __init__(self) -> None:
        self.items: list[Presenter] = []
        self._failed: set[tuple[str, str]] = set()

    def add(self, presenter: Presenter) -> None:
        self.items.append(presenter)

    def _fail(self, p: Presenter, where: str) -> None:
        key = (p.name, where)
        if key not in self._failed:
            self._failed.add(key)
            log.exception("presenter %s failed in %s (further failures there are not logged)", p.name, where)

    def on_event(self, event: Event) -> None:
        for p in self.items:
            try:
                p.on_event(event)
            except Exception:
                self._fail(p, "on_event")

    def update(self, ctx: FrameContext) -> None:
        for p in self.items:
            try:
                p.update(ctx)
            except Exception:
                self._fail(p, "update")

    def ready(self) -> bool:
        for p in self.items:
            try:
                if not p.ready():
                    return False
            except Exception:
                self._fail(p, "ready")
        return True

    def attach(self, app: Any) -> None:
        for p in self.items:
            try:
                p.attach(app)
            except Exception:
                self._fail(p, "attach")

    def detach(self) -> None:
        for p in self.items:
            try:
                p.detach()
            except Exception:
                self._fail(p, "detach")
