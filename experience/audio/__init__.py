"""Spatial audio: OpenAL engine, buses, narration media clock, sound library, offline render."""

from ._device import AudioConfig, open_audio, open_manager, write_alsoft_conf
from ._dsp import SR
from ._engine import STREAM_SECONDS, AudioEngine, Emitter
from ._library import BUSES, SoundDef, ensure_sounds, generate, load_registry, sound_ids
from ._mixer import LAYERS, Mixer, MixerSettings, Ramp
from ._pool import SoundPool
from ._wavio import parse_wav, read_audio, read_wav, write_wav
from ._whisper import whispered_file

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
