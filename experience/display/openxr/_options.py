"""Backend options: from the run settings' ``extra`` or ``EMPATHY_XR_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from ...errors import UsageError
from ...settings import Settings
from ._runtime import default_binding

ENV_OPTIONS = {
    "EMPATHY_XR_PATH": "xr_render_path",
    "EMPATHY_XR_SPACE": "xr_space",
    "EMPATHY_XR_MIRROR": "xr_mirror",
    "EMPATHY_XR_CONTROLLERS": "xr_controllers",
    "EMPATHY_XR_BINDING": "xr_binding",
    "EMPATHY_XR_MARGIN_MS": "xr_margin_ms",
    "EMPATHY_XR_RENDER_SCALE": "xr_render_scale",
}
"""Environment variables that set backend options (docs/runtimes.md); settings win over them."""


@dataclass
class XrOptions:
    """What the OpenXR backend was asked to do (see docs/runtimes.md, "Options")."""

    render_path: str = "direct"
    space: str = "auto"
    mirror: bool = True
    controllers: bool = True
    binding: str = "egl"
    margin_s: float = 0.002
    render_scale: str = "off"  # "off" | "auto" | a fixed number
    fixed_scale: float | None = None

    @classmethod
    def from_settings(cls, settings: Settings | None) -> XrOptions:
        """Read and check the options; a bad value is a one-line :class:`UsageError`."""
        extra: dict[str, object] = {**{key: os.environ[env] for env, key in ENV_OPTIONS.items() if os.environ.get(env)},
                                    **(settings.extra if settings is not None else {})}
        o = cls(binding=default_binding())
        o.render_path = str(extra.get("xr_render_path", "direct")).strip().lower()
        if o.render_path not in ("direct", "blit"):
            raise UsageError(f"xr render path must be direct or blit, got {o.render_path!r}")
        o.space = str(extra.get("xr_space", "auto")).strip().lower()
        if o.space not in ("auto", "stage", "local"):
            raise UsageError(f"xr space must be auto, stage or local, got {o.space!r}")
        o.mirror = flag(extra.get("xr_mirror", True))
        o.controllers = flag(extra.get("xr_controllers", True))
        binding = str(extra.get("xr_binding", "") or "").strip().lower()
        if binding:
            if binding not in ("glx", "egl", "wgl"):
                raise UsageError(f"xr binding must be glx, egl or wgl, got {binding!r}")
            o.binding = binding
        try:
            o.margin_s = float(str(extra.get("xr_margin_ms", 2.0))) / 1000.0
        except ValueError:
            raise UsageError(f"xr margin must be milliseconds, got {extra.get('xr_margin_ms')!r}") from None
        scale = str(extra.get("xr_render_scale", "off")).strip().lower()
        o.render_scale = "auto" if scale == "auto" else "off"
        if scale not in ("off", "auto", "1", "1.0"):
            try:
                o.fixed_scale = float(scale)
            except ValueError:
                raise UsageError(f"xr render scale must be off, auto or a number, got {scale!r}") from None
            if not 0.25 <= o.fixed_scale <= 1.0:
                raise UsageError(f"xr render scale must be between 0.25 and 1, got {o.fixed_scale:g}")
        return o


def flag(value: Any) -> bool:
    """A yes/no option: ``0``, ``no``, ``off``, ``false`` are no."""
    if isinstance(value, str):
        return value.strip().lower() not in ("0", "no", "off", "false")
    return bool(value)
