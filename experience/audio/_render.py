"""Offline render of an experience's soundtrack: ``render-audio ID out.wav``.

The timeline player runs on a manual clock with a scripted participant
(holds continued, check-ins answered); its events become clips on a
timeline, which a numpy mixer renders binaurally from the scripted head
pose: the scene's seat, looking ahead. Narration, voices, cues and beds,
with the same ducking as the live mix.
"""

from __future__ import annotations

import logging
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .. import events as ev
from ._binaural import spatialise, to_head
from ._dsp import SR
from ._library import ensure_sounds, load_registry
from ._mixer import MixerSettings
from ._wavio import read_audio, write_wav
from ._whisper import whispered

log = logging.getLogger("experience.audio")

DT = 1.0 / 32.0
HOLD_AFTER = 1.0
TAIL = 1.0
"""Seconds of soundtrack after the experience ends (fades finish)."""


@dataclass
class Clip:
    start: float
    samples: np.ndarray  # mono
    bus: str
    pos: tuple[float, float, float] | None = None  # head coordinates; None: centred
    end: float | None = None  # cut here (seconds), else plays out (loops: until end)
    loop: bool = False
    volume: float = 1.0
    fade_in: float = 0.0
    fade_out: float = 0.08
    name: str = ""


@dataclass
class Soundtrack:
    clips: list[Clip] = field(default_factory=list)
    length: float = 0.0


def _scene_pose(content: Any, scene: str) -> tuple[dict[str, Any], str | None, tuple[float, float, float], float]:
    try:
        from ..scene import load_scene_spec

        spec = load_scene_spec(content.scenes / f"{scene}.yaml")
    except Exception:
        return {}, None, (0.0, 0.0, 1.2), 0.0
    p = spec.participant
    head = (p.position[0], p.position[1], p.position[2] + p.eye_height)
    return dict(spec.anchors), spec.ambience, head, p.heading


class _Collector:
    """Turns player events into clips."""

    def __init__(self, content: Any, narrative: Any) -> None:
        self.content, self.narrative = content, narrative
        self.track = Soundtrack()
        self.sounds = load_registry(content)[0]
        self.paths = ensure_sounds(content)
        self.decoded: dict[str, np.ndarray] = {}
        self.now = 0.0
        self.anchors: dict[str, Any] = {}
        self.head: tuple[float, float, float] = (0.0, 0.0, 1.2)
        self.heading = 0.0
        self.lines: dict[str, Clip] = {}
        self.bed: Clip | None = None
        self.bed_id: str | None = None

    def audio(self, path: str) -> np.ndarray:
        if path not in self.decoded:
            self.decoded[path] = read_audio(Path(path), mono=True)
        return self.decoded[path]

    def where(self, at: Any) -> tuple[float, float, float] | None:
        if isinstance(at, str) and at in self.anchors:
            at = self.anchors[at]
        if isinstance(at, (list, tuple)) and len(at) == 3:
            return to_head((float(at[0]), float(at[1]), float(at[2])), self.head, self.heading)
        return None

    def set_bed(self, sid: str | None, fade: float = 1.5) -> None:
        if sid == self.bed_id:
            return
        if self.bed is not None:
            self.bed.end, self.bed.fade_out = self.now, fade
        self.bed, self.bed_id = None, sid
        if sid and sid in self.paths:
            sdef = self.sounds[sid]
            self.bed = Clip(self.now, self.audio(str(self.paths[sid])), "ambience", loop=True,
                            volume=sdef.volume, fade_in=fade, name=f"bed:{sid}")
            self.track.clips.append(self.bed)

    def on_event(self, e: ev.Event) -> None:
        now = self.now
        if isinstance(e, ev.ChapterStarted) and e.scene:
            self.anchors, ambience, self.head, self.heading = _scene_pose(self.content, e.scene)
            self.set_bed(ambience)
        elif isinstance(e, ev.LineStarted) and e.audio:
            if e.anchor:
                pos = self.where(e.anchor)
            elif e.position is None:
                pos = None
            else:
                pos = tuple(e.position) if e.head_relative else self.where(e.position)  # type: ignore[assignment]
            samples = self.audio(e.audio)
            if e.style == "whisper":
                samples = whispered(samples)
            clip = Clip(now, samples, "narration" if pos is None else "voices", pos)
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
            self.set_bed(sid, float(params.get("fade", 1.5)))
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


def collect(content: Any, narrative: Any, limit_s: float = 4 * 3600.0) -> Soundtrack:
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


