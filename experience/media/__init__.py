"""Sound as data: DSP, audio file I/O, loudness, the sound library and offline voice effects.

Pure numpy (no Panda3D, no audio device), so the narrative tools (levelling,
lint of sound ids), the booth and the audio engine all build on it. Playback
lives above, in :mod:`experience.audio`.
"""

from ._dsp import SR, resample
from ._library import AUDIO_SUFFIXES, BUSES, SoundDef, ensure_sounds, generate, load_registry, sound_ids
from ._loudness import integrated_lufs, loudness_range, power_db, sample_peak_db, speech_band_db, true_peak_dbtp
from ._wavio import parse_wav, read_audio, read_wav, write_wav
from ._whisper import espeak_wav, whispered, whispered_file

__all__ = [
    "AUDIO_SUFFIXES",
    "BUSES",
    "SR",
    "SoundDef",
    "ensure_sounds",
    "espeak_wav",
    "generate",
    "integrated_lufs",
    "load_registry",
    "loudness_range",
    "parse_wav",
    "power_db",
    "read_audio",
    "read_wav",
    "resample",
    "sample_peak_db",
    "sound_ids",
    "speech_band_db",
    "true_peak_dbtp",
    "whispered",
    "whispered_file",
    "write_wav",
]
