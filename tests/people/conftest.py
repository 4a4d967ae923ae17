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


class LeftEye:
    """The shared stereo renderer, seen through its left eye only (close-ups set both eyes alike)."""

    def __init__(self, r: object) -> None:
        self._r = r

    def __getattr__(self, name: str) -> object:
        return getattr(self._r, name)

    def image(self) -> object:
        img = self._r.image()  # type: ignore[attr-defined]
        return img[:, : img.shape[1] // 2]


@pytest.fixture
def closeup(renderer: object) -> Iterator[object]:
    """Face close-ups on the shared renderer (200 x 150 per eye); the headset's eyes come back afterwards."""
    from experience.tools import headset_views

    yield LeftEye(renderer)
    stage = renderer.stage  # type: ignore[attr-defined]
    stage.set_eye_views(headset_views(renderer.eye_size))  # type: ignore[attr-defined]
    stage.set_head_pose((0, 0, 0), (0, 0, 0))
