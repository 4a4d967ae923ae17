"""From located YAML to a :class:`Questionnaire`, with a diagnostic for every problem."""

from __future__ import annotations

from typing import TypedDict

from ..errors import Diagnostic
from ..text import ID_RE, LList, LMap, Reader, YamlValue, did_you_mean, type_name
from . import fields as F
from ._model import ITEM_KINDS, PHASES, SCORE_METHODS, Consent, Item, Option, Phase, Questionnaire, Subscale

TOP_KEYS = tuple(F.TOP)
CONSENT_KEYS = tuple(F.CONSENT)
PHASE_KEYS = tuple(F.PHASE)
SCALE_KEYS = tuple(F.SCALE)
ITEM_KEYS = tuple(F.ITEM)
SUBSCALE_KEYS = tuple(F.SUBSCALE)
MAX_POINTS = 11
HEADSET_MAX_OPTIONS = 7
"""The check-in UI in the headset shows at most this many choices at once."""


class _Range(TypedDict, total=False):
    """A likert or slider range as read so far (empty: nothing given)."""

    low: int
    high: int
    labels: dict[int, str]


def parse_questionnaire(data: YamlValue, path: str, stem: str = "") -> tuple[Questionnaire | None, list[Diagnostic]]:
    """Build the questionnaire; returns it (None when unusable) and the diagnostics."""
    r = Reader(path)
    if data is None:
        r.report((1, 1), "the file is empty", "start with 'id:', 'title:', 'consent:' and 'items:' "
                 "(see questionnaires/README.md)")
        return None, r.diagnostics
    top = r.mapping(data, (1, 1), "a questionnaire file", TOP_KEYS)
    if top is None:
        return None, r.diagnostics
    qid = r.ident(top, "id", "the questionnaire", required=True) or stem
    if stem and qid and qid != stem:
        r.report(top.at("id"), f"id '{qid}' differs from the file name '{stem}'",
                 f"questionnaire ids are file names: use id: {stem}, or rename the file")
    locales = r.text_list(top, "locales", "the questionnaire") or ("en",)
    q = Questionnaire(
        id=qid, title=r.text(top, "title", "the questionnaire", required=True),
        version=int(r.number(top, "version", "the questionnaire", 1, 1, 10_000)),
        intro=r.text(top, "intro", "the questionnaire"), locales=locales, locale=locales[0],
        licence=r.text(top, "licence", "the questionnaire"),
        text_in_strings=r.boolean(top, "text_in_strings", "the questionnaire"), source=path)
    q.consent = _consent(r, top)
    q.phases = _phases(r, top)
    scales = _scales(r, top)
    _items(r, top, q, scales)
    _subscales(r, top, q)
    return q, r.diagnostics


def _consent(r: Reader, top: LMap) -> Consent:
    if top.get("consent") is None:
        r.report(top.key_at("consent") if "consent" in top else top.pos,
                 "the questionnaire needs 'consent' (prompt, accept, decline)",
                 "consent to the evaluation is its own question, asked before any item; declining must "
                 "still let the person take part in the workshop")
        return Consent()
    m = r.mapping(top["consent"], top.at("consent"), "'consent'", CONSENT_KEYS)
    if m is None:
        return Consent()
    return Consent(**{k: r.text(m, k, "'consent'", required=(k != "details")) for k in CONSENT_KEYS})


def _phases(r: Reader, top: LMap) -> dict[str, Phase]:
    if top.get("phases") is None:
        r.report(top.pos, "the questionnaire needs 'phases'", f"when it is asked: any of {', '.join(PHASES)}")
        return {}
    m = r.mapping(top["phases"], top.at("phases"), "'phases'", PHASES)
    out: dict[str, Phase] = {}
    for pid in m or {}:
        if pid not in PHASES:
            continue
        what = f"phase '{pid}'"
        pm = r.mapping(m[pid], m.at(pid), what, PHASE_KEYS) if m[pid] is not None else None  # type: ignore[index, union-attr]
        if m[pid] is not None and pm is None:  # type: ignore[index]
            continue
        weeks = r.number(pm, "after_weeks", what, 0.0, 0.0, 520.0) if pm is not None else 0.0
        if pid == "follow_up" and not weeks:
            r.report(m.at(pid), "phase 'follow_up' needs 'after_weeks'", "e.g. follow_up: {after_weeks: 6}")  # type: ignore[union-attr]
        elif pid != "follow_up" and pm is not None and "after_weeks" in pm:
            r.report(pm.key_at("after_weeks"), f"'after_weeks' belongs to the follow-up, not to '{pid}'")
        out[str(pid)] = Phase(id=str(pid), title=r.text(pm, "title", what) if pm is not None else "",
                              intro=r.text(pm, "intro", what) if pm is not None else "", after_weeks=weeks)
    if m is not None and not out:
        r.report(m.pos, "'phases' is empty", f"give at least one of {', '.join(PHASES)}")
    return out


