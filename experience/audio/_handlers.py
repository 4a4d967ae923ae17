"""What the audio presenter does for each player event.

Kept apart from the presenter so each reaction reads as one small function.
``p`` is the :class:`experience.presenters.audio.AudioPresenter`.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

from .. import events as ev
from ._whisper import whispered_file

log = logging.getLogger("experience.audio")

BED_FADE = 1.5
LINE_STOP_FADE = 0.08
END_FADE = 2.0
Vec3 = tuple[float, float, float]


def handle_event(p: Any, event: ev.Event) -> None:
    """Route one player event to its handler."""
    fn = _HANDLERS.get(type(event))
    if fn is not None:
        log.debug("audio: %s", event)
        fn(p, event)


def _line_started(p: Any, e: ev.LineStarted) -> None:
    if not e.audio:
        return
    if e.anchor and e.anchor in p.anchors:
        mode, pos = "world", p.anchors[e.anchor]
    elif e.position is None:
        mode, pos = "flat", (0.0, 0.0, 0.0)
    else:
        mode, pos = ("head" if e.head_relative else "world"), tuple(e.position)
    bus = "narration" if mode == "flat" else "voices"
    line_id = e.line_id
    p.pending_lines.add(line_id)

    def play(sound: Any) -> None:
        if line_id not in p.pending_lines:  # skipped before it loaded
            p.pool.release(sound)
            return
        p.pending_lines.discard(line_id)
        em = p.engine.play(sound, bus=bus, mode=mode, pos=pos, name=f"line:{line_id}", line_id=line_id,
                           move_to=tuple(e.move_to) if e.move_to is not None and mode == "head" else None)
        p.lines[line_id] = em
        p.clock_line = (line_id, em)

    if e.style != "whisper":
        p.pool.get(e.audio, mode != "flat", play)
        return

    def fallback(exc: BaseException) -> None:
        log.warning("audio: cannot make a whisper of %s (%s); playing it as recorded", e.audio, exc)
        p.pool.get(e.audio, mode != "flat", play)

    # Whisper lines play a breathy copy of their audio, made (once) on the worker.
    p.app.worker.submit(functools.partial(whispered_file, Path(e.audio), Path(p.app.content.cache)),
                        on_done=lambda path: p.pool.get(str(path), mode != "flat", play), on_error=fallback)


def _line_ended(p: Any, e: ev.LineEnded) -> None:
    p.pending_lines.discard(e.line_id)
    em = p.lines.pop(e.line_id, None)
    if em is not None and not em.finished:
        p.engine.stop(em, LINE_STOP_FADE)
    if p.clock_line is not None and p.clock_line[0] == e.line_id:
        p.clock_line = None


def _where(p: Any, at: Any) -> tuple[str, Vec3]:
    if isinstance(at, str):
        if at in p.anchors:
            return "world", p.anchors[at]
        log.warning("audio: no anchor %r in this scene; playing centred", at)
    elif isinstance(at, (list, tuple)) and len(at) == 3:
        return "world", (float(at[0]), float(at[1]), float(at[2]))
    return "flat", (0.0, 0.0, 0.0)


def _cue(p: Any, e: ev.Cue) -> None:
    if e.kind not in ("sound", "ambience"):
        return
    sid, params = e.target, e.params or {}
    name = f"cue:{sid}"
    if params.get("action") == "stop":
        p.cue_stops[name] = p.cue_stops.get(name, 0) + 1  # cancels a start still loading
        fade = float(params.get("fade", 1.0))
        p.engine.stop_where(name=name, fade=fade)
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
    if loop and p.engine.find(name) is not None:
        return  # already running
    volume = float(params.get("volume", 1.0)) * sdef.volume
    fade = float(params.get("fade", 1.0 if loop else 0.0))
    mode, pos = _where(p, params.get("at"))
    stops = p.cue_stops.get(name, 0)

    def start() -> None:
        def play(sound: Any) -> None:
            if p.cue_stops.get(name, 0) != stops or (loop and p.engine.find(name) is not None):
                p.pool.release(sound)  # stopped while it loaded, or the bed started meanwhile
                return
            p.engine.play(sound, bus=sdef.bus, volume=volume, loop=loop, mode=mode, pos=pos,
                          fade_in=fade, name=name)

        p.pool.get(p.paths[sid], mode != "flat", play)

    p.when_sound(sid, start)


def set_bed(p: Any, sid: str | None, fade: float = BED_FADE, volume: float = 1.0) -> None:
    """Cross-fade the ambience bed to ``sid`` (None: silence)."""
    if sid == p.bed_id:
        return
    if p.bed is not None:
        p.engine.stop(p.bed, fade)
        p.bed = None
    p.bed_id = sid
    if sid is None:
        return
    sdef = p.sounds.get(sid)
    if sdef is None:
        log.warning("audio: unknown ambience sound id %r (see audio/README.md)", sid)
        return

    def start() -> None:
        def play(sound: Any) -> None:
            if p.bed_id != sid or p.bed is not None:  # changed again while loading
                p.pool.release(sound)
                return
            p.bed = p.engine.play(sound, bus="ambience", volume=volume * sdef.volume, loop=True,
                                  fade_in=fade, name="bed")

        p.pool.get(p.paths[sid], False, play)

    p.when_sound(sid, start)


def _scene_info(content: Any, scene: str) -> tuple[dict[str, Vec3], str | None]:
    """Worker: a scene's anchors and ambience (empty when the scene file is missing)."""
    from ..scene import load_scene_spec

    path = content.scenes / f"{scene}.yaml"
    if not path.is_file():
        return {}, None
    spec = load_scene_spec(path)
    return spec.sound_anchors(), spec.ambience


