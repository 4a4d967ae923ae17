"""Hot reload: a saved edit re-lints; clean edits reload at the same place, broken ones do not."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from experience import events as ev
from experience.content import ContentRoot
from experience.narrative import NarrativeWatcher, TimelinePlayer, apply_result, load_session

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pack(tmp_path: Path) -> ContentRoot:
    for d in ("narratives", "scenes"):
        (tmp_path / d).mkdir()
    shutil.copy(ROOT / "narratives" / "placeholder.yaml", tmp_path / "narratives")
    shutil.copy(ROOT / "scenes" / "placeholder.yaml", tmp_path / "scenes")
    return ContentRoot.find(tmp_path)


def _save(path: Path, text: str, bump: int) -> None:
    path.write_text(text)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + bump * 1_000_000_000))  # a distinct mtime


def test_clean_edit_reloads_at_same_position(pack: ContentRoot) -> None:
    watcher = NarrativeWatcher.for_session(pack, "placeholder", tutorial=False)
    player = TimelinePlayer(load_session(pack, "placeholder", tutorial=False))
    got: list[ev.Event] = []
    player.subscribe(got.append)
    player.start()
    for _ in range(int(9.0 * 32)):
        player.update(1 / 32)  # into line p_a2
    assert player.current_line is not None and player.current_line.id == "p_a2"
    assert watcher.poll() is None  # nothing changed
    path = pack.narratives / "placeholder.yaml"
    _save(path, path.read_text().replace("a little below where", "just below where"), 1)
    result = watcher.poll()
    assert result is not None and result.ok
    assert apply_result(result, player) == ["reloaded placeholder.yaml"]
    assert player.current_line is not None and "just below" in player.current_line.text
    assert player.chapter_id == "arrival" and player.elapsed == pytest.approx(9.0)
    assert watcher.poll() is None


def test_broken_edit_keeps_old_version_and_reports(pack: ContentRoot) -> None:
    watcher = NarrativeWatcher.for_session(pack, "placeholder", tutorial=False)
    player = TimelinePlayer(load_session(pack, "placeholder", tutorial=False))
    player.start()
    old = player.narrative
    path = pack.narratives / "placeholder.yaml"
    _save(path, path.read_text().replace("scene: placeholder", "scene: attic", 1), 2)
    result = watcher.poll()
    assert result is not None and not result.ok
    lines = apply_result(result, player)
    assert lines[0] == "not reloaded: 1 error(s)" and "unknown scene 'attic'" in lines[1]
    assert player.narrative is old
    _save(path, "id: [", 3)
    result = watcher.poll()
    assert result is not None and not result.ok and "not valid YAML" in result.hud_lines()[1]


def test_deleted_file_is_an_error_not_a_crash(pack: ContentRoot) -> None:
    watcher = NarrativeWatcher.for_session(pack, "placeholder", tutorial=False)
    (pack.narratives / "placeholder.yaml").unlink()
    result = watcher.poll()
    assert result is not None and not result.ok and "cannot read" in result.hud_lines()[1]
