"""The audio presenter: narration, voices, cues and scene ambience in space.

It turns player events into :class:`experience.audio.AudioEngine` calls,
binds the listener to ``app.stage.head`` every frame and, while a narration
line with audio plays, feeds its playback position to the player
(``player.set_media_position``) so captions follow the audio. Files load on
``app.worker``; with no audio device it logs one line and does nothing.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any

from ..audio import AudioConfig, AudioEngine, Emitter, SoundPool, open_audio
from ._audio_cues import handle_event
from ._base import Presenter

if TYPE_CHECKING:
    from ..core import FrameContext
    from ..events import Event

log = logging.getLogger("experience.audio")


class AudioPresenter(Presenter):
    """Plays the soundtrack of the running experience.

    Args:
        manager: an audio manager to use (tests); default: open the device
            from ``app.settings`` (see :func:`experience.audio.open_audio`).
    """

    name = "audio"

    def __init__(self, manager: Any = None) -> None:
        super().__init__()
        self._manager = manager
        self.engine: AudioEngine | None = None
        self.pool: SoundPool | None = None
        self.sounds: dict[str, Any] = {}  # sound id -> SoundDef
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
        self._waiting: list[tuple[str, Any]] = []  # (sound id, play fn) until sounds exist
        self._requested: set[str] = set()
        self._ensure: Any = None
        self.scene_job = 0

    # -- contract -------------------------------------------------------------

    def attach(self, app: Any) -> None:
        super().attach(app)
        app.audio = self
        manager = self._manager
        if manager is None:
            manager = open_audio(AudioConfig.from_settings(getattr(app, "settings", None)))
        state = getattr(app, "session_state", None)
        if isinstance(state, dict):  # for the facilitator's status card
            state["audio"] = "on" if manager is not None else "captions only"
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

    def set_bus_volume(self, bus: str, value: float) -> None:
        """Console volume for a bus (``narration``, ``voices``, ``ambience``, ``effects``, ``master``)."""
        from ..audio import BUSES

        if bus != "master" and bus not in BUSES:  # the same answer with or without a device
            raise ValueError(f"unknown audio bus {bus!r} (buses: master, {', '.join(BUSES)})")
        self._volumes[bus] = value
        if self.engine is not None:
            self.engine.set_bus_volume(bus, value)

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
        if self.engine is not None:
            # The device is shared by the process (see open_audio): only stop our sounds.
            self.engine.shutdown(close_device=False)
            self.engine = None

    # -- helpers used by experience.audio.events --------------------------------

    def _media(self, line_id: str, seconds: float) -> None:
        player = getattr(self.app, "player", None)
        fn = getattr(player, "set_media_position", None)
        if fn is not None:
            fn(line_id, seconds)

    def _head_matrix(self) -> Any:
        stage = getattr(self.app, "stage", None)
        head = getattr(stage, "head", None)
        if head is None:
            return None
        return head.get_net_transform().get_mat()

    def _removed(self, em: Emitter) -> None:
        if self.pool is None:
            return
        if em.line_id is not None:  # a line plays once: let its audio go
            self.pool.discard(em.sound)
        else:
            self.pool.release(em.sound)

    def _sounds_ready(self, paths: dict[str, Any]) -> None:
        self.paths.update({k: str(v) for k, v in paths.items()})
        ready = [(sid, fn) for sid, fn in self._waiting if sid in self.paths]
        self._waiting = [(sid, fn) for sid, fn in self._waiting if sid not in self.paths]
        for _, fn in ready:
            fn()

    def when_sound(self, sound_id: str, fn: Any) -> None:
        """Run ``fn`` now if the sound's file is known, else once the worker has found or made it."""
        if sound_id in self.paths:
            fn()
        elif sound_id in self.sounds:
            self._waiting.append((sound_id, fn))
            if sound_id not in self._requested:
                # Made (first run) or found in the cache on the worker, one sound per job.
                self._requested.add(sound_id)
                self.app.worker.submit(functools.partial(self._ensure, {sound_id}), on_done=self._sounds_ready,
                                       on_error=lambda exc: log.warning("audio: sound library: %s", exc))
        else:
            log.warning("audio: unknown sound id %r (see audio/README.md)", sound_id)
