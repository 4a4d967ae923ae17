"""String tables: per-locale ``id -> text`` files (CSV or YAML) for narratives and questionnaires.

The format is the translator's (see :mod:`experience.narrative._strings` for the keys a
narrative uses): CSV with columns ``id``, ``source``, ``text`` (``#`` lines are notes
for translators and reviewers, kept on export), or YAML ``id: text``. A missing or empty
translation keeps the source text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from ..errors import ContentError, Diagnostic, display_path
from ._locales import has_rtl_text, needs_rtl
from ._yaml import LMap, YamlProblem, load_located, read_text

COLUMNS = ("id", "source", "text")


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

def check_string_keys(strings: list[tuple[str, str, str]], path: Path, unknown_hint: str,
                      provided: frozenset[str] = frozenset()) -> list[Diagnostic]:
    """Problems of a strings file against the ``(key, kind, source)`` strings it translates.

    ``provided``: keys that have a translation elsewhere (a catalogue): not missing when left out.
    """
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
    missing = [k for k in sorted(keys - provided) if not table.get(k, ("", 0))[0].strip()]
    if missing and not any(d.is_error for d in diags):
        diags.append(Diagnostic(shown, 1, 1, "warning", f"{len(missing)} string(s) not translated yet "
                                f"(first: {missing[0]})", "untranslated strings show in the source language"))
    return diags


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
