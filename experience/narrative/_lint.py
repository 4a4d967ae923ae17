"""The narrative lint: everything :func:`parse_file` finds, plus cross-file checks.

Cross-file checks use the other areas when they are there (scenes, sounds,
effects, flash rates) and degrade to simpler checks when they are not.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..content import ContentRoot
from ..errors import Diagnostic, display_path
from ..text import Pos, caption_wpm_limit, did_you_mean, read_strings, strings_path
from ._model import TUTORIAL_ID, AskQuestionnaire, Choice, Cue, Jump, Label, Line, Narrative, Step
from ._policy import safety_practice
from ._resolve import caption_pages, readable_seconds, resolve_line, word_count
from ._strings import apply_strings, check_strings
from ._timeline import END

if TYPE_CHECKING:
    from ..scene import SceneSpec

UNSTABLE_ID = re.compile(r"^(line|l|step|s|id|text)[_-]?\d+$", re.IGNORECASE)
SOUND_CUES = ("sound", "ambience")


class _Located(Protocol):
    """What a message can point at: a step, a chapter or anything else parsed with its position."""

    @property
    def pos(self) -> Pos: ...


class _Report(Protocol):
    def __call__(self, step: _Located, message: str, hint: str = "", severity: str = "error",
                 pos: Pos | None = None) -> None: ...


def lint_narrative(n: Narrative, content: ContentRoot | None = None, errors_only: bool = False) -> list[Diagnostic]:
    """Checks that need the whole narrative, and the content pack when given.

    Args:
        n: the parsed (unresolved) narrative.
        content: the content root, for the cross-file checks; None skips them.
        errors_only: skip the checks that can only warn (timing, narration, safety
            practice): what the loader runs to refuse exactly what ``check`` calls an error.
    """
    out: list[Diagnostic] = []

    def report(step: _Located, message: str, hint: str = "", severity: str = "error", pos: Pos | None = None) -> None:
        line, col = pos or step.pos
        out.append(Diagnostic(n.source, line, col, severity, message, hint))

    _ids(n, report)
    _flow(n, report)
    if not errors_only:
        out += safety_practice(n)
        if content is not None:
            out += _tutorial(n, content)
        _timing(n, content, report)
        _voices(n, out)  # asks espeak-ng: check only, not the loader's gate
    if content is not None:
        _questionnaires(n, content, report)
        _scenes(n, content, report)
        _cues(n, content, report)
        _translations(n, content, out)
    return out


def _tutorial(n: Narrative, content: ContentRoot) -> list[Diagnostic]:
    """A pack's experience plays after the pack's own tutorial: without one, no consent is asked."""
    if n.id == TUTORIAL_ID or (Path(content.narratives) / f"{TUTORIAL_ID}.yaml").exists():
        return []
    return [Diagnostic(n.source, 1, 1, "warning", f"this content pack has no narratives/{TUTORIAL_ID}.yaml: "
                       f"'{n.id}' would start at once, without the consent hold, the calm-place practice or its "
                       "content warnings in the headset", f"copy the bundled narratives/{TUTORIAL_ID}.yaml and "
                       "scenes/workshop.yaml into the pack (narratives/README.md, Your own content pack)")]


def _questionnaires(n: Narrative, content: ContentRoot, report: _Report) -> None:
    """A questionnaire step names a questionnaire of the pack and a phase with headset items."""
    from ..questionnaire import Questionnaires

    pack = Questionnaires(Path(content.questionnaires))
    for c in n.chapters:
        for s in c.steps:
            if not isinstance(s, AskQuestionnaire):
                continue
            if s.questionnaire not in pack.ids():
                report(s, f"no questionnaire '{s.questionnaire}' in questionnaires/",
                       did_you_mean(s.questionnaire, pack.ids()))
                continue
            try:
                q = pack.load(s.questionnaire)
            except Exception:  # its own errors are reported for the questionnaire file
                continue
            if s.phase not in q.phases:
                report(s, f"questionnaire '{q.id}' has no phase '{s.phase}'", did_you_mean(s.phase, q.phases))
            elif not q.headset_items(s.phase):
                report(s, f"questionnaire '{q.id}' has no headset items in '{s.phase}': this step asks nothing",
                       "mark short items 'headset: true' in the questionnaire", "warning")


def _ids(n: Narrative, report: _Report) -> None:
    seen: dict[str, Step] = {}
    labels: dict[str, Step] = {}
    chapter_ids = {c.id for c in n.chapters}
    for c in n.chapters:
        for s in c.steps:
            sid = getattr(s, "id", "")
            if sid:
                if sid in seen:
                    report(s, f"id '{sid}' is used twice (first at line {seen[sid].pos[0]})",
                           "line, hold, check-in and choice ids must be unique: translations are keyed by them")
                seen.setdefault(sid, s)
                if isinstance(s, Line) and UNSTABLE_ID.match(sid):
                    report(s, f"id '{sid}' looks like a position, not a name", "ids must survive edits: "
                           "name lines after the chapter and moment, e.g. 'bus_driver_1'", "warning")
            if isinstance(s, Label):
                if s.name in labels:
                    report(s, f"label '{s.name}' is defined twice (first at line {labels[s.name].pos[0]})")
                elif s.name in chapter_ids:
                    report(s, f"label '{s.name}' has the name of a chapter", "jumps could not tell them apart")
                labels.setdefault(s.name, s)


def _flow(n: Narrative, report: _Report) -> None:
    targets = {c.id for c in n.chapters} | set(n.labels()) | {END}
    for c in n.chapters:
        dead = False
        for s in c.steps:
            if isinstance(s, Label):
                dead = False
                continue
            if dead:
                report(s, f"this {s.kind} can never play: the step before always jumps away",
                       "add a label before it and jump there, or remove it", "warning")
                dead = False  # one message per unreachable run
                continue
            if isinstance(s, Jump):
                if s.target not in targets:
                    report(s, f"jump to '{s.target}', which is no label or chapter",
                           did_you_mean(s.target, targets))
                dead = True
            elif isinstance(s, Choice):
                for o in s.options:
                    if o.jump and o.jump not in targets:
                        report(s, f"option '{o.text}' jumps to '{o.jump}', which is no label or chapter",
                               did_you_mean(o.jump, targets), pos=o.pos)
                dead = bool(s.options) and all(o.jump for o in s.options)


def _caption_speed(line: Line, limit: float, locale: str) -> tuple[str, str] | None:
    """The too-fast warning for one resolved line (message, hint), or None.

    Reading speed is judged per on-screen page: a long line shown two rows at a
    time is too fast when any one page is shown too briefly for its words.
    """
    if line.duration <= 0:
        return None
    pages = caption_pages(line.text, line.duration)
    worst = None
    for i, (text, secs) in enumerate(pages):
        words = word_count(text)
        wpm = words * 60.0 / secs if secs > 0 else float("inf")
        if words and wpm > limit + 1e-6 and (worst is None or wpm > worst[1]):  # held at the limit is fine
            worst = (i, wpm)
    if worst is None:
        return None
    i, wpm = worst
    where = "" if len(pages) == 1 else f" (page {i + 1} of {len(pages)}, on screen {pages[i][1]:.1f} s)"
    return (f"caption of line '{line.id}' is too fast to read: {wpm:.0f} words per minute{where} "
            f"(limit {limit:.0f} for '{locale}')",
            f"give it at least {readable_seconds(line.text, limit):.1f} s, or split the line")


def _cmd(content: ContentRoot | None, rest: str) -> str:
    """A command for a hint, with ``--content DIR`` when the pack is not the bundled one."""
    return content.command(rest) if content is not None else f"python run_vr.py {rest}"


def _timing(n: Narrative, content: ContentRoot | None, report: _Report) -> None:
    limit = caption_wpm_limit(n.timing.max_caption_wpm, n.locale)
    declared = bool(n.speakers)
    unrecorded: list[Line] = []
    for line in n.lines():
        resolve_line(line, n, content, n.locale)
        if content is not None and (line.audio_path is None or line.tts):
            unrecorded.append(line)
        if line.audio and content is not None and (line.audio_path is None or line.tts):
            report(line, f"audio '{line.audio}' not found in audio/", "the line will use synthesised "
                   f"narration ({_cmd(content, 'narrate')}); check the path, relative to audio/", "warning")
        elif line.audio_path and not line.tts and line.audio_duration is None:
            report(line, f"cannot read the duration of '{line.audio or Path(line.audio_path).name}'",
                   "recordings must be WAV, FLAC, Opus or Ogg Vorbis files; the line is timed from its text",
                   "warning")
        if line.stale:
            name = Path(line.audio_path or "").name
            if line.tts:
                report(line, f"the narration of line '{line.id}' ({name}) was made for another text or voice",
                       f"render it again: {_cmd(content, f'narrate --stale {n.id}')}", "warning")
            else:
                report(line, f"the recording of line '{line.id}' ({name}) was made for an older text",
                       f"record it again: {_cmd(content, f'record {n.id}')}", "warning")
        fast = _caption_speed(line, limit, n.locale)
        if fast:
            report(line, *fast, "warning")
        if declared and line.speaker and line.speaker not in n.speakers:
            report(line, f"speaker '{line.speaker}' is not in 'speakers'",
                   did_you_mean(line.speaker, n.speakers) or "add a voice for it under 'speakers'", "warning")
    unlevelled = [line for line in n.lines() if line.audio_path and not line.tts and not line.levelled]
    if unlevelled and content is not None:
        report(unlevelled[0], f"{len(unlevelled)} recording(s) not levelled yet: they play as recorded, "
               "not at the narration level", f"level them with: {_cmd(content, f'narrate {n.id}')}", "warning")
    if unrecorded:
        # Lines filled in per experience ({title}) are rendered in each experience's folder, not here.
        missing = sum(1 for line in unrecorded if not line.tts and "{" not in line.text)
        rendered = f"{missing} not rendered yet" if missing else "all rendered"
        todo = (f"render it with: {_cmd(content, f'narrate {n.id}')}; recordings go in audio/narration/" if missing
                else f"to record real voices instead: {_cmd(content, f'record {n.id}')}")
        report(unrecorded[0], f"{len(unrecorded)} of {len(n.lines())} lines have no recording: synthesised "
               f"narration will be used ({rendered})", f"{todo} (narratives/README.md, Narration)", "warning")


def _speaker_line(n: Narrative, name: str, voice: str) -> int:
    """The file line where a speaker's voice is given (speakers keep no positions)."""
    try:
        rows = Path(n.source).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    inside = False
    for i, row in enumerate(rows, 1):
        if row.startswith("speakers:"):
            inside = True
        elif inside and row.strip() and not row.startswith((" ", "\t", "#")):
            break
        if inside and voice in row and name.split()[0] in row:
            return i
    return 1


