"""``run --locale es`` (and a split narration/caption pair) plays headless end to end with its captions."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "transcripts"
ARGS = ["run", "--mode", "headless", "-e", "example", "--time-scale", "40", "--auto-continue", "--mono",
        "--size", "160x90", "--refresh", "30", "--duration", "60"]


def golden_lines(name: str) -> dict[str, tuple[str, str]]:
    """line id -> (speaker, text) from a golden transcript."""
    out = {}
    for row in (GOLDEN / name).read_text(encoding="utf-8").splitlines():
        m = re.search(r"LineStarted line_id='([^']+)' speaker=(['\"])(.*?)\2 text=(['\"])(.*?)\4 duration", row)
        if m:
            out[m.group(1)] = (m.group(3).replace("\\'", "'"), m.group(5).replace("\\'", "'"))
    return out


def run(tmp_path: Path, *locale_args: str) -> dict[str, object]:
    out = tmp_path / "captions.json"
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("_run_locale.py")), str(out), *ARGS,
                           *locale_args], capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.slow
@pytest.mark.parametrize("locale_args,golden", [
    (("--locale", "es", "--no-tutorial"), "example.es.txt"),
    (("--audio-locale", "en", "--caption-locale", "de"), None),
], ids=["es", "audio-en-captions-de"])
def test_headless_run_shows_the_locales_captions(tmp_path: Path, locale_args: tuple[str, ...],
                                                  golden: str | None) -> None:
    got = run(tmp_path, *locale_args)
    assert got["ended"], "the experience did not play to its end"
    lines = got["lines"]
    assert isinstance(lines, list) and lines
    want = golden_lines(golden) if golden else {
        **golden_lines("tutorial.de.txt"), **golden_lines("example.de.txt")}
    for line in lines:
        speaker, text = want[line["id"]]
        assert line["speaker"] == speaker, line
        if "{" not in text:  # the tutorial's {title} and {content_warnings} are filled in
            assert line["event"] == text and line["caption"] in text, line  # a long line shows a page at a time
    assert {line["id"] for line in lines} >= {"ex_sam_1", "ex_sam_5", "ex_sam_6"}
    if not golden:
        assert any(line["id"] == "t_s1b" and "Sam spricht" in line["event"] for line in lines)
