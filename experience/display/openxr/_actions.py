"""The controller action set: actions, suggested bindings, per-frame reads and haptics.

One action set (``empathy``) with per-hand trigger, grip, thumbstick, grip pose
and haptic actions, bound for ``khr/simple_controller`` (select = trigger,
menu = grip) and ``oculus/touch_controller`` (also used by SteamVR for Index and
other controllers through its binding remapping), plus ``valve/index_controller``.
Reading happens through preallocated structures and the raw calls.
"""

from __future__ import annotations

import ctypes
import logging
from typing import TYPE_CHECKING

from ._controls import HandInput, Haptic
from ._raw import raw
from ._swapchain import check

if TYPE_CHECKING:
    import xr

    _Ref = object  # what ctypes.byref returns, passed straight to a raw call
    _Reads = tuple[dict[str, tuple[xr.ActionStateGetInfo, _Ref]], tuple[xr.ActionStateBoolean, _Ref],
                   tuple[xr.ActionStateFloat, _Ref], tuple[xr.ActionStateVector2f, _Ref]]

log = logging.getLogger(__name__)

HANDS = ("/user/hand/left", "/user/hand/right")

BINDINGS: dict[str, dict[str, str]] = {
    "/interaction_profiles/khr/simple_controller": {
        "trigger": "input/select/click",
        "grip": "input/menu/click",
        "pose": "input/grip/pose",
        "haptic": "output/haptic",
    },
    "/interaction_profiles/oculus/touch_controller": {
        "trigger": "input/trigger/value",
        "grip": "input/squeeze/value",
        "stick": "input/thumbstick",
        "pose": "input/grip/pose",
        "haptic": "output/haptic",
    },
    "/interaction_profiles/valve/index_controller": {
        "trigger": "input/trigger/click",
        "grip": "input/squeeze/value",
        "stick": "input/thumbstick",
        "pose": "input/grip/pose",
        "haptic": "output/haptic",
    },
}


