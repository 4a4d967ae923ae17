"""The spatial audio engine: emitters, listener, buses, fades, pause and calm.

Runs on the frame thread. Per frame (:meth:`AudioEngine.update`) it moves the
listener to the head, moves head-relative emitters with it (and along their
path, for voices that glide), applies bus gains, ducking and fades, and lets
OpenAL refill streams. Distances and who ducks come from the mix rules
(:mod:`._rules`), shared with the offline render. Loading
(:meth:`AudioEngine.load`) is thread-safe and belongs on the worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from panda3d.core import AudioManager, AudioSound, LMatrix4

from . import _rules as rules
from ._mixer import Mixer, MixerSettings, Ramp

log = logging.getLogger("experience.audio")

Vec3 = tuple[float, float, float]
STREAM_SECONDS = 30.0
"""Files longer than this are streamed from disk rather than decoded whole."""

_READY = 1  # AudioSound.READY


@dataclass(eq=False)
class Emitter:
    """One playing sound.

    Attributes:
        mode: ``head`` (``pos`` is an offset in head space: x right, y forward,
            z up), ``world`` (``pos`` in scene metres) or ``flat`` (centred,
            not spatialised: the narrator).
        layer: ``story`` or ``calm``.
        line_id: the narration line it voices (for the media clock).
        ducked: a bed: it dips under speech.
        path: ``(start, end, seconds)``: a head-relative voice gliding from ``start`` to ``end``.
    """

    sound: AudioSound
    bus: str
    volume: float = 1.0
    mode: str = "flat"
    pos: Vec3 = (0.0, 0.0, 0.0)
    layer: str = "story"
    loop: bool = False
    name: str = ""
    line_id: str | None = None
    fade: Ramp = field(default_factory=Ramp)
    stopping: bool = False
    suspended_at: float | None = None
    started: bool = False
    finished: bool = False
    held_at: float | None = None
    ducked: bool = False
    path: tuple[Vec3, Vec3, float] | None = None
    _gain: float = -1.0

    @property
    def speaks(self) -> bool:
        """Speech that is playing: the beds duck under it."""
        return rules.is_speech(self.bus) and not self.stopping and self.layer == "story"

    def offset_at(self, seconds: float) -> Vec3:
        """Where the emitter is ``seconds`` into its sound (its path, else ``pos``)."""
        if self.path is None:
            return self.pos
        a, b, over = self.path
        f = min(1.0, max(0.0, seconds / over)) if over > 0 else 1.0
        return (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f)


class AudioEngine:
    """Spatial audio on a Panda3D audio manager.

    Args:
        manager: a valid Panda3D ``AudioManager`` (or a test double).
        settings: mix timings and levels.
    """

    def __init__(self, manager: AudioManager, settings: MixerSettings | None = None) -> None:
        self.manager = manager
        self.mixer = Mixer(settings or MixerSettings())
        self.emitters: list[Emitter] = []
        self._holds: set[str] = set()
        self._suspended = False
        self._mixer_version = -1
        self.on_removed: Callable[[Emitter], None] | None = None

    # -- loading (any thread) -------------------------------------------------

    def load(self, path: str, *, positional: bool = True, stream: bool | None = None) -> AudioSound:
        """Load a sound file (decoding it unless it is long); thread-safe, slow: use the worker.

        Args:
            positional: False for the narrator and stereo beds.
            stream: force streaming; None: stream files longer than :data:`STREAM_SECONDS`.
        """
        from panda3d.core import AudioManager, Filename

        fn = Filename.from_os_specific(str(path))
        if stream is None:
            stream = _duration(path) > STREAM_SECONDS
        mode = AudioManager.SM_stream if stream else AudioManager.SM_sample
        sound = self.manager.get_sound(fn, positional, mode)
        if sound is None or sound.length() <= 0.0:
            raise OSError(f"cannot load audio {path}")
        return sound

    # -- playing (frame thread) -----------------------------------------------

    def play(
        self,
        sound: AudioSound,
        *,
        bus: str,
        volume: float = 1.0,
        loop: bool = False,
        mode: str = "flat",
        pos: Vec3 = (0.0, 0.0, 0.0),
        fade_in: float = 0.0,
        layer: str = "story",
        name: str = "",
        line_id: str | None = None,
        move_to: Vec3 | None = None,
        move_over: float = 0.0,
    ) -> Emitter:
        """Start a sound now (or when the story resumes, if it is held).

        Args:
            move_to: a ``head`` emitter glides from ``pos`` to here over ``move_over`` seconds.
        """
        log.debug("audio: play %s (%s bus, %s %s)", name or "sound", bus, mode, pos)
        em = Emitter(sound, bus, volume, mode, pos, layer, loop, name, line_id)
        em.ducked = rules.ducks(bus, loop)
        if move_to is not None and mode == "head":
            em.path = (pos, move_to, move_over or float(sound.length()))
        em.fade = Ramp(0.0, 1.0, 1.0 / fade_in) if fade_in > 0 else Ramp()
        sound.set_loop(loop)
        self.emitters.append(em)
        if self._suspended and layer == "story":
            em.suspended_at = 0.0
        else:
            self._start(em, 0.0)
        return em

    def _start(self, em: Emitter, at: float) -> None:
        em._gain = self.gain_of(em)
        em.sound.set_volume(em._gain)
        if em.mode != "flat":
            model = rules.distance_for(em.bus)
            em.sound.set_3d_min_distance(model.ref)
            em.sound.set_3d_max_distance(model.far)  # the clamped model's floor
            self._place(em, None)
        if at > 0.0:
            em.sound.set_time(at)
        em.sound.play()
        em.started = True

    def stop(self, em: Emitter, fade: float = 0.0) -> None:
        """Stop an emitter, fading it out over ``fade`` seconds."""
        if fade > 0.0 and em.started and em.suspended_at is None:
            em.stopping = True
            em.fade.to(0.0, fade * em.fade.value)
        else:
            self._remove(em)

    def stop_where(self, *, name: str | None = None, layer: str | None = None, fade: float = 0.0) -> None:
        """Stop every emitter with this name and/or layer."""
        for em in list(self.emitters):
            if (name is None or em.name == name) and (layer is None or em.layer == layer):
                self.stop(em, fade)

    def _remove(self, em: Emitter) -> None:
        em.sound.stop()
        em.stopping = True
        if em in self.emitters:
            self.emitters.remove(em)
            if self.on_removed is not None:
                self.on_removed(em)

    def find(self, name: str) -> Emitter | None:
        for em in self.emitters:
            if em.name == name and not em.stopping:
                return em
        return None

    def set_bus_volume(self, bus: str, value: float) -> None:
        """Console volume for ``narration``, ``voices``, ``ambience``, ``effects`` or ``master``."""
        self.mixer.set_volume(bus, value)

    # -- pause and calm -------------------------------------------------------

    def hold(self, reason: str) -> None:
        """Fade the story out (``pause``, ``calm``...) and suspend it when silent."""
        if not self._holds:
            # Resume from where the hold began: what plays while fading out is heard again.
            for em in self.emitters:
                if em.layer == "story" and em.started and em.suspended_at is None and not em.stopping:
                    em.held_at = float(em.sound.get_time())
        self._holds.add(reason)
        self.mixer.fade_layer("story", 0.0, self._fade_for(reason))

    def release(self, reason: str) -> None:
        """Drop a hold; with none left the story resumes where it was and fades in."""
        if reason not in self._holds:
            return
        self._holds.discard(reason)
        if self._holds:
            return
        for em in self.emitters:
            em.held_at = None
        self._suspended = False
        for em in self.emitters:
            if em.layer == "story" and em.suspended_at is not None:
                at, em.suspended_at = em.suspended_at, None
                self._start(em, at)
        self.mixer.fade_layer("story", 1.0, self._fade_for(reason))

    def _fade_for(self, reason: str) -> float:
        s = self.mixer.settings
        return s.calm_fade if reason == "calm" else s.pause_fade

    def _suspend_story(self) -> None:
        self._suspended = True
        for em in list(self.emitters):
            if em.layer != "story" or em.suspended_at is not None:
                continue
            if em.stopping:
                self._remove(em)
                continue
            if em.held_at is not None:
                em.suspended_at = em.held_at
            else:
                em.suspended_at = float(em.sound.get_time()) if em.started else 0.0
            em.held_at = None
            em.sound.stop()

    @property
    def held(self) -> bool:
        return bool(self._holds)

    # -- per frame ------------------------------------------------------------

    def gain_of(self, em: Emitter) -> float:
        return em.volume * em.fade.value * self.mixer.gain(em.bus, em.layer, em.ducked)

    def update(self, dt: float, head: LMatrix4 | None) -> None:
        """Per-frame work: listener, emitters, gains, fades, streaming.

        Args:
            dt: seconds since the last update.
            head: the head's transform in world space (a Panda3D ``LMatrix4``), or None.
        """
        mixer = self.mixer
        ducked = False
        for em in self.emitters:
            if em.speaks and em.suspended_at is None:
                ducked = True
                break
        mixer.set_ducked(ducked)
        mixer.step(dt)
        if head is not None:
            p, f, u = head.get_row3(3), head.get_row3(1), head.get_row3(2)
            self.manager.audio_3d_set_listener_attributes(
                p[0], p[1], p[2], 0.0, 0.0, 0.0, f[0], f[1], f[2], u[0], u[1], u[2]
            )
        story = mixer.layers["story"]
        if self._holds and not self._suspended and story.value <= 0.0:
            self._suspend_story()
        changed = mixer.version != self._mixer_version
        self._mixer_version = mixer.version
        done = [em for em in self.emitters if em.suspended_at is None and self._step(em, dt, changed, head)]
        for em in done:
            self._remove(em)
        self.manager.update()

    def _step(self, em: Emitter, dt: float, mixer_changed: bool, head: LMatrix4 | None) -> bool:
        """One emitter's frame: fade, gain, place; True when it is done (stopped or played out)."""
        if em.fade.moving:
            em.fade.step(dt)
            changed = True
        else:
            changed = mixer_changed
        if em.stopping and em.fade.value <= 0.0:
            return True
        if changed:
            g = self.gain_of(em)
            if abs(g - em._gain) > 1e-4:
                em._gain = g
                em.sound.set_volume(g)
        if em.mode == "head" and head is not None:
            self._place(em, head)
        elif em.path is not None:
            self._place(em, None)
        if not em.loop and em.sound.status() == _READY:
            if em.held_at is not None:  # ended while fading out for a hold: keep it for the resume
                em.suspended_at, em.held_at = em.held_at, None
                return False
            em.finished = True
            return True
        return False

    def _place(self, em: Emitter, head: LMatrix4 | None) -> None:
        x, y, z = em.offset_at(float(em.sound.get_time())) if em.path is not None and em.started else em.pos
        if em.mode == "head" and head is not None:
            # Row-vector convention: world = offset * M.
            r0, r1, r2, r3 = head.get_row3(0), head.get_row3(1), head.get_row3(2), head.get_row3(3)
            x, y, z = (
                r3[0] + x * r0[0] + y * r1[0] + z * r2[0],
                r3[1] + x * r0[1] + y * r1[1] + z * r2[1],
                r3[2] + x * r0[2] + y * r1[2] + z * r2[2],
            )
        em.sound.set_3d_attributes(x, y, z, 0.0, 0.0, 0.0)

    def position_of(self, em: Emitter) -> float | None:
        """Playback position in seconds of a playing emitter (None when not playing)."""
        if not em.started or em.suspended_at is not None or em.stopping:
            return None
        return float(em.sound.get_time())

    def shutdown(self, close_device: bool = True) -> None:
        """Stop every sound; close the device too unless it is the process's shared one."""
        for em in list(self.emitters):
            self._remove(em)
        if not close_device:
            return
        try:
            self.manager.shutdown()
        except Exception:
            log.debug("audio manager shutdown failed", exc_info=True)


def _duration(path: str) -> float:
    """A file's duration in seconds, from its header (WAV) or its size (others, roughly)."""
    import os
    import wave

    try:
        if str(path).lower().endswith(".wav"):
            with wave.open(str(path)) as w:
                return w.getnframes() / float(w.getframerate())
    except (OSError, wave.Error, EOFError):
        pass
    try:
        return os.path.getsize(path) / 16000.0  # ~128 kbit/s compressed
    except OSError:
        return 0.0
