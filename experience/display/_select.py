"""Backend choice, made in one place."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass

from ..errors import UsageError
from ._base import BackendUnavailable

log = logging.getLogger("empathy-vr")


@dataclass(frozen=True)
class Choice:
    """The chosen mode and the one-line reason for it."""

    mode: str  # "xr" | "desktop" | "headless"
    reason: str


def _xr_probe() -> str | None:
    """None if an OpenXR runtime with a headset answers, else why not (one line)."""
    try:
        from .openxr import probe
    except ImportError as exc:
        return f"OpenXR backend not available ({exc.name or exc})"
    try:
        return probe()
    except Exception as exc:  # a broken runtime must not stop the preview
        return f"OpenXR runtime failed to answer: {exc}"


def has_display() -> bool:
    """Whether a desktop window can be opened here."""
    if sys.platform.startswith(("win", "darwin")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def choose_mode(mode: str) -> Choice:
    """Resolve ``auto``: OpenXR first, desktop when no runtime or headset answers."""
    if mode not in ("auto", "desktop", "headless", "xr"):
        raise UsageError(f"unknown mode {mode!r} (use auto, desktop, headless or xr)")
    if mode != "auto":
        return Choice(mode, f"--mode {mode}")
    why = _xr_probe()
    if why is None:
        return Choice("xr", "an OpenXR runtime with a headset answered")
    if not has_display():
        return Choice("headless", f"{why}; no desktop display either, running headless")
    return Choice("desktop", f"{why}; using the desktop preview")


__all__ = ["BackendUnavailable", "Choice", "choose_mode", "has_display"]
