"""The workshop and campaign reports: self-contained HTML (no script), charts as inline SVG.

Every word comes from the console's catalogue (``report.*``) in the report's language,
numbers and dates by that language's conventions; the page records which language it is in.
"""

from __future__ import annotations

import html
import math
import time
from typing import Any

from experience.questionnaire import Questionnaire
from experience.text import LocaleText

from ._analysis import GroupRow, Measure, Result
from ._plots import distribution, effects
from ._stats import K_MIN, PairedChange, describe

CSS = """body{background:#fff;color:#1b1f24;font:16px/1.5 system-ui,"Segoe UI",sans-serif;max-width:960px;
margin:2em auto;padding:0 1em}h1,h2,h3{font-weight:650;line-height:1.25}h2{margin-top:2em;border-bottom:2px solid
#d5dae0;padding-bottom:.2em}table{border-collapse:collapse;margin:.5em 0 1em;font-variant-numeric:tabular-nums}
td,th{padding:.3em .5em;text-align:left;border-bottom:1px solid #d5dae0;vertical-align:top}th{background:#f1f4f7}
td.num,th.num{text-align:right}
td.num{white-space:nowrap}caption{text-align:left;font-weight:600;padding:.3em 0}.kanon{background:#eef5ff;
border-left:4px solid #2d6cdf;padding:.6em 1em}.hidden{color:#5a636d;font-style:italic}.note,.empty{color:#4a535c}
svg text{fill:#2a3036;font-size:12px}svg .axis{stroke:#6b757f}svg .grid{stroke:#e1e5ea}svg .zero{stroke:#1b1f24;
stroke-width:1.5}svg .ci{stroke:#2d6cdf;stroke-width:3}svg .dz{fill:#2d6cdf}svg .subscale{font-weight:700}
.measure{break-inside:avoid;margin:1.2em 0}.texts li{margin:.3em 0}@media print{body{margin:0}}"""


def _esc(v: Any) -> str:
    return html.escape(str(v), quote=True)


class _Words(LocaleText):
    """The report's words (``report.*``) in one language, with numbers written the statistics' way."""

    def __init__(self, lang: str) -> None:
        super().__init__(lang, "report.")

    def f(self, v: float, digits: int = 2) -> str:
        return self.number(v, digits)

    def p(self, p: float) -> str:
        if not math.isfinite(p):
            return "–"
        return f"< {self.number(0.001, 3)}" if p < 0.001 else self.number(p, 3)

    def phase(self, p: str) -> str:
        return self(f"phase.{p}") if p in ("pre", "post", "follow_up") else p

    def phase_in(self, p: str) -> str:
        return self(f"phase_in.{p}") if p in ("pre", "post", "follow_up") else p


def _kanon(w: _Words, extra: str = "") -> str:
    return (f'<p class="kanon"><strong>{_esc(w("anonymity_heading"))}</strong> {_esc(w("anonymity", k=K_MIN))} '
            f'{_esc(extra) + " " if extra else ""}{_esc(w("anonymity_codes"))}</p>')


def _change_cells(w: _Words, c: PairedChange) -> str:
    wx = c.wilcoxon
    return (f'<td class="num">{w.number(c.n)}</td><td class="num">{w.f(c.mean_diff)} [{w.f(c.diff_ci[0])}, '
            f'{w.f(c.diff_ci[1])}]</td><td class="num">{w.f(c.d_z)} [{w.f(c.d_z_ci[0])}, {w.f(c.d_z_ci[1])}]</td>'
            f'<td class="num">{w.f(wx.statistic, 1)}</td><td class="num">{w.p(wx.p)}</td>')


def _effect_heads(w: _Words) -> str:
    return (f'<th class="num">n</th><th class="num">{_esc(w("change"))}</th><th class="num">d<sub>z</sub> '
            f'[{_esc(w("ci"))}]</th><th class="num">Wilcoxon W</th><th class="num">p</th>')


