"""The console protocol, shared by the hub (facilitator) and the experience's client.

Every frame is a JSON object ``{"v": 1, "type": "...", ...}``. :func:`parse`
turns text into one of the message classes below or raises
:class:`ProtocolError` with a short reason; :func:`encode` does the reverse.
Command kinds and their argument rules are the requests' own
(:mod:`experience.requests`). This is the one module the experience and the
facilitator share; docs/console.md lists every message and field.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import secrets
from dataclasses import asdict, dataclass, field, fields
from typing import ClassVar, NoReturn, TypeAlias

from .events import CheckInAnswered, Event
from .requests import KINDS, Kind, RequestError, parse_arg, reason_code
from .requests import Reason as Reason  # the hub's refusals are the same kind

PROTOCOL_VERSION = 1
HIST_EDGES_MS = (2, 4, 6, 8, 10, 11.1, 12, 14, 16.7, 20, 25, 33.3)
"""Frame-time histogram bucket edges (ms) of the headset's stats: the headset counts, the report names them."""
ROLES = ("experience", "console")
MAX_TEXT = 2000
"""Longest free text accepted in a field (notes, prompts, captions)."""


MAX_INT = 2**53
"""Largest whole number accepted in an integer field (safe in JavaScript and SQLite)."""


JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"
"""A JSON value, as a message field holds it."""
JsonObject: TypeAlias = "dict[str, JsonValue]"


def _no_constants(name: str) -> NoReturn:
    raise ValueError(f"{name} is not allowed")


class ProtocolError(ValueError):
    """A frame that is not a valid message; the reason is safe to send back."""


@dataclass
class Message:
    """Base class; ``type`` is the wire name of each subclass."""

    type: ClassVar[str] = ""

    def to_dict(self) -> dict[str, object]:
        return {"v": PROTOCOL_VERSION, "type": self.type, **asdict(self)}


@dataclass
class Hello(Message):
    """First message of every client. ``session`` is the anonymous code (experience)."""

    type: ClassVar[str] = "hello"
    role: str = ""
    token: str = ""
    session: str = ""
    experience: str = ""
    title: str = ""
    chapters: list[JsonObject] = field(default_factory=list)
    buses: list[str] = field(default_factory=list)


@dataclass
class Welcome(Message):
    """Hub's answer to hello: what it already holds (``last_seq``) or the room (and its workshop)."""

    type: ClassVar[str] = "welcome"
    role: str = ""
    session: str = ""
    last_seq: int = 0
    sessions: list[JsonObject] = field(default_factory=list)
    workshop: JsonObject = field(default_factory=dict)


@dataclass
class Status(Message):
    """Snapshot of one experience (~5 Hz). ``data`` holds the card fields."""

    type: ClassVar[str] = "status"
    session: str = ""
    data: JsonObject = field(default_factory=dict)


@dataclass
class EventMsg(Message):
    """One player event, numbered per session from 1 (the hub dedupes on seq)."""

    type: ClassVar[str] = "event"
    session: str = ""
    seq: int = 0
    name: str = ""
    t: float = 0.0
    data: JsonObject = field(default_factory=dict)


@dataclass
class CheckinResponse(Message):
    """A check-in answer (also numbered in the session's event sequence).

    ``practice``: asked in the tutorial, to learn how answering works (no part of the trend).
    """

    type: ClassVar[str] = "checkin_response"
    session: str = ""
    seq: int = 0
    checkin_id: str = ""
    prompt: str = ""
    value: JsonValue = None
    source: str = ""
    t: float = 0.0
    practice: bool = False


@dataclass
class Ack(Message):
    """Hub → experience: every event up to ``seq`` is stored durably."""

    type: ClassVar[str] = "ack"
    seq: int = 0


@dataclass
class Command(Message):
    """Console → hub → experience. ``target`` is a session code or ``all``."""

    type: ClassVar[str] = "command"
    id: str = ""
    target: str = ""
    kind: str = ""
    arg: JsonValue = None


@dataclass
class CommandResult(Message):
    """Experience → hub → consoles: how a command ended (``kind``: what was asked).

    A refusal's ``error`` is English (logs, records); ``reason`` is its stable code and
    ``reason_args`` its fields, which the console renders in the facilitator's language.
    ``consent``: for a done ``consent`` command, what was answered (True given, False declined),
    so every console, not only the one that sent it, can say which.
    """

    type: ClassVar[str] = "command_result"
    id: str = ""
    session: str = ""
    kind: str = ""
    ok: bool = False
    error: str | None = None
    reason: str = ""
    reason_args: JsonObject = field(default_factory=dict)
    consent: bool | None = None


@dataclass
class Note(Message):
    """Console → hub: a facilitator note or a debrief answer (``kind``)."""

    type: ClassVar[str] = "note"
    session: str = ""
    kind: str = "note"
    prompt: str = ""
    text: str = ""


