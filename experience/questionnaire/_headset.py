"""A questionnaire's short items asked in the headset: step ids, prompts and options.

A narrative step ``questionnaire: {id: workshop, phase: post}`` becomes, when loaded
with a content pack, the steps :func:`experience.narrative.headset_steps` builds from
these. Their ids say what they are (``q.<questionnaire>.<phase>.<item>``; a dot never
appears in an author's ids), so the hub can file the answers as questionnaire
answers of the headset's session code.
"""

from __future__ import annotations

from ._model import Item

PREFIX = "q."
CONSENT = "_consent"
END = "_end"


def step_id(qid: str, phase: str, item: str) -> str:
    return f"{PREFIX}{qid}.{phase}.{item}"


def parse_step_id(sid: str) -> tuple[str, str, str] | None:
    """``(questionnaire, phase, item)`` of a generated step id, else None."""
    if not sid.startswith(PREFIX):
        return None
    parts = sid[len(PREFIX):].split(".")
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 and all(parts) else None


def headset_prompt(item: Item) -> str:
    """The item's question, with the meaning of the ends of a 0-10 scale."""
    if item.kind == "slider" and item.labels:
        ends = ", ".join(f"{v} = {item.labels[v]}" for v in (item.low, item.high) if v in item.labels)
        return f"{item.text} ({ends})"
    return item.text


def headset_options(item: Item) -> tuple[str, ...]:
    """What the headset lists for a likert or choice item, in value order (empty for a 0-10 scale)."""
    if item.kind == "likert":
        return tuple(item.labels.get(v, str(v)) for v in item.values())
    if item.kind == "choice":
        return tuple(o.label for o in item.options)
    return ()
