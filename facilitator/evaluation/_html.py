"""The workshop and campaign reports: self-contained HTML (no script), charts as inline SVG."""

from __future__ import annotations

import html
import math
import time
from typing import Any

from experience.questionnaire import Questionnaire

from ._analysis import GroupRow, Measure, Result
from ._plots import distribution, effects
from ._stats import K_MIN, PairedChange, describe

PHASE_NAMES = {"pre": "Before", "post": "After", "follow_up": "Follow-up"}

CSS = """body{background:#fff;color:#1b1f24;font:16px/1.5 system-ui,"Segoe UI",sans-serif;max-width:960px;
margin:2em auto;padding:0 1em}h1,h2,h3{font-weight:650;line-height:1.25}h2{margin-top:2em;border-bottom:2px solid
#d5dae0;padding-bottom:.2em}table{border-collapse:collapse;margin:.5em 0 1em;font-variant-numeric:tabular-nums}
td,th{padding:.3em .7em;text-align:left;border-bottom:1px solid #d5dae0;vertical-align:top}th{background:#f1f4f7}
td.num,th.num{text-align:right}
td.num{white-space:nowrap}caption{text-align:left;font-weight:600;padding:.3em 0}.kanon{background:#eef5ff;
border-left:4px solid #2d6cdf;padding:.6em 1em}.hidden{color:#5a636d;font-style:italic}.note,.empty{color:#4a535c}
svg text{fill:#2a3036;font-size:12px}svg .axis{stroke:#6b757f}svg .grid{stroke:#e1e5ea}svg .zero{stroke:#1b1f24;
stroke-width:1.5}svg .ci{stroke:#2d6cdf;stroke-width:3}svg .dz{fill:#2d6cdf}svg .subscale{font-weight:700}
.measure{break-inside:avoid;margin:1.2em 0}.texts li{margin:.3em 0}@media print{body{margin:0}}"""


def _esc(v: Any) -> str:
    return html.escape(str(v), quote=True)


def _f(v: float, digits: int = 2) -> str:
    return f"{v:.{digits}f}".replace("-", "−") if isinstance(v, float | int) and math.isfinite(v) else "–"


def _p(p: float) -> str:
    if not math.isfinite(p):
        return "–"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _kanon(extra: str = "") -> str:
    return (f'<p class="kanon"><strong>Anonymity.</strong> Results are shown only for groups of {K_MIN} or more '
            f"people (k-anonymity, k = {K_MIN}); a smaller group, or a question fewer than {K_MIN} people "
            f"answered both times, is hidden. {extra}Participants are known only by a code they made "
            "themselves or by a headset's session code; no names are kept.</p>")


def _change_cells(c: PairedChange) -> str:
    w = c.wilcoxon
    return (f'<td class="num">{c.n}</td><td class="num">{_f(c.mean_diff)} [{_f(c.diff_ci[0])}, {_f(c.diff_ci[1])}]'
            f'</td><td class="num">{_f(c.d_z)} [{_f(c.d_z_ci[0])}, {_f(c.d_z_ci[1])}]</td>'
            f'<td class="num">{_f(w.statistic, 1)}</td><td class="num">{_p(w.p)}</td>')


