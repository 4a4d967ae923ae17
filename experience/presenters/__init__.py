"""Presenters: captions, audio, effects, scene cues, console.

The caption drawing helpers are shared with the room view (:mod:`experience.roomview`).
"""

from ._base import Presenter, SafePresenters
from ._caption_font import caption_font
from ._caption_layout import CARD_RGBA, DEFAULT_SPEAKER, TEXT_RGBA, hex_rgba, wrap_rows
from ._caption_view import rounded_rect

__all__ = [
    "CARD_RGBA",
    "DEFAULT_SPEAKER",
    "TEXT_RGBA",
    "Presenter",
    "SafePresenters",
    "caption_font",
    "hex_rgba",
    "rounded_rect",
    "wrap_rows",
]
