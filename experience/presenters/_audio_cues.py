"""What the audio presenter does for each player event (presenter logic, so it lives here).

Kept apart from the presenter so each reaction reads as one small function.
``p`` is the :class:`experience.presenters.audio.AudioPresenter`.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import events as ev
from ..media import whispered_file

if TYPE_CHECKING:
    from panda3d.core import AudioSound

    from ..audio import AudioEngine, SoundPool
    from .audio import AudioPresenter

log = logging.getLogger("experience.audio")

BED_FADE = 1.5
LINE_STOP_FADE = 0.08
END_FADE = 2.0
Vec3 = tuple[float, float, float]


def handle_event(p: AudioPresenter, event: ev.Event) -> None:
    """Route one player event to its handler (the presenter has an open engine and pool)."""
    log.debug("audio: %s", event)
    match event:
        case ev.LineStarted():
            _line_started(p, event)
        case ev.LineEnded():
            _line_ended(p, event)
        case ev.Cue():
            _cue(p, event)
        case ev.ChapterStarted():
            _chapter_started(p, event)
        case ev.Paused():
            _paused(p, event)
        case ev.Resumed():
            _resumed(p, event)
        case ev.CalmEntered():
            _calm_entered(p, event)
        case ev.CalmLeft():
            _calm_left(p, event)
        case ev.ExperienceEnded():
            _ended(p, event)


def _engine(p: AudioPresenter) -> AudioEngine:
    assert p.engine is not None, "audio events reach handlers only with an open engine"
    return p.engine


def _pool(p: AudioPresenter) -> SoundPool:
    assert p.pool is not None, "audio events reach handlers only with an open engine"
    return p.pool


def _line_started(p: AudioPresenter, e: ev.LineStarted) -> None:
    audio = e.audio
    if not audio:
        return
    pos: Vec3
    if e.anchor and e.anchor in p.anchors:
        mode, pos = "world", p.anchors[e.anchor]
    elif e.position is None:
        mode, pos = "flat", (0.0, 0.0, 0.0)
    else:
        mode, pos = ("head" if e.head_relative else "world"), e.position
    bus = "narration" if mode == "flat" else "voices"
    line_id = e.line_id
    p.pending_lines.add(line_id)

    def play(sound: AudioSound) -> None:
        if line_id not in p.pending_lines:  # skipped before it loaded
            _pool(p).release(sound)
            return
        p.pending_lines.discard(line_id)
        em = _engine(p).play(sound, bus=bus, mode=mode, pos=pos, name=f"line:{line_id}", line_id=line_id,
                           move_to=e.move_to if mode == "head" else None)
        p.lines[line_id] = em
        p.clock_line = (line_id, em)

    if e.style != "whisper":
        _pool(p).get(audio, mode != "flat", play)
        return

    def fallback(exc: BaseException) -> None:
        log.warning("audio: cannot make a whisper of %s (%s); playing it as recorded", e.audio, exc)
        _pool(p).get(audio, mode != "flat", play)

    # Whisper lines play a breathy copy of their audio, made (once) on the worker.
    p.services.worker.submit(functools.partial(whispered_file, Path(audio), Path(p.services.content.cache)),
                             on_done=lambda path: _pool(p).get(str(path), mode != "flat", play), on_error=fallback)


def _line_ended(p: AudioPresenter, e: ev.LineEnded) -> None:
    p.pending_lines.discard(e.line_id)
    em = p.lines.pop(e.line_id, None)
    if em is not None and not em.finished:
        _engine(p).stop(em, LINE_STOP_FADE)
    if p.clock_line is not None and p.clock_line[0] == e.line_id:
        p.clock_line = None


def _where(p: AudioPresenter, at: Any) -> tuple[str, Vec3]:
    if isinstance(at, str):
        if at in p.anchors:
            return "world", p.anchors[at]
        log.warning("audio: no anchor %r in this scene; playing centred", at)
    elif isinstance(at, (list, tuple)) and len(at) == 3:
        return "world", (float(at[0]), float(at[1]), float(at[2]))
    return "flat", (0.0, 0.0, 0.0)


def _cue(p: AudioPresenter, e: ev.Cue) -> None:
    if e.kind not in ("sound", "ambience"):
        return
    sid, params = e.target, e.params or {}
    name = f"cue:{sid}"
    if params.get("action") == "stop":
        p.cue_stops[name] = p.cue_stops.get(name, 0) + 1  # cancels a start still loading
        fade = float(params.get("fade", 1.0))
        _engine(p).stop_where(name=name, fade=fade)
        if p.bed_id == sid:
            set_bed(p, None, fade)
        return
    if e.kind == "ambience":
        set_bed(p, sid, float(params.get("fade", BED_FADE)), float(params.get("volume", 1.0)))
        return
    sdef = p.sounds.get(sid)
    if sdef is None:
        log.warning("audio: unknown sound id %r (see audio/README.md)", sid)
        return
    loop = bool(params.get("loop", sdef.loop))
    if loop and _engine(p).find(name) is not None:
        return  # already running
    volume = float(params.get("volume", 1.0)) * sdef.volume
    fade = float(params.get("fade", 1.0 if loop else 0.0))
    mode, pos = _where(p, params.get("at"))
    stops = p.cue_stops.get(name, 0)

    def start() -> None:
        def play(sound: AudioSound) -> None:
            if p.cue_stops.get(name, 0) != stops or (loop and _engine(p).find(name) is not None):
                _pool(p).release(sound)  # stopped while it loaded, or the bed started meanwhile
                return
            _engine(p).play(sound, bus=sdef.bus, volume=volume, loop=loop, mode=mode, pos=pos,
                          fade_in=fade, name=name)

        _pool(p).get(p.paths[sid], mode != "flat", play)

    p.when_sound(sid, start)


def set_bed(p: AudioPresenter, sid: str | None, fade: float = BED_FADE, volume: float = 1.0) -> None:
    """Cross-fade the ambience bed to ``sid`` (None: silence)."""
    if sid == p.bed_id:
        return
    if p.bed is not None:
        _engine(p).stop(p.bed, fade)
        p.bed = None
    p.bed_id = sid
    if sid is None:
        return
    sdef = p.sounds.get(sid)
    if sdef is None:
        log.warning("audio: unknown ambience sound id %r (see audio/README.md)", sid)
        return

    def start() -> None:
        def play(sound: AudioSound) -> None:
            if p.bed_id != sid or p.bed is not None:  # changed again while loading
                _pool(p).release(sound)
                return
            p.bed = _engine(p).play(sound, bus="ambience", volume=volume * sdef.volume, loop=True,
                                  fade_in=fade, name="bed")

        _pool(p).get(p.paths[sid], False, play)

    p.when_sound(sid, start)


def _scene_info(content: Any, scene: str) -> tuple[dict[str, Vec3], str | None]:
    """Worker: a scene's anchors and ambience (empty when the scene file is missing)."""
    from ..scene import load_scene_spec

    path = content.scenes / f"{scene}.yaml"
    if not path.is_file():
        return {}, None
    spec = load_scene_spec(path)
    return spec.sound_anchors(), spec.ambience


