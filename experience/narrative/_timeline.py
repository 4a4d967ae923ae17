"""Precomputed lookups for the player: targets and remaining-time tables.

Built once per narrative (and on reload) so nothing per frame searches or sums.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._model import Hold, Line, Narrative, Step, Wait

END = "end"


def step_length(step: Step) -> float:
    """Seconds a step occupies the timeline when nobody intervenes (holds count 0)."""
    if isinstance(step, Line):
        return step.duration + step.gap
    if isinstance(step, Wait):
        return step.seconds
    return 0.0


@dataclass
class Timeline:
    """Where jump targets are and how long the rest of the timeline lasts.

    Attributes:
        targets: chapter id or label -> (chapter index, step index).
        suffix: per chapter, ``suffix[c][s]`` = seconds from step s to the chapter's end.
        after: per chapter, seconds of all chapters after it.
        consent_chapters: chapters with a consent hold (the content warnings show there).
        consent_gate: (chapter, step) of the first consent hold, or None: before consent
            nothing beyond it plays.
    """

    targets: dict[str, tuple[int, int]]
    suffix: list[list[float]]
    after: list[float]
    consent_chapters: frozenset[int] = frozenset()
    consent_gate: tuple[int, int] | None = None

    @classmethod
    def build(cls, n: Narrative) -> Timeline:
        targets: dict[str, tuple[int, int]] = {c.id: (i, 0) for i, c in enumerate(n.chapters)}
        for name, at in n.labels().items():
            targets.setdefault(name, at)
        suffix: list[list[float]] = []
        for c in n.chapters:
            acc = [0.0] * (len(c.steps) + 1)
            for i in range(len(c.steps) - 1, -1, -1):
                acc[i] = acc[i + 1] + step_length(c.steps[i])
            suffix.append(acc)
        after = [0.0] * len(n.chapters)
        for i in range(len(n.chapters) - 2, -1, -1):
            after[i] = after[i + 1] + suffix[i + 1][0]
        consent = frozenset(i for i, c in enumerate(n.chapters)
                            if any(isinstance(s, Hold) and s.consent for s in c.steps))
        gate = next(((ci, si) for ci, c in enumerate(n.chapters) for si, s in enumerate(c.steps)
                     if isinstance(s, Hold) and s.consent), None)
        return cls(targets, suffix, after, consent, gate)

    def remaining(self, chapter: int, step: int, into_step: float) -> float:
        """Estimated seconds left from ``into_step`` seconds into step ``step`` of ``chapter``."""
        if not 0 <= chapter < len(self.suffix):
            return 0.0
        s = self.suffix[chapter]
        return max(0.0, s[min(step, len(s) - 1)] - into_step) + self.after[chapter]

    def total(self) -> float:
        return self.suffix[0][0] + self.after[0] if self.suffix else 0.0
