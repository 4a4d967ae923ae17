"""Requests: what a participant, author or facilitator asks the experience to do.

A key, a controller gesture and a console command all become the same typed
:class:`Request` on the same :class:`RequestQueue`; the frame loop drains it in
the poll phase, a bounded number per frame, and hands each to the
:class:`RequestTable`, where the part that owns the behaviour registered its
handler. The argument rules (:func:`parse_arg`) are defined here once: keys,
controllers and the console's wire protocol (:mod:`experience.protocol`) use
the same ones.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """Every request kind (the console's command kinds are the same names)."""

    START = "start"  # begin the experience after consent
    CONSENT = "consent"  # arg: True/False
    PAUSE = "pause"
    RESUME = "resume"
    TOGGLE_PAUSE = "toggle_pause"
    ADVANCE = "advance"  # skip the current line / answer default
    NEXT_CHAPTER = "next_chapter"
    PREVIOUS_CHAPTER = "previous_chapter"
    REPLAY_CHAPTER = "replay_chapter"
    JUMP = "jump"  # arg: chapter id or label
    CONTINUE = "continue"  # release a hold; at a question, confirm the selection
    CALM = "calm"  # go to the calm place
    LEAVE_CALM = "leave_calm"  # come back from the calm place (resumes paused)
    RECENTER = "recenter"
    ANSWER = "answer"  # arg: check-in value or choice index
    SELECT = "select"  # arg: +1/-1, move the check-in/choice selection shown in the headset
    SHOW_PROMPT = "show_prompt"  # arg: debrief prompt text shown in the headset
    VOLUME = "volume"  # arg: Volume
    CAPTIONS = "captions"  # arg: CaptionSettings
    LANGUAGE = "language"  # arg: Languages: narration and caption languages, never mid-line
    HUD = "hud"
    ROOM_VIEW = "room_view"  # arg: True (open), False (close) or None (toggle) the room view
    END = "end"
    QUIT = "quit"


KINDS: frozenset[str] = frozenset(k.value for k in Kind)
"""Every kind's wire name."""


@dataclass(frozen=True, slots=True)
class Volume:
    """The ``volume`` argument: one bus (``master`` or a bus name) set to ``value`` (0..1)."""

    bus: str
    value: float


@dataclass(frozen=True, slots=True)
class CaptionSettings:
    """The ``captions`` argument: what to change (None leaves it as it is)."""

    on: bool | None = None
    size: float | None = None
    locale: str | None = None


@dataclass(frozen=True, slots=True)
class Languages:
    """The ``language`` argument: the narration (``audio``) and caption languages (None: as now)."""

    audio: str | None = None
    captions: str | None = None


LOCALE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}")
"""A language tag of the simple kind the content uses (``es``, ``de-AT``)."""

RequestArg = bool | int | str | Volume | CaptionSettings | Languages | None
"""What a request carries; which one each kind takes is :func:`parse_arg`'s rule."""


class Reason(str):
    """Why a request was refused: the English text (logs, records) with a stable ``code`` and its ``fields``.

    It is a ``str``, so it goes wherever a refusal's text goes. The console renders
    ``reason.<code>`` from its catalogue with the fields in the facilitator's language
    (docs/console.md, Refusals); a plain ``str`` refusal has no code and is shown as it is.
    """

    code: str
    fields: dict[str, object]

    def __new__(cls, code: str, text: str, **fields: object) -> Reason:
        self = super().__new__(cls, text)
        self.code = code
        self.fields = fields
        return self


def reason_code(why: object) -> tuple[str, dict[str, object]]:
    """The code and fields of a refusal (a :class:`Reason`, or an exception made with one); ``("", {})`` else."""
    if isinstance(why, BaseException) and why.args:
        why = why.args[0]
    return (why.code, dict(why.fields)) if isinstance(why, Reason) else ("", {})


class RequestError(ValueError):
    """A request that breaks its kind's argument rule; the message (a :class:`Reason`) is safe to show."""


