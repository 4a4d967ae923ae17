"""The content root: where narratives, scenes, audio, shaders and questionnaires live.

An organisation's own content pack is a folder with the same five folders,
chosen with ``--content DIR``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .host import app_root

CONTENT_DIRS = ("narratives", "scenes", "audio", "shaders", "questionnaires")
REPO_ROOT = app_root()
"""The bundled content: the checkout, or the frozen Windows program's folder."""


@dataclass(frozen=True)
class ContentRoot:
    """Paths of one content pack."""

    root: Path

    @classmethod
    def find(cls, path: str | os.PathLike[str] | None = None) -> ContentRoot:
        """Validate and return the content root (default: the project's own).

        Raises:
            UsageError: the folder or one of its content folders is missing.
        """
        root = Path(path) if path is not None else REPO_ROOT
        if not root.is_dir():
            raise UsageError(f"content folder {root} does not exist")
        missing = [d for d in ("narratives", "scenes") if not (root / d).is_dir()]
        if missing:
            raise UsageError(
                f"content folder {root} has no {' or '.join(m + '/' for m in missing)} "
                f"(a content pack holds {', '.join(d + '/' for d in CONTENT_DIRS)})"
            )
        return cls(root.resolve())

    @property
    def narratives(self) -> Path:
        return self.root / "narratives"

    @property
    def scenes(self) -> Path:
        return self.root / "scenes"

    @property
    def audio(self) -> Path:
        return self.root / "audio"

    @property
    def shaders(self) -> Path:
        """Pack shaders, falling back to the project's own for missing files."""
        return self.root / "shaders"

    @property
    def questionnaires(self) -> Path:
        """Pack questionnaires; a pack without the folder uses the project's own."""
        own = self.root / "questionnaires"
        return own if own.is_dir() else REPO_ROOT / "questionnaires"

    def shader(self, name: str) -> Path:
        own = self.shaders / name
        return own if own.exists() else REPO_ROOT / "shaders" / name

    @property
    def cache(self) -> Path:
        """Generated files (rendered narration, synthesised sounds)."""
        env = os.environ.get("EMPATHY_VR_CACHE")
        return Path(env) if env else self.root / ".cache"

    def command(self, rest: str) -> str:
        """The command line a hint gives for this pack: ``python run_vr.py [--content DIR] rest``."""
        pack = "" if self.root == REPO_ROOT.resolve() else f"--content {self.root} "
        return f"python run_vr.py {pack}{rest}"

    def experience_ids(self) -> list[str]:
        """Experience ids: narrative file stems (files starting with ``_`` are not experiences)."""
        return sorted(
            p.stem
            for p in self.narratives.glob("*.yaml")
            if not p.stem.startswith("_")
        )

    def narrative_path(self, experience_id: str) -> Path:
        p = self.narratives / f"{experience_id}.yaml"
        if not p.exists():
            known = ", ".join(self.experience_ids()) or "none"
            raise UsageError(f"unknown experience {experience_id!r} (known: {known})")
        return p