def _voices(n: Narrative, out: list[Diagnostic]) -> None:
    """Voice variants espeak-ng would ignore (an error), asked of the installed espeak-ng."""
    from ._variants import espeak_available, variant_problem

    asked = [(name, v) for name, sp in n.speakers.items()
             for v in dict.fromkeys((sp.voice, *(x for _, x in sp.locale_voices))) if "+" in v]
    if not asked:
        return
    if not espeak_available():
        out.append(Diagnostic(n.source, _speaker_line(n, *asked[0]), 1, "warning",
                              "could not check the voice variants: espeak-ng is not installed",
                              "install espeak-ng (Debian/Ubuntu: apt-get install espeak-ng) and check again"))
        return
    for name, voice in asked:
        problem = variant_problem(voice)
        if problem:
            base, variant = voice.split("+", 1)
            out.append(Diagnostic(n.source, _speaker_line(n, name, voice), 1, "error",
                                  f"speaker '{name}': {problem}",
                                  f"the line would be heard in the plain voice; try '{base.split('-')[0]}+{variant}' "
                                  "(espeak-ng --voices=variant lists the variants)"))


def _scenes(n: Narrative, content: ContentRoot, report: _Report) -> None:
    folder = Path(content.scenes)
    known = sorted(p.stem for p in folder.glob("*.yaml"))
    for c in n.chapters:
        if c.scene and c.scene not in known:
            report(c, f"unknown scene '{c.scene}' (no scenes/{c.scene}.yaml)", did_you_mean(c.scene, known),
                   pos=c.scene_pos)


