"""The one PNG reader for tests: a file or PNG bytes as an H x W x 3 float array (0..1), top row first.

Panda3D decodes (the same PNMImage the app writes with); numpy takes the pixels in one
copy, not a Python loop per pixel.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def read_png(source: Path | bytes, step: int = 1) -> np.ndarray:
    """Decode ``source`` (a path or PNG bytes); ``step`` keeps every n-th row and column."""
    from panda3d.core import PNMImage, StringStream, Texture

    img = PNMImage()
    ok = img.read(StringStream(source), "image.png") if isinstance(source, bytes) else img.read(str(source))
    assert ok and img.getXSize() > 0, f"not a readable PNG: {source if isinstance(source, Path) else 'bytes'}"
    tex = Texture()
    tex.load(img)
    h, w = img.getYSize(), img.getXSize()
    rgb = np.frombuffer(tex.getRamImageAs("RGB"), np.uint8).reshape(h, w, 3)[::-1]
    return (rgb[::step, ::step].astype(np.float32) / 255.0).copy()