def _chapter_started(p: AudioPresenter, e: ev.ChapterStarted) -> None:
    p.scene_job += 1
    job = p.scene_job

    def done(info: tuple[dict[str, Vec3], str | None]) -> None:
        if job != p.scene_job:
            return
        p.anchors, ambience = info
        set_bed(p, ambience)

    if e.scene:
        p.services.worker.submit(_scene_info, p.services.content, e.scene, on_done=done,
                                 on_error=lambda exc: log.warning("audio: scene %s: %s", e.scene, exc))
    _preload_chapter(p, e.index)


def _preload_chapter(p: AudioPresenter, index: int) -> None:
    """Load the chapter's narration ahead, so lines start without a loading delay."""
    from ..narrative import Cue, Line

    chapters = p.services.narrative.chapters
    if not (0 <= index < len(chapters)):
        return
    for step in chapters[index].steps:
        if isinstance(step, Line) and step.audio_path:
            _pool(p).preload(step.audio_path, step.position is not None or bool(step.anchor))
        elif isinstance(step, Cue) and step.cue_kind in ("sound", "ambience") and step.target in p.sounds:
            sid = step.target
            positional = step.cue_kind == "sound" and step.params.get("at") is not None
            p.when_sound(sid, functools.partial(_preload_sound, p, sid, positional))


def _preload_sound(p: AudioPresenter, sid: str, positional: bool) -> None:
    _pool(p).preload(p.paths[sid], positional)


def _paused(p: AudioPresenter, e: ev.Paused) -> None:
    # Also for the calm place: after CalmLeft the story stays paused until Resumed.
    _engine(p).hold("pause")


def _resumed(p: AudioPresenter, e: ev.Resumed) -> None:
    _engine(p).release("pause")


def _calm_entered(p: AudioPresenter, e: ev.CalmEntered) -> None:
    p.in_calm = True
    _engine(p).hold("calm")
    fade = _engine(p).mixer.settings.calm_fade
    _engine(p).mixer.fade_layer("calm", 1.0, fade)
    sid = "calm_place"
    sdef = p.sounds.get(sid)
    if sdef is None or _engine(p).find("calm") is not None:
        return

    def start() -> None:
        def play(sound: AudioSound) -> None:
            if p.in_calm and _engine(p).find("calm") is None:
                _engine(p).play(sound, bus="ambience", volume=sdef.volume, loop=True, layer="calm",
                              fade_in=fade, name="calm")
            else:
                _pool(p).release(sound)

        _pool(p).get(p.paths[sid], False, play)

    p.when_sound(sid, start)


def _calm_left(p: AudioPresenter, e: ev.CalmLeft) -> None:
    p.in_calm = False
    fade = _engine(p).mixer.settings.calm_fade
    _engine(p).stop_where(layer="calm", fade=fade)
    _engine(p).release("calm")


def _ended(p: AudioPresenter, e: ev.ExperienceEnded) -> None:
    _engine(p).stop_where(fade=END_FADE)
    p.bed, p.bed_id = None, None
