"""``empathy-vr check [PATH...]``: lint narratives, scenes, questionnaires, strings and config files."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from ..content import ContentRoot
from ..errors import Diagnostic, UsageError, display_path
from ..text import YamlProblem, load_located, read_text
from ._lint import lint_narrative
from ._load import parse_file

Linter = Callable[[Path, ContentRoot], list[Diagnostic]]
CONFIG_NAMES = ("workshop.yaml", "config")



def lint_file(path: str | Path, content: ContentRoot | None = None) -> list[Diagnostic]:
    """Every problem in one narrative file, as diagnostics (never raises)."""
    try:
        n, diags = parse_file(path)
        if n is not None:
            diags += lint_narrative(n, content)
    except Exception as exc:  # a lint bug must never become a traceback for an author
        return [Diagnostic(display_path(path), 1, 1, "error", f"internal error while checking: {exc!r}",
                           "please report this with the file")]
    return sorted(set(diags), key=lambda d: (d.path, d.line, d.col, d.message))

def check_main(paths: Iterable[str], content: ContentRoot, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Lint ``paths`` (default: all content); print diagnostics; return 0 clean, 1 on errors.

    Raises:
        UsageError: a path does not exist.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    files = collect(list(paths), content)
    diags: list[Diagnostic] = []
    for path, linter in files:
        try:
            diags += linter(path, content)
        except Exception as exc:  # never a traceback for an author
            diags.append(Diagnostic(display_path(path), 1, 1, "error", f"internal error while checking: {exc!r}",
                                    "please report this with the file"))
    if not list(paths):
        diags += _sound_registry(content)
    diags = sorted(set(diags), key=lambda d: (d.path, d.line, d.col, d.message))
    for d in diags:
        print(d.format(), file=out)
    errors = sum(d.is_error for d in diags)
    warnings = len(diags) - errors
    print(f"checked {len(files)} file(s): {errors} error(s), {warnings} warning(s)", file=err)
    return 1 if errors else 0


def collect(paths: list[str], content: ContentRoot) -> list[tuple[Path, Linter]]:
    """The files to check, each with its linter (by folder, else by what the file holds)."""
    root = Path(content.root)
    if not paths:
        found = sorted(Path(content.narratives).glob("*.yaml")) + sorted(Path(content.scenes).glob("*.yaml"))
        found += sorted((Path(content.narratives) / "strings").glob("*.*"))
        questionnaires = Path(content.questionnaires)
        found += sorted(p for p in questionnaires.glob("*.yaml") if not p.stem.startswith("_"))
        found += sorted((questionnaires / "strings").glob("*.*"))
        found += [p for name in CONFIG_NAMES for p in _yaml_files(root / name)]
        return [(p, linter_for(p, content)) for p in found]
    out: list[tuple[Path, Linter]] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise UsageError(f"check: no such file or folder: {raw}")
        for f in _yaml_files(p) if p.is_dir() else [p]:
            out.append((f, linter_for(f, content)))
    return out


def _yaml_files(p: Path) -> list[Path]:
    if p.is_file():
        return [p]
    if not p.is_dir():
        return []
    return sorted(f for f in p.rglob("*") if f.suffix in (".yaml", ".yml", ".csv") and "/." not in str(f))


def linter_for(path: Path, content: ContentRoot) -> Linter:
    """Pick the linter: questionnaires/, scenes/, strings/, config, else narrative."""
    parts = path.resolve().parts
    if "questionnaires" in parts[-3:-1]:
        return _lint_questionnaire_strings if "strings" in parts[-2:-1] else _lint_questionnaire
    if "strings" in parts[-2:-1]:
        return _lint_strings
    if path.suffix == ".csv":
        return _lint_strings
    if "scenes" in parts[:-1] and "narratives" not in parts[-2:-1]:
        return _lint_scene
    if path.name == "workshop.yaml" or "config" in parts[-2:-1] or path.name == "sounds.yaml":
        return _lint_config
    if "narratives" not in parts[-2:-1] and _top_key(path, "environment"):
        return _lint_scene
    if "narratives" not in parts[-2:-1] and (_top_key(path, "items") or _top_key(path, "phases")):
        return _lint_questionnaire
    return _lint_narrative


def _top_key(path: Path, key: str) -> bool:
    """Whether the file's first 4 KiB has ``key:`` at the top level (what a scene or questionnaire has)."""
    try:
        head = path.read_bytes()[:4096].decode("utf-8", "replace")
    except OSError:
        return False
    return f"\n{key}:" in head or head.startswith(f"{key}:")


def _lint_narrative(path: Path, content: ContentRoot) -> list[Diagnostic]:
    return lint_file(path, content)


def _lint_scene(path: Path, content: ContentRoot) -> list[Diagnostic]:
    from ..scene import lint_scene_file

    return list(lint_scene_file(path, content))


def _lint_strings(path: Path, content: ContentRoot) -> list[Diagnostic]:
    from ._strings import check_strings

    stem = path.name.split(".")[0]
    source = Path(content.narratives) / f"{stem}.yaml"
    shown = display_path(path)
    if not source.exists():
        return [Diagnostic(shown, 1, 1, "error", f"strings for '{stem}', but there is no narratives/{stem}.yaml",
                           "strings files are named <narrative id>.<locale>.csv")]
    n, _ = parse_file(source)
    if n is None:
        return []  # the narrative's own errors are reported for the narrative
    return check_strings(n, path)


def _lint_questionnaire(path: Path, content: ContentRoot) -> list[Diagnostic]:
    from ..questionnaire import lint_file as lint_questionnaire

    return lint_questionnaire(path, content)


def _lint_questionnaire_strings(path: Path, content: ContentRoot) -> list[Diagnostic]:
    from ..questionnaire import lint_strings_file

    return lint_strings_file(path, path.parent.parent)


def _lint_config(path: Path, content: ContentRoot) -> list[Diagnostic]:
    if path.name == "sounds.yaml":
        return _sound_registry(content)
    return _lint_yaml(path)


def _lint_yaml(path: Path) -> list[Diagnostic]:
    shown = display_path(path)
    try:
        text, problem = read_text(path.read_bytes())
    except OSError as exc:
        return [Diagnostic(shown, 1, 1, "error", f"cannot read the file: {exc.strerror or exc}")]
    if text is None:
        return [Diagnostic(shown, 1, 1, "error", problem)]
    try:
        load_located(text)
    except YamlProblem as exc:
        return [Diagnostic(shown, exc.pos[0], exc.pos[1], "error", exc.message)]
    return []


def _sound_registry(content: ContentRoot) -> list[Diagnostic]:
    from ..media import load_registry

    return list(load_registry(content)[1])
