"""Hot reload: a saved edit re-lints; clean edits reload at the same place, broken ones do not."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from experience import events as ev
from experience.content import ContentRoot
from experience.narrative import Narrative, NarrativeWatcher, TimelinePlayer, apply_result, load_session

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
    assert apply_result(result, player.reload) == ["reloaded placeholder.yaml"]
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
    lines = apply_result(result, player.reload)
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


def test_install_hot_reload_wires_scheduler_worker_and_hud(pack: ContentRoot) -> None:
    from experience.narrative import install_hot_reload

    jobs: list[tuple[str, Any, int]] = []

    class Worker:
        def submit(self, fn, on_done=None, on_error=None):  # type: ignore[no-untyped-def]
            on_done(fn())  # synchronous stand-in for the worker thread

    class Scheduler:
        def every(self, name, fn, frames):  # type: ignore[no-untyped-def]
            jobs.append((name, fn, frames))

    from experience.settings import Settings
    from tests.kit import make_services

    player = TimelinePlayer(load_session(pack, "placeholder", tutorial=False))
    player.start()
    app = make_services(player, settings=Settings(experience="placeholder", tutorial=False, console=None),
                        content=pack, refresh_hz=60.0)
    app.worker, app.scheduler = Worker(), Scheduler()  # type: ignore[assignment]
    swapped: list[object] = []

    def swap(n: Narrative) -> None:
        swapped.append(n)
        player.reload(n)
        app.narrative = n

    app.host.swap_narrative = swap  # type: ignore[method-assign,assignment]
    assert install_hot_reload(app) is not None
    name, tick, frames = jobs[0]  # type: ignore[misc]
    assert name == "narrative-watch" and frames == 30
    path = pack.narratives / "placeholder.yaml"
    _save(path, path.read_text().replace("scene: placeholder", "scene: attic", 1), 5)
    tick()
    assert app.diagnostics[0] == "not reloaded: 1 error(s)"
    _save(path, path.read_text().replace("scene: attic", "scene: placeholder", 1), 6)
    tick()
    assert app.diagnostics == ["reloaded placeholder.yaml"] and app.narrative is player.narrative
    assert swapped == [player.narrative]


def test_single_file_watcher(pack: ContentRoot) -> None:
    path = pack.narratives / "placeholder.yaml"
    watcher = NarrativeWatcher(path, content=pack)
    assert watcher.poll() is None
    _save(path, path.read_text().replace('title: "Placeholder"', 'title: "Edited"'), 7)
    result = watcher.poll()
    assert result is not None and result.narrative is not None and result.narrative.title == "Edited"
