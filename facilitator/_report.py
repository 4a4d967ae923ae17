"""Exports of one session record: JSON, CSV and an HTML report with inline SVG plots."""

from __future__ import annotations

import csv
import html
import io
import json
import time
from collections.abc import Callable
from typing import Any

from experience.protocol import HIST_EDGES_MS
from experience.text import LocaleText, catalogue

"""Upper edges of the frame-time histogram buckets (ms); one more bucket holds the rest."""


def report_json(rec: dict[str, Any]) -> str:
    return json.dumps(rec, indent=1, sort_keys=True)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Text cells starting with these are formulas to a spreadsheet (OWASP CSV injection)."""


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: text that could start a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, out: io.StringIO) -> None:
        self._w = csv.writer(out)

    def writerow(self, row: list[Any]) -> None:
        self._w.writerow([csv_cell(v) for v in row])


def report_csv(rec: dict[str, Any]) -> str:
    """One row per recorded item: ``record, wall, t, seq, name, value, detail``.

    Text cells that a spreadsheet would run as a formula are neutralised (:func:`csv_cell`).
    """
    out = io.StringIO()
    w = _SafeWriter(out)
    w.writerow(["record", "wall", "t", "seq", "name", "value", "detail"])
    s = rec["session"]
    w.writerow(["session", s["created"], "", "", s["experience"], s["code"], json.dumps(s["frame_stats"])])
    if s["consent_at"] is not None:  # the answer the headset accepted at the consent hold
        w.writerow(["consent", s["consent_at"], "", "", "consent_given" if s["consent_given"] else "consent_declined",
                    int(bool(s["consent_given"])), ""])
    if s["ended_at"] is not None:
        w.writerow(["ended", s["ended_at"], "", "", "ended", "", ""])
    for e in rec["events"]:
        w.writerow(["event", e["wall"], e["t"], e["seq"], e["event"], "", json.dumps(e["data"])])
    for c in rec["checkins"]:
        kind = "practice_checkin" if c.get("practice") else "checkin"  # the tutorial's practice answer
        w.writerow([kind, c["wall"], c["t"], c["seq"], c["checkin_id"], json.dumps(c["value"]), c["source"]])
    for n in rec["notes"]:
        w.writerow([n["kind"], n["wall"], "", "", n["prompt"], "", n["text"]])
    for c in rec["comfort"]:
        w.writerow(["comfort", c["wall"], "", "", c["kind"], "", c["source"]])
    for c in rec["commands"]:
        w.writerow(["command", c["wall"], "", "", c["kind"], json.dumps(c["arg"]), c["error"] or ""])
    for f in rec["frames"]:
        w.writerow(["frames", f["wall"], "", "", "fps", f["fps"], json.dumps({"p50": f["p50"], "p99": f["p99"],
                                                                         "missed": f["missed"]})])
    return out.getvalue()


def _esc(v: Any) -> str:
    return html.escape(str(v), quote=True)


def svg_line(points: list[tuple[float, float]], w: int = 560, h: int = 160, ymax: float = 10.0,
             label: str = "", empty: str = "") -> str:
    """A line plot of (x, y) points with y in 0..ymax (``empty``: what to say when there are none)."""
    if not points:
        return f'<p class="empty">{_esc(empty or label)}</p>'
    x0, x1 = points[0][0], max(points[-1][0], points[0][0] + 1e-9)
    pad = 28

    def px(x: float, y: float) -> str:
        return f"{pad + (x - x0) / (x1 - x0) * (w - 2 * pad):.1f},{h - pad - y / ymax * (h - 2 * pad):.1f}"

    path = " ".join(px(x, y) for x, y in points)
    dots = "".join(f'<circle cx="{px(x, y).split(",")[0]}" cy="{px(x, y).split(",")[1]}" r="3"/>' for x, y in points)
    grid = "".join(
        f'<line x1="{pad}" x2="{w - pad}" y1="{h - pad - g / ymax * (h - 2 * pad):.1f}" '
        f'y2="{h - pad - g / ymax * (h - 2 * pad):.1f}" class="grid"/><text x="4" '
        f'y="{h - pad - g / ymax * (h - 2 * pad) + 4:.1f}">{g:g}</text>'
        for g in (0, ymax / 2, ymax)
    )
    return (f'<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{_esc(label)}">'
            f'{grid}<polyline points="{path}" class="line"/>{dots}</svg>')


def svg_bars(items: list[tuple[str, float]], w: int = 560, unit: str = "", label: str = "", empty: str = "",
             number: Callable[[float, int], str] | None = None) -> str:
    """Horizontal bars, one per (name, value); ``number(value, digits)`` writes the values (default: English)."""
    if not items:
        return f'<p class="empty">{_esc(empty or label)}</p>'
    row = 24
    h = row * len(items) + 8
    vmax = max(v for _, v in items) or 1.0
    bars = []
    for i, (name, v) in enumerate(items):
        bw = v / vmax * (w - 260)
        y = 4 + i * row
        digits = 0 if v == int(v) else 1
        value = number(v, digits) if number is not None else f"{v:.{digits}f}"
        bars.append(f'<text x="0" y="{y + 16}">{_esc(name[:28])}</text>'
                    f'<rect x="200" y="{y + 3}" width="{bw:.1f}" height="{row - 8}" class="bar"/>'
                    f'<text x="{206 + bw:.1f}" y="{y + 16}">{value}{_esc(unit)}</text>')
    head = f'<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{_esc(label)}">'
    return head + "".join(bars) + "</svg>"


def chapter_times(events: list[dict[str, Any]], end: float | None = None) -> list[tuple[str, float]]:
    """Seconds spent per chapter (wall clock), from ChapterStarted to the next start or end.

    A chapter still open at the end of the record counts until ``end`` (the last thing recorded).
    """
    out: dict[str, float] = {}
    cur: tuple[str, float] | None = None
    for e in events:
        if e["event"] in ("ChapterStarted", "ChapterEnded", "ExperienceEnded") and cur is not None:
            out[cur[0]] = out.get(cur[0], 0.0) + max(0.0, e["wall"] - cur[1])
            cur = None
        if e["event"] == "ChapterStarted":
            d = e["data"]
            cur = (str(d.get("title") or d.get("chapter_id") or "?"), e["wall"])
    if cur is not None and end is not None:
        out[cur[0]] = out.get(cur[0], 0.0) + max(0.0, end - cur[1])
    return list(out.items())


def frame_histogram(frames: list[dict[str, Any]], number: Callable[[float, int], str] | None = None
                    ) -> list[tuple[str, float]]:
    """Frame-time buckets from the latest summary (the experience's counts are cumulative)."""
    total = [0] * (len(HIST_EDGES_MS) + 1)
    last = frames[-1]["hist"] if frames else []
    for i, n in enumerate(last if isinstance(last, list) else []):
        if i < len(total) and isinstance(n, int):
            total[i] = n
    def ms(e: float) -> str:
        return number(e, 0 if e == int(e) else 1) if number is not None else f"{e:g}"

    names = [f"≤ {ms(e)} ms" for e in HIST_EDGES_MS] + [f"> {ms(HIST_EDGES_MS[-1])} ms"]
    return [(n, float(c)) for n, c in zip(names, total, strict=True) if c]


CSS = """body{background:#101418;color:#e8ecef;font:16px/1.5 system-ui,sans-serif;max-width:820px;margin:2em auto;
padding:0 1em}h1,h2{font-weight:600}table{border-collapse:collapse}td,th{padding:.2em .8em;text-align:left;
border-bottom:1px solid #333}svg text{fill:#c8d0d6;font-size:12px}.line{fill:none;stroke:#7fd1ff;stroke-width:2}
circle{fill:#7fd1ff}.grid{stroke:#333}.bar{fill:#9be29b}.empty{color:#9aa5ad}"""


def _last_wall(rec: dict[str, Any]) -> float:
    walls = [r["wall"] for t in ("events", "checkins", "notes", "comfort", "commands", "frames") for r in rec[t]]
    return max([rec["session"]["created"], *walls])


def report_html(rec: dict[str, Any], lang: str = "en") -> str:
    """A self-contained HTML page for the debrief (no scripts, inline SVG), in ``lang`` (a console language).

    The page says which language it was made in (``<html lang>``, a ``language`` meta and its last line).
    """
    tr = LocaleText(lang, "report.")
    s = rec["session"]
    fs = s["frame_stats"] or {}
    t0 = s["created"]

    def word(group: str, key: str) -> str:
        return tr(f"{group}.{key}") if f"report.{group}.{key}" in catalogue("en") else key

    scored = [c for c in rec["checkins"] if isinstance(c["value"], int | float) and not isinstance(c["value"], bool)]
    checks = [((c["wall"] - t0) / 60.0, float(c["value"])) for c in scored if not c.get("practice")]
    practice = [tr.number(c["value"]) for c in scored if c.get("practice")]  # the tutorial's: not part of the trend
    chart = svg_line(checks, label=tr("checkins_label"), empty=tr("no_checkins"))
    if practice:
        chart += f'<p class="empty practice">{_esc(tr("practice_checkins", values=", ".join(practice)))}</p>'

    comfort = "".join(f"<tr><td>{_esc(tr('minutes', n=tr.number((c['wall'] - t0) / 60, 1)))}</td>"
                      f"<td>{_esc(word('comfort', c['kind']))}</td><td>{_esc(word('source', c['source']))}</td></tr>"
                      for c in rec["comfort"]) or f"<tr><td>{_esc(tr('none'))}</td></tr>"
    notes = "".join(f"<tr><td>{_esc(word('note', n['kind']))}</td><td>{_esc(n['prompt'])}</td>"
                    f"<td>{_esc(n['text'])}</td></tr>" for n in rec["notes"]) or f"<tr><td>{_esc(tr('none'))}</td></tr>"
    when = tr.date_time(s["consent_at"])
    consent = (tr("consent_given", when=when) if s["consent_given"] else tr("consent_declined", when=when)) \
        if s["consent_at"] else tr("not_recorded")
    ended = tr.date_time(s["ended_at"]) if s["ended_at"] else tr("not_ended")
    frames = tr("frames_summary", fps=tr.number(fs.get("fps"), 1), p99=tr.number(fs.get("frame_ms_p99"), 1),
                missed=tr.number(fs.get("missed_frames")))
    title = tr("session", code=s["code"])
    made = tr("made", language=tr("this_language"), date=tr.date(time.time()))
    return f"""<!doctype html><html lang="{tr.lang}"><head><meta charset="utf-8">
<meta name="language" content="{tr.lang}"><title>{_esc(title)}</title><link rel="icon" href="data:,">
<style>{CSS}</style></head><body>
<h1>{_esc(title)}</h1>
<table><tr><th>{_esc(tr("experience"))}</th><td>{_esc(s['title'] or s['experience'])}</td></tr>
<tr><th>{_esc(tr("consent"))}</th><td>{_esc(consent)}</td></tr>
<tr><th>{_esc(tr("ended"))}</th><td>{_esc(ended)}</td></tr>
<tr><th>{_esc(tr("events"))}</th><td>{_esc(tr.number(len(rec['events'])))}</td></tr>
<tr><th>{_esc(tr("frame_rate"))}</th><td>{_esc(frames)}</td></tr></table>
<h2>{_esc(tr("checkins_heading"))}</h2>{chart}
<h2>{_esc(tr("chapters_heading"))}</h2>{svg_bars(chapter_times(rec['events'], _last_wall(rec)), unit=" s",
    label=tr("chapters_label"), empty=tr("no_chapters"), number=tr.number)}
<h2>{_esc(tr("frames_heading"))}</h2>{svg_bars(frame_histogram(rec['frames'], tr.number), label=tr("frames_label"),
    empty=tr("no_frames"), number=tr.number)}
<h2>{_esc(tr("comfort_heading"))}</h2><table>{comfort}</table>
<h2>{_esc(tr("notes_heading"))}</h2><table>{notes}</table>
<p class="empty">{_esc(tr("anonymous"))}</p>
<p class="empty made">{_esc(made)}</p>
</body></html>"""
