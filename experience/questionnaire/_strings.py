"""A questionnaire's translatable strings, through the same files as narratives.

A locale's strings live in ``questionnaires/strings/<id>.<locale>.csv`` (or
``.yaml``), exported and imported with ``empathy-vr strings``. Keys:

* ``_title``, ``_intro``, ``_consent.prompt|details|accept|decline``, ``_phase.<phase>.title|intro``;
* ``<item id>`` (the question), ``<item id>.label.<value>`` (an anchor),
  ``<item id>.option.<value>`` (a choice), ``_scale.<scale>.<value>`` (an anchor of a shared scale);
* ``<subscale id>._title``;
* ``_ui.<key>``: the phone page's own words (buttons, the personal code, thanks).

A licensed scale (``text_in_strings: true``) keeps its item texts only here, so an
organisation can use it without the text ever being in a shared file.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Diagnostic, display_path
from ..text import catalogue, check_string_keys, file_locale, language, read_strings, section, strings_csv, translator
from ._model import Questionnaire

PAGE_ONLY = frozenset({"page_title", "loading", "bad_link", "load_failed"})
"""Phone-page words shown before a questionnaire is loaded (only the catalogues have them)."""
UI_DEFAULTS: dict[str, str] = {k: v for k, v in section("phone.", "en").items() if k not in PAGE_ONLY}
"""The phone page's words in English (from the catalogues); a questionnaire may change them as ``_ui.<key>``."""


def source_strings(q: Questionnaire) -> list[tuple[str, str, str]]:
    """Every translatable string as ``(key, kind, source text)``, in file order."""
    out = [("_title", "title", q.title)]
    if q.intro:
        out.append(("_intro", "intro", q.intro))
    c = q.consent
    for k, text in (("prompt", c.prompt), ("details", c.details), ("accept", c.accept), ("decline", c.decline)):
        if text or k != "details":
            out.append((f"_consent.{k}", "consent", text))
    for p in q.phases.values():
        out += [(f"_phase.{p.id}.{k}", "phase", text) for k, text in (("title", p.title), ("intro", p.intro)) if text]
    scales_done: set[str] = set()
    for it in q.items:
        out.append((it.id, "item", it.text))
        if it.scale and it.scale not in scales_done:
            scales_done.add(it.scale)
            out += [(f"_scale.{it.scale}.{v}", "label", t) for v, t in sorted(it.labels.items())]
        elif not it.scale:
            out += [(f"{it.id}.label.{v}", "label", t) for v, t in sorted(it.labels.items())]
        out += [(f"{it.id}.option.{o.value}", "option", o.label) for o in it.options]
    out += [(f"{s.id}._title", "subscale", s.title) for s in q.subscales]
    out += [(f"_ui.{k}", "ui", v) for k, v in UI_DEFAULTS.items()]
    return out


def apply_strings(q: Questionnaire, folder: Path, locale: str) -> None:
    """Replace the questionnaire's texts by ``locale``'s strings (in place); ``q.ui`` gets the page's words.

    Raises:
        ContentError: the strings file is malformed.
    """
    q.ui = dict(UI_DEFAULTS)
    tr = translator(folder, q.id, locale)
    if tr is None:
        return

    q.title, q.intro = tr("_title", q.title), tr("_intro", q.intro)
    c = q.consent
    c.prompt, c.details = tr("_consent.prompt", c.prompt), tr("_consent.details", c.details)
    c.accept, c.decline = tr("_consent.accept", c.accept), tr("_consent.decline", c.decline)
    for p in q.phases.values():
        p.title, p.intro = tr(f"_phase.{p.id}.title", p.title), tr(f"_phase.{p.id}.intro", p.intro)
    for it in q.items:
        it.text = tr(it.id, it.text)
        prefix = f"_scale.{it.scale}" if it.scale else f"{it.id}.label"
        it.labels = {v: tr(f"{prefix}.{v}", t) for v, t in it.labels.items()}
        it.options = tuple(type(o)(o.value, tr(f"{it.id}.option.{o.value}", o.label)) for o in it.options)
    for s in q.subscales:
        s.title = tr(f"{s.id}._title", s.title)
    own = section("phone.", locale)  # the catalogue's words in this language, unless the file has its own
    q.ui = {k: tr(f"_ui.{k}", own.get(k, v)) for k, v in UI_DEFAULTS.items()}
    q.locale = locale


def export_csv(q: Questionnaire, existing: dict[str, tuple[str, int]] | None = None) -> str:
    """The translator's CSV of every string, with the translations already made."""
    return strings_csv(source_strings(q), existing)


def check_strings(q: Questionnaire, path: Path) -> list[Diagnostic]:
    """Problems of a strings file against its questionnaire (and licensed texts that are missing)."""
    lang = language(file_locale(path))
    own = catalogue(lang) if lang != "en" else {}
    provided = frozenset(f"_ui.{k}" for k in UI_DEFAULTS if own.get(f"phone.{k}"))  # the catalogue has them
    diags = check_string_keys(source_strings(q), path, f"questionnaire {q.id} has no string with this id", provided)
    if q.text_in_strings:
        table, _ = read_strings(path)
        shown = display_path(path)
        for it in q.items:
            if not table.get(it.id, ("", 0))[0].strip() and not it.text:
                diags.append(Diagnostic(shown, 1, 1, "error", f"no text for item '{it.id}'",
                                        f"{q.id} keeps its item texts in strings files (text_in_strings: true): "
                                        "copy it from your licensed copy of the scale"))
    return diags
