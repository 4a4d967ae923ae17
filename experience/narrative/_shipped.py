"""Narration that ships with the content: the drop-in layout and its manifest.

``audio/narration/<experience>/<locale>/<line id>.<ext>`` holds one file per
line, whoever made it: rendered by ``narrate`` with the neural voices, recorded
in the booth (``record``), or dropped in by hand. ``manifest.json`` in the same
folder says, per line id, how the file was made::

    {"version": 1, "lines": {
      "c_a1": {"file": "c_a1.opus", "engine": "kokoro", "key": "…", "voice": "bf_emma", "seconds": 3.1},
      "c_a2": {"file": "c_a2.opus", "engine": "kokoro", "key": "…", "voice": "bm_george", "seconds": 2.7}},
     "takes": {
      "c_a2": {"file": "c_a2.flac", "engine": "booth", "text": "…", "seconds": 2.9, "recorded": "2026-12-01"}}}

Files are looked for in the order of :data:`AUDIO_EXTS`, so a take (``.flac``)
plays instead of the rendered line beside it. ``key`` hashes the text, voice
and settings a file was rendered from, and ``text`` the text a take was recorded for: when they no longer match the
narrative, the line is stale (``check`` warns; ``narrate --stale`` re-renders).
A file with no entry is a recording dropped in by hand and is never replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import wave
from pathlib import Path

from ..content import ContentRoot

AUDIO_EXTS = (".wav", ".flac", ".opus", ".ogg")
"""Recording formats, in the order they are looked for."""
SHIPPED_EXT = ".opus"
"""What ``narrate`` and the booth write: Opus in Ogg, mono."""
MANIFEST = "manifest.json"
_lock = threading.Lock()

Entry = dict[str, object]
"""One manifest entry (a rendered line or a booth take), as JSON: readers narrow each field."""
_cache: dict[Path, tuple[int, dict[str, dict[str, Entry]]]] = {}


def text_key(text: str) -> str:
    """Hash of a line's text alone (what a recorded take is checked against)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def line_folder(content: ContentRoot, folder_id: str, locale: str) -> Path:
    return Path(content.audio) / "narration" / folder_id / locale


def find_file(folder: Path, line_id: str) -> Path | None:
    """The line's file in ``folder`` in any of :data:`AUDIO_EXTS`, or None."""
    for ext in AUDIO_EXTS:
        p = folder / f"{line_id}{ext}"
        if p.is_file():
            return p
    return None


def _read(folder: Path) -> dict[str, dict[str, Entry]]:
    path = folder / MANIFEST
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return {"lines": {}, "takes": {}}
    with _lock:
        hit = _cache.get(path)
        if hit is not None and hit[0] == mtime:
            return hit[1]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    out: dict[str, dict[str, Entry]] = {}
    for section in ("lines", "takes"):
        part = data.get(section, {}) if isinstance(data, dict) else {}
        out[section] = ({str(k): v for k, v in part.items() if isinstance(v, dict)}
                        if isinstance(part, dict) else {})
    with _lock:
        _cache[path] = (mtime, out)
    return out


def read_manifest(folder: Path) -> dict[str, Entry]:
    """The folder's rendered lines by line id ({} when there is no manifest or it is unreadable)."""
    return _read(folder)["lines"]


def read_takes(folder: Path) -> dict[str, Entry]:
    """The folder's booth takes by line id."""
    return _read(folder)["takes"]


def entry_for(folder: Path, line_id: str, file_name: str) -> Entry | None:
    """The manifest entry (rendered line or take) that describes ``file_name``, or None (dropped in by hand)."""
    both = _read(folder)
    for section in ("takes", "lines"):
        entry = both[section].get(line_id)
        if entry and entry.get("file") == file_name:
            return entry
    return None


def _update(folder: Path, section: str, changes: dict[str, Entry | None]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    both = {k: dict(v) for k, v in _read(folder).items()}
    for k, v in changes.items():
        if v is None:
            both[section].pop(k, None)
        else:
            both[section][k] = v
    path = folder / MANIFEST
    tmp = path.with_name(path.name + ".part")
    doc: dict[str, object] = {"version": 1, "lines": dict(sorted(both["lines"].items()))}
    if both["takes"]:
        doc["takes"] = dict(sorted(both["takes"].items()))
    tmp.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    with _lock:
        _cache.pop(path, None)


def update_manifest(folder: Path, changes: dict[str, Entry | None]) -> None:
    """Set (or, with None, remove) rendered-line entries and write the manifest atomically, keys sorted."""
    _update(folder, "lines", changes)


def update_takes(folder: Path, changes: dict[str, Entry | None]) -> None:
    """Set (or, with None, remove) booth-take entries."""
    _update(folder, "takes", changes)


def wav_duration(path: Path) -> float | None:
    """Duration of a WAV file in seconds, or None when it is not a readable WAV."""
    try:
        with wave.open(str(path), "rb") as w:
            rate = w.getframerate()
            return w.getnframes() / rate if rate > 0 else None
    except (OSError, EOFError, wave.Error):
        return None


def audio_seconds(path: Path) -> float | None:
    """Length of an audio file in seconds from its header, or None when it cannot be read."""
    if path.suffix.lower() == ".wav":
        d = wav_duration(path)
        if d is not None:
            return d
    try:
        import soundfile

        info = soundfile.info(str(path))
        return float(info.frames) / info.samplerate if info.samplerate > 0 else None
    except Exception:
        return None


def is_stale(entry: Entry | None, key: str, text: str) -> bool:
    """Whether a manifest entry was made for something other than this key (synthetic) or text (a take)."""
    if not entry:
        return False
    if "key" in entry:
        return entry.get("key") != key
    if "text" in entry:
        return entry.get("text") != text_key(text)
    return False
