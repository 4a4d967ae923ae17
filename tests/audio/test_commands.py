"""The audio subcommands' command-line contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "run_vr.py"), *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def test_render_audio_usage_errors_are_one_line(tmp_path: Path) -> None:
    for args in (("render-audio", "no_such_experience", str(tmp_path / "x.wav")),
                 ("render-audio", "placeholder", str(tmp_path / "x.mp3")),
                 ("render-audio", "placeholder", str(tmp_path / "missing" / "x.wav")),
                 ("render-audio",)):
        p = _cli(*args)
        assert p.returncode == 2, (args, p.stderr)
        assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr


def test_sounds_lists_every_id() -> None:
    p = _cli("sounds", "--list")
    assert p.returncode == 0, p.stderr
    ids = {line.split()[0] for line in p.stdout.splitlines()}
    assert {"rain", "whisper", "breath_guide", "train_arrival"} <= ids
