"""Spatial audio: OpenAL engine, buses, narration media clock, sound library, offline render."""

from ..media import (
    BUSES,
    SR,
    SoundDef,
    ensure_sounds,
    generate,
    load_registry,
    parse_wav,
    read_audio,
    read_wav,
    sound_ids,
    whispered_file,
    write_wav,
)
from ._device import AudioConfig, open_audio, open_manager, write_alsoft_conf
from ._engine import STREAM_SECONDS, AudioEngine, Emitter
from ._mixer import LAYERS, Mixer, MixerSettings, Ramp
from ._pool import SoundPool

__all__ = [
    "BUSES",
    "LAYERS",
    "SR",
    "STREAM_SECONDS",
    "AudioConfig",
    "AudioEngine",
    "Emitter",
    "Mixer",
    "MixerSettings",
    "Ramp",
    "SoundDef",
    "SoundPool",
    "ensure_sounds",
    "generate",
    "load_registry",
    "open_audio",
    "open_manager",
    "parse_wav",
    "read_audio",
    "read_wav",
    "sound_ids",
    "whispered_file",
    "write_alsoft_conf",
    "write_wav",
]
