"""Per-locale strings, keyed by stable ids (the translator's files).

A locale's strings live in ``narratives/strings/<narrative id>.<locale>.csv``
(columns ``id``, ``source``, ``text``) or ``.yaml`` (``id: text``). Keys:

* a line's id (its text), a check-in's or choice's id (its prompt);
* ``<checkin or choice id>.<n>`` for option n (from 1);
* ``<chapter id>._title`` and ``<chapter id>.<pearls phase>.<n>`` (debrief prompts);
* ``_title``, ``_summary`` and ``_warning.<n>`` for the experience itself;
* ``_speaker.<name>`` for a speaker's name as the captions show it ("Sam's thoughts");
* ``_resources.title``, ``_resources.<n>.name`` and ``_resources.<n>.contact`` for its
  resources (adapt them to where the translation will be used).

A missing or empty translation keeps the source text. Lines of a CSV starting with
``#`` are notes for translators and reviewers (the review note, what was adapted);
export keeps them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..errors import Diagnostic
from ..text import check_string_keys, strings_csv, translator
from ._model import CheckIn, Choice, Line, Narrative, Speaker


def source_strings(n: Narrative) -> list[tuple[str, str, str]]:
    """Every translatable string as ``(key, kind, source text)``, in file order."""
    out = [("_title", "title", n.title)]
    if n.summary:
        out.append(("_summary", "summary", n.summary))
    out += [(f"_warning.{i}", "warning", w) for i, w in enumerate(n.content_warnings, 1)]
    out += [(f"_speaker.{name}", "speaker", name) for name in _speaker_names(n)]
    res = n.resources or {}
    if res.get("title"):
        out.append(("_resources.title", "resources", res["title"]))
    for i, item in enumerate(res.get("items", ()), 1):
        out += [(f"_resources.{i}.{k}", "resources", item[k]) for k in ("name", "contact") if item.get(k)]
    for ch in n.chapters:
        if ch.title:
            out.append((f"{ch.id}._title", "chapter", ch.title))
        for s in ch.steps:
            if isinstance(s, Line):
                out.append((s.id, "line", s.text))
            elif isinstance(s, CheckIn | Choice):
                out.append((s.id, s.kind, s.prompt))
                texts = s.options if isinstance(s, CheckIn) else tuple(o.text for o in s.options)
                out += [(f"{s.id}.{i}", "option", t) for i, t in enumerate(texts, 1)]
        for phase, prompts in ch.debrief.items():
            out += [(f"{ch.id}.{phase}.{i}", "debrief", p) for i, p in enumerate(prompts, 1)]
    return out


def _speaker_names(n: Narrative) -> list[str]:
    """Names of the speakers of lines, in order of first line."""
    return list(dict.fromkeys(s.speaker for c in n.chapters for s in c.steps if isinstance(s, Line) and s.speaker))


def apply_strings(n: Narrative, folder: Path, locale: str) -> None:
    """Replace the narrative's texts by ``locale``'s translations (in place).

    Raises:
        ContentError: the strings file is malformed.
    """
    tr = translator(folder, n.id, locale)
    if tr is None:
        return

    n.title = tr("_title", n.title)
    n.summary = tr("_summary", n.summary)
    n.content_warnings = tuple(tr(f"_warning.{i}", w) for i, w in enumerate(n.content_warnings, 1))
    for name in _speaker_names(n):
        label = tr(f"_speaker.{name}", name)
        if label != name:  # the captions show the label; the voice stays the speaker's
            n.speakers[label] = replace(n.speakers[name], name=label) if name in n.speakers else Speaker(name=label)
            for ch in n.chapters:
                for st in ch.steps:
                    if isinstance(st, Line) and st.speaker == name:
                        st.speaker = label
    if n.resources:
        n.resources = {**n.resources, "title": tr("_resources.title", n.resources.get("title", "")),
                       "items": [{**it, **{k: tr(f"_resources.{i}.{k}", it[k]) for k in ("name", "contact")
                                           if it.get(k)}} for i, it in enumerate(n.resources.get("items", ()), 1)]}
    for ch in n.chapters:
        ch.title = tr(f"{ch.id}._title", ch.title)
        for s in ch.steps:
            if isinstance(s, Line):
                s.text = tr(s.id, s.text)
            elif isinstance(s, CheckIn):
                s.prompt = tr(s.id, s.prompt)
                s.options = tuple(tr(f"{s.id}.{i}", t) for i, t in enumerate(s.options, 1))
            elif isinstance(s, Choice):
                s.prompt = tr(s.id, s.prompt)
                s.options = tuple(replace(o, text=tr(f"{s.id}.{i}", o.text)) for i, o in enumerate(s.options, 1))
        ch.debrief = {ph: tuple(tr(f"{ch.id}.{ph}.{i}", p) for i, p in enumerate(ps, 1))
                      for ph, ps in ch.debrief.items()}


def review_note(narrative_id: str, locale: str) -> str:
    return (f"# {narrative_id} in '{locale}'. Needs review by a native speaker with lived experience "
            "before workshop use.")


def export_csv(n: Narrative, existing: dict[str, tuple[str, int]] | None = None, locale: str = "",
               keep: list[str] | None = None) -> str:
    """A CSV for translators: every key with its source text and the current translation.

    ``keep``: note lines of the existing file (default: the review note for ``locale``).
    """
    return strings_csv(source_strings(n), existing, keep or ([review_note(n.id, locale)] if locale else []))


def check_strings(n: Narrative, path: Path) -> list[Diagnostic]:
    """Problems of a translation against its narrative: unknown keys, missing texts, stale translations."""
    return check_string_keys(source_strings(n), path, f"{n.id} has no line, prompt or option with this id")
