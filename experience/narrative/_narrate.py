"""``empathy-vr narrate [ID...]``: render lines without recordings through espeak-ng.

Rendered lines go to the narration cache, keyed by a hash of text, voice
settings and locale (:func:`tts_path`), so a second run finds everything
cached and does nothing. Every rendered line and every recording passes
through one level step (:mod:`._level`: one loudness, with headroom) before
the player uses it; recordings get a levelled copy in the cache. espeak-ng
runs in a small thread pool; the progress bar goes to stderr and works
without a terminal.
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..content import ContentRoot
from ..errors import ContentError, UsageError
from ..voices import MODEL_ID, Blend, install_hint
from ..voices import status as voices_status
from ._level import level_file, level_for_codec, levelled_path
from ._load import compose, load_narrative
from ._model import TUTORIAL_ID, Narrative, Speaker
from ._resolve import (
    find_audio,
    folder_id,
    neural_blend,
    neural_key,
    resolve,
    speaker_for,
    tts_key,
    tts_path,
)
from ._shipped import SHIPPED_EXT, line_folder, read_manifest, update_manifest

if TYPE_CHECKING:
    import numpy.typing as npt

    from ..voices import KokoroVoices

ESPEAK = "espeak-ng"
FALLBACK_VOICE = "en"
OPUS_LEVEL = 0.94
"""libsndfile's Opus compression level: about 22 kbit/s for mono speech, clear and small."""


@dataclass
class Job:
    """One line to render: its text, voice and where the audio goes.

    ``engine`` is ``kokoro`` (the neural voice ``blend``; ``out`` is in the content's drop-in
    layout and ``key`` goes in its manifest) or ``espeak`` (``out`` is in the narration cache).
    ``source``: a recording to level into ``out`` instead of synthesising the text.
    """

    line_id: str
    text: str
    speaker: Speaker
    locale: str
    out: Path
    source: Path | None = None
    engine: str = "espeak"
    blend: Blend | None = None
    key: str = ""
    seconds: float = 0.0
    raw: Path | None = None
    """Where the neural voice's unlevelled output is kept (so a new level does not synthesise again)."""
    lufs: float = float("nan")
    dbtp: float = float("nan")
    """The written file's loudness and true peak, decoded (shipped files only)."""


@dataclass
class Plan:
    """What narrating needs: lines to render (or recordings to level), and what is there already."""

    jobs: dict[Path, Job]
    cached: set[Path]
    recorded: set[tuple[str, str]]
    stale: set[Path] = field(default_factory=set)

    @property
    def total(self) -> int:
        return len(self.jobs) + len(self.cached) + len(self.recorded)


def plan(narrative: Narrative, content: ContentRoot, locale: str | None = None, into: Plan | None = None,
         neural: bool = False, stale_only: bool = False, ship: bool = False) -> Plan:
    """Add ``narrative``'s lines to a plan.

    Args:
        neural: the neural voices can render here (else speakers with one are rendered by espeak-ng).
        stale_only: only lines whose audio was made for another text or voice become jobs.
        ship: espeak-ng renderings of speakers with no neural voice for the locale go into the
            content's drop-in layout (Opus, in the manifest) instead of the cache.
    """
    loc = locale or narrative.locale
    out = into or Plan({}, set(), set())
    for line in narrative.lines():
        found = find_audio(line, narrative, content, loc)
        sp = speaker_for(narrative, line.speaker)
        if found.path is not None and not found.synthetic:  # a recording, even one for an older text
            out.recorded.add((narrative.id, line.id))
            if not found.levelled:
                levelled = levelled_path(content, found.path)
                if not levelled.is_file() and levelled not in out.jobs and not stale_only:
                    out.jobs[levelled] = Job(line.id, line.text, sp, loc, levelled, source=found.path)
            continue
        blend = neural_blend(sp, loc)
        if blend is not None and neural:
            dest = _shipped_path(content, narrative, line, loc)
            _plan_shipped(out, found.stale, stale_only,
                          Job(line.id, line.text, sp, loc, dest, engine="kokoro", blend=blend,
                              key=neural_key(line.text, sp, loc, blend),
                              raw=raw_path(content, line.text, sp, loc, blend)))
            continue
        if ship and blend is None:
            dest = _shipped_path(content, narrative, line, loc)
            _plan_shipped(out, found.stale, stale_only,
                          Job(line.id, line.text, sp, loc, dest, key=tts_key(line.text, sp, loc)))
            continue
        path = tts_path(content, line.text, sp, loc)
        if (found.path is not None and not found.stale) or path.is_file():
            out.cached.add(found.path if found.path is not None and not found.stale else path)
        elif stale_only and not found.stale:
            continue
        elif path not in out.jobs:
            if found.stale:
                out.stale.add(path)
            out.jobs[path] = Job(line.id, line.text, sp, loc, path)
    return out


