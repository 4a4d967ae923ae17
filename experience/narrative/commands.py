"""Subcommands of the narrative area: ``narrate`` and ``strings export|import``.

Its ``COMMANDS`` table is collected by :mod:`experience.cli`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..command import Command
from ..content import ContentRoot
from ..errors import Diagnostic, UsageError
from ..text import notes, read_strings, strings_path
from ._load import parse_file
from ._narrate import narrate_main
from ._strings import check_strings, export_csv

if TYPE_CHECKING:
    from ..questionnaire import Questionnaire
    from ._model import Narrative


def _add_narrate(p: argparse.ArgumentParser) -> None:
    p.add_argument("ids", nargs="*", metavar="ID", help="experience ids (default: all)")
    p.add_argument("--locale", default=None, help="render this locale's strings (default: each narrative's first)")
    p.add_argument("--jobs", "-j", type=int, default=4, help="espeak-ng processes at once (default 4)")
    p.add_argument("--stale", action="store_true",
                   help="re-render only the lines whose text or voice changed after their audio was made")
    p.add_argument("--engine", choices=["auto", "kokoro", "espeak"], default="auto",
                   help="auto: the neural voices where installed (into audio/narration/), else espeak-ng "
                   "(into the cache); kokoro: fail without them; espeak: never use them")
    p.add_argument("--ship", action="store_true",
                   help="also write espeak-ng renderings of speakers with no neural voice for the locale into "
                   "audio/narration/ (Opus, levelled, in the manifest), to be shipped like the neural ones")


def _narrate(args: argparse.Namespace) -> int:
    return narrate_main(args.ids, ContentRoot.find(args.content), args.locale, max(1, args.jobs),
                        stale_only=args.stale, engine=args.engine, ship=args.ship)


def _add_strings(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(p))
    e = sub.add_parser("export", help="write a CSV of every string of a narrative or questionnaire for translators")
    e.add_argument("id", metavar="ID", help="experience id, or questionnaire id")
    e.add_argument("--locale", required=True, help="target locale, e.g. fr")
    e.add_argument("--out", default=None, metavar="FILE",
                   help="where to write (default: narratives/strings/ID.LOCALE.csv, or questionnaires/strings/)")
    e.add_argument("--questionnaire", action="store_true", help="ID is a questionnaire (when a narrative has it too)")
    i = sub.add_parser("import", help="check a translated CSV and install it under narratives/ or "
                       "questionnaires/strings/")
    i.add_argument("file", metavar="FILE", help="a CSV named ID.LOCALE.csv")
    i.add_argument("--questionnaire", action="store_true", help="ID is a questionnaire (when a narrative has it too)")


class _Target:
    """What a strings file translates: a narrative or a questionnaire, with its folder."""

    def __init__(self, content: ContentRoot, sid: str, questionnaire: bool) -> None:
        from ..questionnaire import Questionnaires

        is_narrative = sid in content.experience_ids() or sid == "tutorial"
        self.questionnaire = questionnaire or (not is_narrative and sid in Questionnaires(content.questionnaires).ids())
        if self.questionnaire:
            self.folder = content.questionnaires / "strings"
            self.source = content.questionnaires / f"{sid}.yaml"
            if not self.source.is_file():
                raise UsageError(f"unknown questionnaire {sid!r}")
        else:
            self.folder = content.narratives / "strings"
            self.source = content.narrative_path(sid)

    def parse(self) -> tuple[Narrative | Questionnaire | None, list[Diagnostic]]:
        from .. import questionnaire

        return questionnaire.parse_file(self.source) if self.questionnaire else parse_file(self.source)

    def export(self, obj: Narrative | Questionnaire, existing: dict[str, tuple[str, int]], locale: str,
               keep: list[str]) -> str:
        from .. import questionnaire

        if isinstance(obj, questionnaire.Questionnaire):
            return questionnaire.export_csv(obj, existing)
        return export_csv(obj, existing, locale, keep)

    def check(self, obj: Narrative | Questionnaire, path: Path) -> list[Diagnostic]:
        from .. import questionnaire

        if isinstance(obj, questionnaire.Questionnaire):
            return questionnaire.check_strings(obj, path)
        return check_strings(obj, path)


def _strings(args: argparse.Namespace) -> int:
    content = ContentRoot.find(args.content)
    if args.action == "export":
        target = _Target(content, args.id, args.questionnaire)
        obj, diags = target.parse()
        if obj is None or any(d.is_error for d in diags):
            for d in diags:
                print(d.format(), file=sys.stderr)
            return 1
        existing_path = strings_path(target.folder, obj.id, args.locale)
        existing = read_strings(existing_path)[0] if existing_path else {}
        keep = notes(existing_path.read_text(encoding="utf-8")) if existing_path else []
        out = Path(args.out) if args.out else target.folder / f"{obj.id}.{args.locale}.csv"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(target.export(obj, existing, args.locale, keep), encoding="utf-8")
        print(f"wrote {out} ({len(existing)} translated so far)", file=sys.stderr)
        return 0
    src = Path(args.file)
    parts = src.name.split(".")
    if not src.is_file() or len(parts) != 3 or parts[2] != "csv":
        raise UsageError(f"strings import: {args.file} must be an existing file named ID.LOCALE.csv")
    target = _Target(content, parts[0], args.questionnaire)
    obj, _ = target.parse()
    if obj is None:
        return 1
    diags = target.check(obj, src)
    for d in diags:
        print(d.format(), file=sys.stderr)
    if any(d.is_error for d in diags):
        return 1
    dest = target.folder / src.name
    dest.parent.mkdir(parents=True, exist_ok=True)
    if src.resolve() != dest.resolve():
        shutil.copyfile(src, dest)
    print(f"imported {src.name} into {dest}", file=sys.stderr)
    return 0


COMMANDS = (
    Command("narrate", "render narration for lines without recordings (neural voices or espeak-ng), "
            "with a progress bar",
            _add_narrate, _narrate),
    Command("strings", "per-locale strings of narratives and questionnaires: export ID --locale L | import FILE",
            _add_strings, _strings),
)
