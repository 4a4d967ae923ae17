"""Run an experience headless from command-line arguments, recording what the captions show.

``python _run_locale.py OUT.json run --mode headless -e ID --locale es ...``: the real
CLI parser and settings, the real Experience with every presenter; after each line
starts, the captions presenter's panel (speaker and text) is written to OUT.json
with the event's text. Run in a subprocess by test_locale_runs.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from experience import events as ev
from experience.app import Experience
from experience.cli import build_parser
from experience.content import ContentRoot
from experience.core import MonotonicClock
from experience.presenters.captions import CaptionsPresenter
from experience.runner import make_backend, settings_from_args

if __name__ == "__main__":
    out, argv = Path(sys.argv[1]), sys.argv[2:]
    args = build_parser().parse_args(argv)
    settings = settings_from_args(args)
    clock = MonotonicClock()
    exp = Experience(settings, ContentRoot.find(args.content), make_backend(settings, clock), clock)
    seen: list[dict[str, Any]] = []
    ended: list[bool] = []

    def record(e: ev.Event) -> None:
        if isinstance(e, ev.LineStarted):
            captions = exp.presenters.find(CaptionsPresenter)
            assert captions is not None
            shown = captions.caption
            seen.append({"id": e.line_id, "event": e.text, "speaker": shown.speaker, "caption": shown.text,
                         "audio": e.audio or ""})
        elif isinstance(e, ev.ExperienceEnded):
            ended.append(True)

    exp.start()
    exp.player.subscribe(record)
    exp.run()
    out.write_text(json.dumps({"lines": seen, "ended": bool(ended)}, ensure_ascii=False), encoding="utf-8")
