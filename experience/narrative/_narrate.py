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

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..errors import ContentError, UsageError
from ._level import level_file, levelled_path
from ._load import TUTORIAL_ID, compose, load_narrative
from ._model import Narrative, Speaker
from ._resolve import recording_candidates, resolve, speaker_for, tts_path

ESPEAK = "espeak-ng"
FALLBACK_VOICE = "en"


@dataclass(frozen=True)
class Job:
    """One line to render: its text, voice and where the WAV goes.

    ``source``: a recording to level into ``out`` instead of synthesising the text.
    """

    line_id: str
    text: str
    speaker: Speaker
    locale: str
    out: Path
    source: Path | None = None


@dataclass
class Plan:
    """What narrating needs: lines to render (or recordings to level), and what is there already."""

    jobs: dict[Path, Job]
    cached: set[Path]
    recorded: set[tuple[str, str]]

    @property
    def total(self) -> int:
        return len(self.jobs) + len(self.cached) + len(self.recorded)


def plan(narrative: Narrative, content: Any, locale: str | None = None, into: Plan | None = None) -> Plan:
    """Add ``narrative``'s lines to a plan: lines without a recording whose narration is not cached are jobs."""
    loc = locale or narrative.locale
    out = into or Plan({}, set(), set())
    for line in narrative.lines():
        sp = speaker_for(narrative, line.speaker)
        rec = next((p for p in recording_candidates(content, narrative.id, line, loc) if p.is_file()), None)
        if rec is not None:
            out.recorded.add((narrative.id, line.id))
            levelled = levelled_path(content, rec)
            if not levelled.is_file() and levelled not in out.jobs:
                out.jobs[levelled] = Job(line.id, line.text, sp, loc, levelled, source=rec)
            continue
        path = tts_path(content, line.text, sp, loc)
        if path.is_file():
            out.cached.add(path)
        elif path not in out.jobs:
            out.jobs[path] = Job(line.id, line.text, sp, loc, path)
    return out


def espeak_command(job: Job, wav: Path, voice: str | None = None) -> list[str]:
    sp = job.speaker
    return [ESPEAK, "-v", voice or sp.voice_for(job.locale), "-p", str(sp.pitch), "-s", str(sp.rate),
            "-w", str(wav), "--", job.text]


def render(job: Job) -> str:
    """Render one line (worker thread), levelled; returns a warning, or '' when all went well."""
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
    try:
        done = subprocess.run(espeak_command(job, Path(tmp)), capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            warning = (f"line {job.line_id}: espeak-ng voice '{job.speaker.voice_for(job.locale)}' failed "
                       f"({done.stderr.strip() or done.returncode}); used '{FALLBACK_VOICE}'")
            done = subprocess.run(espeak_command(job, Path(tmp), FALLBACK_VOICE), capture_output=True,
                                  text=True, timeout=120)
            if done.returncode != 0:
                return f"line {job.line_id}: espeak-ng failed: {done.stderr.strip() or done.returncode}"
        level_file(Path(tmp), job.out)  # atomic: a half-written file is never in the cache
        return warning
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


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


def narrate_main(ids: list[str], content: Any, locale: str | None = None, workers: int = 4,
                 err: TextIO | None = None, runner: Callable[[Job], str] = render) -> int:
    """Render missing narration for experiences ``ids`` (default: all). Returns the exit status."""
    err = err or sys.stderr
    known = content.experience_ids()
    for i in ids:
        if i not in known:
            raise UsageError(f"narrate: unknown experience {i!r} (known: {', '.join(known) or 'none'})")
    work = Plan({}, set(), set())
    try:
        for n in _narratives(ids or known, content, locale):
            plan(n, content, locale, work)
    except ContentError as exc:
        for d in exc.diagnostics:
            print(d.format(), file=err)
        return 1
    jobs = work.jobs
    if runner is render and shutil.which(ESPEAK) is None and any(j.source is None for j in jobs.values()):
        print("narrate: espeak-ng is not installed (Debian/Ubuntu: apt-get install espeak-ng)", file=err)
        return 1
    if not jobs:
        print(f"narrate: all {work.total} lines have a recording ({len(work.recorded)}) or are cached "
              f"({len(work.cached)}); nothing to do", file=err)
        return 0
    levelling = sum(j.source is not None for j in jobs.values())
    bar = Progress(len(jobs), "lines rendered" if not levelling else "lines rendered or levelled", err)
    problems: list[str] = []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, os.cpu_count() or 1, len(jobs)))) as pool:
        for fut in as_completed([pool.submit(runner, j) for j in jobs.values()]):
            msg = fut.result()
            if msg:
                problems.append(msg)
            bar.step()
    for msg in problems:
        print(f"narrate: {msg}", file=err)
    failed = sum("failed:" in m for m in problems)
    print(f"narrate: {len(jobs) - levelling - failed} rendered, {levelling} recordings levelled, "
          f"{len(work.cached)} already cached, "
          f"{len(work.recorded)} recorded, {failed} failed (cache: {Path(content.cache) / 'narration'})", file=err)
    return 1 if failed else 0


def _narratives(ids: list[str], content: Any, locale: str | None) -> list[Narrative]:
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
