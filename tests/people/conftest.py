"""People test fixtures: a small headless renderer and a scene with one close-up face."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

FACE_SCENE = """id: face
environment: {kind: room, size: [5, 5, 2.8]}
participant: {position: [0, -0.9, 0], heading: 0, pose: seated}
lights:
  - {kind: ambient, color: "#e2e8ee", intensity: 0.6, ground: "#a08c78"}
  - {kind: sun, color: "#fff2e0", intensity: 1.6, direction: [0.3, -0.7, -0.6]}
people:
  - {id: ann, at: [0, 0.6, 0], heading: 180, pose: seated, gaze: participant, skin: tone2, hair: black,
     hair_style: short, facial_hair: none, glasses: none, head_covering: none, eyes: dark_brown}
  - {id: ben, at: [1.2, 0.8, 0], heading: 200, gaze: none, skin: tone8, hair_style: afro}
anchors: {ann_voice: [0, 0.65, 1.15]}
ambience: room_tone
"""


@pytest.fixture(scope="session")
def face_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("face-scene")
    (d / "face.yaml").write_text(FACE_SCENE)
    return d


@pytest.fixture(scope="session")
def closeup() -> Iterator[object]:
    """A mono headless renderer for face close-ups (EGL, llvmpipe)."""
    from experience.scene._shots import SceneRenderer

    r = SceneRenderer((200, 150), stereo=False)
    yield r
    r.destroy()


@pytest.fixture(scope="session")
def renderer() -> Iterator[object]:
    """A small headless stereo Stage, as the scene tests use."""
    from experience.scene._shots import SceneRenderer

    r = SceneRenderer((128, 96))
    yield r
    r.destroy()
