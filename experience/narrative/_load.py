"""Loading narratives from files, and composing a session (tutorial + experience)."""

from __future__ import annotations

import copy
from pathlib import Path

from ..content import ContentRoot
from ..errors import ContentError, Diagnostic, display_path
from ..text import caption_wpm_limit, read_located
from ._lint import lint_narrative
from ._model import TUTORIAL_ID, AskQuestionnaire, CheckIn, Choice, Line, Narrative, Step
from ._parse import parse_narrative
from ._resolve import reading_duration, resolve, resolve_line, speaker_for, word_count
from ._strings import apply_strings
from ._system_texts import system_text


def parse_file(path: str | Path, text: str | None = None) -> tuple[Narrative | None, list[Diagnostic]]:
    """Read and parse one narrative file: never raises for bad content."""
    located, diags = read_located(path, text)
    if diags:
        return None, diags
    return parse_narrative(located, display_path(Path(path)), Path(path).stem)


def load_narrative(path: str | Path, content: ContentRoot | None = None, locale: str | None = None,
                   caption_locale: str | None = None, strings: Path | None = None) -> Narrative:
    """Load, validate and resolve a narrative for playing.

    Args:
        path: the narrative YAML file.
        content: the :class:`~experience.content.ContentRoot` (audio, cache and
            strings are found through it); None resolves timing from text only.
        locale: narration locale, and caption locale unless ``caption_locale`` is
            given (default: the narrative's first locale).
        caption_locale: the captions' locale when it differs from the narration's:
            lines keep the narration's audio and timing (at least long enough to read
            the caption), prompts, options and titles are in this locale.
        strings: the strings folder (default: the content's ``narratives/strings``;
            with neither, the file's own language is used).

    Raises:
        ContentError: the file has what ``empathy-vr check`` calls an error
            (warnings do not stop loading).
    """
    narrative, diags = parse_file(path)
    if narrative is not None:
        diags += lint_narrative(narrative, content, errors_only=True)
    errors = sorted({d for d in diags if d.is_error}, key=lambda d: (d.path, d.line, d.col, d.message))
    if narrative is None or errors:
        raise ContentError(errors or diags)
    folder = strings or (Path(content.narratives) / "strings" if content is not None else None)
    loc = locale or narrative.locale
    if folder is not None and loc != narrative.locale:
        apply_strings(narrative, folder, loc)
    source_locale, narrative.locale = narrative.locale, loc
    if content is not None:
        _expand_questionnaires(narrative, content, loc)
    resolve(narrative, content, loc)
    if caption_locale and caption_locale != loc:
        captions, _ = parse_file(path)
        if captions is not None:  # it parsed cleanly just above
            if folder is not None and caption_locale != source_locale:
                apply_strings(captions, folder, caption_locale)
            if content is not None:
                _expand_questionnaires(captions, content, caption_locale)
            show_captions(narrative, captions, caption_locale)
    return narrative


def show_captions(narrative: Narrative, captions: Narrative, locale: str) -> None:
    """Give ``narrative`` (resolved for its narration) the texts of ``captions`` (the same file in ``locale``)."""
    narrative.spoken = (narrative.title, narrative.content_warnings)  # what the tutorial says of it
    narrative.title, narrative.summary = captions.title, captions.summary
    narrative.content_warnings = captions.content_warnings
    narrative.resources = captions.resources
    narrative.caption_locale = locale
    for ch, cch in zip(narrative.chapters, captions.chapters, strict=True):
        ch.title, ch.debrief = cch.title, cch.debrief
        for s, cs in zip(ch.steps, cch.steps, strict=True):
            if isinstance(s, Line) and isinstance(cs, Line):
                s.caption = cs.text
                if cs.speaker != s.speaker:  # the captions' name for the speaker, with the narration's voice
                    narrative.speakers.setdefault(cs.speaker, speaker_for(narrative, s.speaker))
                    s.speaker = cs.speaker
                caption_time(s, narrative, locale)
            elif isinstance(s, CheckIn | Choice) and type(s) is type(cs):
                s.prompt, s.options = cs.prompt, cs.options


def _expand_questionnaires(n: Narrative, content: ContentRoot, locale: str) -> None:
    """Replace each ``questionnaire`` step by the steps that ask it in the headset.

    Raises:
        ContentError: the questionnaire cannot be loaded.
    """
    from ..errors import UsageError
    from ..questionnaire import Questionnaires
    from ._asked import headset_steps

    pack = Questionnaires(Path(content.questionnaires))
    for ch in n.chapters:
        if not any(isinstance(s, AskQuestionnaire) for s in ch.steps):
            continue
        steps: list[Step] = []
        for s in ch.steps:
            if not isinstance(s, AskQuestionnaire):
                steps.append(s)
                continue
            try:
                q = pack.load(s.questionnaire, locale)
            except UsageError as exc:
                raise ContentError([Diagnostic(s.source, s.pos[0], s.pos[1], "error", str(exc))]) from None
            steps += headset_steps(q, s.phase, s.pos, s.source)
        ch.steps = steps


