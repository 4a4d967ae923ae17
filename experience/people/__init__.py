"""People: faces, eye contact, speech and gesture, and the participant's own body.

Pure-data parts (appearance, mouth tracks, the numpy animation) import no
Panda3D; the geometry, the glTF humanoids and the participant's body do, and
load lazily.
"""

from __future__ import annotations

from ._ahead import AheadThread
from ._body import BodyMeshes, BodySpec, Hands, ParticipantBody, body_meshes
from ._crowd import GAZE_MODES, MANNERS, MAX_PEOPLE, Crowd, PeopleInput
from ._figure import figure_mesh
from ._geom import FAR_DETAIL, FAR_FROM, FigureGeom, bake_figure, make_person_node
from ._humanoid import Humanoid, load_humanoid, model_problems
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
    default_clothes,
    default_look,
    with_overrides,
)
from ._mouth import MouthTrack, envelope, mouth_track, read_track, text_track
from ._scene import ScenePeople
from ._voices import Voices

__all__ = [
    "BUILDS",
    "EXPRESSIONS",
    "EYE_COLORS",
    "FACIAL_HAIR",
    "FAR_DETAIL",
    "FAR_FROM",
    "GAZE_MODES",
    "GLASSES",
    "HAIR_COLORS",
    "HAIR_STYLES",
    "HEAD_COVERINGS",
    "MANNERS",
    "MAX_PEOPLE",
    "SKIN_TONES",
    "AheadThread",
    "BodyMeshes",
    "BodySpec",
    "Crowd",
    "FigureGeom",
    "Hands",
    "Humanoid",
    "Look",
    "MouthTrack",
    "ParticipantBody",
    "PeopleInput",
    "ScenePeople",
    "Voices",
    "bake_figure",
    "body_meshes",
    "default_clothes",
    "default_look",
    "envelope",
    "figure_mesh",
    "load_humanoid",
    "make_person_node",
    "model_problems",
    "mouth_track",
    "read_track",
    "text_track",
    "with_overrides",
]

