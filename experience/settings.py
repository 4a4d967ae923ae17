"""What a run was asked to do: the command line's (or a test's) settings."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Settings:
    """What a run was asked to do (from the command line or a test)."""

    mode: str = "headless"
    experience: str | None = None
    tutorial: bool = True
    duration: float | None = None
    stats_json: str | None = None
    capture: str | None = None
    capture_every: int = 0
    capture_at: tuple[float, ...] = ()
    size: tuple[int, int] | None = None
    refresh: float | None = None
    stereo: bool = True
    time_scale: float = 1.0
    locale: str | None = None  # narration and captions
    audio_locale: str | None = None  # narration only (overrides locale)
    caption_locale: str | None = None  # captions, prompts and titles only (overrides locale)
    head_path: str = "still"
    auto_continue: bool = False
    console: str | None = "local"  # "local" (in-process hub), "ws://..." or None
    console_token: str | None = None
    audio: bool = True  # False: captions only, whatever the mode
    hrtf: bool | None = None  # None: EMPATHY_VR_HRTF decides (headphones unless it is 0)
    room_view: str | None = None  # "window" | "fullscreen" | "offscreen": open the room view at start
    extra: dict[str, object] = field(default_factory=dict)
    """Rarely used switches: ``exit_at_end``, ``hot_reload``, ``hud`` (and tools' own)."""