def _table(res: Result) -> str:
    a, b = (PHASE_NAMES.get(x, x) for x in res.compare)
    rows = []
    for m in res.measures:
        name = _esc(m.title) + (" <small>(reverse scored)</small>" if m.reverse else "")
        if m.kind == "subscale":
            name = f"<strong>{name}</strong>"
        if (m.change is None or m.hidden) and not m.before and len(m.after) >= K_MIN:  # asked afterwards only
            d = describe(m.after)
            rows.append(f'<tr><td>{name}</td><td class="num">–</td><td class="num">{_f(d.mean)} ({_f(d.sd)})</td>'
                        f'<td class="num">{d.n}</td><td colspan="4" class="note">asked {b.lower()} only</td></tr>')
            continue
        if m.hidden or m.change is None:
            rows.append(f'<tr><td>{name}</td><td colspan="7" class="hidden">hidden: fewer than {K_MIN} people '
                        "answered both times</td></tr>")
            continue
        c = m.change
        rows.append(f'<tr><td>{name}</td><td class="num">{_f(c.pre.mean)} ({_f(c.pre.sd)})</td>'
                    f'<td class="num">{_f(c.post.mean)} ({_f(c.post.sd)})</td>{_change_cells(c)}</tr>')
    return (f"<table><caption>Before and after, for the people who answered both times</caption><thead><tr>"
            f'<th>Measure</th><th class="num">{a}: mean (SD)</th><th class="num">{b}: mean (SD)</th>'
            '<th class="num">n</th><th class="num">Change [95% CI]</th><th class="num">d<sub>z</sub> [95% CI]</th>'
            '<th class="num">Wilcoxon W</th><th class="num">p</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


def _distributions(res: Result) -> str:
    names = tuple(PHASE_NAMES.get(x, x) for x in res.compare)
    out = []
    for m in res.measures:
        if m.hidden and (m.before or len(m.after) < K_MIN):
            continue
        scale = f"{m.low:g} to {m.high:g}"
        out.append(f'<section class="measure"><h3>{_esc(m.title)}</h3><p class="note">'
                   f"{'Subscale score' if m.kind == 'subscale' else 'Answers'}, {scale}"
                   f"{', reverse scored (higher is more positive)' if m.reverse else ''}.</p>"
                   f"{distribution(m, names)}</section>")  # type: ignore[arg-type]
    return "".join(out)


def _counts(res: Result) -> str:
    phases = "".join(f"<tr><th>{PHASE_NAMES.get(p, p)}</th><td>{n} answered"
                     f"{f', {res.declined[p]} declined' if res.declined.get(p) else ''}</td></tr>"
                     for p, n in res.per_phase.items() if n or res.declined.get(p))
    return f"<table><tbody>{phases}<tr><th>Both times</th><td>{res.paired} people</td></tr></tbody></table>"


def _texts(q: Questionnaire, res: Result) -> str:
    parts = []
    for iid, texts in res.texts.items():
        item = q.item(iid)
        if not texts or item is None:
            continue
        if len(texts) < K_MIN:
            parts.append(f'<h3>{_esc(item.text)}</h3><p class="hidden">hidden: fewer than {K_MIN} answers</p>')
            continue
        parts.append(f'<h3>{_esc(item.text)}</h3><ul class="texts">'
                     + "".join(f"<li>{_esc(t)}</li>" for t in texts) + "</ul>")
    return ("<h2>In their own words</h2><p class=\"note\">Shown in random order.</p>" + "".join(parts)) if parts else ""


def _body(q: Questionnaire, res: Result) -> str:
    if res.hidden:
        return (_counts(res) + f'<p class="hidden"><strong>Results are hidden:</strong> {res.people} '
                f"{'person' if res.people == 1 else 'people'} answered, fewer than {K_MIN}.</p>")
    return (_counts(res) + "<h2>What changed</h2>" + effects(res.measures)
            + '<p class="note">Cohen\'s d<sub>z</sub>: the mean change divided by the standard deviation of the '
            "changes, with an exact 95% confidence interval (noncentral t). Around 0.2 is usually called small, "
            "0.5 medium, 0.8 large. Wilcoxon signed-rank test: exact p for up to 50 people without ties, "
            "otherwise the normal approximation with tie and continuity correction.</p>"
            + _table(res) + "<h2>Answers before and after</h2>" + _distributions(res) + _texts(q, res))


def _page(title: str, head: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{_esc(title)}</title><style>{CSS}</style>'
            f"</head><body><h1>{_esc(title)}</h1>{head}{body}</body></html>")


def _when(wall: float) -> str:
    return time.strftime("%d %B %Y", time.localtime(wall))


def workshop_html(q: Questionnaire, workshop: dict[str, Any], res: Result) -> str:
    """The result of one workshop, for the facilitator."""
    head = (f"<p>{_esc(workshop.get('label') or workshop['id'])}"
            f"{' · ' + _esc(workshop['organisation']) if workshop.get('organisation') else ''}"
            f"{' · ' + _esc(workshop['experience']) if workshop.get('experience') else ''}"
            f" · {_when(workshop['created'])} · questionnaire <em>{_esc(q.title)}</em></p>" + _kanon())
    return _page("Workshop result", head, _body(q, res))


def campaign_html(q: Questionnaire, filters: dict[str, str], workshops: list[dict[str, Any]], res: Result,
                  rows: dict[str, list[GroupRow]]) -> str:
    """Many workshops together, and each workshop's change for the subscales (small ones hidden)."""
    shown = ", ".join(f"{k}: {_esc(v)}" for k, v in filters.items() if v) or "all workshops"
    head = (f"<p>{len(workshops)} workshop{'s' if len(workshops) != 1 else ''} ({shown}), questionnaire "
            f"<em>{_esc(q.title)}</em></p>" + _kanon("In the breakdown, when only one workshop is too small, "
                                                      "the next smallest is hidden too. "))
    parts = []
    for mid, group in rows.items():
        m: Measure | None = next((x for x in res.measures if x.id == mid), None)
        if m is None:
            continue
        body = []
        for r in group:
            if r.hidden or r.change is None:
                body.append(f'<tr><td>{_esc(r.label)}</td><td colspan="5" class="hidden">hidden: {_esc(r.reason)}'
                            "</td></tr>")
            else:
                body.append(f"<tr><td>{_esc(r.label)}</td>{_change_cells(r.change)}</tr>")
        parts.append(f"<table><caption>{_esc(m.title)}, per workshop</caption><thead><tr><th>Workshop</th>"
                     '<th class="num">n</th><th class="num">Change [95% CI]</th><th class="num">d<sub>z</sub> '
                     '[95% CI]</th><th class="num">Wilcoxon W</th><th class="num">p</th></tr></thead><tbody>'
                     + "".join(body) + "</tbody></table>")
    breakdown = ("<h2>Per workshop</h2>" + "".join(parts)) if parts and not res.hidden else ""
    return _page("Campaign result", head, _body(q, res) + breakdown)
