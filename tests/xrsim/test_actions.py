"""Actions: bindings for simple and Touch controllers, scripted input, poses, haptics."""

from __future__ import annotations

import pytest
import xr

from ._client import Client

pytestmark = pytest.mark.xr

TOUCH = "/interaction_profiles/oculus/touch_controller"
SIMPLE = "/interaction_profiles/khr/simple_controller"


class Controls:
    """An app's action set: select (bool), trigger (float), grip (float), move (vec2), hand pose."""

    def __init__(self, client: Client, profile: str = TOUCH) -> None:
        inst = client.instance
        self.client = client
        self.path = lambda s: xr.string_to_path(inst, s)
        self.hands = [self.path("/user/hand/left"), self.path("/user/hand/right")]
        self.set = xr.create_action_set(inst, xr.ActionSetCreateInfo(
            action_set_name="main", localized_action_set_name="Main", priority=0))

        def action(name: str, kind: xr.ActionType) -> xr.Action:
            return xr.create_action(self.set, xr.ActionCreateInfo(
                action_type=kind, action_name=name, localized_action_name=name,
                subaction_paths=self.hands))

        self.select = action("select", xr.ActionType.BOOLEAN_INPUT)
        self.trigger = action("trigger", xr.ActionType.FLOAT_INPUT)
        self.grip = action("grip", xr.ActionType.FLOAT_INPUT)
        self.move = action("move", xr.ActionType.VECTOR2F_INPUT)
        self.pose = action("hand_pose", xr.ActionType.POSE_INPUT)
        self.buzz = action("buzz", xr.ActionType.VIBRATION_OUTPUT)
        bindings = []
        for side in ("left", "right"):
            h = f"/user/hand/{side}"
            if profile == TOUCH:
                bindings += [(self.select, f"{h}/input/trigger/value"),
                             (self.trigger, f"{h}/input/trigger/value"),
                             (self.grip, f"{h}/input/squeeze/value"),
                             (self.move, f"{h}/input/thumbstick")]
            else:
                bindings += [(self.select, f"{h}/input/select/click")]
            bindings += [(self.pose, f"{h}/input/grip/pose"), (self.buzz, f"{h}/output/haptic")]
        suggested = (xr.ActionSuggestedBinding * len(bindings))(
            *[xr.ActionSuggestedBinding(a, self.path(p)) for a, p in bindings])
        xr.suggest_interaction_profile_bindings(inst, xr.InteractionProfileSuggestedBinding(
            interaction_profile=self.path(profile), suggested_bindings=suggested))

    def attach(self) -> None:
        xr.attach_session_action_sets(self.client.session, xr.SessionActionSetsAttachInfo(
            action_sets=[self.set]))

    def sync(self) -> None:
        xr.sync_actions(self.client.session, xr.ActionsSyncInfo(
            active_action_sets=[xr.ActiveActionSet(self.set, xr.NULL_PATH)]))

    def value(self, action: xr.Action, hand: int | None = None) -> object:
        info = xr.ActionStateGetInfo(action=action,
                                     subaction_path=self.hands[hand] if hand is not None else 0)
        if action in (self.trigger, self.grip):
            return xr.get_action_state_float(self.client.session, info).current_state
        if action == self.select:
            return bool(xr.get_action_state_boolean(self.client.session, info).current_state)
        state = xr.get_action_state_vector2f(self.client.session, info).current_state
        return (state.x, state.y)


def drive(client: Client, controls: Controls, frames: int) -> list[dict[str, object]]:
    """Runs frames, syncing actions after each while focused; returns per-frame values."""
    samples: list[dict[str, object]] = []
    while client.seen.frames_ended < frames:
        client.poll()
        client.frame()
        if client.state != xr.SessionState.FOCUSED:
            samples.append({})
            continue
        controls.sync()
        samples.append({
            "trigger_r": controls.value(controls.trigger, 1),
            "trigger": controls.value(controls.trigger),
            "select": controls.value(controls.select),
            "grip_l": controls.value(controls.grip, 0),
            "grip_r": controls.value(controls.grip, 1),
            "move_l": controls.value(controls.move, 0),
        })
    return samples


