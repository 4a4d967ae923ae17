"""The room view: a calm second picture of the participant's view for a projector or a video call."""

from ._filter import SMOOTH_S, HeadingFilter, wrap180
from ._presenter import MODES, RATE_HZ, RoomViewPresenter

__all__ = ["MODES", "RATE_HZ", "SMOOTH_S", "HeadingFilter", "RoomViewPresenter", "wrap180"]