def _range(r: Reader, m: LMap, what: str, kind: str, base: _Range) -> _Range:
    """low, high and labels of a likert or slider (``base`` holds a shared scale's values)."""
    out = base.copy()
    if kind == "likert" and "points" in m:
        points = int(r.number(m, "points", what, 5, 2, MAX_POINTS))
        out["low"] = int(r.number(m, "low", what, 1, 0, 1))
        out["high"] = out["low"] + points - 1
    else:
        default_low, default_high = (1, 5) if kind == "likert" else (0, 10)
        out["low"] = int(r.number(m, "low", what, out.get("low", default_low), -100, 100))
        out["high"] = int(r.number(m, "high", what, out.get("high", default_high), -100, 1000))
        for key in ("low", "high"):
            given = m.get(key)
            if isinstance(given, float) and not given.is_integer():
                r.report(m.at(key), f"'{key}' of {what} must be a whole number")
    if out["high"] <= out["low"]:
        r.report(m.pos, f"{what} goes from {out['low']} to {out['high']}: 'high' must be above 'low'")
        out["high"] = out["low"] + 1
    if kind == "likert" and out["high"] - out["low"] + 1 > MAX_POINTS:
        r.report(m.pos, f"{what} has {out['high'] - out['low'] + 1} points; a likert item has at most {MAX_POINTS}",
                 "use kind: slider for a longer numeric scale")
    if "labels" in m:
        out["labels"] = _labels(r, m, what, out["low"], out["high"])
    return out


def _labels(r: Reader, m: LMap, what: str, low: int, high: int) -> dict[int, str]:
    lm = r.mapping(m["labels"], m.at("labels"), f"'labels' of {what}")
    out: dict[int, str] = {}
    for k in lm or {}:
        if isinstance(k, bool) or not isinstance(k, int) or not low <= k <= high:
            r.report(lm.key_at(k), f"label '{k}' of {what} is not a point of the scale ({low} to {high})",  # type: ignore[union-attr]
                     "labels map a point (a whole number) to its anchor text, e.g. 1: Strongly disagree")
            continue
        v = lm[k]  # type: ignore[index]
        if isinstance(v, bool) or not isinstance(v, str | int | float):
            r.report(lm.at(k), f"label {k} of {what} must be text, not {type_name(v)}",  # type: ignore[union-attr]
                     "YAML reads yes/no/on/off as true/false: put the text in quotes" if isinstance(v, bool)
                     else "put the text in quotes")
            continue
        out[k] = str(v)
    return out


def _scales(r: Reader, top: LMap) -> dict[str, tuple[str, _Range]]:
    out: dict[str, tuple[str, _Range]] = {}
    m = r.mapping(top["scales"], top.at("scales"), "'scales'") if top.get("scales") is not None else None
    for name in m or {}:
        what = f"scale '{name}'"
        if not isinstance(name, str) or not ID_RE.match(name):
            r.report(m.key_at(name), f"'{name}' is not a valid scale name",  # type: ignore[union-attr]
                     "use letters, digits, '_' or '-', e.g. agree5")
            continue
        sm = r.mapping(m[name], m.at(name), what, SCALE_KEYS)  # type: ignore[index, union-attr]
        if sm is None:
            continue
        kind = r.text(sm, "kind", what, default="likert")
        if kind not in ("likert", "slider"):
            r.report(sm.at("kind"), f"{what} has kind '{kind}'; a shared scale is 'likert' or 'slider'")
            continue
        out[name] = (kind, _range(r, sm, what, kind, {}))
    return out


def _items(r: Reader, top: LMap, q: Questionnaire, scales: dict[str, tuple[str, _Range]]) -> None:
    seq = r.sequence(top["items"], top.at("items"), "'items'") if top.get("items") is not None else None
    if "items" not in top:
        r.report(top.pos, "the questionnaire needs 'items'", "a list of questions, each with id, text and kind")
    elif seq is not None and not seq:
        r.report(top.at("items"), "'items' is empty", "add at least one question")
    seen: dict[str, int] = {}
    for i, raw in enumerate(seq or []):
        item = _item(r, raw, seq.at(i), q, scales)  # type: ignore[union-attr]
        if item is None:
            continue
        if item.id in seen:
            r.report(item.pos, f"item id '{item.id}' is used twice (first at line {seen[item.id]})",
                     "records, exports and translations are keyed by item ids")
            continue
        seen[item.id] = item.pos[0]
        q.items.append(item)