class ControllerActions:
    """Creates the action set on an instance and reads it for one session.

    Args:
        instance: the ``xr.Instance``.
    """

    def __init__(self, instance: xr.Instance) -> None:
        import xr

        self.instance = instance
        self.hand_paths = [xr.string_to_path(instance, p) for p in HANDS]
        self.action_set = xr.create_action_set(instance, xr.ActionSetCreateInfo(
            action_set_name="empathy", localized_action_set_name="empathy-vr", priority=0))
        sub = (ctypes.c_uint64 * 2)(*self.hand_paths)
        T = xr.ActionType
        specs = {
            "trigger": (T.BOOLEAN_INPUT, "Answer or continue"),
            "grip": (T.FLOAT_INPUT, "Grip"),
            "stick": (T.VECTOR2F_INPUT, "Choose"),
            "pose": (T.POSE_INPUT, "Hand pose"),
            "haptic": (T.VIBRATION_OUTPUT, "Tick"),
        }
        self.actions: dict[str, xr.Action] = {}
        for name, (atype, label) in specs.items():
            self.actions[name] = xr.create_action(self.action_set, xr.ActionCreateInfo(
                action_name=name, action_type=atype, count_subaction_paths=2, subaction_paths=sub,
                localized_action_name=label))
        self.profiles: list[str] = []
        for profile, table in BINDINGS.items():
            try:
                suggested = [xr.ActionSuggestedBinding(self.actions[a], xr.string_to_path(instance, f"{h}/{p}"))
                             for a, p in table.items() for h in HANDS]
                xr.suggest_interaction_profile_bindings(instance, xr.InteractionProfileSuggestedBinding(
                    interaction_profile=xr.string_to_path(instance, profile), suggested_bindings=suggested))
                self.profiles.append(profile)
            except Exception as exc:  # a runtime may not know a profile; the others still work
                log.info("bindings for %s not accepted: %s", profile, exc)
        self.session: xr.Session | None = None
        self.hand_spaces: list[xr.Space] = []

    def attach(self, session: xr.Session) -> None:
        """Attach the action set to ``session`` and prepare the per-frame structures."""
        import xr

        self.session = session
        xr.attach_session_action_sets(session, xr.SessionActionSetsAttachInfo(action_sets=[self.action_set]))
        self._active = xr.ActiveActionSet(self.action_set, xr.NULL_PATH)
        self._sync_info = xr.ActionsSyncInfo(active_action_sets=[self._active])
        self._sync_ref = ctypes.byref(self._sync_info)
        self._reads: list[_Reads] = []
        for hand in range(2):
            infos: dict[str, tuple[xr.ActionStateGetInfo, _Ref]] = {}
            for name in ("trigger", "grip", "stick"):
                gi = xr.ActionStateGetInfo(action=self.actions[name], subaction_path=self.hand_paths[hand])
                infos[name] = (gi, ctypes.byref(gi))
            tb, gf, st = xr.ActionStateBoolean(), xr.ActionStateFloat(), xr.ActionStateVector2f()
            self._reads.append((infos, (tb, ctypes.byref(tb)), (gf, ctypes.byref(gf)), (st, ctypes.byref(st))))
        self._haptic_info = [xr.HapticActionInfo(action=self.actions["haptic"], subaction_path=p)
                             for p in self.hand_paths]
        self._vibration = xr.HapticVibration(duration=30_000_000, frequency=xr.FREQUENCY_UNSPECIFIED, amplitude=0.6)
        self._vib_ptr = ctypes.cast(ctypes.byref(self._vibration), ctypes.POINTER(xr.HapticBaseHeader))
        self.hand_spaces = [
            xr.create_action_space(session, xr.ActionSpaceCreateInfo(action=self.actions["pose"], subaction_path=p))
            for p in self.hand_paths
        ]
        self._sync = raw("xrSyncActions")
        self._get_bool = raw("xrGetActionStateBoolean")
        self._get_float = raw("xrGetActionStateFloat")
        self._get_vec2 = raw("xrGetActionStateVector2f")

    def read(self, hands: list[HandInput]) -> bool:
        """Sync actions and fill ``hands`` in place. Returns False when input is not focused."""
        session = self.session
        res = self._sync(session, self._sync_ref)
        v = check(res, "xrSyncActions")
        if v != 0:  # XR_SESSION_NOT_FOCUSED: inputs read as inactive
            for h in hands:
                h.active = False
            return False
        for hand, (infos, (tb, tb_ref), (gf, gf_ref), (st, st_ref)) in zip(hands, self._reads, strict=True):
            check(self._get_bool(session, infos["trigger"][1], tb_ref), "xrGetActionStateBoolean")
            check(self._get_float(session, infos["grip"][1], gf_ref), "xrGetActionStateFloat")
            check(self._get_vec2(session, infos["stick"][1], st_ref), "xrGetActionStateVector2f")
            hand.active = bool(tb.is_active or gf.is_active or st.is_active)
            hand.trigger = bool(tb.is_active and tb.current_state)
            hand.grip = float(gf.current_state) if gf.is_active else 0.0
            if st.is_active:
                hand.stick_x = float(st.current_state.x)
                hand.stick_y = float(st.current_state.y)
            else:
                hand.stick_x = hand.stick_y = 0.0
        return True

    def pulse(self, haptic: Haptic) -> None:
        """Play one haptic pulse (errors are logged, never raised: haptics are a nicety)."""

        self._vibration.duration = int(haptic.duration_s * 1e9)
        self._vibration.amplitude = haptic.amplitude
        res = raw("xrApplyHapticFeedback")(self.session, ctypes.byref(self._haptic_info[haptic.hand]),
                                           self._vib_ptr)
        if res < 0:
            log.debug("haptic pulse failed: %s", res)

    def current_profiles(self) -> list[str]:
        """The interaction profile bound to each hand (``""`` when none), for logs."""
        import xr

        out = []
        for p in self.hand_paths:
            try:
                state = xr.get_current_interaction_profile(self.session, p)
                out.append(xr.path_to_string(self.instance, state.interaction_profile)
                           if state.interaction_profile else "")
            except Exception:
                out.append("")
        return out

    def detach(self) -> None:
        """Forget the session (its spaces are destroyed with it)."""
        import xr

        for s in self.hand_spaces:
            try:
                xr.destroy_space(s)
            except Exception:
                pass
        self.hand_spaces = []
        self.session = None

    def destroy(self) -> None:
        import xr

        self.detach()
        try:
            xr.destroy_action_set(self.action_set)
        except Exception:
            pass
