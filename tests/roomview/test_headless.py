"""The room view rendered headless (real Panda3D, offscreen, Mesa): large captions, the calm card, the corner.

One subprocess (one ShowBase) renders the placeholder with the room view and a local console
hub; the tests look at the pictures it wrote.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from experience.roomview._overlay import CARD_BG_RGBA

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("room")
    env = {**os.environ, "XDG_DATA_HOME": str(out / "data"), "EMPATHY_VR_AUDIO": "0"}
    p = subprocess.run([sys.executable, str(HERE / "_render_room.py"), str(out)], capture_output=True, text=True,
                       env=env, timeout=300, cwd=HERE.parents[1])
    assert p.returncode == 0, p.stderr[-3000:]
    doc = json.loads((out / "result.json").read_text())
    doc["dir"] = out
    return doc


def _load(path: Path) -> Any:
    from panda3d.core import PNMImage

    img = PNMImage(str(path))
    assert img.getXSize() > 0, path
    return img


def _room(doc: dict[str, Any], t: float) -> Any:
    """The room view's first picture at or after ``t`` (it is drawn in slack, so perhaps a frame later)."""
    shots = sorted((float(Path(p).stem[len("room_t"):]), p) for p in doc["captured"])
    path = next(p for when, p in shots if when >= t - 1e-6)
    assert float(Path(path).stem[len("room_t"):]) < t + 0.5
    return _load(Path(path))


def _eye(doc: dict[str, Any], t: float) -> Any:
    [path] = sorted(doc["dir"].glob(f"frame_*_t{t:08.3f}.png"))
    return _load(path)


def _card_share(img: Any) -> float:
    w, h = img.getXSize(), img.getYSize()
    px = [img.getXel(x, y) for y in range(0, h, 4) for x in range(0, w, 4)]
    near = sum(1 for c in px if all(abs(c[i] - CARD_BG_RGBA[i]) < 0.04 for i in range(3)))
    return near / len(px)


def _white_rows(img: Any, y0: float, y1: float, x0: float = 0.0, x1: float = 1.0) -> list[int]:
    """Rows (in the band y0..y1 of the height) that hold white text pixels."""
    w, h = img.getXSize(), img.getYSize()
    rows = []
    for y in range(int(y0 * h), int(y1 * h)):
        if any(min(img.getXel(x, y)) > 0.85 for x in range(int(x0 * w), int(x1 * w))):
            rows.append(y)
    return rows


def _tallest_run(rows: list[int]) -> int:
    best = run = 0
    prev = None
    for y in rows:
        run = run + 1 if prev is not None and y == prev + 1 else 1
        best = max(best, run)
        prev = y
    return best


def test_the_room_view_shows_the_participants_caption_large(rendered: dict[str, Any]) -> None:
    from tests.roomview._render_room import CAPTION_T

    room = _room(rendered, CAPTION_T)
    assert (room.getXSize(), room.getYSize()) == (960, 540)
    assert _card_share(room) < 0.1  # the picture, not a card
    room_row = _tallest_run(_white_rows(room, 0.7, 1.0, 0.2, 0.8)) / room.getYSize()
    eye = _eye(rendered, CAPTION_T)
    eye_row = _tallest_run(_white_rows(eye, 0.4, 0.8, 0.0, 0.5)) / eye.getYSize()
    assert eye_row > 0, "the eye shows the caption too"
    # a row of caption text is at least 3 % of the picture's height (5 cm on a 1.7 m projection)
    # and more than twice as large a share of the picture as in the headset's eye
    assert room_row >= 0.03, room_row
    assert room_row > 2 * eye_row, (room_row, eye_row)


def test_paused_shows_a_calm_card_instead_of_the_picture(rendered: dict[str, Any]) -> None:
    from tests.roomview._render_room import PAUSED_T

    room = _room(rendered, PAUSED_T)
    assert _card_share(room) > 0.8
    assert _white_rows(room, 0.3, 0.5, 0.3, 0.7), "the card's title"
    assert _card_share(_eye(rendered, PAUSED_T)) < 0.1  # the participant still sees the room


def test_the_calm_place_shows_its_own_card(rendered: dict[str, Any]) -> None:
    from tests.roomview._render_room import CALM_T, PAUSED_T

    calm, paused = _room(rendered, CALM_T), _room(rendered, PAUSED_T)
    assert _card_share(calm) > 0.8
    # a different title: the title band differs between the two cards
    w, h = calm.getXSize(), calm.getYSize()
    differ = sum(1 for y in range(int(0.33 * h), int(0.47 * h), 2) for x in range(0, w, 2)
                 if abs(calm.getGray(x, y) - paused.getGray(x, y)) > 0.3)
    assert differ > 200


def test_the_corner_holds_the_session_code_and_chapter(rendered: dict[str, Any]) -> None:
    from tests.roomview._render_room import PAUSED_T

    assert rendered["session"], "the local hub gave the session a code"
    room = _room(rendered, PAUSED_T)
    assert _white_rows(room, 0.0, 0.08, 0.0, 0.25), "text in the top-left corner"
    assert not _white_rows(room, 0.0, 0.08, 0.4, 1.0), "and nowhere else along the top"


def test_the_stats_count_the_room_views_pictures(rendered: dict[str, Any]) -> None:
    rv = rendered["stats"]["room_view"]
    # 9 s at 30 pictures a second: headless never drops a picture; without slack (a busy machine)
    # the scheduler forces a waiting one after 10 frames, so at least one in 11 frames
    assert rendered["stats"]["frames"] // 11 <= rv["drawn"] <= rendered["stats"]["frames"]
    assert rv["skipped"] == 0
    assert rendered["stats"]["frames"] >= 270
