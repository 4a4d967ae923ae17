"""The sound library: sound ids, where their audio comes from, the cache.

Ids come from, in increasing priority: the project's ``audio/sounds.yaml``
(generated sounds), a content pack's own ``audio/sounds.yaml``, and files
``audio/sounds/<id>.wav|.ogg`` in the pack. Generated sounds are written on
first use to ``content.cache / "sounds"``; call :func:`ensure_sounds` on a
worker thread, never in a frame.
"""

from __future__ import annotations

import json
import logging
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from ..content import REPO_ROOT, ContentRoot
from ..errors import Diagnostic, display_path
from ._dsp import SR
from ._synth import RECIPES
from ._wavio import write_wav

log = logging.getLogger(__name__)

LIBRARY_VERSION = 5
"""Bump when a recipe changes: cached sounds are then made again."""

BUSES = ("narration", "voices", "ambience", "effects")
AUDIO_SUFFIXES = (".wav", ".ogg", ".flac", ".mp3")
_KEYS = {"synth", "file", "loop", "volume", "bus", "seconds"}


@dataclass(frozen=True)
class SoundDef:
    """One sound id.

    Attributes:
        synth: recipe name for a generated sound (else None).
        file: the recording (else None).
        loop: a bed that repeats until stopped.
        volume: base gain 0..1.
        bus: mixer bus it plays on.
        seconds: generated length.
    """

    id: str
    synth: str | None = None
    file: Path | None = None
    loop: bool = False
    volume: float = 1.0
    bus: str = "effects"
    seconds: float = 4.0


def _line_of(node: yaml.Node | None, key: str) -> int:
    if isinstance(node, yaml.MappingNode):
        for k, _ in node.value:
            if k.value == key:
                return int(k.start_mark.line) + 1
    return 1


def _parse_registry(path: Path, base: Path, out: dict[str, SoundDef], diags: list[Diagnostic]) -> None:
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text)
        data = yaml.safe_load(text) or {}
    except (OSError, UnicodeDecodeError) as exc:
        diags.append(Diagnostic(shown, 1, 1, "error", f"cannot read: {exc}"))
        return
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        diags.append(Diagnostic(shown, line, col, "error", f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        return
    if not isinstance(data, dict):
        diags.append(Diagnostic(shown, 1, 1, "error", "expected a mapping of sound id to options"))
        return
    for sid, opts in data.items():
        line = _line_of(node, str(sid))

        def bad(msg: str, hint: str = "", line: int = line, sid: object = sid) -> None:
            diags.append(Diagnostic(shown, line, 1, "error", f"sound {sid}: {msg}", hint))

        if not isinstance(opts, dict):
            bad("expected options like {synth: rain, loop: true}")
            continue
        unknown = set(opts) - _KEYS
        if unknown:
            bad(f"unknown key {sorted(unknown)[0]!r}", f"keys: {', '.join(sorted(_KEYS))}")
            continue
        synth, file = opts.get("synth"), opts.get("file")
        if (synth is None) == (file is None):
            bad("needs exactly one of synth: or file:")
            continue
        if synth is not None and synth not in RECIPES:
            bad(f"no generated sound {synth!r}", f"known: {', '.join(sorted(RECIPES))}")
            continue
        bus = opts.get("bus", "effects")
        if bus not in BUSES:
            bad(f"unknown bus {bus!r}", f"buses: {', '.join(BUSES)}")
            continue
        try:
            volume = float(opts.get("volume", 1.0))
            seconds = float(opts.get("seconds", 4.0))
        except (TypeError, ValueError):
            bad("volume and seconds must be numbers")
            continue
        if not (0.0 <= volume <= 1.0) or not (0.5 <= seconds <= 120.0):
            bad("volume must be 0..1 and seconds 0.5..120")
            continue
        fpath = (base / str(file)) if file is not None else None
        if fpath is not None and not fpath.is_file():
            bad(f"file {file} not found in {display_path(base)}")
            continue
        out[str(sid)] = SoundDef(str(sid), synth, fpath, bool(opts.get("loop", False)), volume, bus, seconds)


def load_registry(content: ContentRoot | None) -> tuple[dict[str, SoundDef], list[Diagnostic]]:
    """All sound ids of a content pack, and problems found in its sounds.yaml."""
    out: dict[str, SoundDef] = {}
    diags: list[Diagnostic] = []
    own = REPO_ROOT / "audio"
    _parse_registry(own / "sounds.yaml", own, out, diags)
    if content is not None and content.audio.resolve() != own.resolve():
        pack = content.audio / "sounds.yaml"
        if pack.is_file():
            _parse_registry(pack, content.audio, out, diags)
    folder = (content.audio if content is not None else own) / "sounds"
    if folder.is_dir():
        for f in sorted(folder.iterdir()):
            if f.suffix.lower() in AUDIO_SUFFIXES:
                prev = out.get(f.stem)
                if prev is None:
                    out[f.stem] = SoundDef(f.stem, None, f, False, 1.0, "effects")
                elif prev.file is None:  # a recording replaces a generated sound
                    out[f.stem] = SoundDef(f.stem, None, f, prev.loop, prev.volume, prev.bus, prev.seconds)
    return out, diags


def sound_ids(content: ContentRoot | None) -> set[str]:
    """Every sound id a narrative cue or scene ambience may name (for the lint)."""
    return set(load_registry(content)[0])


def _cache_dir(content: ContentRoot | None) -> Path:
    return (content.cache if content is not None else REPO_ROOT / ".cache") / "sounds"


def _seed(sid: str) -> int:
    return zlib.crc32(sid.encode("utf-8"))


def generate(sound: SoundDef) -> np.ndarray:
    """Make a generated sound's samples (mono float at :data:`SR`), deterministically."""
    assert sound.synth is not None
    return RECIPES[sound.synth](np.random.default_rng(_seed(sound.id)), sound.seconds)


def _stamp(sound: SoundDef) -> str:
    return f"{LIBRARY_VERSION}:{sound.synth}:{sound.seconds}:{SR}"


def ensure_sounds(content: ContentRoot | None, ids: set[str] | None = None) -> dict[str, Path]:
    """Generate missing or stale cached sounds; return the audio file of every id.

    Slow (seconds on first run): call it on a worker thread.
    """
    registry, diags = load_registry(content)
    for d in diags:
        log.warning("%s", d.format())
    cache = _cache_dir(content)
    index_path = cache / "index.json"
    try:
        index: dict[str, str] = json.loads(index_path.read_text())
    except (OSError, ValueError):
        index = {}
    paths: dict[str, Path] = {}
    changed = False
    for sid, sound in registry.items():
        if ids is not None and sid not in ids:
            continue
        if sound.file is not None:
            paths[sid] = sound.file
            continue
        target = cache / f"{sid}.wav"
        if not target.is_file() or index.get(sid) != _stamp(sound):
            write_wav(target, generate(sound))
            index[sid] = _stamp(sound)
            changed = True
        paths[sid] = target
    if changed:
        cache.mkdir(parents=True, exist_ok=True)
        tmp = index_path.with_suffix(".part")
        tmp.write_text(json.dumps(index, indent=1, sort_keys=True))
        tmp.replace(index_path)
    return paths