def _item(r: Reader, raw: YamlValue, pos: tuple[int, int], q: Questionnaire,
          scales: dict[str, tuple[str, _Range]]) -> Item | None:
    m = r.mapping(raw, pos, "an item", ITEM_KEYS)
    if m is None:
        return None
    iid = r.ident(m, "id", "an item", required=True)
    if not iid:
        return None
    what = f"item '{iid}'"
    text = r.text(m, "text", what)
    if not text and not q.text_in_strings:
        r.report(m.pos, f"{what} needs 'text'",
                 "the question as participants read it (a licensed scale sets text_in_strings: true instead)")
    scale = r.text(m, "scale", what)
    kind = r.text(m, "kind", what, default=scales[scale][0] if scale in scales else "likert")
    if kind not in ITEM_KINDS:
        r.report(m.at("kind"), f"unknown item kind '{kind}'", did_you_mean(kind, ITEM_KINDS))
        return None
    base: _Range = {}
    if scale:
        if scale not in scales:
            r.report(m.at("scale"), f"{what} uses scale '{scale}', which 'scales' does not define",
                     did_you_mean(scale, scales))
        elif scales[scale][0] != kind:
            r.report(m.at("kind"), f"{what} is a {kind} but scale '{scale}' is a {scales[scale][0]}")
        else:
            base = scales[scale][1]
    item = Item(id=iid, kind=kind, text=text, scale=scale if base else "", pos=m.pos,
                reverse=r.boolean(m, "reverse", what), headset=r.boolean(m, "headset", what),
                required=r.boolean(m, "required", what))
    _item_answers(r, m, item, base)
    item.ask = _ask(r, m, item, q)
    return item


def _item_answers(r: Reader, m: LMap, item: Item, base: _Range) -> None:
    what = f"item '{item.id}'"
    range_keys = [k for k in ("points", "low", "high", "labels") if k in m]
    if item.numeric:
        rng = _range(r, m, what, item.kind, base)
        item.low, item.high, item.labels = rng["low"], rng["high"], dict(rng.get("labels", {}))
        if item.kind == "likert" and not base and not range_keys and "scale" not in m:
            r.report(m.pos, f"{what} needs 'points' (or 'scale')", "e.g. points: 5 for 1 to 5")
        if not item.labels:
            r.warn(m.pos, f"{what} has no anchor labels", "give at least the two ends, e.g. labels: "
                   "{1: Strongly disagree, 5: Strongly agree}: a bare number scale is hard to answer")
    else:
        for k in range_keys:
            r.report(m.key_at(k), f"'{k}' belongs to likert and slider items, not to a {item.kind}")
    if item.reverse and not item.numeric:
        r.report(m.key_at("reverse"), f"only likert and slider items can be reverse scored ({what} is a {item.kind})")
    if item.kind == "choice":
        item.options = _options(r, m, what)
    elif "options" in m:
        r.report(m.key_at("options"), f"'options' belongs to choice items, not to a {item.kind}")
    if item.kind == "text":
        item.max_length = int(r.number(m, "max_length", what, 300, 1, 1000))
    elif "max_length" in m:
        r.report(m.key_at("max_length"), f"'max_length' belongs to text items, not to a {item.kind}")
    if item.headset:
        _headset_ok(r, m, item)


def _options(r: Reader, m: LMap, what: str) -> tuple[Option, ...]:
    seq = r.sequence(m["options"], m.at("options"), f"'options' of {what}") if "options" in m else None
    if "options" not in m:
        r.report(m.pos, f"{what} needs 'options'", "a list of texts, or of {value: N, text: ...}")
    out: list[Option] = []
    for i, o in enumerate(seq or []):
        if isinstance(o, LMap):
            om = r.mapping(o, seq.at(i), f"an option of {what}", tuple(F.OPTION))  # type: ignore[union-attr]
            value = int(r.number(om, "value", f"an option of {what}", i + 1, -1000, 1000, required=True))  # type: ignore[arg-type]
            out.append(Option(value, r.text(om, "text", f"an option of {what}", required=True)))  # type: ignore[arg-type]
        elif isinstance(o, str | int | float) and not isinstance(o, bool):
            out.append(Option(i + 1, str(o)))
        else:
            r.report(seq.at(i), f"an option of {what} must be text, not {type_name(o)}")  # type: ignore[union-attr]
    values = [o.value for o in out]
    if len(set(values)) != len(values):
        r.report(m.at("options"), f"two options of {what} have the same value", "each option needs its own value")
    if seq is not None and len(out) < 2:
        r.report(m.at("options"), f"{what} needs at least two options")
    return tuple(out)


