"""Presenters: captions, audio, effects, scene cues, console."""

from ._base import Presenter, SafePresenters

__all__ = ["Presenter", "SafePresenters"]