def _scene_spec(content: ContentRoot, scene_id: str, cache: dict[str, SceneSpec | None]) -> SceneSpec | None:
    """The chapter's scene spec, or None (no scene module, or a broken scene: the scene lint reports that)."""
    if scene_id not in cache:
        cache[scene_id] = None
        try:
            from ..scene import load_scene_spec

            cache[scene_id] = load_scene_spec(Path(content.scenes) / f"{scene_id}.yaml")
        except Exception:
            pass
    return cache[scene_id]


def _scene_cue(s: Cue, spec: SceneSpec, report: _Report) -> bool:
    """Scene and light cues checked against the scene (names, people, look, expression, flashes)."""
    from ..scene import cue_problems

    for message, hint in cue_problems(spec, s.cue_kind, s.target, dict(s.params)):
        if "flash" not in message:  # flash rates are reported once, below
            report(s, message, hint)
    return True


def _cues(n: Narrative, content: ContentRoot, report: _Report) -> None:
    sounds = _sound_ids(content)
    effects, flash_rate, limit = _effects()
    specs: dict[str, SceneSpec | None] = {}
    for c in n.chapters:
        for s in c.steps:
            names: list[str] = []
            spec = _scene_spec(content, c.scene, specs) if c.scene else None
            if isinstance(s, Line) and s.anchor:
                names.append(s.anchor)
            if isinstance(s, Cue):
                if s.cue_kind in SOUND_CUES and s.target not in sounds:
                    report(s, f"unknown sound '{s.target}'", did_you_mean(s.target, sounds) or
                           "sound ids are listed in audio/sounds.yaml or are files under audio/sounds/")
                if s.cue_kind == "effect" and s.target not in effects:
                    report(s, f"unknown effect '{s.target}'", did_you_mean(s.target, effects))
                if s.cue_kind in ("effect", "light"):
                    kind = s.target if s.cue_kind == "effect" else str(s.params.get("animation", s.target))
                    rate = flash_rate(kind, s.params)
                    if rate > limit:
                        report(s, f"this {s.cue_kind} would flash {rate:.1f} times per second (limit {limit:g})",
                               "flashing can trigger seizures: ramp more slowly or lower the rate")
                if isinstance(at := s.params.get("at"), str):
                    names.append(at)
                if s.cue_kind in ("scene", "light") and spec is not None and _scene_cue(s, spec, report):
                    pass
                elif s.cue_kind in ("scene", "light") and s.target != "scene":
                    names.append(s.target)
            for name in names:
                have = set(spec.anchors) if spec is not None else None
                if have is not None and name not in have:
                    report(s, f"scene '{c.scene}' has no anchor '{name}'", did_you_mean(name, have) or
                           "anchors, people, named lights, props with an id and models can be named")


