"""The live session: the run's one OpenXR session, its lifecycle and events, recreated after a loss.

:class:`LiveSession` polls ``xrPollEvent`` without allocating, feeds state changes
to the :class:`~._lifecycle.Lifecycle` rules and carries out what they say: begin,
end, recreate after a loss, exit, headset off/on. It counts why the session left
FOCUSED (:class:`XrCounters`), tells the app (``Host``) of a headset off and of a
display gone for good, and runs the bounded exit handshake when the app stops first.
What else lives on the session (swapchain images, controllers) hears of it through
:class:`SessionParts`.
"""

from __future__ import annotations

import ctypes
import logging
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Protocol

from ...core import FrameContext
from ._lifecycle import Action, Lifecycle
from ._raw import raw
from ._session import ViewConfig, XrSession
from ._swapchain import XrCallError

if TYPE_CHECKING:
    from ...core import Clock
    from ...services import Host
    from ._gl import ContextHandles
    from ._runtime import XrRuntime

log = logging.getLogger("empathy-vr")

_EVENT_DATA_BUFFER = 16
_EVENT_STATE_CHANGED = 18
_EVENT_INSTANCE_LOSS = 17
_EVENT_EVENTS_LOST = 49
_EVENT_SPACE_CHANGE = 40
_EVENT_PROFILE_CHANGED = 52
_SESSION_LOSS_RESULTS = (-17,)  # XR_ERROR_SESSION_LOST
_INSTANCE_LOSS_RESULTS = (-13,)  # XR_ERROR_INSTANCE_LOST
_FOCUS_CAUSES = {"loss_pending": "session_lost", "stopping": "runtime_exit", "exiting": "runtime_exit"}
"""Why focus went when FOCUSED changed straight to one of these states (else: the headset, taken off)."""


def as_call_error(exc: Exception, what: str) -> XrCallError:
    """A pyopenxr exception as :class:`XrCallError` with its ``XrResult`` (or a generic failure)."""
    import xr

    for code, cls in xr.exception._exception_map.items():
        if type(exc) is cls:
            return XrCallError(what, int(code.value))
    return XrCallError(what, -2)  # XR_ERROR_RUNTIME_FAILURE


@dataclass
class XrCounters:
    """What the backend counts for the stats document's ``xr`` block."""

    idle_frames: int = 0
    unpaced_frames: int = 0
    render_scale_pct: int = 100
    headset_off: int = 0
    recreated: int = 0
    lost: int = 0
    runtime_exit: int = 0
    focus_lost: dict[str, int] = field(
        default_factory=lambda: {"headset_off": 0, "session_lost": 0, "runtime_exit": 0})
    """Why the session left FOCUSED, each time, counted for what it turned out to be."""

    def as_dict(self) -> dict[str, int | dict[str, int]]:
        return asdict(self)


class SessionParts(Protocol):
    """What lives on the session besides it: told before it goes and when a new one is made."""

    def release_images(self, session: XrSession) -> None:
        """Give back the swapchain images acquired this frame (the session is ending)."""

    def session_made(self, session: XrSession) -> None:
        """A new session replaced a lost one: point at its swapchains, attach the controllers."""

    def session_gone(self) -> None:
        """The session is being destroyed: forget what was made on it (the controllers' spaces)."""

    def profiles_changed(self) -> None:
        """The runtime bound other controllers (for the log)."""


