"""Inline SVG charts for the evaluation reports: distributions before/after, effect sizes.

Every chart is an ``<svg role="img">`` with a text alternative; numbers are also
in the tables next to them, so nothing is only visual.
"""

from __future__ import annotations

import html
import math

import numpy as np

from experience.text import LocaleText

from ._analysis import Measure
from ._stats import counts

ENGLISH = LocaleText("en", "report.")

BEFORE, AFTER = "#5b6b8c", "#d9822b"
"""Before (slate blue) and after (orange): distinguishable in the common colour-vision deficiencies."""


def _esc(v: object) -> str:
    return html.escape(str(v), quote=True)


def _svg(w: int, h: int, label: str, body: str) -> str:
    return (f'<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{_esc(label)}">'
            f"<title>{_esc(label)}</title>{body}</svg>")


def distribution(m: Measure, names: tuple[str, str] = ("Before", "After"), w: int = 520,
                 words: LocaleText = ENGLISH) -> str:
    """Answers per level (items) or per bin (subscales), before and after, as paired bars (``words``: the
    report's language)."""
    if m.levels:
        levels = [float(v) for v in m.levels]
        labels = [str(v) for v in m.levels]
        a, b = counts(m.before, m.levels), counts(m.after, m.levels)
    else:
        edges = np.linspace(m.low, m.high, 9)
        levels = list(edges[:-1])
        labels = [words.number(float(e), 0 if float(e).is_integer() else 1) for e in edges[:-1]]
        a = [int(x) for x in np.histogram(m.before, bins=edges)[0]] if m.before else [0] * 8
        b = [int(x) for x in np.histogram(m.after, bins=edges)[0]] if m.after else [0] * 8
    top = max([*a, *b, 1])
    left, bottom, h = 34, 36, 150
    slot = (w - left - 8) / len(levels)
    bar = min(18.0, slot / 2.6)
    body = [f'<line x1="{left}" x2="{w - 8}" y1="{h - bottom}" y2="{h - bottom}" class="axis"/>']
    for g in (0, top):
        y = h - bottom - g / top * (h - bottom - 14)
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{g}</text>')
    for i, lab in enumerate(labels):
        x = left + i * slot + slot / 2
        for j, (n, colour) in enumerate(((a[i], BEFORE), (b[i], AFTER))):
            bh = n / top * (h - bottom - 14)
            bx = x - bar - 1 if j == 0 else x + 1
            body.append(f'<rect x="{bx:.1f}" y="{h - bottom - bh:.1f}" width="{bar:.1f}" height="{bh:.1f}" '
                        f'fill="{colour}"><title>{_esc(names[j])}, {lab}: {n}</title></rect>')
        body.append(f'<text x="{x:.1f}" y="{h - bottom + 15}" text-anchor="middle">{_esc(lab)}</text>')
    body.append(f'<rect x="{left}" y="{h - 14}" width="10" height="10" fill="{BEFORE}"/>'
                f'<text x="{left + 14}" y="{h - 5}">{_esc(names[0])} (n = {len(m.before)})</text>'
                f'<rect x="{left + 150}" y="{h - 14}" width="10" height="10" fill="{AFTER}"/>'
                f'<text x="{left + 164}" y="{h - 5}">{_esc(names[1])} (n = {len(m.after)})</text>')
    def listed(ns: list[int]) -> str:
        return ", ".join(f"{lab}: {n}" for lab, n in zip(labels, ns, strict=True))

    alt = words("chart_answers", measure=m.title, first=names[0].lower(), a=listed(a), second=names[1].lower(),
                b=listed(b))
    return _svg(w, h, alt, "".join(body))


def effects(measures: list[Measure], w: int = 640, words: LocaleText = ENGLISH) -> str:
    """Cohen's d_z with its 95% CI for every shown measure (a forest plot); 0 = no change."""
    shown = [m for m in measures if not m.hidden and m.change is not None and math.isfinite(m.change.d_z)]
    if not shown:
        return f'<p class="empty">{_esc(words("no_effects"))}</p>'
    lows = [m.change.d_z_ci[0] for m in shown if m.change and math.isfinite(m.change.d_z_ci[0])]
    highs = [m.change.d_z_ci[1] for m in shown if m.change and math.isfinite(m.change.d_z_ci[1])]
    lo, hi = min([-1.0, *lows]), max([1.0, *highs])
    lo, hi = math.floor(lo * 2) / 2, math.ceil(hi * 2) / 2
    left, right, row = 250, 20, 26
    h = row * len(shown) + 40

    def px(v: float) -> float:
        return left + (v - lo) / (hi - lo) * (w - left - right)

    body = []
    tick = lo
    while tick <= hi + 1e-9:
        body.append(f'<line x1="{px(tick):.1f}" x2="{px(tick):.1f}" y1="8" y2="{h - 26}" '
                    f'class="{"zero" if abs(tick) < 1e-9 else "grid"}"/>'
                    f'<text x="{px(tick):.1f}" y="{h - 10}" text-anchor="middle">'
                    f'{words.number(tick, 0 if float(tick).is_integer() else 1)}</text>')
        tick += 0.5
    alt = []
    for i, m in enumerate(shown):
        c = m.change
        assert c is not None
        y = 20 + i * row
        title = m.title if len(m.title) <= 32 else m.title[:31].rstrip() + "…"  # fits 240 px in every language
        body.append(f'<text x="{left - 8}" y="{y + 4}" text-anchor="end" class="{m.kind}">{_esc(title)}</text>')
        if math.isfinite(c.d_z_ci[0]):
            body.append(f'<line x1="{px(c.d_z_ci[0]):.1f}" x2="{px(c.d_z_ci[1]):.1f}" y1="{y}" y2="{y}" class="ci"/>')
        body.append(f'<circle cx="{px(c.d_z):.1f}" cy="{y}" r="5" class="dz"/>')
        alt.append(words("effect_alt", measure=m.title, d=words.number(c.d_z, 2), low=words.number(c.d_z_ci[0], 2),
                         high=words.number(c.d_z_ci[1], 2)))
    body.append(f'<text x="{px(hi):.1f}" y="{h - 26 - 4}" text-anchor="end" class="note">'
                f'{_esc(words("higher_after"))}</text>')
    return _svg(w, h, words("effects_label") + " " + "; ".join(alt), "".join(body))
