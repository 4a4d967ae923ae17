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

import csv
import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ..errors import ContentError, Diagnostic, display_path
from ._locales import has_rtl_text, needs_rtl
from ._model import CheckIn, Choice, Line, Narrative, Speaker
from ._yaml import LMap, YamlProblem, load_located, read_text

COLUMNS = ("id", "source", "text")


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


def strings_path(folder: Path, narrative_id: str, locale: str) -> Path | None:
    """The strings file for a locale, if there is one (CSV first, then YAML)."""
    for ext in ("csv", "yaml"):
        p = folder / f"{narrative_id}.{locale}.{ext}"
        if p.is_file():
            return p
    return None


def read_strings(path: Path) -> tuple[dict[str, tuple[str, int]], list[Diagnostic]]:
    """Read a strings file: ``key -> (text, line number)``, plus problems."""
    shown = display_path(path)
    try:
        text, problem = read_text(path.read_bytes())
    except OSError as exc:
        return {}, [Diagnostic(shown, 1, 1, "error", f"cannot read the file: {exc.strerror or exc}")]
    if text is None:
        return {}, [Diagnostic(shown, 1, 1, "error", problem)]
    out: dict[str, tuple[str, int]] = {}
    diags: list[Diagnostic] = []
    if path.suffix == ".csv":
        rows = _rows(text)
        if not rows or rows[0][1][:1] != ["id"] or "text" not in rows[0][1]:
            return {}, [Diagnostic(shown, 1, 1, "error", "a strings CSV needs a header row with 'id' and 'text'",
                                   "export one with: empathy-vr strings export ID --locale LOCALE")]
        ti = rows[0][1].index("text")
        for n, row in rows[1:]:
            if not row or not row[0].strip():
                continue
            key = row[0].strip()
            if key in out:
                diags.append(Diagnostic(shown, n, 1, "error", f"'{key}' is translated twice"))
            out[key] = (row[ti] if ti < len(row) else "", n)
        return out, diags
    try:
        data = load_located(text)
    except YamlProblem as exc:
        return {}, [Diagnostic(shown, exc.pos[0], exc.pos[1], "error", exc.message)]
    if not isinstance(data, LMap):
        return {}, [Diagnostic(shown, 1, 1, "error", "a strings YAML file must map ids to texts")]
    for k, v in data.items():
        if not isinstance(v, str | int | float) or isinstance(v, bool):
            line, col = data.at(k)
            diags.append(Diagnostic(shown, line, col, "error", f"the translation of '{k}' must be text"))
            continue
        out[str(k)] = (str(v), data.key_at(k)[0])
    return out, diags


def translator(folder: Path, sid: str, locale: str) -> Callable[[str, str], str] | None:
    """``tr(key, source)`` for ``locale``'s strings of ``sid`` (None without a strings file).

    A missing or empty translation keeps the source text.

    Raises:
        ContentError: the strings file is malformed.
    """
    path = strings_path(folder, sid, locale)
    if path is None:
        return None
    table, diags = read_strings(path)
    if any(d.is_error for d in diags):
        raise ContentError([d for d in diags if d.is_error])

    def tr(key: str, text: str) -> str:
        got = table.get(key)
        return got[0] if got and got[0].strip() else text

    return tr


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


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """CSV rows with their line numbers, without ``#`` note lines."""
    reader = csv.reader(io.StringIO(text))
    out = []
    line = reader.line_num + 1
    for row in reader:
        if not (row and row[0].lstrip().startswith("#")):
            out.append((line, row))
        line = reader.line_num + 1
    return out


def notes(text: str) -> list[str]:
    """The ``#`` note lines at the top of a strings CSV."""
    out = []
    for raw in text.splitlines():
        if not raw.startswith("#"):
            break
        out.append(raw)
    return out


def review_note(narrative_id: str, locale: str) -> str:
    return (f"# {narrative_id} in '{locale}'. Needs review by a native speaker with lived experience "
            "before workshop use.")