class LiveSession:
    """The session of a run (one at a time), kept alive across losses.

    Args:
        rt: the runtime (graphics requirements queried).
        handles: Panda3D's GL context handles (current on this thread).
        cfg: the view configuration.
        sizes: swapchain size per view.
        space_pref: ``auto``, ``stage`` or ``local``.
        clock: the frame clock (marks, the exit handshake's budget).
        counters: where losses and focus changes are counted.
        marks: clock times of what the runtime did (``runtime_end``, ``runtime_exit``...).
        host: the app, told of a headset off/on and of the display gone for good (None in tools).

    Raises:
        Exception: from pyopenxr, when the first session cannot be made.
    """

    def __init__(self, rt: XrRuntime, handles: ContextHandles, cfg: ViewConfig, sizes: list[tuple[int, int]],
                 space_pref: str, clock: Clock, counters: XrCounters, marks: dict[str, float],
                 host: Host | None) -> None:
        import xr

        self.rt = rt
        self.cfg = cfg
        self.sizes = sizes
        self.clock = clock
        self.counters = counters
        self.marks = marks
        self.host = host
        self.parts: SessionParts | None = None
        self.lifecycle = Lifecycle()
        self._handles = handles
        self._space_pref = space_pref
        self._event = xr.EventDataBuffer()
        self._event_ref = ctypes.byref(self._event)
        self._event_type = ctypes.c_int.from_buffer(self._event, 0)
        self._poll_event = raw("xrPollEvent")
        self._submitted = 0
        self._layers = 0
        self._unfocused: str | None = None  # the cause of the current time out of FOCUSED
        self.session: XrSession | None = XrSession.create(rt, handles, cfg, sizes, space_pref)
        self.format_name = self.session.format_name
        self.space_kind = self.session.space_kind

    @property
    def running(self) -> bool:
        """A session exists and has begun (frames must be submitted)."""
        return self.session is not None and self.lifecycle.running

    @property
    def submitted(self) -> tuple[int, int]:
        """Frames submitted over every session of the run: (all, with the projection layer)."""
        pump = self.session.pump if self.session is not None else None
        return (self._submitted + (pump.submitted if pump else 0),
                self._layers + (pump.submitted_layers if pump else 0))

    # -- events ---------------------------------------------------------
    def poll(self, ctx: FrameContext) -> None:
        """Handle the runtime's events (at most 32 a frame).

        Raises:
            XrCallError: a call failed (:meth:`failed` says what it means).
        """
        import xr

        instance = self.rt.instance
        for _ in range(32):
            self._event_type.value = _EVENT_DATA_BUFFER
            v = self._poll_event(instance, self._event_ref)
            if v < 0:
                raise XrCallError("xrPollEvent", v)
            if v != 0:  # XR_EVENT_UNAVAILABLE
                return
            etype = self._event_type.value
            if etype == _EVENT_STATE_CHANGED:
                ev = ctypes.cast(self._event_ref, ctypes.POINTER(xr.EventDataSessionStateChanged)).contents
                log.debug("openxr: session state %s", xr.SessionState(ev.state).name)
                for action in self.lifecycle.on_state(int(ev.state)):
                    try:
                        self._act(action, ctx)
                    except XrCallError:
                        raise
                    except Exception as exc:  # pyopenxr raises its own classes from begin/end
                        raise as_call_error(exc, f"{action.kind} session") from None
            elif etype == _EVENT_INSTANCE_LOSS:
                for action in self.lifecycle.on_instance_loss():
                    self._act(action, ctx)
            elif etype == _EVENT_EVENTS_LOST:
                log.warning("openxr: the runtime dropped events")
            elif etype == _EVENT_SPACE_CHANGE:
                log.info("openxr: the runtime recentred the tracking space")
            elif etype == _EVENT_PROFILE_CHANGED and self.parts is not None:
                self.parts.profiles_changed()

    def _act(self, action: Action, ctx: FrameContext) -> None:
        kind = action.kind
        if kind in ("end", "exit", "recreate") and not self.lifecycle.exit_requested:
            self.marks.setdefault(f"runtime_{kind}", self.clock.now())
        if kind == "begin":
            assert self.session is not None, "a session begins only once it exists"
            self.session.begin(self.cfg.view_type)
        elif kind == "end":
            if not self.lifecycle.exit_requested:  # the runtime is stopping the session, not the headset off
                self._leaving_because("runtime_exit")
            assert self.session is not None, "only a running session ends"
            self._release_images(self.session)
            self.session.end()
        elif kind == "recreate":
            self.counters.lost += 1
            self._leaving_because("session_lost")
            self._recreate(ctx)
        elif kind == "exit":
            log.info("openxr: %s", action.reason)
            if not self.lifecycle.exit_requested:
                self._ended("runtime_exit")
            ctx.stop = True
        elif kind == "focus_lost":  # straight from FOCUSED to LOSS_PENDING: the session, not the headset
            self._focus(False, _FOCUS_CAUSES.get(action.reason, "headset_off"))
        elif kind == "focus_gained":
            self._focus(True)

    def failed(self, exc: XrCallError, ctx: FrameContext) -> None:
        """A frame call failed: recreate after a session loss, else end the run (recorded as why)."""
        if exc.result in _SESSION_LOSS_RESULTS:
            log.warning("openxr: %s; the session was lost", exc)
            self.counters.lost += 1
            self._leaving_because("session_lost")
            self._recreate(ctx)
        elif exc.result in _INSTANCE_LOSS_RESULTS:
            log.warning("openxr: %s; the runtime went away", exc)
            self._ended("runtime_exit")
            ctx.stop = True
        else:
            log.error("openxr: %s; ending the run", exc)
            ctx.stop = True
        ctx.should_render = False

    # -- focus ----------------------------------------------------------
    def _focus(self, on: bool, cause: str = "headset_off") -> None:
        """Focus went (``cause``: headset_off, or session_lost / runtime_exit when the runtime said so
        in the same change) or came back."""
        if not on:  # headset_off: taken off or the system menu, until the runtime says otherwise
            self._unfocused = cause
            if cause == "headset_off":
                self.counters.headset_off += 1
            self.counters.focus_lost[cause] += 1
            log.info("openxr: headset lost focus (%s)",
                     "taken off or system menu" if cause == "headset_off" else cause.replace("_", " "))
        else:
            self._unfocused = None
            log.info("openxr: headset focused again")
        if self.host is not None:
            self.host.headset_changed(on, cause)

    def _leaving_because(self, cause: str) -> None:
        """The session is going (``session_lost`` or ``runtime_exit``): the focus it lost was not a headset off."""
        counters = self.counters
        if self._unfocused == "headset_off":
            counters.headset_off -= 1
            counters.focus_lost["headset_off"] -= 1
            counters.focus_lost[cause] += 1
        self._unfocused = cause

    def _ended(self, reason: str) -> None:
        """The session ended for good (``runtime_exit``, or ``session_lost`` when no new one could be
        made): the experience ends, recorded as such."""
        if reason == "runtime_exit":
            self._leaving_because("runtime_exit")
            self.counters.runtime_exit += 1
        if self.host is not None:
            self.host.display_ended(reason)

    # -- loss and shutdown ---------------------------------------------
    def _release_images(self, session: XrSession) -> None:
        if self.parts is not None:
            self.parts.release_images(session)

    def _recreate(self, ctx: FrameContext) -> None:
        """Replace a lost session with a new one; stop the run cleanly when that fails."""
        self.shutdown(request_exit=False)
        try:
            self.session = session = XrSession.create(self.rt, self._handles, self.cfg, list(self.sizes),
                                                      self._space_pref)
            if self.parts is not None:
                self.parts.session_made(session)
            self.counters.recreated += 1
            log.info("openxr: session recreated after a loss")
        except Exception as exc:
            log.warning("openxr: could not recreate the session (%s); ending the run", exc)
            self.session = None
            self._ended("session_lost")
            ctx.stop = True

    def shutdown(self, request_exit: bool, budget_s: float = 0.8) -> None:
        """End and destroy the session; with ``request_exit`` ask the runtime first (bounded wait)."""
        s = self.session
        if s is None:
            return
        self._release_images(s)
        if request_exit and self.lifecycle.running:
            self.lifecycle.exit_requested = True
            try:
                s.request_exit()
                end = self.clock.now() + budget_s
                idle = FrameContext(should_render=False)
                while self.lifecycle.running and self.clock.now() < end:
                    if s.pump.begun:
                        s.pump.end(False)
                    self.poll(idle)
                    if self.lifecycle.running and self.clock.now() < end:
                        s.pump.wait_begin()
            except Exception as exc:
                log.debug("openxr: exit handshake: %s", exc)
        if self.lifecycle.running:
            try:
                if s.pump.begun:
                    s.pump.end(False)
                s.end()
            except Exception as exc:
                log.debug("openxr: xrEndSession: %s", exc)
        self._submitted += s.pump.submitted
        self._layers += s.pump.submitted_layers
        if self.parts is not None:
            self.parts.session_gone()
        s.destroy()
        self.session = None
        self.lifecycle.reset()
