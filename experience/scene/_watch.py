"""Shader hot reload for desktop preview: stat files on the worker, compile in slack."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..services import Services

log = logging.getLogger(__name__)


class ShaderWatcher:
    """Watches a vertex/fragment pair and hands a new Shader to ``apply`` when either changes.

    About twice a second a check runs on the app's worker (file stats and
    reads happen there); a changed pair is compiled on the frame thread in
    slack. A shader that fails to compile keeps the previous one.
    """

    def __init__(self, services: Services, vertex: Path, fragment: Path, apply: Callable[[Any], None],
                 make: Callable[[str, str], Any] | None = None) -> None:
        self.services = services
        self.paths = (vertex, fragment)
        self.apply = apply
        self.make = make or _make_shader
        self._mtimes = self._stat()
        self._busy = False
        self.reloads = 0

    def _stat(self) -> tuple[float, ...]:
        out = []
        for p in self.paths:
            try:
                out.append(os.stat(p).st_mtime)
            except OSError:
                out.append(0.0)
        return tuple(out)

    def start(self, refresh_hz: float) -> None:
        self.services.scheduler.every("shader-watch", self.poll, frames=max(1, round(refresh_hz / 2)))

    def poll(self) -> None:
        """Ask the worker whether the files changed (never blocks the frame)."""
        if self._busy:
            return
        self._busy = True
        self.services.worker.submit(self._check, on_done=self._compile, on_error=self._failed)

    def _check(self) -> tuple[str, str] | None:
        now = self._stat()
        if now == self._mtimes:
            return None
        self._mtimes = now
        return (self.paths[0].read_text(encoding="utf-8"), self.paths[1].read_text(encoding="utf-8"))

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        log.warning("shader reload failed: %s", exc)

    def _compile(self, texts: tuple[str, str] | None) -> None:
        self._busy = False
        if texts is None:
            return
        shader = self.make(texts[0], texts[1])
        if shader is None:
            log.warning("shader %s did not compile; keeping the previous one", self.paths[1].name)
            return
        self.reloads += 1
        log.info("reloaded %s", self.paths[1].name)
        self.apply(shader)


def _make_shader(vertex: str, fragment: str) -> Any:
    from panda3d.core import Shader

    return Shader.make(Shader.SL_GLSL, vertex, fragment)
