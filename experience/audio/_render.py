"""Offline render of an experience's soundtrack: ``render-audio ID out.wav``.

The timeline player runs on a manual clock with a scripted participant
(holds continued, check-ins answered); its events become clips on a
timeline (:mod:`._mixdown`), which are rendered binaurally from the scripted
head pose: the scene's seat, looking ahead. Narration, voices, cues and beds
follow the live engine's mix rules (:mod:`._rules`): the same distances,
ducking of every bed under speech, fades and master level.
"""

from __future__ import annotations

import logging
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import events as ev
from ..media import SR, ensure_sounds, load_registry, read_audio, whispered, write_wav
from ._binaural import to_head
from ._mixdown import Clip, Soundtrack, mix

if TYPE_CHECKING:
    from ..content import ContentRoot
    from ..narrative import Narrative

log = logging.getLogger("experience.audio")

DT = 1.0 / 32.0
HOLD_AFTER = 1.0
TAIL = 1.0
"""Seconds of soundtrack after the experience ends (fades finish)."""
BED_FADE = 1.5

__all__ = ["TAIL", "Clip", "Soundtrack", "collect", "mix", "render_experience", "render_track"]


Vec3 = tuple[float, float, float]


def _scene_pose(content: ContentRoot, scene: str) -> tuple[dict[str, Vec3], str | None, Vec3, float]:
    try:
        from ..scene import load_scene_spec

        spec = load_scene_spec(content.scenes / f"{scene}.yaml")
    except Exception:
        return {}, None, (0.0, 0.0, 1.2), 0.0
    p = spec.participant
    head = (p.position[0], p.position[1], p.position[2] + p.eye_height)
    return spec.sound_anchors(), spec.ambience, head, p.heading


class _Collector:
    """Turns player events into clips."""

    def __init__(self, content: ContentRoot, narrative: Narrative) -> None:
        self.content, self.narrative = content, narrative
        self.track = Soundtrack()
        self.sounds = load_registry(content)[0]
        self.paths = ensure_sounds(content)
        self.decoded: dict[str, np.ndarray] = {}
        self.now = 0.0
        self.anchors: dict[str, Vec3] = {}
        self.head: tuple[float, float, float] = (0.0, 0.0, 1.2)
        self.heading = 0.0
        self.lines: dict[str, Clip] = {}
        self.bed: Clip | None = None
        self.bed_id: str | None = None

    def audio(self, path: str) -> np.ndarray:
        if path not in self.decoded:
            self.decoded[path] = read_audio(Path(path), mono=True)
        return self.decoded[path]

    def where(self, at: object) -> Vec3 | None:
        if isinstance(at, str) and at in self.anchors:
            at = self.anchors[at]
        if isinstance(at, (list, tuple)) and len(at) == 3:
            return to_head((float(at[0]), float(at[1]), float(at[2])), self.head, self.heading)
        return None

    def set_bed(self, sid: str | None, fade: float = BED_FADE, volume: float = 1.0) -> None:
        if sid == self.bed_id:
            return
        if self.bed is not None:
            self.bed.end, self.bed.fade_out = self.now, fade
        self.bed, self.bed_id = None, sid
        if sid and sid in self.paths:
            sdef = self.sounds[sid]
            self.bed = Clip(self.now, self.audio(str(self.paths[sid])), "ambience", loop=True,
                            volume=volume * sdef.volume, fade_in=fade, name=f"bed:{sid}")
            self.track.clips.append(self.bed)

    def on_event(self, e: ev.Event) -> None:
        now = self.now
        if isinstance(e, ev.ChapterStarted) and e.scene:
            self.anchors, ambience, self.head, self.heading = _scene_pose(self.content, e.scene)
            self.set_bed(ambience)
        elif isinstance(e, ev.LineStarted) and e.audio:
            move_to = None
            if e.anchor:
                pos = self.where(e.anchor)
            elif e.position is None:
                pos = None
            elif e.head_relative:
                pos = (float(e.position[0]), float(e.position[1]), float(e.position[2]))
                move_to = tuple(float(v) for v in e.move_to) if e.move_to is not None else None
            else:
                pos = self.where(e.position)
            samples = self.audio(e.audio)
            if e.style == "whisper":
                samples = whispered(samples)
            clip = Clip(now, samples, "narration" if pos is None else "voices", pos, line_id=e.line_id,
                        speaker=e.speaker, move_to=move_to)  # type: ignore[arg-type]
            self.lines[e.line_id] = clip
            self.track.clips.append(clip)
        elif isinstance(e, ev.LineEnded):
            ended = self.lines.pop(e.line_id, None)
            if ended is not None and now < ended.start + len(ended.samples) / SR - 0.01:
                ended.end = now
        elif isinstance(e, ev.Cue) and e.kind in ("sound", "ambience"):
            self.cue(e)
        elif isinstance(e, ev.ExperienceEnded):
            self.track.length = now + TAIL
            for c in self.track.clips:
                if c.loop and c.end is None:
                    c.end, c.fade_out = now, TAIL * 0.9

    def cue(self, e: ev.Cue) -> None:
        params, sid = e.params or {}, e.target
        if params.get("action") == "stop":
            fade = float(params.get("fade", 1.0))
            for c in self.track.clips:
                if c.name == f"cue:{sid}" and c.end is None:
                    c.end, c.fade_out = self.now, fade
            if self.bed_id == sid:
                self.set_bed(None, fade)
            return
        if e.kind == "ambience":
            self.set_bed(sid, float(params.get("fade", BED_FADE)), float(params.get("volume", 1.0)))
            return
        sdef = self.sounds.get(sid)
        if sdef is None or sid not in self.paths:
            return
        loop = bool(params.get("loop", sdef.loop))
        if loop and any(c.name == f"cue:{sid}" and c.end is None for c in self.track.clips):
            return
        self.track.clips.append(Clip(
            self.now, self.audio(str(self.paths[sid])), sdef.bus, self.where(params.get("at")),
            loop=loop, volume=float(params.get("volume", 1.0)) * sdef.volume,
            fade_in=float(params.get("fade", 1.0 if loop else 0.0)), name=f"cue:{sid}"))