def export_csv(n: Narrative, existing: dict[str, tuple[str, int]] | None = None, locale: str = "",
               keep: list[str] | None = None) -> str:
    """A CSV for translators: every key with its source text and the current translation.

    ``keep``: note lines of the existing file (default: the review note for ``locale``).
    """
    return strings_csv(source_strings(n), existing, keep or ([review_note(n.id, locale)] if locale else []))


def strings_csv(strings: list[tuple[str, str, str]], existing: dict[str, tuple[str, int]] | None = None,
                notes: list[str] | None = None) -> str:
    """The translator's CSV of ``(key, kind, source)`` strings, with translations kept from ``existing``.

    ``notes``: ``#`` lines for reviewers, written first.
    """
    buf = io.StringIO()
    for line in notes or []:
        buf.write(line.rstrip("\n") + "\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for key, _kind, text in strings:
        w.writerow((key, text, (existing or {}).get(key, ("", 0))[0]))
    return buf.getvalue()


def read_sources(path: Path) -> dict[str, tuple[str, int, int]]:
    """The source column of a strings CSV: ``key -> (source text, line, column)`` (empty for YAML)."""
    if path.suffix != ".csv":
        return {}
    text, _ = read_text(path.read_bytes())
    rows = _rows(text or "")
    if not rows or "source" not in rows[0][1]:
        return {}
    si = rows[0][1].index("source")
    out: dict[str, tuple[str, int, int]] = {}
    lines = (text or "").splitlines()
    for n, row in rows[1:]:
        if len(row) > si and row[0].strip():
            raw = lines[n - 1] if n - 1 < len(lines) else ""
            col = raw.find(row[si][:12]) + 1 if row[si] else 1
            out[row[0].strip()] = (row[si], n, max(col, 1))
    return out


def file_locale(path: Path) -> str:
    """The locale of a strings file from its name: ``fr`` for ``example.fr.csv``."""
    parts = path.name.split(".")
    return parts[1] if len(parts) >= 3 else ""


def check_strings(n: Narrative, path: Path) -> list[Diagnostic]:
    """Problems of a translation against its narrative: unknown keys, missing texts, stale translations."""
    return check_string_keys(source_strings(n), path, f"{n.id} has no line, prompt or option with this id")


def check_string_keys(strings: list[tuple[str, str, str]], path: Path, unknown_hint: str) -> list[Diagnostic]:
    """Problems of a strings file against the ``(key, kind, source)`` strings it translates."""
    table, diags = read_strings(path)
    shown = display_path(path)
    sources = {k: text for k, _, text in strings}
    keys = set(sources)
    for key, (_text, line) in table.items():
        if key not in keys:
            diags.append(Diagnostic(shown, line, 1, "error", f"unknown string id '{key}'",
                                    f"{unknown_hint}; re-export the file"))
    for key, (was, line, col) in read_sources(path).items():
        if key in sources and table.get(key, ("", 0))[0].strip() and was.strip() != sources[key].strip():
            diags.append(Diagnostic(shown, line, col, "warning", f"the source text of '{key}' changed after it "
                                    f"was translated (now: \"{_short(sources[key])}\")",
                                    "check the translation against the new text, then put the new text in the "
                                    "source column (re-export keeps translations and updates it)"))
    loc = file_locale(path)
    if loc and needs_rtl(loc):
        diags.append(Diagnostic(shown, 1, 1, "warning", f"locale '{loc}' is written right to left, which "
                                "captions cannot show yet", "right-to-left scripts are not supported: do not use "
                                "this locale in workshops yet"))
    else:
        rtl = [(line, k) for k, (text, line) in table.items() if has_rtl_text(text)]
        if rtl:
            line, k = min(rtl)
            diags.append(Diagnostic(shown, line, 1, "warning", f"{len(rtl)} translation(s) use a right-to-left "
                                    f"script (first: '{k}'), which captions cannot show yet",
                                    "right-to-left scripts are not supported: their letters would show in the "
                                    "wrong order"))
    missing = [k for k in sorted(keys) if not table.get(k, ("", 0))[0].strip()]
    if missing and not any(d.is_error for d in diags):
        diags.append(Diagnostic(shown, 1, 1, "warning", f"{len(missing)} string(s) not translated yet "
                                f"(first: {missing[0]})", "untranslated strings show in the source language"))
    return diags


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
