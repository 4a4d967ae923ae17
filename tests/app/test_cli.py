"""The public command-line contract: help, usage errors, headless runs, the desktop window."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests._png import read_png
from tests.conftest import run_cli

CONTRACT_FIELDS = ("frames", "refresh_hz", "missed_frames", "frame_ms", "core_ms", "phases")


def test_help_lists_the_subcommands() -> None:
    done = run_cli("--help")
    assert done.returncode == 0
    for cmd in ("run", "check", "narrate", "console", "render-audio"):
        assert cmd in done.stdout


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["run", "--mode", "vr"], "invalid choice: 'vr'"),
        (["--content", "/nonexistent/pack", "run", "--mode", "headless"],
         "content folder /nonexistent/pack does not exist"),
        (["run", "--mode", "headless", "--size", "big"], "bad resolution 'big'"),
        (["run", "--mode", "headless", "--size", "4x4"], "each side must be 16..8192"),
        (["run", "--mode", "headless", "--experience", "nope"], "unknown experience 'nope'"),
        (["run", "--mode", "headless", "--refresh", "-5"], "must be greater than 0"),
        (["run", "--mode", "headless", "--capture-at", "1,x"], "--capture-at"),
        # without a subcommand the options are the run's (``./start.sh --experience crowd``)
        (["--mode", "headless", "--experience", "nope"], "unknown experience 'nope'"),
        (["-v", "--content", "/nonexistent/pack", "--mode", "headless"], "content folder /nonexistent/pack"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: list[str], expect: str) -> None:
    done = run_cli(*args)
    assert done.returncode == 2, done.stderr
    assert expect in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_default_command_goes_after_the_global_options() -> None:
    from experience.cli import _load_commands, _with_default_command

    _load_commands()
    assert _with_default_command([]) == ["run"]
    assert _with_default_command(["--experience", "crowd"]) == ["run", "--experience", "crowd"]
    assert _with_default_command(["--content", "pack", "-v", "--mode", "desktop"]) == [
        "--content", "pack", "-v", "run", "--mode", "desktop"]
    assert _with_default_command(["--content=pack", "check"]) == ["--content=pack", "check"]
    assert _with_default_command(["--help"]) == ["--help"]


def test_content_pack_without_content_folders_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli("--content", str(tmp_path), "run", "--mode", "headless")
    assert done.returncode == 2
    assert "has no narratives/ or scenes/" in done.stderr


@pytest.mark.slow
def test_headless_run_writes_stats_and_frames_that_show_the_scene(tmp_path: Path) -> None:
    stats = tmp_path / "s.json"
    shots = tmp_path / "shots"
    done = run_cli("run", "--mode", "headless", "--experience", "placeholder", "--no-tutorial", "--duration", "10",
                   "--stats-json", str(stats), "--capture", str(shots), "--size", "320x180", "--auto-continue")
    assert done.returncode == 0, done.stderr[-2000:]
    doc = json.loads(stats.read_text())
    for key in CONTRACT_FIELDS:
        assert key in doc
    assert doc["frames"] >= 900
    assert doc["refresh_hz"] == 90
    assert {"p50", "p95", "p99", "max"} <= set(doc["frame_ms"])
    assert {"p50", "p99"} <= set(doc["core_ms"])
    assert {"poll", "wait", "views", "update", "render", "submit", "slack"} <= set(doc["phases"])
    pngs = sorted(shots.glob("*.png"))
    assert len(pngs) >= 10
    last = read_png(pngs[-1])
    assert last.shape == (180, 640, 3)
    # Not blank: real variation, and no eye is a flat clear colour.
    for eye in (last[:, :320], last[:, 320:]):
        assert eye.std() > 0.05
        assert eye.mean() > 0.08
    # Two eyes, two viewpoints: similar but not identical.
    assert np.abs(last[:, :320] - last[:, 320:]).mean() > 0.002


@pytest.mark.slow
def test_external_content_pack_runs_without_touching_code(tmp_path: Path) -> None:
    import shutil

    from tests.conftest import ROOT

    pack = tmp_path / "pack"
    (pack / "narratives").mkdir(parents=True)
    (pack / "scenes").mkdir()
    text = (ROOT / "narratives" / "placeholder.yaml").read_text()
    (pack / "narratives" / "ourstory.yaml").write_text(text.replace("id: placeholder", "id: ourstory", 1))
    shutil.copy(ROOT / "scenes" / "placeholder.yaml", pack / "scenes" / "placeholder.yaml")
    check = run_cli("--content", str(pack), "check")
    assert check.returncode == 0, check.stderr
    stats = tmp_path / "s.json"
    done = run_cli("--content", str(pack), "run", "--mode", "headless", "--experience", "ourstory",
                   "--duration", "2", "--size", "160x90", "--stats-json", str(stats))
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(stats.read_text())["experience"] == "ourstory"
