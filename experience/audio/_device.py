"""Opening OpenAL (OpenAL Soft, bundled with Panda3D) with HRTF.

OpenAL Soft reads its options from the file named by ``ALSOFT_CONF``; we write
one (HRTF on or off, drivers, an optional wave-file capture) before the first
audio manager exists. Panda3D picks its audio library once per process, so
:func:`open_manager` must run before ShowBase starts (the Stage sets
``audio-library-name null`` so that ShowBase alone never opens a device).
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..settings import Settings

log = logging.getLogger("experience.audio")


@dataclass(frozen=True)
class AudioConfig:
    """How to open the audio device.

    Attributes:
        enabled: False: no device at all (captions only).
        hrtf: binaural rendering for headphones (headsets); False for speakers.
        drivers: OpenAL Soft backends to try, e.g. ``"pulse,alsa"``; None: its default order.
        wave_file: capture the mix to this WAV file instead of a device (tests).
        frequency: output rate (the built-in HRTF is 44.1 kHz).
    """

    enabled: bool = True
    hrtf: bool = True
    drivers: str | None = None
    wave_file: Path | None = None
    frequency: int = 44100

    off_reason: str = ""

    @classmethod
    def from_settings(cls, settings: Settings | None) -> AudioConfig:
        """The config for a run.

        Audio is off in headless runs (tests, CI, batch previews) and when the
        narrative runs faster than real time; ``EMPATHY_VR_AUDIO=1`` turns it
        on anyway, ``EMPATHY_VR_AUDIO=0`` off always. ``EMPATHY_VR_HRTF=0``
        (or ``settings.hrtf = False``) renders for speakers instead of headphones.
        """
        s = settings or Settings()
        env = os.environ.get("EMPATHY_VR_AUDIO", "")
        reason = ""
        if env == "0" or not s.audio:
            reason = "turned off"
        elif env != "1":
            if s.mode == "headless":
                reason = "off in headless runs (EMPATHY_VR_AUDIO=1 turns it on)"
            elif s.time_scale != 1.0:
                reason = "off when the narrative runs at --time-scale other than 1"
        if os.environ.get("EMPATHY_VR_AUDIO_WAVE") and env != "0":
            reason = ""
        hrtf = s.hrtf
        if hrtf is None:
            hrtf = os.environ.get("EMPATHY_VR_HRTF", "1") != "0"
        wave = os.environ.get("EMPATHY_VR_AUDIO_WAVE")  # capture the live mix (tests, demos)
        return cls(enabled=not reason, hrtf=bool(hrtf), off_reason=reason,
                   wave_file=Path(wave) if wave else None)

    def alsoft_conf(self) -> str:
        """The OpenAL Soft configuration text for this config (with the mix rules' master level)."""
        from ._rules import MASTER_DB

        lines = ["[general]", f"hrtf = {'true' if self.hrtf else 'false'}", f"frequency = {self.frequency}",
                 f"volume-adjust = {MASTER_DB:g}"]
        if self.hrtf:
            lines.append("stereo-mode = headphones")
        if self.wave_file is not None:
            lines += ["drivers = wave", "", "[wave]", f"file = {self.wave_file}"]
        elif self.drivers:
            lines.append(f"drivers = {self.drivers}")
        return "\n".join(lines) + "\n"


def write_alsoft_conf(config: AudioConfig, folder: Path | None = None) -> Path:
    """Write the OpenAL Soft config file and point ``ALSOFT_CONF`` at it.

    A user's own ``ALSOFT_CONF`` is kept unless the config captures to a file.
    """
    existing = os.environ.get("ALSOFT_CONF")
    if existing and config.wave_file is None and not existing.startswith(tempfile.gettempdir()):
        return Path(existing)
    d = folder or Path(tempfile.mkdtemp(prefix="empathy-vr-openal-"))
    d.mkdir(parents=True, exist_ok=True)
    path = d / "alsoft.conf"
    path.write_text(config.alsoft_conf())
    os.environ["ALSOFT_CONF"] = str(path)
    os.environ.setdefault("ALSOFT_LOGLEVEL", "1")  # OpenAL Soft's errors only, not its warnings
    return path


_opened: dict[str, Any] = {}


def open_audio(config: AudioConfig | None = None) -> Any | None:
    """The process's audio manager: opened on the first call, the same one after.

    Call it before the Stage starts ShowBase (the app does, in ``start``).
    Returns None, with one log line, when there is no audio device or audio
    is off; later calls return the first answer whatever their config.
    """
    if "manager" not in _opened:
        _opened["manager"] = open_manager(config or AudioConfig())
    return _opened["manager"]


def _no_device_reason() -> str | None:
    """On Linux, say why there is surely no device (saves libasound's error spew)."""
    if not sys.platform.startswith("linux"):
        return None
    if Path("/dev/snd").exists() or os.environ.get("PULSE_SERVER"):
        return None
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and any((Path(runtime) / s).exists() for s in ("pulse/native", "pipewire-0")):
        return None
    return "no sound card (/dev/snd) and no sound server"


def open_manager(config: AudioConfig) -> Any | None:
    """Open Panda3D's OpenAL audio manager, or return None (logged once) if there is no device."""
    if not config.enabled:
        log.info("audio: %s; captions only", config.off_reason or "off")
        return None
    reason = _no_device_reason() if config.wave_file is None and not config.drivers else None
    if reason:
        log.info("audio: %s; captions only, clock from frames", reason)
        return None
    write_alsoft_conf(config)
    from panda3d.core import AudioManager, loadPrcFileData

    loadPrcFileData("empathy-vr-audio", "audio-library-name p3openal_audio\nnotify-level-audio error\n")
    try:
        manager = AudioManager.create_AudioManager()
    except Exception as exc:  # a broken library install
        log.info("audio: no audio device (%s); captions only, clock from frames", exc)
        return None
    # Panda3D hands back a NullAudioManager when OpenAL cannot open a device
    # (or when ShowBase chose the null library first: open audio before the Stage).
    if manager.get_type().get_name() != "OpenALAudioManager" or not manager.is_valid():
        log.info("audio: no audio device; captions only, clock from frames")
        return None
    manager.audio_3d_set_distance_factor(1.0)  # metres
    manager.audio_3d_set_drop_off_factor(1.0)
    return manager