def _sound_ids(content: ContentRoot) -> set[str]:
    from ..media import sound_ids

    return set(sound_ids(content))


def _effects() -> tuple[set[str], Callable[[str, Mapping[str, object]], float], float]:
    from ..scene import EFFECTS, FLASH_LIMIT, flash_rate

    return set(EFFECTS), flash_rate, float(FLASH_LIMIT)


def _translations(n: Narrative, content: ContentRoot, out: list[Diagnostic]) -> None:
    folder = Path(content.narratives) / "strings"
    for loc in n.locales[1:]:
        path = strings_path(folder, n.id, loc)
        if path is None:
            out.append(Diagnostic(n.source, 1, 1, "warning", f"no strings for locale '{loc}'",
                                  f"make them with: {_cmd(content, f'strings export {n.id} --locale {loc}')}"))
        else:
            out.extend(check_strings(n, path))
            out.extend(_translated_speed(n, content, loc, path))


def _translated_speed(n: Narrative, content: ContentRoot, loc: str, path: Path) -> list[Diagnostic]:
    """Caption speed of the translated lines, at the locale's reading rate, at their rows."""
    try:
        t = copy.deepcopy(n)
        apply_strings(t, path.parent, loc)
    except Exception:  # a malformed strings file: check_strings has reported it
        return []
    table, _ = read_strings(path)
    limit = caption_wpm_limit(n.timing.max_caption_wpm, loc)
    out = []
    for line in t.lines():
        if line.id not in table:
            continue
        resolve_line(line, t, content, loc)
        fast = _caption_speed(line, limit, loc)
        if fast:
            out.append(Diagnostic(display_path(path), table[line.id][1], 1, "warning", *fast))
    return out
