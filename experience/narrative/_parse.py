"""From located YAML values to a :class:`Narrative`, with schema diagnostics.

Each step kind has one parse function in :data:`STEP_PARSERS`; cross-file
checks (scenes, sounds, audio) live in the lint.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import Diagnostic
from ..text import ID_RE, LList, LMap, Pos, Reader, YamlValue, did_you_mean, needs_rtl, type_name
from ..voices import looks_neural, parse_voice, voices_for
from . import fields as F
from ._model import (
    CUE_KINDS,
    LINE_MANNERS,
    LINE_STYLES,
    PEARLS_PHASES,
    STEP_KINDS,
    AskQuestionnaire,
    Chapter,
    CheckIn,
    Choice,
    Cue,
    Hold,
    Jump,
    Label,
    Line,
    Narrative,
    Option,
    Resources,
    Speaker,
    Step,
    Timing,
    Wait,
)

TOP_KEYS = tuple(F.TOP)
CHAPTER_KEYS = tuple(F.CHAPTER)
LINE_KEYS = tuple(F.LINE)
HOLD_KEYS = tuple(F.HOLD)
HOLD_SHOWS = F.HOLD["show"].enum
CHECKIN_KEYS = tuple(F.CHECKIN)
CHOICE_KEYS = tuple(F.CHOICE)
SPEAKER_KEYS = tuple(F.SPEAKER)
TIMING_KEYS = tuple(F.TIMING)
PALETTE = ("#ffd75e", "#8fd3ff", "#b8f29b", "#ffa8c5", "#d2b6ff", "#ffb86b", "#7fe3d4")


def parse_narrative(data: YamlValue, path: str, stem: str = "") -> tuple[Narrative | None, list[Diagnostic]]:
    """Build the narrative; returns it (None when unusable) and the diagnostics."""
    r = Reader(path)
    top = r.mapping(data, (1, 1), "a narrative file", TOP_KEYS) if data is not None else None
    if data is None:
        r.report((1, 1), "the file is empty", "start with 'id:', 'title:' and 'chapters:' (see narratives/README.md)")
    if top is None:
        return None, r.diagnostics
    nid = r.ident(top, "id", "the narrative", required=True) or stem
    if stem and nid and nid != stem:
        r.report(top.at("id"), f"id '{nid}' differs from the file name '{stem}'",
                 f"experience ids are file names: use id: {stem}, or rename the file")
    title = r.text(top, "title", "the narrative", required=True)
    locales = r.text_list(top, "locales", "the narrative") or ("en",)
    _rtl_locales(r, top, locales)
    n = Narrative(
        id=nid, title=title, summary=r.text(top, "summary", "the narrative"),
        duration_min=r.number(top, "duration_min", "the narrative", 0.0, *F.TOP["duration_min"].range),
        content_warnings=r.text_list(top, "content_warnings", "the narrative"),
        audience_notes=r.text(top, "audience_notes", "the narrative"),
        locales=locales, resources=_resources(r, top), speakers=_speakers(r, top),
        timing=_timing(r, top), locale=locales[0], source=path, parts=(nid,),
    )
    chapters = r.sequence(top.get("chapters"), top.at("chapters"), "'chapters'") if "chapters" in top else None
    if "chapters" not in top:
        r.report(top.pos, "the narrative needs 'chapters'", "a list of chapters, each with id, scene and steps")
    elif chapters is not None and not chapters:
        r.report(top.at("chapters"), "'chapters' is empty", "add at least one chapter")
    seen: dict[str, Pos] = {}
    for i, c in enumerate(chapters or []):
        ch = _chapter(r, c, chapters.at(i) if chapters else (1, 1), n)
        if ch is None:
            continue
        if ch.id in seen:
            r.report(ch.pos, f"chapter id '{ch.id}' is used twice (first at line {seen[ch.id][0]})")
        seen.setdefault(ch.id, ch.pos)
        n.chapters.append(ch)
    return n, r.diagnostics


def _rtl_locales(r: Reader, top: LMap, locales: tuple[str, ...]) -> None:
    """Right-to-left scripts are out of scope for now: say so where the locale is named."""
    for i, loc in enumerate(locales):
        if needs_rtl(loc):
            seq = top.get("locales")
            pos = seq.at(i) if isinstance(seq, LList) else top.at("locales")
            r.warn(pos, f"locale '{loc}' is written right to left, which captions cannot show yet",
                   "right-to-left scripts (Arabic, Hebrew, Persian, Urdu...) are not supported: its captions "
                   "would show letters in the wrong order; do not use it in workshops yet")


def _resources(r: Reader, top: LMap) -> Resources:
    if top.get("resources") is None:
        return Resources()
    m = r.mapping(top["resources"], top.at("resources"), "'resources'", tuple(F.RESOURCES))
    if m is None:
        return Resources()
    items = []
    seq = r.sequence(m["items"], m.at("items"), "'items' of resources") if "items" in m else None
    for i, it in enumerate(seq or []):
        im = r.mapping(it, seq.at(i), "a resource", tuple(F.RESOURCE_ITEM))  # type: ignore[union-attr]
        if im is not None:
            items.append({str(k): r.text(im, str(k), "a resource", required=(k == "name")) for k in im})
    return Resources(title=r.text(m, "title", "'resources'"), items=items)


def _speakers(r: Reader, top: LMap) -> dict[str, Speaker]:
    out: dict[str, Speaker] = {}
    m = r.mapping(top["speakers"], top.at("speakers"), "'speakers'") if top.get("speakers") is not None else None
    for i, (name, v) in enumerate((m or {}).items()):
        what = f"speaker '{name}'"
        sm = r.mapping(v, m.at(name), what, SPEAKER_KEYS)  # type: ignore[union-attr]
        if sm is None:
            continue
        voices = _voice_map(r, sm, "voice", what)
        neural = tuple((loc, v) for loc, v in voices if looks_neural(v))
        espeak = [(loc, v) for loc, v in voices if not looks_neural(v)]
        for loc, v in neural:
            blend, problem = parse_voice(v)
            if blend is None:
                r.report(sm.at("voice"), f"'voice' of {what}: {problem}",
                         "empathy-vr voices list shows the neural voices; e.g. voice: {en: bf_emma}")
            elif loc != "*" and blend.parts[0][0] not in voices_for(loc):
                r.warn(sm.at("voice"), f"'voice' of {what}: {blend.parts[0][0]} does not speak locale '{loc}'",
                       f"voices for '{loc}': {', '.join(voices_for(loc)) or 'none (espeak-ng only)'}")
        fallback = _voice_map(r, sm, "fallback", what)
        if any(looks_neural(v) for _, v in fallback):
            r.report(sm.at("fallback"), f"'fallback' of {what} names an espeak-ng voice, not a neural one",
                     "e.g. fallback: en+f3  (espeak-ng --voices lists them)")
        per_locale = dict(fallback)
        for loc, v in espeak:
            per_locale[loc] = v
        for loc, v in neural:
            b, _ = parse_voice(v)
            if loc not in per_locale and "*" not in dict(fallback) and b is not None:
                per_locale[loc] = b.fallback
        default = per_locale.pop("*", None) or (next(iter(per_locale.values())) if per_locale else "en")
        shift, locale_shifts = _shifts(r, sm, what)
        out[str(name)] = Speaker(
            name=str(name), voice=default,
            pitch=int(r.number(sm, "pitch", what, 50, *F.SPEAKER["pitch"].range)),
            rate=int(r.number(sm, "rate", what, 160, *F.SPEAKER["rate"].range)),
            color=r.text(sm, "color", what) or PALETTE[i % len(PALETTE)],
            locale_voices=tuple(sorted(per_locale.items())), neural=tuple(sorted(neural)),
            speed=r.number(sm, "speed", what, 1.0, *F.SPEAKER["speed"].range),
            shift=shift, locale_shifts=locale_shifts)
    return out


def _shifts(r: Reader, sm: LMap, what: str) -> tuple[float, tuple[tuple[str, float], ...]]:
    """``shift: 3.5`` (every locale) or ``shift: {es: -3, fr: -3}`` (the locales not named: 0)."""
    v = sm.get("shift")
    if not isinstance(v, LMap):
        return r.number(sm, "shift", what, 0.0, *F.SPEAKER["shift"].range), ()
    pairs = [(str(loc), r.number_value(x, v.at(loc), f"'shift' of {what} for '{loc}'", 0.0, *F.SPEAKER["shift"].range))
             for loc, x in v.items()]
    return 0.0, tuple(sorted(pairs))


def _voice_map(r: Reader, sm: LMap, key: str, what: str) -> list[tuple[str, str]]:
    """``voice: NAME`` (any locale: ``*``) or ``voice: {en: NAME, fr: NAME}`` as (locale, name) pairs."""
    v = sm.get(key)
    if v is None:
        return []
    if isinstance(v, str) and v.strip():
        return [("*", v.strip())]
    if isinstance(v, dict) and v and all(isinstance(x, str) and x.strip() for x in v.values()):
        return [(str(k), str(x).strip()) for k, x in v.items()]
    r.report(sm.at(key), f"'{key}' of {what} must be a voice name or a mapping locale: voice",
             "e.g. voice: {en: bf_emma}  (empathy-vr voices list; espeak-ng --voices)")
    return []


def _timing(r: Reader, top: LMap) -> Timing:
    if top.get("timing") is None:
        return Timing()
    m = r.mapping(top["timing"], top.at("timing"), "'timing'", TIMING_KEYS)
    if m is None:
        return Timing()
    d = Timing()
    return Timing(wpm=r.number(m, "wpm", "'timing'", d.wpm, *F.TIMING["wpm"].range),
                  gap=r.number(m, "gap", "'timing'", d.gap, *F.TIMING["gap"].range),
                  min_line=r.number(m, "min_line", "'timing'", d.min_line, *F.TIMING["min_line"].range),
                  max_caption_wpm=r.number(m, "max_caption_wpm", "'timing'", d.max_caption_wpm,
                                            *F.TIMING["max_caption_wpm"].range))


def _chapter(r: Reader, value: YamlValue, pos: Pos, n: Narrative) -> Chapter | None:
    m = r.mapping(value, pos, "a chapter", CHAPTER_KEYS)
    if m is None:
        return None
    cid = r.ident(m, "id", "a chapter", required=True) or f"chapter_{pos[0]}"
    what = f"chapter '{cid}'"
    scene = r.ident(m, "scene", what, required=True)
    steps: list[Step] = []
    seq = r.sequence(m["steps"], m.at("steps"), f"'steps' of {what}") if "steps" in m else None
    if "steps" not in m:
        r.report(m.pos, f"{what} needs 'steps'", "a list of line, cue, wait, hold, checkin, choice, label, jump")
    elif seq is not None and not seq:
        r.report(m.at("steps"), f"{what} has no steps")
    for i, s in enumerate(seq or []):
        step = _step(r, s, seq.at(i), n)  # type: ignore[union-attr]
        if step is not None:
            steps.append(step)
    return Chapter(id=cid, title=r.text(m, "title", what), scene=scene, steps=steps,
                   debrief=_debrief(r, m, what), pos=pos, source=r.path, scene_pos=m.at("scene"))


def _debrief(r: Reader, m: LMap, what: str) -> dict[str, tuple[str, ...]]:
    if m.get("debrief") is None:
        return {}
    d = r.mapping(m["debrief"], m.at("debrief"), f"the debrief of {what}", tuple(F.DEBRIEF))
    if d is None:
        return {}
    return {p: r.text_list(d, p, f"the debrief of {what}") for p in PEARLS_PHASES if p in d}


def _step(r: Reader, value: YamlValue, pos: Pos, n: Narrative) -> Step | None:
    if isinstance(value, str) and value in STEP_KINDS:
        r.report(pos, f"step '{value}' has no value", f"write '{value}: ...' (see narratives/README.md)")
        return None
    if not isinstance(value, LMap) or len(value) != 1:
        got = f"{len(value)} keys ({', '.join(map(str, value))})" if isinstance(value, LMap) else type_name(value)
        r.report(pos, f"a step must be one of {', '.join(STEP_KINDS)} with its value, not {got}",
                 "one '- kind: value' per step; put the details in {...} after the kind")
        return None
    kind, body = next(iter(value.items()))
    fn = STEP_PARSERS.get(str(kind))
    if fn is None:
        r.report(value.key_at(kind), f"unknown step kind '{kind}'", did_you_mean(str(kind), STEP_KINDS))
        return None
    step = fn(r, body, value.at(kind), n)
    if step is not None:
        step.pos, step.source = pos, r.path
    return step


def _line(r: Reader, body: YamlValue, pos: Pos, n: Narrative) -> Step | None:
    m = r.mapping(body, pos, "a line", LINE_KEYS)
    if m is None:
        return None
    if m.get("id") is None:
        r.report(m.pos, "a line needs a stable 'id'", "translations and recordings are keyed by it, e.g. id: intro_1")
    lid = r.ident(m, "id", "a line")
    text = r.text(m, "text", f"line '{lid}'", required=True)
    style = r.text(m, "style", f"line '{lid}'", default="normal")
    if style not in LINE_STYLES:
        r.report(m.at("style"), f"unknown line style '{style}'", did_you_mean(style, LINE_STYLES))
        style = "normal"
    manner = r.text(m, "manner", f"line '{lid}'", default="")
    if manner and manner not in LINE_MANNERS:
        r.report(m.at("manner"), f"unknown manner '{manner}'", did_you_mean(manner, LINE_MANNERS))
        manner = ""
    audio = r.text(m, "audio", f"line '{lid}'") or None
    dur = (r.number(m, "duration", f"line '{lid}'", 0.0, *F.LINE["duration"].range)
           if m.get("duration") is not None else None)
    position = r.vec3(m, "position", f"line '{lid}'")
    move_to = r.vec3(m, "move_to", f"line '{lid}'")
    if move_to is not None and position is None:
        r.report(m.at("move_to"), f"line '{lid}' has move_to but no position",
                 "a voice glides from its position to move_to while it speaks: give it a position too")
        move_to = None
    return Line(id=lid, speaker=r.text(m, "speaker", f"line '{lid}'"), text=text, audio=audio,
                position=position, move_to=move_to, anchor=r.ident(m, "anchor", f"line '{lid}'") or None,
                style=style, manner=manner, set_duration=dur)


def _cue(r: Reader, body: YamlValue, pos: Pos, n: Narrative) -> Step | None:
    m = r.mapping(body, pos, "a cue")
    if m is None:
        return None
    kinds = [k for k in m if k in CUE_KINDS]
    if len(kinds) != 1:
        r.report(m.pos, "a cue needs exactly one of " + ", ".join(CUE_KINDS) +
                 (f" (it has {', '.join(kinds)})" if kinds else ""),
                 "e.g. cue: {sound: kettle} or cue: {effect: blur, to: 0.3, over: 2}")
        return None
    kind = kinds[0]
    params: dict[str, object] = {str(k): _plain(v) for k, v in m.items() if k not in (kind, "delay")}
    target_v = m[kind]
    if isinstance(target_v, LMap):  # effect: {name: blur, to: 0.3}
        name = target_v.get("name")
        if not isinstance(name, str):
            r.report(target_v.pos, f"the {kind} of a cue needs a 'name'", f"e.g. {kind}: {{name: blur, to: 0.3}}")
            return None
        params.update({str(k): _plain(v) for k, v in target_v.items() if k != "name"})
        target = name
    elif isinstance(target_v, str) and target_v:
        target = target_v
    else:
        r.report(m.at(kind), f"'{kind}' of a cue must be a name, not {type_name(target_v)}")
        return None
    for k in ("to", "over", "volume"):  # 'to' is signed: temperature -1..1
        if k in params:
            r.number_value(params[k], m.at(k) if k in m else m.pos, f"'{k}' of the {kind} cue", 0.0,
                           *F.CUE[k].range)
    delay = r.number(m, "delay", "a cue", 0.0, *F.CUE["delay"].range)
    return Cue(cue_kind=kind, target=target, params=params, delay=delay)


def _plain(v: YamlValue) -> object:
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _wait(r: Reader, body: YamlValue, pos: Pos, n: Narrative) -> Step | None:
    if isinstance(body, LMap):
        r.mapping(body, pos, "a wait", tuple(F.WAIT))
        return Wait(seconds=r.number(body, "seconds", "a wait", 0.0, *F.WAIT["seconds"].range, required=True))
    return Wait(seconds=r.number_value(body, pos, "a wait", 0.0, *F.WAIT["seconds"].range))


def _hold(r: Reader, body: YamlValue, pos: Pos, n: Narrative) -> Step | None:
    if isinstance(body, str) and ID_RE.match(body):
        return Hold(id=body)
    m = r.mapping(body, pos, "a hold", HOLD_KEYS)
    if m is None:
        return None
    show = r.text(m, "show", "a hold")
    if show and show not in HOLD_SHOWS:
        r.report(m.at("show"), f"a hold cannot show '{show}'", "use show: resources (the narrative's resources block)")
        show = ""
    if show == "resources" and not n.resources.get("items"):
        r.report(m.at("show"), "this hold shows the resources, but the narrative has no 'resources' items",
                 "add a top-level 'resources:' block with a title and items", severity="warning")
    return Hold(id=r.ident(m, "id", "a hold", required=True), note=r.text(m, "note", "a hold"),
                consent=r.boolean(m, "consent", "a hold"), show=show)


def _checkin(r: Reader, body: YamlValue, pos: Pos, n: Narrative) -> Step | None:
    m = r.mapping(body, pos, "a check-in", CHECKIN_KEYS)
    if m is None:
        return None
    cid = r.ident(m, "id", "a check-in", required=True)
    kind = r.text(m, "kind", f"check-in '{cid}'", default="scale")
    options = r.text_list(m, "options", f"check-in '{cid}'")
    if kind not in F.CHECKIN["kind"].enum:
        r.report(m.at("kind"), f"unknown check-in kind '{kind}'", "use 'scale' (0 to 10) or 'choice'")
        kind = "scale"
    if kind == "choice" and len(options) < 2:
        r.report(m.at("options"), f"check-in '{cid}' of kind choice needs at least two options")
    return CheckIn(id=cid, prompt=r.text(m, "prompt", f"check-in '{cid}'", required=True),
                   checkin_kind=kind, options=options)


def _choice(r: Reader, body: YamlValue, pos: Pos, n: Narrative) -> Step | None:
    m = r.mapping(body, pos, "a choice", CHOICE_KEYS)
    if m is None:
        return None
    cid = r.ident(m, "id", "a choice", required=True)
    opts: list[Option] = []
    seq = r.sequence(m.get("options"), m.at("options"), f"'options' of choice '{cid}'")
    for i, o in enumerate(seq or []):
        p = seq.at(i)  # type: ignore[union-attr]
        om = r.mapping(o, p, f"an option of choice '{cid}'", tuple(F.OPTION))
        if om is not None:
            opts.append(Option(text=r.text(om, "text", "an option", required=True),
                               jump=r.text(om, "jump", "an option") or None, pos=om.at("jump")))
    if seq is not None and len(opts) < 2:
        r.report(m.at("options"), f"choice '{cid}' needs at least two options")
    return Choice(id=cid, prompt=r.text(m, "prompt", f"choice '{cid}'", required=True), options=tuple(opts))


def _label(r: Reader, body: YamlValue, pos: Pos, n: Narrative) -> Step | None:
    if not isinstance(body, str) or not ID_RE.match(body):
        r.report(pos, f"a label must be a name, not {type_name(body)}", "e.g. label: after_the_call")
        return None
    return Label(name=body)


def _jump(r: Reader, body: YamlValue, pos: Pos, n: Narrative) -> Step | None:
    if not isinstance(body, str) or not ID_RE.match(body):
        r.report(pos, f"a jump must name a label or chapter, not {type_name(body)}", "e.g. jump: after_the_call")
        return None
    return Jump(target=body)


def _questionnaire(r: Reader, body: YamlValue, pos: Pos, n: Narrative) -> Step | None:
    m = r.mapping(body, pos, "a questionnaire step", tuple(F.QUESTIONNAIRE_STEP))
    if m is None:
        return None
    qid = r.ident(m, "id", "a questionnaire step", required=True)
    phase = r.text(m, "phase", f"questionnaire step '{qid}'", default="post")
    phases = F.QUESTIONNAIRE_STEP["phase"].enum
    if phase not in phases:
        r.report(m.at("phase"), f"unknown phase '{phase}'", did_you_mean(phase, phases))
    return AskQuestionnaire(questionnaire=qid, phase=phase) if qid else None


STEP_PARSERS: dict[str, Callable[[Reader, YamlValue, Pos, Narrative], Step | None]] = {
    "line": _line, "cue": _cue, "wait": _wait, "hold": _hold, "checkin": _checkin,
    "choice": _choice, "label": _label, "jump": _jump, "questionnaire": _questionnaire,
}