def collect(content: ContentRoot, narrative: Narrative, limit_s: float = 4 * 3600.0) -> Soundtrack:
    """Play ``narrative`` with a scripted participant; return its clips and length."""
    from ..narrative import TimelinePlayer

    col = _Collector(content, narrative)
    player = TimelinePlayer(narrative)
    player.subscribe(col.on_event)
    player.start()
    waited = 0.0
    for _ in range(int(limit_s / DT)):
        if player.state == "ended":
            break
        player.update(DT)
        col.now += DT
        if player.state in ("hold", "debrief", "checkin", "choice"):
            waited += DT
            if waited >= HOLD_AFTER:
                waited = 0.0
                if player.state in ("hold", "debrief"):
                    player.proceed("render")
                else:
                    player.answer(2 if getattr(player.current_step, "checkin_kind", "") == "scale" else 0,
                                  "render")
    if col.track.length <= 0.0:
        col.on_event(ev.ExperienceEnded(col.now))
    return col.track


def render_track(content: ContentRoot, experience_id: str, locale: str | None = None) -> tuple[Soundtrack, np.ndarray]:
    """An experience's soundtrack: its clips and the mix, (frames, 2) float32 at :data:`SR`.

    Lines without narration are narrated first, into the same cache as ``narrate``.
    """
    from ..narrative import load_narrative

    path = content.narrative_path(experience_id)
    narrative = load_narrative(path, content, locale=locale)
    if _narrate(narrative, content, locale):
        narrative = load_narrative(path, content, locale=locale)  # now with the rendered narration
    _speak_missing(narrative)
    track = collect(content, narrative)
    return track, mix(track)


def render_experience(content: ContentRoot, experience_id: str, out: Path | None, locale: str | None = None) -> float:
    """Render an experience's soundtrack to ``out`` (16-bit stereo WAV); returns its seconds."""
    track, mixed = render_track(content, experience_id, locale)
    if out is not None:
        write_wav(out, mixed)
    return track.length


def _narrate(narrative: Narrative, content: ContentRoot, locale: str | None) -> int:
    """Render missing narration into the narration cache, as ``narrate`` does; returns lines rendered."""
    from ..narrative import plan, render

    got: Any = plan(narrative, content, locale)
    jobs = list(got.jobs.values()) if hasattr(got, "jobs") else list(got[0])
    if not jobs or shutil.which("espeak-ng") is None:
        return 0
    log.info("render-audio: narrating %d lines (espeak-ng, cached for later runs)", len(jobs))
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        for msg in pool.map(render, jobs):
            if msg:
                log.warning("render-audio: %s", msg)
    return len(jobs)


def _speak_missing(narrative: Narrative) -> None:
    """Give lines without audio a quick espeak-ng rendering (temporary files, not the narration cache)."""
    from ..media import espeak_wav

    for line in narrative.lines():
        if line.audio_path:
            continue
        spk = narrative.speakers.get(line.speaker)
        path = espeak_wav(line.text, spk.voice_for(narrative.locale) if spk else "en", spk.rate if spk else 160,
                          spk.pitch if spk else 50)
        if path is None:
            continue
        from ..narrative import level_file

        level_file(path, path)  # the narration level, as narrate makes it
        dur = len(read_audio(path, mono=True)) / SR
        line.audio_path, line.audio_duration = str(path), dur
        if line.set_duration is None:
            line.duration = dur
