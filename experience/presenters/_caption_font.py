"""The caption font: one TrueType font with full Latin, Greek and Cyrillic.

Captions must show every language the experiences ship in ("ñ", "ß", "œ", "ł",
Greek, Cyrillic). Panda3D's built-in font has ASCII only, so the captions use a
system font found at start: ``$EMPATHY_VR_FONT`` when set, else DejaVu Sans (the
Debian/Ubuntu package ``fonts-dejavu-core``, which ``scripts/bootstrap.sh``
installs; Bitstream Vera licence, permissive), else a platform font with the same
coverage (Segoe UI or Arial on Windows and macOS). When none is found the
built-in font is used and one warning says what to install.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from panda3d.core import TextFont

log = logging.getLogger(__name__)

ENV_VAR = "EMPATHY_VR_FONT"
DEBIAN_PACKAGE = "fonts-dejavu-core"
CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # Debian, Ubuntu
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",  # Fedora
    "/usr/share/fonts/TTF/DejaVuSans.ttf",  # Arch
    "/usr/local/share/fonts/DejaVuSans.ttf",
    "C:/Windows/Fonts/segoeui.ttf",
    "C:/Windows/Fonts/arial.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
)
# Scripts every shipped language needs, as (name, sample): the font must cover all of them.
COVERAGE = (("Latin", "ñßœłąčőřşÿ"), ("Greek", "ΑΩαωάή"), ("Cyrillic", "АЯаяёіїў"))
# Glyphs rasterised before the first caption: ASCII and typographic punctuation, plus
# every character the session's texts use (see :func:`warm_glyphs`).
BASE_GLYPHS = "".join(chr(c) for c in range(32, 127)) + "‘’“”„«»–—…\u00a0"
PIXELS_PER_UNIT = 48  # glyph resolution: sharp at the caption size in current headsets

_loaded: dict[str, TextFont | None] = {}


def warm_glyphs(texts: Iterable[str]) -> str:
    """:data:`BASE_GLYPHS` and every other character of ``texts``, once each."""
    extra = sorted({ch for t in texts for ch in t if ch.isprintable()} - set(BASE_GLYPHS))
    return BASE_GLYPHS + "".join(extra)


def font_file(env: Mapping[str, str] | None = None, candidates: tuple[str, ...] = CANDIDATES) -> Path | None:
    """The font file to use: ``$EMPATHY_VR_FONT``, else the first candidate that exists."""
    chosen = (os.environ if env is None else env).get(ENV_VAR, "")
    if chosen:
        p = Path(chosen)
        if p.is_file():
            return p
        log.warning("captions: %s=%s is not a file; looking for DejaVu Sans", ENV_VAR, chosen)
    for c in candidates:
        p = Path(c)
        if p.is_file():
            return p
    return None


def missing_scripts(font: TextFont) -> list[str]:
    """The scripts of :data:`COVERAGE` that ``font`` (a Panda3D TextFont) lacks glyphs for."""
    from panda3d.core import DynamicTextGlyph

    return [name for name, sample in COVERAGE
            if not all(isinstance(font.getGlyph(ord(ch)), DynamicTextGlyph) for ch in sample)]


def caption_font() -> TextFont | None:
    """The captions' Panda3D font (loaded once), or None for Panda3D's built-in font."""
    if "font" in _loaded:
        return _loaded["font"]
    font = None
    path = font_file()
    if path is not None:
        from panda3d.core import DynamicTextFont, Filename

        f = DynamicTextFont(Filename.fromOsSpecific(str(path)))
        if f.isValid():
            f.setPixelsPerUnit(PIXELS_PER_UNIT)
            lacking = missing_scripts(f)
            if lacking:
                log.warning("captions: %s has no %s glyphs; some languages will show gaps", path,
                            " or ".join(lacking))
            font = f
        else:
            log.warning("captions: cannot read the font %s", path)
    if font is None:
        log.warning("captions: no font with Greek and Cyrillic found, so accented and non-Latin letters "
                    "may not show; install it with: sudo apt-get install %s (or set %s to a .ttf file)",
                    DEBIAN_PACKAGE, ENV_VAR)
    _loaded["font"] = font
    return font
