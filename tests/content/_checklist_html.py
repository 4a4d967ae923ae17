"""Render docs/checklist.md as a one-page printable HTML file (docs/checklist.html).

Regenerate after editing the checklist:
``.venv/bin/python -m tests.content._checklist_html``. A test checks the two
files are in sync. Only the small subset of Markdown the checklist uses is
understood: headings, paragraphs, ``- [ ]`` items, ``**bold**``, `code` and links.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MD = ROOT / "docs" / "checklist.md"
HTML = ROOT / "docs" / "checklist.html"

STYLE = """
  @page { size: A4; margin: 12mm; }
  body { font: 10pt/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111;
         max-width: 190mm; margin: 0 auto; padding: 8mm 0; }
  h1 { font-size: 16pt; margin: 0 0 2mm; }
  h2 { font-size: 11pt; margin: 3mm 0 1mm; border-bottom: 1px solid #999; }
  p { margin: 1mm 0; }
  ul { list-style: none; padding: 0; margin: 0; }
  li { padding-left: 6mm; text-indent: -6mm; margin: 0.3mm 0; }
  li::before { content: "\\2610"; display: inline-block; width: 6mm; text-indent: 0; font-size: 12pt; }
  code { font-size: 9.5pt; }
  a { color: inherit; }
  @media print { body { padding: 0; } a { text-decoration: none; } }
"""


def _inline(text: str) -> str:
    out = html.escape(text, quote=False)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"`(.+?)`", r"<code>\1</code>", out)
    out = re.sub(r"\[(.+?)\]\((.+?)\.md\)", r'<a href="\2.md">\1</a>', out)
    return out


def render(md: str) -> str:
    body: list[str] = []
    para: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if para:
            body.append("<p>" + " ".join(para) + "</p>")
            para.clear()
        if items:
            body.extend(["<ul>", *(f"  <li>{i}</li>" for i in items), "</ul>"])
            items.clear()

    for raw in md.splitlines():
        line = raw.strip()
        item = re.match(r"- \[ \] (.*)", line)
        if item:
            if para:
                flush()
            items.append(_inline(item.group(1)))
        elif not line:
            flush()
        elif line.startswith("#"):
            flush()
            level = len(line) - len(line.lstrip("#"))
            body.append(f"<h{level}>{_inline(line[level:].strip())}</h{level}>")
        else:
            if items:
                flush()
            para.append(_inline(line))
    flush()
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>empathy-vr workshop checklist</title>\n"
            "<!-- Generated from checklist.md by tests/content/_checklist_html.py: edit the Markdown. -->\n"
            f"<style>{STYLE}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


if __name__ == "__main__":
    HTML.write_text(render(MD.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {HTML.relative_to(ROOT)}")