MAX_TEXT_ARG = 500
MAX_BUS = 40
MAX_ANSWER = 10
MAX_SELECT_STEP = 10
NO_ARG = frozenset({Kind.START, Kind.PAUSE, Kind.RESUME, Kind.TOGGLE_PAUSE, Kind.ADVANCE, Kind.NEXT_CHAPTER,
                    Kind.PREVIOUS_CHAPTER, Kind.REPLAY_CHAPTER, Kind.CONTINUE, Kind.CALM, Kind.LEAVE_CALM,
                    Kind.RECENTER, Kind.HUD, Kind.END, Kind.QUIT})


def _whole(raw: object, low: int, high: int) -> int | None:
    return raw if isinstance(raw, int) and not isinstance(raw, bool) and low <= raw <= high else None


def _number(raw: object) -> bool:
    return isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw)


def parse_arg(kind: Kind, raw: object) -> RequestArg:
    """The typed argument of ``kind`` from ``raw`` (a typed value or its JSON form).

    Raises:
        RequestError: ``raw`` breaks the rule of ``kind`` (the message says the rule).
    """
    if kind in NO_ARG:
        if raw is not None:
            raise RequestError(Reason("arg_none", f"{kind} takes no argument", kind=str(kind)))
        return None
    if kind in (Kind.JUMP, Kind.SHOW_PROMPT):
        if not isinstance(raw, str) or not raw or len(raw) > MAX_TEXT_ARG:
            raise RequestError(Reason("arg_text", f"{kind} needs a text argument (1..{MAX_TEXT_ARG} characters)",
                                      kind=str(kind), max=MAX_TEXT_ARG))
        return raw
    if kind == Kind.CONSENT:
        if not isinstance(raw, bool):
            raise RequestError(Reason("arg_consent", "consent needs true or false"))
        return raw
    if kind == Kind.ROOM_VIEW:
        if raw is not None and not isinstance(raw, bool):
            raise RequestError(Reason("arg_room_view", "room_view needs true, false or nothing (toggle)"))
        return raw
    if kind == Kind.ANSWER:
        value = _whole(raw, 0, MAX_ANSWER)
        if value is None:
            raise RequestError(Reason("arg_answer", f"answer needs a whole number 0..{MAX_ANSWER}", max=MAX_ANSWER))
        return value
    if kind == Kind.SELECT:
        step = _whole(raw, -MAX_SELECT_STEP, MAX_SELECT_STEP)
        if step is None:
            raise RequestError(Reason("arg_select", f"select needs a step -{MAX_SELECT_STEP}..{MAX_SELECT_STEP}",
                                      max=MAX_SELECT_STEP))
        return step
    if kind == Kind.VOLUME:
        return _volume(raw)
    if kind == Kind.LANGUAGE:
        return _languages(raw)
    return _captions(raw)


def _languages(raw: object) -> Languages:
    if isinstance(raw, Languages):
        raw = {k: v for k, v in (("audio", raw.audio), ("captions", raw.captions)) if v is not None}
    if not (isinstance(raw, dict) and raw and set(raw) <= {"audio", "captions"}
            and all(isinstance(v, str) and LOCALE.fullmatch(v) for v in raw.values())):
        raise RequestError(Reason("arg_language",
                                  "language needs {audio: locale, captions: locale} (either may be left out)"))
    return Languages(raw.get("audio"), raw.get("captions"))


def _volume(raw: object) -> Volume:
    if isinstance(raw, Volume):
        raw = {"bus": raw.bus, "value": raw.value}
    if not (isinstance(raw, dict) and set(raw) == {"bus", "value"} and isinstance(raw["bus"], str)
            and len(raw["bus"]) <= MAX_BUS and _number(raw["value"]) and 0.0 <= raw["value"] <= 1.0):
        raise RequestError(Reason("arg_volume", "volume needs {bus: name, value: 0..1}"))
    return Volume(raw["bus"], float(raw["value"]))


def _captions(raw: object) -> CaptionSettings:
    if isinstance(raw, CaptionSettings):
        return raw
    if not isinstance(raw, dict) or len(json.dumps(raw, default=str)) > 200 or set(raw) - {"on", "size", "locale"}:
        raise RequestError(Reason("arg_captions", "captions needs a small object of on, size and locale"))
    on, size, locale = raw.get("on"), raw.get("size"), raw.get("locale")
    if not (on is None or isinstance(on, bool)) or not (size is None or _number(size)) or not (
            locale is None or (isinstance(locale, str) and 0 < len(locale) <= 20)):
        raise RequestError(Reason("arg_captions_fields",
                                  "captions: on is true/false, size a number, locale a language tag"))
    return CaptionSettings(on, None if size is None else float(size), locale)


