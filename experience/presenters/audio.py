"""The audio presenter: narration, voices, cues and scene ambience in space.

It turns player events into :class:`experience.audio.AudioEngine` calls,
binds the listener to the stage's head every frame and, while a narration
line with audio plays, feeds its playback position to the player
(``host.media_position``) so captions follow the audio. Files load on the
worker; with no audio device it logs one line and does nothing. It owns the
``volume`` request.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..audio import AudioConfig, AudioEngine, Emitter, SoundPool, open_audio
from ..requests import Kind, Outcome, Request, Volume
from ._audio_cues import handle_event
from ._base import Presenter

if TYPE_CHECKING:
    from panda3d.core import LMatrix4f

    from ..audio import SoundDef
    from ..core import FrameContext
    from ..events import Event
    from ..services import Services

log = logging.getLogger("experience.audio")


class AudioPresenter(Presenter):
    """Plays the soundtrack of the running experience.

    Args:
        manager: an audio manager to use (tests); default: open the device
            from the run's settings (see :func:`experience.audio.open_audio`).
    """

    name = "audio"
    after = ("scene",)  # voices come from the nodes of the scene shown

    def __init__(self, manager: Any = None) -> None:
        super().__init__()
        self._manager = manager
        self.engine: AudioEngine | None = None
        self.pool: SoundPool | None = None
        self.sounds: dict[str, SoundDef] = {}
        self.paths: dict[str, str] = {}  # sound id -> file, once generated
        self.anchors: dict[str, tuple[float, float, float]] = {}
        self.bed: Emitter | None = None
        self.bed_id: str | None = None
        self.clock_line: tuple[str, Emitter] | None = None
        self.lines: dict[str, Emitter] = {}
        self.pending_lines: set[str] = set()
        self.cue_stops: dict[str, int] = {}  # cue name -> stops so far: a stop cancels a start still loading
        self.in_calm = False
        self._volumes: dict[str, float] = {}
        self._waiting: list[tuple[str, Callable[[], None]]] = []  # (sound id, play fn) until sounds exist
        self._requested: set[str] = set()
        self._ensure: Callable[[set[str]], dict[str, Path]] | None = None
        self.scene_job = 0

    # -- contract -------------------------------------------------------------

    def attach(self, services: Services) -> None:
        super().attach(services)
        app = services
        app.table.register(Kind.VOLUME, self._volume)
        manager = self._manager
        if manager is None:
            manager = open_audio(AudioConfig.from_settings(app.settings))
        app.session.audio = "on" if manager is not None else "captions only"  # for the facilitator's card
        if manager is None:
            return
        self.engine = AudioEngine(manager)
        for bus, value in self._volumes.items():
            self.engine.set_bus_volume(bus, value)
        self.pool = SoundPool(self.engine, app.worker)
        self.engine.on_removed = self._removed
        from ..audio import ensure_sounds, load_registry

        self.sounds = load_registry(app.content)[0]
        self._ensure = functools.partial(ensure_sounds, app.content)
        app.session.volumes = self.volumes

    def _volume(self, req: Request) -> Outcome:
        if isinstance(req.arg, Volume):
            self.set_bus_volume(req.arg.bus, req.arg.value)
        return True, None

    @property
    def volumes(self) -> dict[str, float]:
        """Bus volumes (``master`` and every bus) as the mixer has them; empty without a device."""
        if self.engine is None:
            return {}
        mixer = self.engine.mixer
        return {"master": float(mixer.master), **{k: float(v) for k, v in mixer.volumes.items()}}

    def set_bus_volume(self, bus: str, value: float) -> None:
        """Console volume for a bus (``narration``, ``voices``, ``ambience``, ``effects``, ``master``)."""
        from ..audio import BUSES

        if bus != "master" and bus not in BUSES:  # the same answer with or without a device
            raise ValueError(f"unknown audio bus {bus!r} (buses: master, {', '.join(BUSES)})")
        self._volumes[bus] = value
        if self.engine is not None:
            self.engine.set_bus_volume(bus, value)
        if self.attached:
            self.services.session.volumes = self.volumes

    def on_event(self, event: Event) -> None:
        if self.engine is None:
            return
        handle_event(self, event)

    def update(self, ctx: FrameContext) -> None:
        engine = self.engine
        if engine is None:
            return
        engine.update(ctx.dt, self._head_matrix())
        line = self.clock_line
        if line is not None:
            line_id, em = line
            pos = engine.position_of(em)
            if pos is None:
                if em.finished:
                    self._media(line_id, float(em.sound.length()))
                if em.finished or em.stopping:
                    self.clock_line = None
            else:
                self._media(line_id, pos)

    def detach(self) -> None:
        if self.attached:
            self.services.table.unregister(Kind.VOLUME)
        if self.engine is not None:
            # The device is shared by the process (see open_audio): only stop our sounds.
            self.engine.shutdown(close_device=False)
            self.engine = None

    # -- helpers used by experience.audio.events --------------------------------

    def _media(self, line_id: str, seconds: float) -> None:
        self.services.host.media_position(line_id, seconds)

    def _head_matrix(self) -> LMatrix4f | None:
        stage = self.services.stage
        if stage is None:
            return None
        return stage.head.get_net_transform().get_mat()

    def _removed(self, em: Emitter) -> None:
        if self.pool is None:
            return
        if em.line_id is not None:  # a line plays once: let its audio go
            self.pool.discard(em.sound)
        else:
            self.pool.release(em.sound)

    def _sounds_ready(self, paths: dict[str, Path]) -> None:
        self.paths.update({k: str(v) for k, v in paths.items()})
        ready = [(sid, fn) for sid, fn in self._waiting if sid in self.paths]
        self._waiting = [(sid, fn) for sid, fn in self._waiting if sid not in self.paths]
        for _, fn in ready:
            fn()

    def when_sound(self, sound_id: str, fn: Callable[[], None]) -> None:
        """Run ``fn`` now if the sound's file is known, else once the worker has found or made it."""
        if sound_id in self.paths:
            fn()
        elif sound_id in self.sounds:
            self._waiting.append((sound_id, fn))
            if sound_id not in self._requested:
                # Made (first run) or found in the cache on the worker, one sound per job.
                self._requested.add(sound_id)
                assert self._ensure is not None
                self.services.worker.submit(functools.partial(self._ensure, {sound_id}), on_done=self._sounds_ready,
                                       on_error=lambda exc: log.warning("audio: sound library: %s", exc))
        else:
            log.warning("audio: unknown sound id %r (see audio/README.md)", sound_id)
