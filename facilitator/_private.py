"""Files only the facilitator's own user can read: the record folder, database and token.

New files and folders are private from the moment they exist: the process umask
is narrowed to 0o077 around their creation (SQLite then makes its ``-wal`` and
``-shm`` files with the database file's mode). Records made by older versions
with wider modes are narrowed when opened. On Windows the modes are mostly
ignored; the user's profile folder is already private there.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

FILE_MODE = 0o600
_umask_lock = threading.Lock()


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Create files and folders as 0600 / 0700 inside the block (umask 0o077)."""
    with _umask_lock:
        old = os.umask(0o077)
        try:
            yield
        finally:
            os.umask(old)


def make_private_dir(path: Path, *, tighten: bool) -> None:
    """Create ``path`` (and missing parents) as 0700.

    Args:
        path: the folder.
        tighten: also narrow an existing folder to 0700 (only for folders that are
            ours alone, such as the default record folder; never a folder the user chose).
    """
    with private_umask():
        path.mkdir(parents=True, exist_ok=True)
    if tighten:
        narrow(path)


def narrow(path: Path) -> None:
    """Drop group and other permissions of an existing ``path`` (records from older versions)."""
    try:
        current = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return
    if current & 0o077 and os.name != "nt":
        os.chmod(path, current & 0o700)


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically; the file is 0600 from its creation."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with private_umask():
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