def _headset_ok(r: Reader, m: LMap, item: Item) -> None:
    what = f"item '{item.id}'"
    where = m.key_at("headset")
    if item.kind == "text":
        r.report(where, f"{what} is free text: it cannot be answered in the headset",
                 "ask free text on the phone page only (remove headset: true)")
    elif item.kind == "slider" and (item.low, item.high) != (0, 10):
        r.report(where, f"{what} goes from {item.low} to {item.high}; the headset's scale is 0 to 10",
                 "use low: 0, high: 10, or ask it on the phone page only")
    elif item.kind == "likert" and item.high - item.low + 1 > HEADSET_MAX_OPTIONS:
        r.report(where, f"{what} has {item.high - item.low + 1} points; the headset shows at most "
                 f"{HEADSET_MAX_OPTIONS}", "ask it on the phone page only")
    elif item.kind == "likert" and len(item.labels) < item.high - item.low + 1:
        r.report(where, f"{what} is asked in the headset, so every point needs a label",
                 "the headset lists the answers as words")
    elif item.kind == "choice" and len(item.options) > HEADSET_MAX_OPTIONS:
        r.report(where, f"{what} has {len(item.options)} options; the headset shows at most {HEADSET_MAX_OPTIONS}")


def _ask(r: Reader, m: LMap, item: Item, q: Questionnaire) -> tuple[str, ...]:
    what = f"item '{item.id}'"
    asked = r.text_list(m, "ask", what) if "ask" in m else tuple(q.phases)
    out = []
    for i, phase in enumerate(asked):
        given = m.get("ask")
        pos = given.at(i) if isinstance(given, LList) else m.at("ask")
        if phase not in PHASES:
            r.report(pos, f"{what} is asked in '{phase}', which is no phase", did_you_mean(phase, PHASES))
        elif phase not in q.phases:
            r.report(pos, f"{what} is asked in '{phase}', but 'phases' has no '{phase}'")
        else:
            out.append(phase)
    if "ask" in m and not asked:
        r.report(m.at("ask"), f"{what} is never asked", f"list its phases, e.g. ask: [{', '.join(q.phases)}]")
    return tuple(out)


def _subscales(r: Reader, top: LMap, q: Questionnaire) -> None:
    if top.get("subscales") is None:
        return
    seq = r.sequence(top["subscales"], top.at("subscales"), "'subscales'")
    seen: set[str] = set()
    for i, raw in enumerate(seq or []):
        m = r.mapping(raw, seq.at(i), "a subscale", SUBSCALE_KEYS)  # type: ignore[union-attr]
        if m is None:
            continue
        sid = r.ident(m, "id", "a subscale", required=True)
        if not sid:
            continue
        what = f"subscale '{sid}'"
        if sid in seen or q.item(sid) is not None:
            r.report(m.at("id"), f"{what}: the id '{sid}' is already used by an item or subscale")
            continue
        seen.add(sid)
        names = r.text_list(m, "items", what)
        items = []
        for j, name in enumerate(names):
            listed = m.get("items")
            pos = listed.at(j) if isinstance(listed, LList) else m.at("items")
            it = q.item(name)
            if it is None:
                r.report(pos, f"{what} lists '{name}', which is no item", did_you_mean(name, [x.id for x in q.items]))
            elif not it.numeric:
                r.report(pos, f"{what} lists '{name}', a {it.kind} item: only likert and slider items are scored")
            else:
                items.append(it)
        if not names:
            r.report(m.pos, f"{what} needs 'items'", "the ids of the items it is made of")
        method = r.text(m, "method", what, default="mean")
        if method not in SCORE_METHODS:
            r.report(m.at("method"), f"unknown scoring method '{method}'", did_you_mean(method, SCORE_METHODS))
            method = "mean"
        need = int(r.number(m, "min_answered", what, len(items), 1, max(1, len(items))))
        if method == "sum" and "min_answered" in m and need < len(items):
            r.report(m.at("min_answered"), f"{what} is a sum: every item must be answered",
                     "a sum of fewer items is not comparable; use method: mean to allow missing answers")
        if len({(it.low, it.high) for it in items}) > 1:
            r.warn(m.pos, f"the items of {what} have different ranges",
                   "a mean of items on different scales is hard to read")
        phases = {frozenset(it.ask) for it in items}
        if len(phases) > 1:
            r.warn(m.pos, f"the items of {what} are not asked in the same phases",
                   "the subscale is scored only where all its items are asked")
        q.subscales.append(Subscale(
            id=sid, title=r.text(m, "title", what) or sid, items=tuple(it.id for it in items), method=method,
            weight=r.number(m, "weight", what, 1.0, 1e-6, 1000.0), min_answered=need, pos=m.pos))
