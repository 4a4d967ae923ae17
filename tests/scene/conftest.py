"""Scene test fixtures: one headless stereo renderer shared by the scene tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def renderer() -> Iterator[object]:
    """A small headless stereo Stage (EGL, llvmpipe) that builds and renders scenes."""
    from experience.scene._shots import SceneRenderer

    r = SceneRenderer((128, 96))
    yield r
    r.destroy()
