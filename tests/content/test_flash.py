"""The heartbeat in Crowd, rendered: never more than 3 general flashes a second.

The lint checks each effect cue on its own; this renders the panic and the
grounding (pulse, vignette, fades together, in the platform scene) and counts
flashes in the frames as WCAG 2.x does (experience.scene.count_flashes).
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from .conftest import ROOT

FPS = 30.0
SCALE = 6.0  # narrative time runs 6x; effects and the pulse run in display time


@pytest.mark.slow
def test_crowd_panic_and_grounding_do_not_flash(tmp_path):
    scene = pytest.importorskip("experience.scene")
    narrative = pytest.importorskip("experience.narrative")
    from panda3d.core import PNMImage, Texture

    n = narrative.load_narrative(ROOT / "narratives" / "crowd.yaml")
    starts, t = {}, 0.0
    from experience.narrative._timeline import Timeline

    tl = Timeline.build(n)
    for i, c in enumerate(n.chapters):
        starts[c.id] = t
        t += tl.suffix[i][0]
    begin = starts["alarm"] / SCALE
    end = (starts["grounding"] + 30.0) / SCALE
    proc = subprocess.run(
        [sys.executable, "run_vr.py", "run", "--mode", "headless", "--experience", "crowd", "--no-tutorial",
         "--auto-continue", "--time-scale", str(SCALE), "--refresh", str(FPS), "--mono", "--size", "64x36",
         "--capture", str(tmp_path), "--capture-every", "1",
         # frames are written on a worker: run on a while so the ones we need are all on disk
         "--duration", f"{end * 1.3 + 3:.2f}"],
        cwd=ROOT, capture_output=True, text=True, timeout=180, check=False)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-2000:]
    frames = []
    for path in sorted(tmp_path.glob("frame_*.png")):
        if not begin <= float(path.stem.split("_t")[1]) <= end:
            continue
        img = PNMImage()
        assert img.read(str(path))
        tex = Texture()
        tex.load(img)
        a = np.frombuffer(bytes(tex.getRamImageAs("RGB")), np.uint8)
        frames.append(scene.relative_luminance(a.reshape(img.getYSize(), img.getXSize(), 3)))
    assert len(frames) >= int((end - begin) * FPS) - 2, "a frame is missing"
    lum = np.array([f.mean() for f in frames])
    assert lum.max() - lum.min() > 0.02, "the pulse and vignette are visible"
    assert scene.count_flashes(frames, FPS) <= scene.FLASH_LIMIT
