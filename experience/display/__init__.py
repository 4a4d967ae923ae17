"""Display backends behind one contract, and the Stage they share."""

from ._base import (
    DEFAULT_IPD,
    BackendUnavailable,
    DisplayBackend,
    EyeView,
    Fov,
    stereo_views,
)
from ._select import Choice, choose_mode, has_display
from ._stage import Eye, Participant, Stage, TrackedHands

__all__ = [
    "DEFAULT_IPD",
    "BackendUnavailable",
    "Choice",
    "DisplayBackend",
    "Eye",
    "EyeView",
    "Fov",
    "Participant",
    "Stage",
    "TrackedHands",
    "choose_mode",
    "has_display",
    "stereo_views",
]
