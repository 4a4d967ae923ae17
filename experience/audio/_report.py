"""The mix report: ``render-audio ID --report``.

Figures an author can act on, measured on the render itself and on its own
timeline of clips: integrated loudness, loudness range and true peak of the
whole mix (BS.1770 / EBU R 128), the level of each speaker as heard, and for
every line how far it stands above the beds under it in the speech band.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field

import numpy as np

from ..media import SR, integrated_lufs, loudness_range, speech_band_db, true_peak_dbtp
from . import _rules as rules
from ._mixdown import Soundtrack, clip_signal, duck_envelope


@dataclass(frozen=True)
class LineFigure:
    """One line as heard: its speech-band level, and how far that is over the beds during it."""

    line_id: str
    speaker: str
    start: float
    seconds: float
    speech_db: float
    over_bed_db: float  # inf when no bed plays under it


@dataclass(frozen=True)
class SpeakerFigure:
    name: str
    lines: int
    lufs: float
    min_over_bed_db: float


@dataclass
class MixReport:
    """Figures of one rendered experience, and the targets it is held to (:mod:`._rules`)."""

    experience: str
    seconds: float
    integrated_lufs: float
    lra: float
    true_peak_dbtp: float
    speakers: list[SpeakerFigure] = field(default_factory=list)
    lines: list[LineFigure] = field(default_factory=list)

    def problems(self, target: float = rules.TARGET_LUFS, tolerance: float = 1.0) -> list[str]:
        """What misses the targets: loudness, true peak, speech over the beds."""
        out = []
        if not abs(self.integrated_lufs - target) <= tolerance:
            out.append(f"integrated loudness {self.integrated_lufs:.1f} LUFS, target {target:g} ±{tolerance:g}")
        if self.true_peak_dbtp > rules.TARGET_TRUE_PEAK:
            out.append(f"true peak {self.true_peak_dbtp:.1f} dBTP, above {rules.TARGET_TRUE_PEAK:g}")
        for ln in self.lines:
            if ln.over_bed_db < rules.SPEECH_OVER_BED_DB:
                out.append(f"line {ln.line_id} ({ln.speaker}) only {ln.over_bed_db:.1f} dB over its bed "
                           f"(at least {rules.SPEECH_OVER_BED_DB:g})")
        return out

    def to_json(self) -> str:
        def clean(v: object) -> object:
            if isinstance(v, float) and not math.isfinite(v):
                return None
            if isinstance(v, dict):
                return {k: clean(x) for k, x in v.items()}
            if isinstance(v, list):
                return [clean(x) for x in v]
            return v

        return json.dumps(clean(asdict(self)), indent=1)

    def format(self) -> str:
        """A few lines for a terminal: the whole mix, each speaker, the lines that need attention."""
        rows = [f"mix report: {self.experience} ({self.seconds / 60:.1f} min)",
                f"  integrated {self.integrated_lufs:6.1f} LUFS   (target {rules.TARGET_LUFS:g} ±1)",
                f"  range      {self.lra:6.1f} LU",
                f"  true peak  {self.true_peak_dbtp:6.1f} dBTP   (at most {rules.TARGET_TRUE_PEAK:g})",
                f"  {'speaker':<16} {'lines':>5} {'LUFS':>7} {'min over bed':>13}"]
        for s in self.speakers:
            rows.append(f"  {s.name:<16} {s.lines:5d} {s.lufs:7.1f} {_db(s.min_over_bed_db):>13}")
        low = sorted(self.lines, key=lambda ln: ln.over_bed_db)[:3]
        if low:
            rows.append("  lines closest to their bed (speech band, 250 Hz-4 kHz): " + ", ".join(
                f"{ln.line_id} {_db(ln.over_bed_db)}" for ln in low))
        problems = self.problems()
        rows.append("  meets the targets" if not problems else "  misses: " + "; ".join(problems[:5]) +
                    (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""))
        return "\n".join(rows)


def _db(v: float) -> str:
    return "no bed" if math.isinf(v) else f"{v:.1f} dB"


def measure(experience: str, track: Soundtrack, mixed: np.ndarray, lra: bool = True) -> MixReport:
    """The report for a rendered soundtrack (``mixed`` is :func:`._mixdown.mix` of ``track``).

    Args:
        lra: measure the loudness range too (the slowest figure; 0.0 when False).

    Speakers are measured at half the rate (speech has next to nothing above 11 kHz).
    """
    from scipy.signal import resample_poly

    n = len(mixed)
    duck = duck_envelope(track)
    beds = [c for c in track.clips if c.ducked]
    gain = rules.gain_of_db(rules.MASTER_DB)
    lines: list[LineFigure] = []
    heard: dict[str, list[np.ndarray]] = {}
    for c in track.clips:
        if not c.line_id:
            continue
        a, b = c.span(n)
        if b - a < SR // 20:
            continue
        own = clip_signal(c, a, b, duck, n) * gain
        under = np.zeros_like(own)
        for bed in beds:
            s0, s1 = bed.span(n)
            if s0 < b and s1 > a:
                under += clip_signal(bed, a, b, duck, n) * gain
        speech_db = speech_band_db(own, SR)
        bed_db = speech_band_db(under, SR) if np.any(under) else -math.inf
        lines.append(LineFigure(c.line_id, c.speaker, round(c.start, 3), round((b - a) / SR, 3),
                                round(speech_db, 2), speech_db - bed_db))
        heard.setdefault(c.speaker, []).append(resample_poly(own, 1, 2, axis=0))
    speakers = []
    for name, parts in heard.items():
        mine = [ln for ln in lines if ln.speaker == name]
        speakers.append(SpeakerFigure(name, len(parts), integrated_lufs(np.concatenate(parts), SR // 2),
                                      min(ln.over_bed_db for ln in mine)))
    speakers.sort(key=lambda s: -s.lines)
    return MixReport(experience, n / SR, integrated_lufs(mixed, SR), loudness_range(mixed, SR) if lra else 0.0,
                     true_peak_dbtp(mixed, SR), speakers, lines)
