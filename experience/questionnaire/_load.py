"""Reading questionnaire files: parse, lint (``check``) and load for asking."""

from __future__ import annotations

import copy
from pathlib import Path

from ..content import ContentRoot
from ..errors import ContentError, Diagnostic, UsageError, display_path
from ..text import read_located, strings_path
from ._model import Questionnaire
from ._parse import parse_questionnaire
from ._strings import apply_strings, check_strings


def parse_file(path: str | Path) -> tuple[Questionnaire | None, list[Diagnostic]]:
    """Read and parse one questionnaire file: never raises for bad content."""
    located, diags = read_located(path, what="questionnaires")
    if diags:
        return None, diags
    return parse_questionnaire(located, display_path(Path(path)), Path(path).stem)


def lint_file(path: str | Path, content: ContentRoot | None = None) -> list[Diagnostic]:
    """Every problem of one questionnaire file and its translations (never raises)."""
    try:
        q, diags = parse_file(path)
        if q is not None:
            diags += _lint_translations(q, Path(path).parent / "strings")
    except Exception as exc:  # a lint bug must never become a traceback for an author
        return [Diagnostic(display_path(path), 1, 1, "error", f"internal error while checking: {exc!r}",
                           "please report this with the file")]
    return sorted(set(diags), key=lambda d: (d.path, d.line, d.col, d.message))


def _lint_translations(q: Questionnaire, folder: Path) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for i, locale in enumerate(q.locales):
        path = strings_path(folder, q.id, locale)
        if path is None and (i > 0 or q.text_in_strings):
            severity = "error" if q.text_in_strings else "warning"
            out.append(Diagnostic(q.source, 1, 1, severity, f"no strings for locale '{locale}'",
                                  f"write questionnaires/strings/{q.id}.{locale}.csv "
                                  f"(empathy-vr strings export {q.id} --locale {locale})"))
    return out


def lint_strings_file(path: Path, folder: Path) -> list[Diagnostic]:
    """Problems of ``questionnaires/strings/<id>.<locale>.csv`` against its questionnaire."""
    stem = path.name.split(".")[0]
    source = folder / f"{stem}.yaml"
    if not source.exists():
        return [Diagnostic(display_path(path), 1, 1, "error",
                           f"strings for '{stem}', but there is no questionnaires/{stem}.yaml",
                           "strings files are named <questionnaire id>.<locale>.csv")]
    q, _ = parse_file(source)
    return [] if q is None else check_strings(q, path)


class Questionnaires:
    """The questionnaires of a content pack, parsed once and copied per locale."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._cache: dict[tuple[str, str], Questionnaire] = {}

    def ids(self) -> list[str]:
        """Questionnaire ids: file stems (files starting with ``_`` are templates)."""
        return sorted(p.stem for p in self.folder.glob("*.yaml") if not p.stem.startswith("_"))

    def load(self, qid: str, locale: str | None = None) -> Questionnaire:
        """The questionnaire ``qid`` with ``locale``'s texts (default: its first locale).

        Raises:
            UsageError: no such questionnaire.
            ContentError: the file (or its strings) has errors.
        """
        path = self.folder / f"{qid}.yaml"
        if not path.is_file() or qid.startswith("_"):
            raise UsageError(f"unknown questionnaire {qid!r} (known: {', '.join(self.ids()) or 'none'})")
        key = (qid, locale or "")
        if key not in self._cache:
            q, diags = parse_file(path)
            errors = [d for d in diags if d.is_error]
            if q is None or errors:
                raise ContentError(errors or diags)
            apply_strings(q, self.folder / "strings", locale or q.locale)
            if locale and locale not in q.locales:
                q.locale = q.locales[0]
            self._cache[key] = q
        return copy.deepcopy(self._cache[key])

    def locales(self, qid: str) -> tuple[str, ...]:
        """The locales a questionnaire can be shown in."""
        return self.load(qid).locales

