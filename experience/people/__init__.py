"""People: faces, eye contact, speech and gesture, and the participant's own body.

Pure-data parts (appearance, mouth tracks, the numpy animation) import no
Panda3D; the geometry, the glTF humanoids and the participant's body do, and
load lazily.
"""

from __future__ import annotations

from typing import Any

from ._crowd import GAZE_MODES, MANNERS, MAX_PEOPLE, Crowd, PeopleInput
from ._look import (
    BUILDS,
    EXPRESSIONS,
    EYE_COLORS,
    FACIAL_HAIR,
    GLASSES,
    HAIR_COLORS,
    HAIR_STYLES,
    HEAD_COVERINGS,
    SKIN_TONES,
    Look,
    default_look,
)
from ._mouth import MouthTrack, envelope, mouth_track, read_track, text_track

__all__ = [
    "BUILDS",
    "EXPRESSIONS",
    "EYE_COLORS",
    "FACIAL_HAIR",
    "GAZE_MODES",
    "GLASSES",
    "HAIR_COLORS",
    "HAIR_STYLES",
    "HEAD_COVERINGS",
    "MANNERS",
    "MAX_PEOPLE",
    "SKIN_TONES",
    "Crowd",
    "Look",
    "MouthTrack",
    "PeopleInput",
    "default_look",
    "envelope",
    "mouth_track",
    "read_track",
    "text_track",
]


def __getattr__(name: str) -> Any:
    raise AttributeError(name)