@dataclass(frozen=True, slots=True, init=False)
class Request:
    """One request; the kind's argument rule is checked (and the argument typed) on creation.

    Args:
        kind: a :class:`Kind`, or its wire name.
        arg: the kind's argument, typed or in its JSON form (:func:`parse_arg`).
        source: who asked: ``keyboard``, ``controller``, ``console``, ``system``, ``test``.
        id: optional correlation id (console command id) for the command result.

    Raises:
        RequestError: an unknown kind or an argument that breaks its rule.
    """

    kind: Kind
    arg: RequestArg
    source: str
    id: str | None

    def __init__(self, kind: Kind | str, arg: object = None, source: str = "keyboard", id: str | None = None) -> None:
        if kind not in KINDS:
            raise RequestError(Reason("unknown_kind", f"unknown request kind {str(kind)[:40]!r}", kind=str(kind)[:40]))
        k = Kind(kind)
        object.__setattr__(self, "kind", k)
        object.__setattr__(self, "arg", parse_arg(k, arg))
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "id", id)

    @property
    def text(self) -> str:
        """The argument of a text kind (jump, show_prompt)."""
        return self.arg if isinstance(self.arg, str) else ""

    @property
    def number(self) -> int:
        """The argument of a number kind (answer, select)."""
        return self.arg if isinstance(self.arg, int) and not isinstance(self.arg, bool) else 0


Outcome = tuple[bool, "str | None"]
"""How a request ended: ``(True, None)``, or ``(False, why)`` in the facilitator's words (a :class:`Reason`)."""
Handler = Callable[[Request], Outcome]
REFUSED_FULL = Reason("busy", "the experience is busy (too many requests waiting); try again")


class RequestTable:
    """``{kind: handler}``, each registered by the part that owns the behaviour.

    Args:
        missing: what to answer for a kind nobody registered (default: not available in this run).
    """

    def __init__(self, missing: Mapping[Kind, str] | None = None) -> None:
        self._handlers: dict[Kind, Handler] = {}
        self._missing = dict(missing or {})

    def register(self, kind: Kind, handler: Handler) -> None:
        """Make ``handler`` the one handler of ``kind``.

        Raises:
            ValueError: ``kind`` has a handler already (two owners of one behaviour).
        """
        if kind in self._handlers:
            raise ValueError(f"request {kind} has a handler already")
        self._handlers[kind] = handler

    def unregister(self, kind: Kind) -> None:
        self._handlers.pop(kind, None)

    def __contains__(self, kind: object) -> bool:
        return kind in self._handlers

    def handle(self, request: Request) -> Outcome:
        """Apply ``request`` with its kind's handler (exceptions are the caller's)."""
        fn = self._handlers.get(request.kind)
        if fn is None:
            text = f"{request.kind} is not available in this run"
            return False, self._missing.get(request.kind) or Reason("not_available", text, kind=str(request.kind))
        return fn(request)


class RequestQueue:
    """Thread-safe, bounded queue of requests drained by the frame loop.

    A full queue refuses: :meth:`put` returns the refusal, nothing is dropped.
    """

    def __init__(self, maxlen: int = 512) -> None:
        self.maxlen = maxlen
        self._q: deque[Request] = deque()
        self._lock = threading.Lock()

    def put(self, request: Request) -> Outcome:
        """Queue ``request``; ``(False, why)`` when the queue is full."""
        with self._lock:
            if len(self._q) >= self.maxlen:
                return False, REFUSED_FULL
            self._q.append(request)
        return True, None

    def drain(self, limit: int = 16) -> list[Request]:
        """Take at most ``limit`` requests, oldest first."""
        if not self._q:
            return []
        with self._lock:
            n = min(limit, len(self._q))
            return [self._q.popleft() for _ in range(n)]

    def __len__(self) -> int:
        return len(self._q)