@dataclass
class Mirror(Message):
    """A low-rate thumbnail of the participant's view (base64 image)."""

    type: ClassVar[str] = "mirror"
    session: str = ""
    mime: str = "image/jpeg"
    data: str = ""


@dataclass
class Watch(Message):
    """Console → hub (→ experience): mirror frames wanted or not."""

    type: ClassVar[str] = "watch"
    session: str = ""
    mirror: bool = False


@dataclass
class Session(Message):
    """Hub → consoles: a session's record changed (connection, consent, notes)."""

    type: ClassVar[str] = "session"
    session: str = ""
    data: JsonObject = field(default_factory=dict)


@dataclass
class Error(Message):
    """Hub → client: a frame was refused; nothing changed."""

    type: ClassVar[str] = "error"
    id: str | None = None
    code: str = ""
    message: str = ""


@dataclass
class WorkshopStart(Message):
    """Console → hub: begin a workshop's evaluation (it becomes the room's current workshop)."""

    type: ClassVar[str] = "workshop_start"
    label: str = ""
    organisation: str = ""
    experience: str = ""
    questionnaire: str = ""


@dataclass
class WorkshopPhase(Message):
    """Console → hub: open a phase of the current workshop's questionnaire ('' closes it)."""

    type: ClassVar[str] = "workshop_phase"
    workshop: str = ""
    phase: str = ""


@dataclass
class WorkshopResume(Message):
    """Console → hub: make an earlier workshop current again (for its follow-up)."""

    type: ClassVar[str] = "workshop_resume"
    workshop: str = ""


@dataclass
class Workshop(Message):
    """Hub → consoles: the current workshop, its phone link, answer counts and result summary."""

    type: ClassVar[str] = "workshop"
    data: JsonObject = field(default_factory=dict)


MESSAGES: dict[str, type[Message]] = {
    m.type: m
    for m in (Hello, Welcome, Status, EventMsg, CheckinResponse, Ack, Command, CommandResult,
              Note, Mirror, Watch, Session, Error, WorkshopStart, WorkshopPhase, WorkshopResume, Workshop)
}
WORKSHOP_PHASES = ("", "pre", "post", "follow_up")
MAX_LABEL = 200

_SCALARS = (str, int, float, bool, type(None))


LONG_TEXT = {("mirror", "data"): 320_000}
"""Fields allowed past :data:`MAX_TEXT` (a base64 thumbnail)."""
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def _check_value(name: str, value: object, want: object, limit: int = MAX_TEXT) -> None:
    ok: bool
    want = str(want)
    if want == "JsonValue":
        ok = True
    elif want == "str":
        ok = isinstance(value, str) and len(value) <= limit
    elif want == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_INT
    elif want == "float":
        ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    elif want == "bool":
        ok = isinstance(value, bool)
    elif want == "bool | None":
        ok = value is None or isinstance(value, bool)
    elif want.startswith("str | None"):
        ok = value is None or (isinstance(value, str) and len(value) <= MAX_TEXT)
    elif want.startswith("dict") or want == "JsonObject":
        ok = isinstance(value, dict)
    elif want.startswith("list"):
        ok = isinstance(value, list)
    else:  # pragma: no cover - every annotation above is covered
        ok = True
    if not ok:
        raise ProtocolError(f"field {name!r} has the wrong type")