def mix(track: Soundtrack, settings: MixerSettings | None = None) -> np.ndarray:
    """Render the clips to (frames, 2) float32, with ambience ducked under speech."""
    s = settings or MixerSettings()
    n = int(track.length * SR)
    out = np.zeros((n, 2), np.float32)
    # Ducking envelope at 100 Hz control rate from the speech intervals.
    ctl = np.zeros(int(track.length * 100) + 2, np.float32)
    for c in track.clips:
        if c.bus in ("narration", "voices"):
            end = c.end if c.end is not None else c.start + len(c.samples) / SR
            ctl[int(c.start * 100) : int(end * 100) + 1] = 1.0
    duck = np.ones_like(ctl)
    att, rel = 1.0 / max(1, s.duck_attack * 100), 1.0 / max(1, s.duck_release * 100)
    level = 1.0
    for i, on in enumerate(ctl):
        level = max(s.duck_level, level - att) if on else min(1.0, level + rel)
        duck[i] = level
    for c in track.clips:
        _add_clip(out, c, duck)
    for b0 in range(0, n, BLOCK):  # a soft limiter above -2 dBFS instead of clipping
        blk = out[b0 : b0 + BLOCK]
        over = np.abs(blk) > 0.8
        if over.any():
            v = blk[over]
            blk[over] = np.sign(v) * (0.8 + 0.19 * np.tanh((np.abs(v) - 0.8) / 0.19))
    return out


BLOCK = 10 * SR
"""Frames mixed at a time: long beds never exist whole in memory."""


def _add_clip(out: np.ndarray, c: Clip, duck: np.ndarray) -> None:
    n = len(out)
    a = int(c.start * SR)
    stop = c.end if c.end is not None else c.start + len(c.samples) / SR
    end = n if c.end is None and c.loop else int(stop * SR)
    if c.end is not None:
        end += int(c.fade_out * SR)  # the fade-out plays past the cut
    end = min(n, end)
    if end <= a or len(c.samples) == 0:
        return
    # Spatialise the source once; a loop repeats the rendered stereo.
    src = c.samples.astype(np.float32) * c.volume
    stereo = spatialise(src, c.pos) if c.pos is not None else np.repeat(src[:, None], 2, axis=1)
    if not c.loop:
        end = min(end, a + len(stereo))
    fin = int(c.fade_in * SR)
    fout_at = int(c.end * SR) if c.end is not None else None
    fout = max(1, int(c.fade_out * SR))
    for b0 in range(a, end, BLOCK):
        b1 = min(end, b0 + BLOCK)
        idx = np.arange(b0 - a, b1 - a)
        y = stereo[idx % len(stereo)] if c.loop else stereo[idx]
        g = np.ones(b1 - b0, np.float32)
        if fin > 0:
            g *= np.clip(idx / fin, 0.0, 1.0).astype(np.float32)
        if fout_at is not None:
            g *= np.clip(1.0 - (np.arange(b0, b1) - fout_at) / fout, 0.0, 1.0).astype(np.float32)
        if c.bus == "ambience":
            g *= np.interp(np.arange(b0, b1) / SR * 100, np.arange(len(duck)), duck).astype(np.float32)
        out[b0:b1] += y * g[:, None]


def render_experience(content: Any, experience_id: str, out: Path, locale: str | None = None) -> float:
    """Render an experience's soundtrack to ``out`` (16-bit stereo WAV); returns its seconds."""
    from ..narrative import load_narrative

    path = content.narrative_path(experience_id)
    narrative = load_narrative(path, content, locale=locale)
    if _narrate(narrative, content, locale):
        narrative = load_narrative(path, content, locale=locale)  # now with the rendered narration
    _speak_missing(narrative)
    track = collect(content, narrative)
    write_wav(out, mix(track))
    return track.length


def _narrate(narrative: Any, content: Any, locale: str | None) -> int:
    """Render missing narration into the narration cache, as ``narrate`` does; returns lines rendered."""
    from ..narrative._narrate import plan, render

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


def _speak_missing(narrative: Any) -> None:
    """Give lines without audio a quick espeak-ng rendering (temporary files, not the narration cache)."""
    from ._whisper import espeak_wav

    for line in narrative.lines():
        if line.audio_path:
            continue
        spk = narrative.speakers.get(line.speaker)
        path = espeak_wav(line.text, getattr(spk, "voice", "en"), getattr(spk, "rate", 160),
                          getattr(spk, "pitch", 50))
        if path is None:
            continue
        dur = len(read_audio(path, mono=True)) / SR
        line.audio_path, line.audio_duration = str(path), dur
        if line.set_duration is None:
            line.duration = dur
