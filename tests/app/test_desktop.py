"""The desktop preview opens a real window (under Xvfb) and shows the scene with the HUD."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests._png import read_png
from tests.conftest import run_cli


@pytest.mark.slow
def test_desktop_window_shows_scene_and_hud(xvfb_display: str, tmp_path: Path) -> None:
    shots = tmp_path / "shots"
    done = run_cli(
        "run", "--mode", "desktop", "--experience", "placeholder", "--no-tutorial", "--no-console",
        "--duration", "3", "--size", "480x270", "--hud", "--capture", str(shots), "--capture-at", "2.5",
        env={"DISPLAY": xvfb_display},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    pngs = sorted(shots.glob("*.png"))
    assert pngs, "no screenshot written"
    img = read_png(pngs[-1])
    assert img.shape == (270, 480, 3)
    assert img.std() > 0.05  # the scene, not a blank window
    # HUD: near-white text in the top-left corner.
    hud = img[:60, :240]
    assert (hud.min(axis=2) > 0.9).sum() > 30


@pytest.mark.slow
def test_desktop_room_view_window_shows_the_caption(xvfb_display: str, tmp_path: Path) -> None:
    """--room-view opens a second window beside the preview, with the caption large."""
    import json

    shots = tmp_path / "shots"
    stats = tmp_path / "stats.json"
    done = run_cli(
        "run", "--mode", "desktop", "--experience", "placeholder", "--no-tutorial", "--no-console",
        "--duration", "6", "--size", "480x270", "--room-view", "--capture", str(shots), "--capture-at", "2.5",
        "--stats-json", str(stats), env={"DISPLAY": xvfb_display},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "room view: window, 1280x720" in done.stderr
    room = json.loads(stats.read_text())["room_view"]
    assert room["kind"] == "window" and room["drawn"] > 0
    [png] = sorted(shots.glob("room_*.png"))
    img = read_png(png)
    assert img.shape == (720, 1280, 3)
    assert img.std() > 0.05
    bottom = img[int(0.75 * 720):, 250:1030]
    assert (bottom.min(axis=2) > 0.85).sum() > 500  # the caption's letters, large, low on the screen
