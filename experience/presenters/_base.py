"""The presenter contract: subscribers of the timeline player."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar

if TYPE_CHECKING:
    from ..core import FrameContext, FrameStats, Series
    from ..events import Event
    from ..services import Services

log = logging.getLogger(__name__)

P = TypeVar("P", bound="Presenter")


class Presenter:
    """Base class for everything that presents the narrative.

    Subclasses override what they need. ``services`` (given in :meth:`attach`)
    is what the app hands its parts (:class:`~experience.services.Services`):
    stage, scheduler, worker, the request sink and table, a read-only view of the
    player, the session state. A presenter that raises is logged once per method
    and never stops the player or the frame.

    Attributes:
        name: the presenter's name (logs, ``after``).
        after: names of presenters this one comes after, for events and updates
            (the declared order; names not in the run are ignored).
    """

    name = "presenter"
    after: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        self._services: Services | None = None

    @property
    def services(self) -> Services:
        """The services this presenter was attached to."""
        if self._services is None:
            raise RuntimeError(f"presenter {self.name} is not attached")
        return self._services

    @property
    def attached(self) -> bool:
        return self._services is not None

    def attach(self, services: Services) -> None:
        """Called once before the first frame (loading may be deferred to slack)."""
        self._services = services

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
        self._stats: FrameStats | None = None
        self._now: Callable[[], float] | None = None
        self._timed: list[tuple[Presenter, Series]] = []

    def add(self, presenter: Presenter) -> None:
        """Add ``presenter``; the list stays in the declared order (each after its ``after``)."""
        self.items = ordered([*self.items, presenter])
        self._time_items()

    def time_into(self, stats: FrameStats, now: Callable[[], float]) -> None:
        """Time each presenter's update with ``now`` into ``stats.parts`` (the update phase's split)."""
        self._stats, self._now = stats, now
        self._time_items()

    def _time_items(self) -> None:
        stats = self._stats
        self._timed = [] if stats is None else [(p, stats.part(p.name)) for p in self.items]

    def find(self, kind: type[P]) -> P | None:
        """The presenter of class ``kind`` in this run, if any (for tools and tests looking in)."""
        return next((p for p in self.items if isinstance(p, kind)), None)

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
        now = self._now
        if now is None:
            for p in self.items:
                try:
                    p.update(ctx)
                except Exception:
                    self._fail(p, "update")
            return
        t = now()
        for p, series in self._timed:
            try:
                p.update(ctx)
            except Exception:
                self._fail(p, "update")
            t2 = now()
            series.add((t2 - t) * 1000.0)
            t = t2

    def ready(self) -> bool:
        for p in self.items:
            try:
                if not p.ready():
                    return False
            except Exception:
                self._fail(p, "ready")
        return True

    def attach(self, services: Services) -> None:
        for p in self.items:
            try:
                p.attach(services)
            except Exception:
                self._fail(p, "attach")

    def detach(self) -> None:
        for p in self.items:
            try:
                p.detach()
            except Exception:
                self._fail(p, "detach")


def ordered(items: list[Presenter]) -> list[Presenter]:
    """``items`` with each presenter after the ones its ``after`` names (stable otherwise).

    Raises:
        ValueError: the declared order has a cycle.
    """
    names = {p.name for p in items}
    done: list[Presenter] = []
    placed: set[int] = set()
    while len(done) < len(items):
        ready = [p for p in items if id(p) not in placed
                 and all(a not in names or a in {d.name for d in done} for a in p.after)]
        if not ready:
            raise ValueError("presenter order has a cycle: " + ", ".join(p.name for p in items if id(p) not in placed))
        done.append(ready[0])
        placed.add(id(ready[0]))
    return done
