"""Hot reload for the desktop preview: watch narrative files, re-lint, reload.

:func:`install_hot_reload` has the app call :meth:`NarrativeWatcher.poll` on its
worker thread about twice a second (``NarrativeWatcher.interval``, counted in
frames at the display's refresh rate) and hand the result to the frame thread::

    services.scheduler.every("narrative-watch", tick, frames=round(refresh_hz * watcher.interval))
    # tick: services.worker.submit(watcher.poll, on_done=on_change), one poll at a time

``on_change`` gets None (nothing changed) or a :class:`WatchResult`: either a
clean new narrative (``host.swap_narrative`` reloads the player) or the
diagnostics to show in the HUD while the old version keeps playing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ContentError, Diagnostic
from ._check import lint_file
from ._load import load_narrative, load_session
from ._model import TUTORIAL_ID, Narrative

if TYPE_CHECKING:
    from ..content import ContentRoot
    from ..services import Services

Build = Callable[[], Narrative]


@dataclass
class WatchResult:
    """What a change produced: a narrative to reload, or the errors that stop it."""

    narrative: Narrative | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    changed: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.narrative is not None

    def hud_lines(self, limit: int = 6) -> list[str]:
        """Short lines for the preview HUD."""
        errors = [d for d in self.diagnostics if d.is_error]
        if not errors:
            return [f"reloaded {', '.join(Path(c).name for c in self.changed)}"]
        return [f"not reloaded: {len(errors)} error(s)"] + [d.format() for d in errors[:limit]]


class NarrativeWatcher:
    """Watches files by modification time; rebuilds with ``build`` when they change.

    Args:
        paths: a narrative file, or the files to watch (narratives and their strings files).
        build: makes the narrative to play once every file is clean (default: load the first path).
        content: the content root, for the lint's cross-file checks.
    """

    interval = 0.5

    def __init__(self, paths: str | Path | list[Path], build: Build | None = None,
                 content: ContentRoot | None = None) -> None:
        self.paths = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
        first = self.paths[0]
        self.build = build or (lambda: load_narrative(first, content))
        self.content = content
        self._stamps = {p: self._stamp(p) for p in self.paths}
        self._lock = threading.Lock()

    @classmethod
    def for_session(cls, content: ContentRoot, experience_id: str, tutorial: bool = True,
                    locale: str | None = None, caption_locale: str | None = None) -> NarrativeWatcher:
        """Watch what :func:`load_session` reads for this run."""
        paths = [content.narrative_path(experience_id)]
        tut = Path(content.narratives) / f"{TUTORIAL_ID}.yaml"
        if tutorial and experience_id != TUTORIAL_ID and tut.exists():
            paths.append(tut)
        strings = Path(content.narratives) / "strings"
        paths += sorted(strings.glob(f"{experience_id}.*")) if strings.is_dir() else []
        return cls(paths, lambda: load_session(content, experience_id, tutorial, locale, caption_locale), content)

    @staticmethod
    def _stamp(p: Path) -> tuple[int, int] | None:
        try:
            st = p.stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def poll(self) -> WatchResult | None:
        """Check the files (worker thread); None when nothing changed."""
        if not self._lock.acquire(blocking=False):
            return None  # a poll is still running
        try:
            changed = []
            for p in self.paths:
                stamp = self._stamp(p)
                if stamp != self._stamps.get(p):
                    self._stamps[p] = stamp
                    changed.append(p)
            if not changed:
                return None
            names = tuple(str(p) for p in changed)
            diags: list[Diagnostic] = []
            for p in self.paths:
                if p.suffix in (".yaml", ".yml") and "strings" not in p.parent.name:
                    diags += lint_file(p, self.content)
            if any(d.is_error for d in diags):
                return WatchResult(None, diags, names)
            try:
                return WatchResult(self.build(), diags, names)
            except ContentError as exc:
                return WatchResult(None, exc.diagnostics, names)
        finally:
            self._lock.release()


def apply_result(result: WatchResult | None, swap: Callable[[Narrative], object]) -> list[str]:
    """Frame thread: hand a clean result's narrative to ``swap`` (it reloads the player); returns HUD lines."""
    if result is None:
        return []
    if result.narrative is not None:
        swap(result.narrative)
    return result.hud_lines()


def install_hot_reload(services: Services) -> NarrativeWatcher | None:
    """Desktop preview: poll the session's files twice a second on the worker.

    A clean change replaces the narrative at the same place (``host.swap_narrative``);
    errors go to ``services.diagnostics``, which the HUD shows (it opens for them),
    and the old version keeps playing. Returns the watcher (None without an experience id).
    """
    s = services.settings
    if not s.experience:
        return None
    watcher = NarrativeWatcher.for_session(services.content, s.experience, s.tutorial, s.audio_locale or s.locale,
                                           s.caption_locale or s.locale)
    busy = [False]

    def done(result: WatchResult | None) -> None:
        busy[0] = False
        if result is None:
            return
        services.diagnostics[:] = apply_result(result, services.host.swap_narrative)

    def failed(exc: BaseException) -> None:
        busy[0] = False
        services.diagnostics[:] = [f"hot reload failed: {exc!r}"]

    def tick() -> None:
        if not busy[0]:
            busy[0] = True
            services.worker.submit(watcher.poll, on_done=done, on_error=failed)

    services.scheduler.every("narrative-watch", tick, frames=max(1, round(services.refresh_hz * watcher.interval)))
    return watcher