def _chapter_started(p: Any, e: ev.ChapterStarted) -> None:
    p.scene_job += 1
    job = p.scene_job

    def done(info: tuple[dict[str, Vec3], str | None]) -> None:
        if job != p.scene_job:
            return
        p.anchors, ambience = info
        set_bed(p, ambience)

    if e.scene:
        p.app.worker.submit(_scene_info, p.app.content, e.scene, on_done=done,
                            on_error=lambda exc: log.warning("audio: scene %s: %s", e.scene, exc))
    _preload_chapter(p, e.index)


def _preload_chapter(p: Any, index: int) -> None:
    """Load the chapter's narration ahead, so lines start without a loading delay."""
    narrative = getattr(p.app, "narrative", None)
    chapters = getattr(narrative, "chapters", None)
    if not chapters or not (0 <= index < len(chapters)):
        return
    for step in getattr(chapters[index], "steps", ()):
        path = getattr(step, "audio_path", None)
        if path:
            positional = getattr(step, "position", None) is not None or bool(getattr(step, "anchor", None))
            p.pool.preload(path, positional)
        elif getattr(step, "cue_kind", "") in ("sound", "ambience") and step.target in p.sounds:
            sid, params = step.target, getattr(step, "params", None) or {}
            positional = step.cue_kind == "sound" and params.get("at") is not None
            p.when_sound(sid, lambda sid=sid, positional=positional: p.pool.preload(p.paths[sid], positional))


def _paused(p: Any, e: ev.Paused) -> None:
    # Also for the calm place: after CalmLeft the story stays paused until Resumed.
    p.engine.hold("pause")


def _resumed(p: Any, e: ev.Resumed) -> None:
    p.engine.release("pause")


def _calm_entered(p: Any, e: ev.CalmEntered) -> None:
    p.in_calm = True
    p.engine.hold("calm")
    fade = p.engine.mixer.settings.calm_fade
    p.engine.mixer.fade_layer("calm", 1.0, fade)
    sid = "calm_place"
    sdef = p.sounds.get(sid)
    if sdef is None or p.engine.find("calm") is not None:
        return

    def start() -> None:
        def play(sound: Any) -> None:
            if p.in_calm and p.engine.find("calm") is None:
                p.engine.play(sound, bus="ambience", volume=sdef.volume, loop=True, layer="calm",
                              fade_in=fade, name="calm")
            else:
                p.pool.release(sound)

        p.pool.get(p.paths[sid], False, play)

    p.when_sound(sid, start)


def _calm_left(p: Any, e: ev.CalmLeft) -> None:
    p.in_calm = False
    fade = p.engine.mixer.settings.calm_fade
    p.engine.stop_where(layer="calm", fade=fade)
    p.engine.release("calm")


def _ended(p: Any, e: ev.ExperienceEnded) -> None:
    p.engine.stop_where(fade=END_FADE)
    p.bed, p.bed_id = None, None


_HANDLERS: dict[type, Any] = {
    ev.LineStarted: _line_started,
    ev.LineEnded: _line_ended,
    ev.Cue: _cue,
    ev.ChapterStarted: _chapter_started,
    ev.Paused: _paused,
    ev.Resumed: _resumed,
    ev.CalmEntered: _calm_entered,
    ev.CalmLeft: _calm_left,
    ev.ExperienceEnded: _ended,
}