def compose(*narratives: Narrative) -> Narrative:
    """One timeline from several narratives played in order (a session).

    The last narrative is the experience: the session takes its id, title,
    warnings and resources. In earlier parts (the tutorial), ``{title}`` and
    ``{content_warnings}`` in line texts are replaced by the experience's.

    Raises:
        ContentError: two parts use the same chapter id.
    """
    if not narratives:
        raise ValueError("compose needs at least one narrative")
    last = narratives[-1]
    out = copy.copy(last)
    out.chapters, out.speakers, out.parts = [], {}, ()
    none = system_text("no_warnings", last.caption_locale or last.locale)
    shown = (last.title, " ".join(last.content_warnings) or none)
    said = system_text("no_warnings", last.locale)
    spoken = (last.spoken[0], " ".join(last.spoken[1]) or said) if last.spoken else shown
    seen: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for part in narratives:
        out.speakers = {**part.speakers, **out.speakers}
        out.parts += part.parts or (part.id,)
        for ch in part.chapters:
            if ch.id in seen:
                problems.append(Diagnostic(ch.source, ch.pos[0], ch.pos[1], "error",
                                           f"chapter id '{ch.id}' is also used in {seen[ch.id]}",
                                           "chapter ids must differ between the tutorial and the experience"))
            seen[ch.id] = ch.source
            if part is not last:
                ch = copy.copy(ch)
                ch.steps = [_fill(s, spoken, shown, last.id) for s in ch.steps]
            out.chapters.append(ch)
    if problems:
        raise ContentError(problems)
    return out


def caption_time(line: Line, narrative: Narrative, locale: str) -> None:
    """Lengthen a line whose caption differs from its narration until the caption can be read.

    A text-timed line lasts as long as either text takes; synthesised narration stays
    up at least at ``locale``'s reading limit; a recording keeps its own length.
    """
    if line.caption is None or line.set_duration is not None or (line.audio_path and not line.tts):
        return
    t = narrative.timing
    need = (reading_duration(line.caption, t.wpm, t.min_line) if line.audio_path is None
            else word_count(line.caption) * 60.0 / caption_wpm_limit(t.max_caption_wpm, locale))
    line.duration = max(line.duration, need)


def _fill(step: Step, spoken: tuple[str, str], shown: tuple[str, str], experience_id: str) -> Step:
    """A tutorial line with the experience's title and warnings (narration's and captions' language)."""
    def filled(text: str, what: tuple[str, str]) -> str:
        return text.replace("{title}", what[0]).replace("{content_warnings}", what[1])

    if isinstance(step, Line) and "{" in step.shown + step.text:
        step = copy.copy(step)
        if step.caption is not None:
            step.caption = filled(step.caption, shown)
        text = filled(step.text, spoken if step.caption is not None else shown)
        if text != step.text:
            step.text, step.filled_for = text, experience_id
    return step


def load_session(content: ContentRoot, experience_id: str | None = None, tutorial: bool = True,
                 locale: str | None = None, caption_locale: str | None = None) -> Narrative:
    """The narrative a run plays: narratives/tutorial.yaml (when present) then the experience.

    Args:
        content: the content root.
        experience_id: a file stem under narratives/ (default: the first that is not the tutorial).
        tutorial: play the tutorial first (consent, calm-place practice, warnings).
        locale: narration locale (and caption locale unless ``caption_locale`` is given).
        caption_locale: the captions' locale, when it differs from the narration's.
    """
    ids = [i for i in content.experience_ids() if i != TUTORIAL_ID] or content.experience_ids()
    eid = experience_id or (ids[0] if ids else TUTORIAL_ID)
    experience = load_narrative(content.narrative_path(eid), content, locale, caption_locale)
    tpath = Path(content.narratives) / f"{TUTORIAL_ID}.yaml"
    if not tutorial or eid == TUTORIAL_ID or not tpath.exists():
        return experience
    tut = load_narrative(tpath, content, locale, caption_locale)
    session = compose(tut, experience)
    for ch in session.chapters:  # filled-in tutorial lines have their own narration
        if ch.source == tut.source:
            for s in ch.steps:
                if isinstance(s, Line):
                    resolve_line(s, tut, content, tut.locale)
                    caption_time(s, tut, caption_locale or tut.locale)
    return session
