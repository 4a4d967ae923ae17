"""Exports of one session record: JSON, CSV and an HTML report with inline SVG plots."""

from __future__ import annotations

import csv
import html
import io
import json
import time
from typing import Any

from experience.protocol import HIST_EDGES_MS

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
        w.writerow(["checkin", c["wall"], c["t"], c["seq"], c["checkin_id"], json.dumps(c["value"]), c["source"]])
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


def _when(t: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t)) if t else ""


def _fmt(v: Any) -> str:
    return f"{v:.1f}" if isinstance(v, int | float) else "–"


def _esc(v: Any) -> str:
    return html.escape(str(v), quote=True)


def svg_line(points: list[tuple[float, float]], w: int = 560, h: int = 160, ymax: float = 10.0,
             label: str = "") -> str:
    """A line plot of (x, y) points with y in 0..ymax."""
    if not points:
        return f'<p class="empty">No {label} recorded.</p>'
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


def svg_bars(items: list[tuple[str, float]], w: int = 560, unit: str = "", label: str = "") -> str:
    """Horizontal bars, one per (name, value)."""
    if not items:
        return f'<p class="empty">No {label} recorded.</p>'
    row = 24
    h = row * len(items) + 8
    vmax = max(v for _, v in items) or 1.0
    bars = []
    for i, (name, v) in enumerate(items):
        bw = v / vmax * (w - 260)
        y = 4 + i * row
        value = f"{v:.0f}" if v == int(v) else f"{v:.1f}"
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


def frame_histogram(frames: list[dict[str, Any]]) -> list[tuple[str, float]]:
    """Frame-time buckets from the latest summary (the experience's counts are cumulative)."""
    total = [0] * (len(HIST_EDGES_MS) + 1)
    last = frames[-1]["hist"] if frames else []
    for i, n in enumerate(last if isinstance(last, list) else []):
        if i < len(total) and isinstance(n, int):
            total[i] = n
    names = [f"≤ {e:g} ms" for e in HIST_EDGES_MS] + [f"> {HIST_EDGES_MS[-1]:g} ms"]
    return [(n, float(c)) for n, c in zip(names, total, strict=True) if c]


CSS = """body{background:#101418;color:#e8ecef;font:16px/1.5 system-ui,sans-serif;max-width:820px;margin:2em auto;
padding:0 1em}h1,h2{font-weight:600}table{border-collapse:collapse}td,th{padding:.2em .8em;text-align:left;
border-bottom:1px solid #333}svg text{fill:#c8d0d6;font-size:12px}.line{fill:none;stroke:#7fd1ff;stroke-width:2}
circle{fill:#7fd1ff}.grid{stroke:#333}.bar{fill:#9be29b}.empty{color:#9aa5ad}"""


def _last_wall(rec: dict[str, Any]) -> float:
    walls = [r["wall"] for t in ("events", "checkins", "notes", "comfort", "commands", "frames") for r in rec[t]]
    return max([rec["session"]["created"], *walls])


def report_html(rec: dict[str, Any]) -> str:
    """A self-contained HTML page for the debrief (no scripts, inline SVG)."""
    s = rec["session"]
    fs = s["frame_stats"] or {}
    t0 = s["created"]
    checks = [((c["wall"] - t0) / 60.0, float(c["value"])) for c in rec["checkins"]
              if isinstance(c["value"], int | float) and not isinstance(c["value"], bool)]
    comfort = "".join(f"<tr><td>{(c['wall'] - t0) / 60:.1f} min</td><td>{_esc(c['kind'])}</td>"
                      f"<td>{_esc(c['source'])}</td></tr>" for c in rec["comfort"]) or "<tr><td>none</td></tr>"
    notes = "".join(f"<tr><td>{_esc(n['kind'])}</td><td>{_esc(n['prompt'])}</td><td>{_esc(n['text'])}</td></tr>"
                    for n in rec["notes"]) or "<tr><td>none</td></tr>"
    when = _when(s["consent_at"])
    consent = (f"given {when}" if s["consent_given"] else f"declined {when}") if s["consent_at"] else "not recorded"
    ended = _when(s["ended_at"]) if s["ended_at"] else "not recorded (still running, or the experience stopped " \
        "without ending the session)"
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Session {_esc(s["code"])}</title><link rel="icon" href="data:,"><style>{CSS}</style></head><body>
<h1>Session {_esc(s['code'])}</h1>
<table><tr><th>Experience</th><td>{_esc(s['title'] or s['experience'])}</td></tr>
<tr><th>Consent</th><td>{_esc(consent)}</td></tr>
<tr><th>Ended</th><td>{_esc(ended)}</td></tr>
<tr><th>Events recorded</th><td>{len(rec['events'])}</td></tr>
<tr><th>Frame rate</th><td>{_fmt(fs.get('fps'))} fps, frame time p99 {_fmt(fs.get('frame_ms_p99'))} ms,
 missed {_esc(fs.get('missed_frames', '–'))} (last summary)</td></tr></table>
<h2>Check-ins (0–10) over time (minutes)</h2>{svg_line(checks, label="check-ins")}
<h2>Time per chapter</h2>{svg_bars(chapter_times(rec['events'], _last_wall(rec)), unit=" s", label="chapters")}
<h2>Frame times</h2>{svg_bars(frame_histogram(rec['frames']), label="frame times")}
<h2>Comfort events</h2><table>{comfort}</table>
<h2>Notes and debrief</h2><table>{notes}</table>
<p class="empty">Anonymous record: a session code, no names. Data stays on this machine unless exported.</p>
</body></html>"""
