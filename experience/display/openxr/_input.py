"""The controllers, put together: the action set, the gesture rules, haptics and the controller models.

:class:`ControllerInput` reads the action set each frame (:class:`~._actions.ControllerActions`),
lets :class:`~._controls.Controls` turn it into requests (``source="controller"``) and
haptic ticks, sends the requests down the app's request sink, publishes the calm-hold
progress, and poses the controller models (:class:`~._hands.Hands`) while an answer is
expected. Controllers are optional: when the runtime refuses them the console and gaze
still work.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ._actions import ControllerActions
from ._controls import Controls, Haptic
from ._hands import Hands

if TYPE_CHECKING:
    import xr
    from panda3d.core import NodePath

    from ...requests import Request
    from ...services import Services
    from .._stage import TrackedHands
    from ._session import XrSession

log = logging.getLogger("empathy-vr")


class ControllerInput:
    """Controller actions → requests, haptics and controller models.

    Args:
        instance: the ``xr.Instance`` the action set is made on.
        services: the app seam (the selection, the player's state, the request sink, the session
            state); None in tools, where gestures still run but go nowhere.
    """

    def __init__(self, instance: xr.Instance, services: Services | None) -> None:
        self.instance = instance
        self.services = services
        self.controls = Controls()
        if services is not None:
            self.controls.model = services.selection  # the run's one check-in selection
        self.actions: ControllerActions | None = None
        self.hands: Hands | None = None
        self._requests: list[Request] = []
        self._haptics: list[Haptic] = []

    def attach(self, session: XrSession) -> None:
        """Make the action set (once) and attach it to ``session``; a refusal turns controllers off."""
        try:
            if self.actions is None:
                self.actions = ControllerActions(self.instance)
            self.actions.attach(session.handle)
        except Exception as exc:  # controllers are optional: the console and gaze still work
            log.warning("openxr: controllers not available (%s)", exc)
            self.actions = None

    def show_models(self, rig: NodePath) -> None:
        """Make the controller models under ``rig`` (when the controllers are there)."""
        if self.actions is not None and self.hands is None:
            self.hands = Hands(rig)

    def poll(self, now: float) -> None:
        """Read the controllers; gestures are timed on display time (the runtime's clock).

        Raises:
            XrCallError: xrSyncActions or an action state read failed.
        """
        actions = self.actions
        if actions is None:
            return
        controls = self.controls
        if not actions.read(controls.hands):
            controls.update(now, "", self._requests, self._haptics)
            return
        services = self.services
        state = services.player.state if services is not None else ""
        controls.update(now, state, self._requests, self._haptics)
        if self._requests:
            if services is not None:
                for req in self._requests:
                    services.requests.put(req)
            self._requests.clear()
        if self._haptics:
            for h in self._haptics:
                actions.pulse(h)
            self._haptics.clear()
        if services is not None:
            services.session.calm_hold = controls.calm_progress

    def pose(self, s: XrSession, tracked: TrackedHands) -> None:
        """Show the models while an answer is expected, and locate the hands for the participant's body."""
        hands = self.hands
        if hands is None:
            return
        spaces = self.actions.hand_spaces if self.actions is not None else None
        want = bool(spaces) and self.controls.input_expected
        hands.show(want)
        if spaces and (want or tracked.wanted):  # the controller models, or the participant's own hands
            assert s.app_space is not None
            hands.update(spaces, s.app_space, s.pump.frame_state.predicted_display_time, tracked)

    def profiles_changed(self) -> None:
        if self.actions is not None:
            log.info("openxr: controllers: %s", ", ".join(p or "none" for p in self.actions.current_profiles()))

    def detach(self) -> None:
        """The session goes: forget its hand spaces (the action set stays for the next one)."""
        if self.actions is not None:
            self.actions.detach()

    def destroy(self) -> None:
        if self.hands is not None:
            self.hands.destroy()
            self.hands = None
        if self.actions is not None:
            self.actions.destroy()
            self.actions = None