def _table(w: _Words, res: Result) -> str:
    a, b = res.compare
    rows = []
    for m in res.measures:
        name = _esc(m.title) + (f" <small>{_esc(w('reverse'))}</small>" if m.reverse else "")
        if m.kind == "subscale":
            name = f"<strong>{name}</strong>"
        if (m.change is None or m.hidden) and not m.before and len(m.after) >= K_MIN:  # asked afterwards only
            d = describe(m.after)
            rows.append(f'<tr><td>{name}</td><td class="num">–</td><td class="num">{w.f(d.mean)} ({w.f(d.sd)})</td>'
                        f'<td class="num">{w.number(d.n)}</td><td colspan="4" class="note">'
                        f'{_esc(w("asked_only", phase=w.phase_in(b)))}</td></tr>')
            continue
        if m.hidden or m.change is None:
            hidden_text = _esc(w("hidden_pairs", k=K_MIN))
            rows.append(f'<tr><td>{name}</td><td colspan="7" class="hidden">{hidden_text}</td></tr>')
            continue
        c = m.change
        rows.append(f'<tr><td>{name}</td><td class="num">{w.f(c.pre.mean)} ({w.f(c.pre.sd)})</td>'
                    f'<td class="num">{w.f(c.post.mean)} ({w.f(c.post.sd)})</td>{_change_cells(w, c)}</tr>')
    return (f"<table><caption>{_esc(w('table_caption'))}</caption><thead><tr><th>{_esc(w('measure'))}</th>"
            f'<th class="num">{_esc(w("mean_sd", phase=w.phase(a)))}</th>'
            f'<th class="num">{_esc(w("mean_sd", phase=w.phase(b)))}</th>{_effect_heads(w)}</tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


def _distributions(w: _Words, res: Result) -> str:
    names = (w.phase(res.compare[0]), w.phase(res.compare[1]))
    out = []
    for m in res.measures:
        if m.hidden and (m.before or len(m.after) < K_MIN):
            continue
        scale = w("scale", low=w.number(m.low, 0 if m.low == int(m.low) else 1),
                  high=w.number(m.high, 0 if m.high == int(m.high) else 1))
        what = w("subscale_score" if m.kind == "subscale" else "answers_scale", scale=scale)
        what += f", {w('reverse_note')}" if m.reverse else ""
        out.append(f'<section class="measure"><h3>{_esc(m.title)}</h3><p class="note">{_esc(what)}.</p>'
                   f"{distribution(m, names, words=w)}</section>")
    return "".join(out)


def _counts(w: _Words, res: Result) -> str:
    phases = "".join(f"<tr><th>{_esc(w.phase(p))}</th><td>{_esc(w('answered', n=n))}"
                     f"{', ' + _esc(w('declined', n=res.declined[p])) if res.declined.get(p) else ''}</td></tr>"
                     for p, n in res.per_phase.items() if n or res.declined.get(p))
    both = w("people_one" if res.paired == 1 else "people_many", n=res.paired)
    return f"<table><tbody>{phases}<tr><th>{_esc(w('both_times'))}</th><td>{_esc(both)}</td></tr></tbody></table>"


def _texts(w: _Words, q: Questionnaire, res: Result) -> str:
    parts = []
    for iid, texts in res.texts.items():
        item = q.item(iid)
        if not texts or item is None:
            continue
        if len(texts) < K_MIN:
            parts.append(f'<h3>{_esc(item.text)}</h3><p class="hidden">{_esc(w("hidden_answers", k=K_MIN))}</p>')
            continue
        parts.append(f'<h3>{_esc(item.text)}</h3><ul class="texts">'
                     + "".join(f"<li>{_esc(t)}</li>" for t in texts) + "</ul>")
    if not parts:
        return ""
    return f"<h2>{_esc(w('own_words'))}</h2><p class=\"note\">{_esc(w('random_order'))}</p>" + "".join(parts)


def _body(w: _Words, q: Questionnaire, res: Result) -> str:
    if res.hidden:
        people = w("hidden_one" if res.people == 1 else "hidden_many", n=res.people, k=K_MIN)
        return (_counts(w, res) + f'<p class="hidden"><strong>{_esc(w("hidden_heading"))}</strong> '
                f"{_esc(people)}</p>")
    return (_counts(w, res) + f"<h2>{_esc(w('what_changed'))}</h2>" + effects(res.measures, words=w)
            + f'<p class="note">{_esc(w("dz_note"))}</p>'
            + _table(w, res) + f"<h2>{_esc(w('answers_heading'))}</h2>" + _distributions(w, res) + _texts(w, q, res))


def _page(w: _Words, title: str, head: str, body: str) -> str:
    made = w("made", language=w("this_language"), date=w.date(time.time()))
    return (f'<!doctype html><html lang="{w.lang}"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><meta name="language" content="{w.lang}">'
            f"<title>{_esc(title)}</title><style>{CSS}</style></head><body><h1>{_esc(title)}</h1>{head}{body}"
            f'<p class="note made">{_esc(made)}</p></body></html>')


def workshop_html(q: Questionnaire, workshop: dict[str, Any], res: Result, lang: str = "en") -> str:
    """The result of one workshop, for the facilitator, in ``lang`` (a console language)."""
    w = _Words(lang)
    parts = [workshop.get("label") or workshop["id"], workshop.get("organisation"), workshop.get("experience"),
             w.date(workshop["created"])]
    head = (f"<p>{' · '.join(_esc(x) for x in parts if x)} · "
            f"{_questionnaire(w, q)}</p>" + _kanon(w))
    return _page(w, w("workshop_result"), head, _body(w, q, res))


def _questionnaire(w: _Words, q: Questionnaire) -> str:
    before, _, after = w("questionnaire", title="\0").partition("\0")
    return f"{_esc(before)}<em>{_esc(q.title)}</em>{_esc(after)}"


def campaign_html(q: Questionnaire, filters: dict[str, str], workshops: list[dict[str, Any]], res: Result,
                  rows: dict[str, list[GroupRow]], lang: str = "en") -> str:
    """Many workshops together, and each workshop's change for the subscales (small ones hidden)."""
    w = _Words(lang)
    shown = ", ".join(w(f"filter.{k}", value=v) for k, v in filters.items() if v) or w("all_workshops")
    count = w("workshops_one" if len(workshops) == 1 else "workshops_many", n=len(workshops), filters=shown)
    head = (f"<p>{_esc(count)}, {_questionnaire(w, q)}</p>" + _kanon(w, w("anonymity_breakdown")))
    parts = []
    for mid, group in rows.items():
        m: Measure | None = next((x for x in res.measures if x.id == mid), None)
        if m is None:
            continue
        body = []
        for r in group:
            if r.hidden or r.change is None:
                why = w("hidden_smaller") if r.why == "secondary" else w("hidden_small", k=K_MIN)
                body.append(f'<tr><td>{_esc(r.label)}</td><td colspan="5" class="hidden">{_esc(why)}</td></tr>')
            else:
                body.append(f"<tr><td>{_esc(r.label)}</td>{_change_cells(w, r.change)}</tr>")
        parts.append(f"<table><caption>{_esc(w('per_workshop_caption', measure=m.title))}</caption><thead><tr>"
                     f"<th>{_esc(w('workshop'))}</th>{_effect_heads(w)}</tr></thead><tbody>"
                     + "".join(body) + "</tbody></table>")
    breakdown = (f"<h2>{_esc(w('per_workshop'))}</h2>" + "".join(parts)) if parts and not res.hidden else ""
    return _page(w, w("campaign_result"), head, _body(w, q, res) + breakdown)
