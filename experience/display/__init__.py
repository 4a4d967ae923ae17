"""Display backends behind one contract, and the Stage they share."""

from ._base import BackendUnavailable, DisplayBackend, HudControl
from ._desktop import DesktopBackend
from ._geometry import DEFAULT_IPD, EyeView, Fov, fit_aspect, stereo_views
from ._headless import HeadlessBackend
from ._select import Choice, choose_mode, has_display
from ._stage import Eye, Participant, Stage, TrackedHands

__all__ = [
    "DEFAULT_IPD",
    "BackendUnavailable",
    "Choice",
    "DesktopBackend",
    "DisplayBackend",
    "Eye",
    "EyeView",
    "Fov",
    "HeadlessBackend",
    "HudControl",
    "Participant",
    "Stage",
    "TrackedHands",
    "choose_mode",
    "fit_aspect",
    "has_display",
    "stereo_views",
]
