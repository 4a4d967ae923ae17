"""Does espeak-ng honour a voice variant? Asked of the installed espeak-ng itself.

espeak-ng applies a variant (``+f3``) to some voice names and silently drops
it on others: ``en-gb+f3`` renders byte for byte like ``en-gb``, a male voice,
while ``en+f3`` is female. A list of good names would drift between espeak-ng
versions, so the lint asks: the variant must be one ``espeak-ng
--voices=variant`` lists, and a short phrase spoken with and without it must
differ.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

ESPEAK = "espeak-ng"
PHRASE = "One, two, three. Hello there."


def espeak_available() -> bool:
    return shutil.which(ESPEAK) is not None


@lru_cache(maxsize=1)
def known_variants() -> frozenset[str]:
    """The variant names this espeak-ng has (``f3``, ``m1``, ``klatt``...); empty without it."""
    try:
        out = subprocess.run([ESPEAK, "--voices=variant"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    names = set()
    for row in out.splitlines()[1:]:
        cols = row.split()
        if len(cols) >= 5 and cols[1] == "variant":
            names.add(cols[4].split("/", 1)[-1].lower())  # the file column: !v/f3
            names.add(cols[3].lower())  # the voice name: female3
    return frozenset(names)


@lru_cache(maxsize=256)
def _speak(voice: str) -> bytes | None:
    try:
        done = subprocess.run([ESPEAK, "-v", voice, "--stdout", PHRASE], capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 and done.stdout else None


def variant_problem(voice: str) -> str | None:
    """Why espeak-ng would not apply the variant of ``voice`` (``base+variant``), or None when it does.

    Only call it when :func:`espeak_available` is true; voices without a variant are fine.
    """
    if "+" not in voice:
        return None
    base, variant = voice.split("+", 1)
    if variant.lower() not in known_variants():
        return f"espeak-ng has no voice variant '{variant}'"
    plain, varied = _speak(base), _speak(voice)
    if plain is None or varied is None:
        return None  # an unknown voice: narrate falls back and says so
    if plain == varied:
        return f"espeak-ng ignores the variant '+{variant}' on '{base}': it sounds exactly like '{base}'"
    return None