def _shipped_path(content: Any, narrative: Narrative, line: Any, loc: str) -> Path:
    """Where a rendering that ships goes: ``audio/narration/<id>/<locale>/<line>.opus``."""
    return line_folder(content, folder_id(narrative, line), loc) / f"{line.id}{SHIPPED_EXT}"


def _plan_shipped(out: Plan, stale: bool, stale_only: bool, job: Job) -> None:
    """Plan ``job``, a rendering that ships, unless its folder's manifest already holds it for its key."""
    dest = job.out
    entry = read_manifest(dest.parent).get(job.line_id)
    if entry and entry.get("key") == job.key and (dest.parent / str(entry.get("file", ""))).is_file():
        out.cached.add(dest)
        return
    if stale:
        out.stale.add(dest)
    if (stale_only and not stale) or dest in out.jobs:
        return
    out.jobs[dest] = job


def espeak_command(job: Job, wav: Path, voice: str | None = None) -> list[str]:
    sp = job.speaker
    return [ESPEAK, "-v", voice or sp.voice_for(job.locale), "-p", str(sp.pitch), "-s", str(sp.rate),
            "-w", str(wav), "--", job.text]


def render(job: Job) -> str:
    """Render one line (worker thread), levelled; returns a warning, or '' when all went well."""
    if job.engine == "kokoro":
        return _render_neural(job)
    job.out.parent.mkdir(parents=True, exist_ok=True)
    if job.source is not None:
        try:
            level_file(job.source, job.out)
        except (OSError, ValueError) as exc:
            return f"line {job.line_id}: cannot level the recording {job.source.name}: {exc}"
        return ""
    fd, tmp = tempfile.mkstemp(suffix=".wav", dir=job.out.parent)
    os.close(fd)
    warning = ""
    shipped = job.out.suffix == SHIPPED_EXT
    try:
        done = subprocess.run(espeak_command(job, Path(tmp)), capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            warning = (f"line {job.line_id}: espeak-ng voice '{job.speaker.voice_for(job.locale)}' failed "
                       f"({done.stderr.strip() or done.returncode}); used '{FALLBACK_VOICE}'")
            done = subprocess.run(espeak_command(job, Path(tmp), FALLBACK_VOICE), capture_output=True,
                                  text=True, timeout=120)
            if done.returncode != 0:
                return f"line {job.line_id}: espeak-ng failed: {done.stderr.strip() or done.returncode}"
        if shipped:  # levelled through the codec, like the neural voices' files
            from ..media import read_wav

            x, rate = read_wav(Path(tmp))
            x, rate = _opus_rate(x, rate)
            job.seconds = len(x) / rate
            _write_levelled(job, x, rate)
        else:
            level_file(Path(tmp), job.out)  # atomic: a half-written file is never in the cache
        return warning
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


_engine_lock = threading.Lock()
_engine: list[KokoroVoices] = []


def neural_engine(threads: int | None = None) -> KokoroVoices:
    """The process's one :class:`~experience.voices.KokoroVoices` (opened on first use)."""
    with _engine_lock:
        if not _engine:
            from ..voices import KokoroVoices

            _engine.append(KokoroVoices(threads=threads))
        return _engine[0]


def raw_path(content: Any, text: str, speaker: Speaker, locale: str, blend: Blend) -> Path:
    """The cache file of a line's unlevelled neural rendering (model, voice, speed, shift, text, locale)."""
    raw = "\x1f".join(("kokoro", MODEL_ID, blend.spec(), f"{speaker.speed:g}", f"{speaker.shift_for(locale):g}",
                       text, locale))
    return Path(content.cache) / "narration" / "neural-raw" / f"{hashlib.sha1(raw.encode()).hexdigest()[:20]}.flac"


def _synthesize(job: Job) -> Any:
    """The voice's output for the job, from the raw cache when it was made before."""
    import numpy as np
    import soundfile

    from ..voices import SR

    assert job.blend is not None
    if job.raw is not None and job.raw.is_file():
        try:
            audio, rate = soundfile.read(str(job.raw), dtype="float32")
            if rate == SR and audio.ndim == 1:
                return audio
        except (OSError, RuntimeError):
            pass
    audio = np.asarray(neural_engine().synthesize(job.text, job.blend, job.speaker.speed,
                                                     job.speaker.shift_for(job.locale)))
    if job.raw is not None and len(audio):
        job.raw.parent.mkdir(parents=True, exist_ok=True)
        tmp = job.raw.with_name(job.raw.name + ".part")
        soundfile.write(str(tmp), np.clip(audio, -1.0, 1.0), SR, format="FLAC", subtype="PCM_24")
        os.replace(tmp, job.raw)
    return audio


def _render_neural(job: Job) -> str:
    from ..voices import SR, InstallError, PhonemeError

    assert job.blend is not None
    try:
        audio = _synthesize(job)
    except (InstallError, PhonemeError) as exc:
        return f"line {job.line_id}: failed: {exc}"
    if len(audio) == 0:
        return f"line {job.line_id}: failed: the voice produced no sound"
    job.seconds = len(audio) / SR
    _write_levelled(job, audio, SR)
    return ""


def _write_levelled(job: Job, x: Any, rate: int) -> None:
    """Level ``x`` through the Opus codec and write it to the job's file; the figures go in the manifest."""
    y, job.lufs, job.dbtp = level_for_codec(x, rate, lambda v: opus_roundtrip(v, rate))
    write_compressed(job.out, y, rate)


OPUS_RATE = 24000
"""espeak-ng speaks at 22.05 kHz, which Opus does not take: its renderings are resampled to this."""


def _opus_rate(x: Any, rate: int) -> tuple[Any, int]:
    """``x`` at a rate Opus takes (unchanged when it already is one)."""
    import math

    from scipy.signal import resample_poly

    if rate in (8000, 12000, 16000, 24000, 48000):
        return x, rate
    g = math.gcd(OPUS_RATE, rate)
    return resample_poly(x, OPUS_RATE // g, rate // g), OPUS_RATE


def _opus(samples: Any, rate: int) -> Any:
    import numpy as np

    return np.clip(np.asarray(samples, dtype=np.float32), -1.0, 1.0)


def write_compressed(path: Path, samples: npt.ArrayLike, rate: int) -> None:
    """Write mono float samples as Opus in Ogg (about 22 kbit/s), atomically."""
    import soundfile

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    soundfile.write(str(tmp), _opus(samples, rate), rate, format="OGG", subtype="OPUS",
                    compression_level=OPUS_LEVEL)
    os.replace(tmp, path)


def opus_roundtrip(samples: Any, rate: int) -> Any:
    """``samples`` as a player hears them from :func:`write_compressed`'s file: encoded, then decoded."""
    import io

    import soundfile

    buf = io.BytesIO()
    soundfile.write(buf, _opus(samples, rate), rate, format="OGG", subtype="OPUS", compression_level=OPUS_LEVEL)
    buf.seek(0)
    decoded, _ = soundfile.read(buf, dtype="float64")
    return decoded if decoded.ndim == 1 else decoded.mean(axis=1)


class Progress:
    """A stdlib progress bar: redrawn in place on a terminal, a line per 10% otherwise."""

    def __init__(self, total: int, label: str, stream: TextIO, width: int = 30) -> None:
        self.total, self.label, self.stream, self.width = total, label, stream, width
        self.done = 0
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self._last_decile = -1

    def step(self, n: int = 1) -> None:
        self.done += n
        frac = self.done / self.total if self.total else 1.0
        filled = int(frac * self.width)
        bar = f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} {self.label}"
        if self.tty:
            self.stream.write("\r" + bar + ("\n" if self.done >= self.total else ""))
        elif int(frac * 10) != self._last_decile or self.done >= self.total:
            self._last_decile = int(frac * 10)
            self.stream.write(bar + "\n")
        self.stream.flush()


def narrate_main(ids: list[str], content: ContentRoot, locale: str | None = None, workers: int = 4,
                 err: TextIO | None = None, runner: Callable[[Job], str] = render,
                 stale_only: bool = False, engine: str = "auto", neural: bool | None = None,
                 ship: bool = False) -> int:
    """Render missing (or, with ``stale_only``, only stale) narration for ``ids`` (default: all).

    Args:
        engine: ``auto`` (neural voices where installed, else espeak-ng), ``kokoro`` (fail without
            them) or ``espeak``.
        neural: force whether the neural voices are used (tests with a fake ``runner``).
        ship: espeak-ng renderings (speakers with no neural voice for the locale) are written to be
            shipped with the content, like the neural voices' (see :func:`plan`).

    Returns:
        the exit status.
    """
    err = err or sys.stderr
    known = content.experience_ids()
    for i in ids:
        if i not in known:
            raise UsageError(f"narrate: unknown experience {i!r} (known: {', '.join(known) or 'none'})")
    available, why = _neural_available(engine)
    neural = available if neural is None else neural
    if engine == "kokoro" and not neural:
        print(f"narrate: neural voices unavailable: {why}; {install_hint()}", file=err)
        return 1
    work = Plan({}, set(), set())
    try:
        for n in _narratives(ids or known, content, locale):
            plan(n, content, locale, work, neural=neural, stale_only=stale_only, ship=ship)
    except ContentError as exc:
        for d in exc.diagnostics:
            print(d.format(), file=err)
        return 1
    jobs = work.jobs
    if runner is render and shutil.which(ESPEAK) is None and any(j.source is None for j in jobs.values()):
        print("narrate: espeak-ng is not installed (Debian/Ubuntu: apt-get install espeak-ng)", file=err)
        return 1
    if why and engine == "auto" and any(j.engine == "espeak" and not j.key for j in jobs.values()):
        print(f"narrate: neural voices not used ({why}); rendering with espeak-ng into the cache. "
              f"For the neural voices, {install_hint()}", file=err)
    if not jobs:
        what = "stale lines" if stale_only else "lines"
        print(f"narrate: no {what} to render, nothing to do: {work.total} lines have a recording "
              f"({len(work.recorded)}) or up-to-date narration ({len(work.cached)})", file=err)
        return 0
    levelling = sum(j.source is not None for j in jobs.values())
    bar = Progress(len(jobs), "lines rendered" if not levelling else "lines rendered or levelled", err)
    problems: list[str] = []
    neural_jobs = [j for j in jobs.values() if j.engine == "kokoro"]
    start = time.perf_counter()
    cores = os.cpu_count() or 1
    # Each neural inference already uses every core; two at once keep them busy between lines.
    width = min(2, cores) if neural_jobs else min(workers, cores)
    with ThreadPoolExecutor(max_workers=max(1, min(width, len(jobs)))) as pool:
        futures = {pool.submit(runner, j): j for j in jobs.values()}
        for fut in as_completed(futures):
            job, msg = futures[fut], fut.result()
            if msg:
                problems.append(msg)
            elif job.key:
                _record(job)
            bar.step()
    took = time.perf_counter() - start
    for msg in problems:
        print(f"narrate: {msg}", file=err)
    failed = sum("failed:" in m for m in problems)
    spoken = sum(j.seconds for j in neural_jobs)
    if spoken > 0:
        print(f"narrate: {len(neural_jobs)} lines, {spoken:.0f} s of speech in {took:.0f} s "
              f"(real-time factor {took / spoken:.2f}) with the neural voices", file=err)
    print(f"narrate: {len(jobs) - levelling - failed} rendered, {levelling} recordings levelled, "
          f"{len(work.cached)} up to date, {len(work.recorded)} recorded, {failed} failed "
          f"({len(work.stale)} were stale)", file=err)
    return 1 if failed else 0


def _neural_available(engine: str) -> tuple[bool, str]:
    if engine == "espeak":
        return False, "--engine espeak"
    why = voices_status()
    return not why, why


def _record(job: Job) -> None:
    """Note a shipped rendering in its folder's manifest (main thread, as each line finishes)."""
    if job.blend is not None:
        entry = {"file": job.out.name, "engine": "kokoro", "key": job.key, "voice": job.blend.spec(),
                 "speed": job.speaker.speed, "shift": job.speaker.shift_for(job.locale),
                 "seconds": round(job.seconds, 3)}
    else:
        entry = {"file": job.out.name, "engine": "espeak-ng", "key": job.key,
                 "voice": job.speaker.voice_for(job.locale), "pitch": job.speaker.pitch,
                 "rate": job.speaker.rate, "seconds": round(job.seconds, 3)}
    if math.isfinite(job.lufs):
        entry.update(lufs=round(job.lufs, 2), dbtp=round(job.dbtp, 2))
    update_manifest(job.out.parent, {job.line_id: entry})


def _narratives(ids: list[str], content: ContentRoot, locale: str | None) -> list[Narrative]:
    """Each experience, plus the tutorial as composed with it (its lines name the experience)."""
    out: list[Narrative] = []
    tut_path = Path(content.narratives) / f"{TUTORIAL_ID}.yaml"
    for i in ids:
        n = load_narrative(content.narrative_path(i), content, locale)
        out.append(n)
        if i != TUTORIAL_ID and tut_path.exists():
            tut = load_narrative(tut_path, content, locale)
            session = compose(tut, n)
            part = [c for c in session.chapters if c.source == tut.source]
            filled = Narrative(id=tut.id, title=tut.title, speakers=tut.speakers, timing=tut.timing,
                               chapters=part, locale=tut.locale)
            out.append(resolve(filled, content, tut.locale))
    return out
