"""Author tools: the check and scenes commands, and shader hot reload."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from experience.core import ManualClock, SlackScheduler
from experience.presenters.effects import post_shaders
from experience.scene._watch import ShaderWatcher
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]


def test_check_reports_scene_problems_with_positions() -> None:
    done = run_cli("check", "tests/scene/bad/flicker.yaml", "tests/scene/bad/bad_kind.yaml", "scenes/home.yaml")
    assert done.returncode == 1
    out = done.stderr + done.stdout
    assert "tests/scene/bad/flicker.yaml:6:79: error: this flicker would flash 8 times a second" in out
    assert "bad_kind.yaml:7:12: error: prop kind 'tabel' is not known (hint: did you mean 'table'?)" in out
    assert "Traceback" not in done.stderr
    assert run_cli("check", "scenes").returncode == 0


def test_scenes_command_lists_names_and_rejects_unknown_ids() -> None:
    done = run_cli("scenes", "home", "calm")
    assert done.returncode == 0, done.stderr
    assert "home: A small flat, morning" in done.stdout and "kettle" in done.stdout
    bad = run_cli("scenes", "castle")
    assert bad.returncode == 2 and "unknown scene 'castle'" in bad.stderr


class _App:
    def __init__(self) -> None:
        self.scheduler = SlackScheduler(ManualClock())
        app = self

        class _Worker:
            def submit(self, fn: Any, *args: Any, on_done: Any = None, on_error: Any = None) -> None:
                res = fn(*args)
                app.scheduler.call_soon(lambda: on_done(res))

        self.worker = _Worker()


def test_shader_hot_reload_compiles_changed_files_in_slack(tmp_path: Path) -> None:
    vert, frag = tmp_path / "post.vert", tmp_path / "post.frag"
    vert.write_text((ROOT / "shaders" / "post.vert").read_text())
    frag.write_text((ROOT / "shaders" / "post.frag").read_text())
    app = _App()
    got: list[Any] = []
    watcher = ShaderWatcher(app, vert, frag, got.append, post_shaders)  # type: ignore[arg-type]  # its scheduler and worker
    watcher.start(refresh_hz=4)
    for _ in range(4):
        app.scheduler.run(1e9)
    assert got == []  # nothing changed
    frag.write_text(frag.read_text().replace("o_color = vec4(clamp(c, 0.0, 1.0), 1.0);",
                                             "o_color = vec4(c.bgr, 1.0);", 1))
    st = frag.stat()
    os.utime(frag, (st.st_atime, st.st_mtime + 5))
    for _ in range(6):
        app.scheduler.run(1e9)
    assert len(got) == 1 and watcher.reloads == 1
    assert set(got[0]) == {"copy", "effects", "blur"}  # the effects presenter's variants
    assert "c.bgr" in got[0]["copy"].getText(got[0]["copy"].ST_fragment)
