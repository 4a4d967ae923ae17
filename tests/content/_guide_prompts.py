"""Write the "Debrief prompts, chapter by chapter" section of docs/facilitator-guide.md
from the bundled narratives' ``debrief:`` blocks.

Regenerate after editing prompts: ``.venv/bin/python -m tests.content._guide_prompts``.
tests/content/test_docs.py checks that the guide is in sync.
"""

from __future__ import annotations

from .conftest import EXPERIENCES, PEARLS, ROOT, load

GUIDE = ROOT / "docs" / "facilitator-guide.md"
HEADING = "## Debrief prompts, chapter by chapter"


def section() -> str:
    out = [HEADING, "",
           "Pick two or three prompts per phase. The same prompts appear on the console at the end",
           "of each chapter, from where you can show one in the headset.", ""]
    for stem in EXPERIENCES:
        doc = load(stem)
        out += [f"### {doc['title']} (`{stem}`)", ""]
        for i, ch in enumerate(doc["chapters"], 1):
            out += [f"**{i}. {ch['title']}**", ""]
            for phase in PEARLS:
                prompts = ch["debrief"].get(phase) or []
                out.append(f"- *{phase.capitalize()}*: " + " · ".join(prompts))
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def updated(text: str) -> str:
    head = text.split(HEADING)[0]
    return head + section()


if __name__ == "__main__":
    GUIDE.write_text(updated(GUIDE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {GUIDE.relative_to(ROOT)}")
