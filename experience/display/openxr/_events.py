"""Session events and lifecycle actions of :class:`OpenXRBackend` (a mixin, split out by concern).

Polls ``xrPollEvent`` without allocating, feeds state changes to the
:class:`~._lifecycle.Lifecycle` rules and carries out what they say: begin,
end, recreate after a loss, exit, headset off/on. Also the bounded exit
handshake used when the app stops first.
"""

from __future__ import annotations

import ctypes
import logging
from typing import TYPE_CHECKING, Any

from ._lifecycle import Action
from ._raw import raw
from ._swapchain import XrCallError

if TYPE_CHECKING:
    from ...core import Clock, FrameContext
    from ._actions import ControllerActions
    from ._gl import ContextHandles
    from ._lifecycle import Lifecycle
    from ._outputs import EyeOutputs
    from ._runtime import XrRuntime
    from ._session import ViewConfig, XrSession

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

    for code, cls in getattr(xr.exception, "_exception_map", {}).items():
        if type(exc) is cls:
            return XrCallError(what, int(code.value))
    return XrCallError(what, -2)  # XR_ERROR_RUNTIME_FAILURE


class XrEventsMixin:
    """Event handling; expects the attributes :class:`OpenXRBackend` sets."""

    app: Any
    clock: Clock
    rt: XrRuntime | None
    session: XrSession | None
    cfg: ViewConfig | None
    outputs: EyeOutputs | None
    lifecycle: Lifecycle
    counters: dict[str, int]
    marks: dict[str, float]
    actions: ControllerActions | None
    _ctx_handles: ContextHandles | None
    space_pref: str

    def _init_event_state(self) -> None:
        import xr

        self._event = xr.EventDataBuffer()
        self._event_ref = ctypes.byref(self._event)
        self._event_type = ctypes.c_int.from_buffer(self._event, 0)
        self._poll_event = raw("xrPollEvent")
        self.marks: dict[str, float] = {}
        self._submitted_total = 0
        self._layers_total = 0

    def _release_images(self) -> None:
        raise NotImplementedError

    def _focus(self, on: bool, cause: str = "headset_off") -> None:
        raise NotImplementedError

    def _attach_actions(self) -> None:
        raise NotImplementedError

    def _apply_rects(self) -> None:
        raise NotImplementedError

    # -- events ---------------------------------------------------------
    def _poll_events(self, ctx: FrameContext) -> None:
        import xr

        if self.rt is None:
            return
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
            elif etype == _EVENT_PROFILE_CHANGED and self.actions is not None:
                log.info("openxr: controllers: %s", ", ".join(p or "none" for p in self.actions.current_profiles()))

    def _act(self, action: Action, ctx: FrameContext) -> None:
        kind = action.kind
        if kind in ("end", "exit", "recreate") and not self.lifecycle.exit_requested:
            self.marks.setdefault(f"runtime_{kind}", self.clock.now())
        if kind == "begin":
            assert self.session is not None and self.cfg is not None, "a session begins only once it exists"
            self.session.begin(self.cfg.view_type)
        elif kind == "end":
            if not self.lifecycle.exit_requested:  # the runtime is stopping the session, not the headset off
                self._leaving_because("runtime_exit")  # type: ignore[attr-defined]
            self._release_images()
            assert self.session is not None, "only a running session ends"
            self.session.end()
        elif kind == "recreate":
            self.counters["lost"] += 1
            self._leaving_because("session_lost")  # type: ignore[attr-defined]
            self._recreate(ctx)
        elif kind == "exit":
            log.info("openxr: %s", action.reason)
            if not self.lifecycle.exit_requested:
                self._runtime_exit("runtime_exit")  # type: ignore[attr-defined]
            ctx.stop = True
        elif kind == "focus_lost":  # straight from FOCUSED to LOSS_PENDING: the session, not the headset
            self._focus(False, _FOCUS_CAUSES.get(action.reason, "headset_off"))
        elif kind == "focus_gained":
            self._focus(True)

    def _on_call_error(self, exc: XrCallError, ctx: FrameContext) -> None:
        if exc.result in _SESSION_LOSS_RESULTS:
            log.warning("openxr: %s; the session was lost", exc)
            self.counters["lost"] += 1
            self._leaving_because("session_lost")  # type: ignore[attr-defined]
            self._recreate(ctx)
        elif exc.result in _INSTANCE_LOSS_RESULTS:
            log.warning("openxr: %s; the runtime went away", exc)
            self._runtime_exit("runtime_exit")  # type: ignore[attr-defined]
            ctx.stop = True
        else:
            log.error("openxr: %s; ending the run", exc)
            ctx.stop = True
        ctx.should_render = False

    def _recreate(self, ctx: FrameContext) -> None:
        """Replace a lost session with a new one; stop the run cleanly when that fails."""
        from ._session import XrSession

        self._shutdown_session(request_exit=False)
        try:
            assert self.outputs is not None and self.rt is not None, "a session is recreated only after one ran"
            assert self._ctx_handles is not None and self.cfg is not None
            sizes = list(self.outputs.sizes)
            self.session = XrSession.create(self.rt, self._ctx_handles, self.cfg, sizes,
                                            self.space_pref)
            self.outputs.targets[:] = [0] * len(sizes)
            self._apply_rects()
            self._attach_actions()
            self.counters["recreated"] += 1
            log.info("openxr: session recreated after a loss")
        except Exception as exc:
            log.warning("openxr: could not recreate the session (%s); ending the run", exc)
            self.session = None
            self._runtime_exit("session_lost")  # type: ignore[attr-defined]
            ctx.stop = True

    def _shutdown_session(self, request_exit: bool, budget_s: float = 0.8) -> None:
        """End and destroy the session; with ``request_exit`` ask the runtime first (bounded wait)."""
        s = self.session
        if s is None:
            return
        self._release_images()
        if request_exit and self.lifecycle.running:
            self.lifecycle.exit_requested = True
            try:
                s.request_exit()
                end = self.clock.now() + budget_s
                dummy = type("Ctx", (), {"stop": False, "should_render": False})()
                while self.lifecycle.running and self.clock.now() < end:
                    if s.pump.begun:
                        s.pump.end(False)
                    self._poll_events(dummy)
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
        self._submitted_total += s.pump.submitted
        self._layers_total += s.pump.submitted_layers
        if self.actions is not None:
            self.actions.detach()
        s.destroy()
        self.session = None
        self.lifecycle.reset()