def test_scripted_touch_input(sim, client):
    sim(script=["f5 press right trigger 1 0.1", "1s press both squeeze 1 2",
                "f20 thumbstick left 0.5 -1 0.5"])
    client = client()
    client.open()
    controls = Controls(client)
    controls.attach()
    samples = drive(client, controls, 300)
    profile = xr.get_current_interaction_profile(client.session, controls.hands[1])
    assert xr.path_to_string(client.instance, profile.interaction_profile) == TOUCH
    client.close()
    assert samples[4]["trigger_r"] == 0.0
    assert samples[5]["trigger_r"] == 1.0 and samples[5]["trigger"] == 1.0
    assert samples[5]["select"] is True
    held = [i for i, s in enumerate(samples) if s.get("trigger_r") == 1.0]
    assert held == list(range(5, 14))  # 0.1 s at 90 Hz: frames 5..13
    grips = [i for i, s in enumerate(samples) if s.get("grip_l") == 1.0 and s.get("grip_r") == 1.0]
    assert grips == list(range(90, 270))  # both grips for 2 s from t = 1 s
    assert samples[20]["move_l"] == (0.5, -1.0)
    assert samples[70]["move_l"] == (0.0, 0.0)


def test_simple_controller_profile_and_pose(sim, client):
    s = sim(script=["f3 press left select 1", "f4 hand left -0.3 0.1 -0.5 90 0"])
    client = client()
    client.open()
    controls = Controls(client, SIMPLE)
    controls.attach()
    space = xr.create_action_space(client.session, xr.ActionSpaceCreateInfo(
        action=controls.pose, subaction_path=controls.hands[0]))
    while client.seen.frames_ended < 6:
        client.poll()
        client.frame()
        if client.state == xr.SessionState.FOCUSED:
            controls.sync()
    profile = xr.get_current_interaction_profile(client.session, controls.hands[0])
    assert xr.path_to_string(client.instance, profile.interaction_profile) == SIMPLE
    assert controls.value(controls.select) is True
    location = xr.locate_space(space, client.space, client.seen.display_times[-1])
    assert location.location_flags & xr.SpaceLocationFlags.POSITION_VALID_BIT
    p = location.pose.position
    assert (p.x, p.y, p.z) == pytest.approx((-0.3, 0.1, -0.5), abs=1e-6)  # moved by the script
    q = location.pose.orientation  # turned 90 degrees to the left about +Y
    assert (q.x, q.y, q.z, q.w) == pytest.approx((0, 0.7071068, 0, 0.7071068), abs=1e-6)
    vibration = xr.HapticVibration(duration=100_000_000, frequency=0, amplitude=0.5)
    xr.apply_haptic_feedback(client.session, xr.HapticActionInfo(
        action=controls.buzz, subaction_path=controls.hands[0]), vibration)
    xr.apply_haptic_feedback(client.session, xr.HapticActionInfo(action=controls.buzz), vibration)
    xr.stop_haptic_feedback(client.session, xr.HapticActionInfo(action=controls.buzz))
    xr.destroy_space(space)
    client.close()
    report = s.report()
    assert report["haptics"] == 3  # one on the left, then one on each hand
    pulses = report["haptic_pulses"]
    assert [p["hand"] for p in pulses] == ["left", "left", "right"]
    assert pulses[0]["duration_ms"] == 100.0 and pulses[0]["amplitude"] == 0.5


def test_action_errors(sim, client):
    sim()
    client = client()
    client.open()
    controls = Controls(client)
    info = xr.ActionStateGetInfo(action=controls.trigger)
    with pytest.raises(xr.ActionsetNotAttachedError):
        xr.get_action_state_float(client.session, info)
    with pytest.raises(xr.PathUnsupportedError):
        xr.suggest_interaction_profile_bindings(client.instance, xr.InteractionProfileSuggestedBinding(
            interaction_profile=controls.path(TOUCH),
            suggested_bindings=(xr.ActionSuggestedBinding * 1)(xr.ActionSuggestedBinding(
                controls.trigger, controls.path("/user/hand/left/input/a/click")))))
    controls.attach()
    with pytest.raises(xr.ActionsetsAlreadyAttachedError):
        controls.attach()
    with pytest.raises(xr.ActionTypeMismatchError):
        xr.get_action_state_boolean(client.session, info)
    with pytest.raises(xr.ActionsetsAlreadyAttachedError):
        xr.create_action(controls.set, xr.ActionCreateInfo(
            action_type=xr.ActionType.BOOLEAN_INPUT, action_name="late",
            localized_action_name="late"))
    with pytest.raises(xr.SessionNotFocused):
        controls.sync()  # not focused yet: actions inactive
    state = xr.get_action_state_float(client.session, info)
    assert not state.is_active
    client.close()