def parse(text: str | bytes, max_bytes: int = 65536) -> Message:
    """Decode and validate one frame.

    Raises:
        ProtocolError: too big, not JSON, wrong version, unknown type or bad fields.
    """
    if len(text) > max_bytes:
        raise ProtocolError(f"message larger than {max_bytes} bytes")
    try:
        obj = json.loads(text, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise ProtocolError("not JSON (NaN and Infinity are not JSON either)") from None
    if not isinstance(obj, dict):
        raise ProtocolError("a message is a JSON object")
    v = obj.get("v")
    if type(v) is not int or v != PROTOCOL_VERSION:  # strict: true == 1 in Python, not on the wire
        raise ProtocolError(f"unsupported protocol version {obj.get('v')!r} (this hub speaks {PROTOCOL_VERSION})")
    kind = obj.get("type")
    cls = MESSAGES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ProtocolError(f"unknown message type {str(obj.get('type'))[:40]!r}")
    kwargs: dict[str, object] = {}
    for f in fields(cls):
        if f.name in obj:
            _check_value(f.name, obj[f.name], f.type, LONG_TEXT.get((cls.type, f.name), MAX_TEXT))
            kwargs[f.name] = obj[f.name]
    extra = set(obj) - {f.name for f in fields(cls)} - {"v", "type"}
    if extra:
        raise ProtocolError(f"unknown field {sorted(extra)[0][:40]!r}")
    msg = cls(**kwargs)
    _validate(msg)
    return msg


def _validate(msg: Message) -> None:
    if isinstance(msg, Hello) and msg.role not in ROLES:
        raise ProtocolError("hello.role must be 'experience' or 'console'")
    if isinstance(msg, Hello) and msg.role == "experience" and not valid_code(msg.session):
        raise ProtocolError("hello.session must be a session code (A-Z, 0-9, '-', 3..16)")
    if isinstance(msg, Command):
        if not msg.id or len(msg.id) > 64:
            raise ProtocolError("command.id is required (at most 64 characters)")
        if msg.target != "all" and not valid_code(msg.target):
            raise ProtocolError("command.target must be a session code or 'all'")
        check_command_arg(msg.kind, msg.arg)
    if isinstance(msg, EventMsg | CheckinResponse) and msg.seq < 1:
        raise ProtocolError("seq must be 1 or more")
    if isinstance(msg, Mirror) and not _BASE64.fullmatch(msg.data):
        raise ProtocolError("mirror.data must be base64")
    if isinstance(msg, Note) and msg.kind not in ("note", "debrief"):
        raise ProtocolError("note.kind must be 'note' or 'debrief'")
    if isinstance(msg, WorkshopStart):
        if any(len(v) > MAX_LABEL for v in (msg.label, msg.organisation, msg.experience, msg.questionnaire)):
            raise ProtocolError(f"workshop fields are at most {MAX_LABEL} characters")
        if not msg.questionnaire:
            raise ProtocolError("workshop_start needs a questionnaire")
    if isinstance(msg, WorkshopPhase) and msg.phase not in WORKSHOP_PHASES:
        raise ProtocolError("workshop_phase.phase must be pre, post, follow_up or '' (closed)")


def valid_code(code: str) -> bool:
    """Whether ``code`` looks like an anonymous session code."""
    return 3 <= len(code) <= 16 and all(c.isascii() and (c.isupper() or c.isdigit() or c == "-") for c in code)


def new_session_code() -> str:
    """An anonymous session code such as ``K7M-4QX`` (no ambiguous letters)."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(6))
    return f"{raw[:3]}-{raw[3:]}"


CONSOLE_REFUSED = frozenset({Kind.QUIT})
"""Request kinds a console may not send (the preview's own quit; the console ends with ``end``)."""


def check_command_arg(kind: str, arg: object) -> None:
    """Validate a command's kind and argument by the requests' rules; raise :class:`ProtocolError` if bad."""
    if kind not in KINDS:
        raise ProtocolError(f"unknown command kind {kind[:40]!r}")
    if kind in CONSOLE_REFUSED:
        raise ProtocolError("'quit' is not available from the console (use 'end')")
    try:
        parse_arg(Kind(kind), arg)
    except RequestError as exc:
        raise ProtocolError(str(exc)) from None


def command_result(id: str, kind: str, ok: bool, why: object = None, session: str = "",
                   consent: bool | None = None) -> CommandResult:
    """The result of a command; a refusal ``why`` (a :class:`~experience.requests.Reason`, its exception or text)
    goes out as its English text with its code and fields; a done ``consent`` command carries its answer."""
    if ok:
        return CommandResult(id=id, session=session, kind=kind, ok=True,
                             consent=consent if kind == Kind.CONSENT.value else None)
    code, args = reason_code(why)
    text = str(why) if why is not None else None
    return CommandResult(id=id, session=session, kind=kind, ok=False, error=text and text[:MAX_TEXT], reason=code,
                         reason_args={k: _wire(v) for k, v in args.items()})


def _wire(value: object) -> JsonValue:
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_wire(v) for v in value]
    return str(value)


def encode(msg: Message) -> str:
    """The wire text of a message."""
    return json.dumps(msg.to_dict(), separators=(",", ":"), default=jsonable)


def event_message(seq: int, event: Event, extra: JsonObject | None = None) -> EventMsg | CheckinResponse:
    """The message of one player event, numbered ``seq`` (a check-in answer is a :class:`CheckinResponse`).

    ``extra`` adds fields the event does not carry (a check-in's prompt and whether it is the
    tutorial's practice; the wall time ``at`` when the headset accepted consent).
    """
    extra = extra or {}
    if isinstance(event, CheckInAnswered):
        return CheckinResponse(seq=seq, checkin_id=event.checkin_id, prompt=str(extra.get("prompt", ""))[:MAX_TEXT],
                               value=event.value, source=event.source, t=float(event.t),
                               practice=extra.get("practice") is True)
    data = {f.name: getattr(event, f.name) for f in dataclasses.fields(event) if f.name != "t"}
    return EventMsg(seq=seq, name=type(event).__name__, t=float(event.t), data={**data, **extra})


def jsonable(value: object) -> JsonValue:
    """``json.dumps`` default for wire messages: tuples and sets as lists, anything else as text."""
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return str(value)
