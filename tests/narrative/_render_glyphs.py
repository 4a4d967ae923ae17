"""Render captions of given texts through the real caption path, headless; PNGs to argv[1].

``python _render_glyphs.py OUT TEXT...``: builds a small content pack in OUT/pack
(one line per text, 2 s each, on the placeholder scene) and captures each line
mid-way, large (caption size 2) so glyph shapes can be compared. Run in a
subprocess by test_glyphs.py (Panda3D allows one ShowBase per process).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from experience.app import Experience, Settings
from experience.content import REPO_ROOT, ContentRoot
from experience.core import MonotonicClock
from experience.presenters.captions import CaptionsPresenter
from experience.runner import make_backend

SCALE = 4.0  # narrative seconds per captured second
LINE_S, GAP_S = 2.0, 0.4


def make_pack(out: Path, texts: list[str]) -> Path:
    pack = out / "pack"
    (pack / "narratives").mkdir(parents=True, exist_ok=True)
    (pack / "scenes").mkdir(exist_ok=True)
    shutil.copy(REPO_ROOT / "scenes" / "placeholder.yaml", pack / "scenes")
    lines = "\n".join(f"      - line: {{id: g{i}, text: {json.dumps(t)}, duration: {LINE_S}}}"
                      for i, t in enumerate(texts))
    (pack / "narratives" / "glyphs.yaml").write_text(
        "id: glyphs\ntitle: Glyphs\nchapters:\n  - id: one\n    scene: placeholder\n    steps:\n"
        + lines + "\n", encoding="utf-8")
    return pack


if __name__ == "__main__":
    out, texts = Path(sys.argv[1]), sys.argv[2:]
    pack = make_pack(out, texts)
    at = tuple((i * (LINE_S + GAP_S) + LINE_S / 2) / SCALE for i in range(len(texts)))
    s = Settings(mode="headless", experience="glyphs", tutorial=False, duration=at[-1] + 0.2, capture=str(out),
                 capture_at=at, size=(1280, 720), stereo=False, console=None, refresh=30.0, time_scale=SCALE)
    clock = MonotonicClock()
    captions = CaptionsPresenter()
    exp = Experience(s, ContentRoot.find(pack), make_backend(s, clock), clock, presenters=[captions])
    exp.start()
    captions.configure(size=2.0)
    exp.run()
