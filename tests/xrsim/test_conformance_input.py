"""Spec conformance of actions, bindings and haptics (issue 19's list, items 8 to 14)."""

from __future__ import annotations

import ctypes

import pytest
import xr

pytestmark = pytest.mark.xr

TOUCH = "/interaction_profiles/oculus/touch_controller"
SIMPLE = "/interaction_profiles/khr/simple_controller"


def make_set(instance, name="set", priority=0, localized=None):
    return xr.create_action_set(instance, xr.ActionSetCreateInfo(
        action_set_name=name, localized_action_set_name=localized or name, priority=priority))


def make_action(aset, name, kind=xr.ActionType.BOOLEAN_INPUT, paths=(), localized=None):
    return xr.create_action(aset, xr.ActionCreateInfo(
        action_type=kind, action_name=name, localized_action_name=localized or name,
        subaction_paths=list(paths)))


def suggest(instance, profile, pairs):
    bindings = [xr.ActionSuggestedBinding(a, xr.string_to_path(instance, p)) for a, p in pairs]
    xr.suggest_interaction_profile_bindings(instance, xr.InteractionProfileSuggestedBinding(
        interaction_profile=xr.string_to_path(instance, profile), suggested_bindings=bindings))


def sync(session, *sets):
    xr.sync_actions(session, xr.ActionsSyncInfo(
        active_action_sets=[xr.ActiveActionSet(s, xr.NULL_PATH) for s in sets]))


def active(session, action, kind="bool"):
    info = xr.ActionStateGetInfo(action=action)
    get = xr.get_action_state_boolean if kind == "bool" else xr.get_action_state_float
    return bool(get(session, info).is_active)


def test_bound_sources_two_call_idiom(sim, client):
    """8: a too-small capacity gets XR_ERROR_SIZE_INSUFFICIENT *and* the count needed."""
    sim()
    c = client()
    aset = make_set(c.instance)
    select = make_action(aset, "select")
    suggest(c.instance, SIMPLE, [(select, "/user/hand/left/input/select/click"),
                                 (select, "/user/hand/right/input/select/click")])
    c.open()
    xr.attach_session_action_sets(c.session, xr.SessionActionSetsAttachInfo(action_sets=[aset]))
    c.run(3)
    sync(c.session, aset)
    info = xr.BoundSourcesForActionEnumerateInfo(action=select)
    count = ctypes.c_uint32(0)
    one = (ctypes.c_uint64 * 1)()
    res = xr.raw_functions.xrEnumerateBoundSourcesForAction(
        c.session, ctypes.byref(info), 1, ctypes.byref(count), one)
    assert res == xr.Result.ERROR_SIZE_INSUFFICIENT
    assert count.value == 2
    sources = [xr.path_to_string(c.instance, p) for p in
               xr.enumerate_bound_sources_for_action(c.session, info)]
    assert sorted(sources) == ["/user/hand/left/input/select/click",
                               "/user/hand/right/input/select/click"]


@pytest.mark.parametrize(("profile", "path", "ok"), [
    ("/interaction_profiles/htc/vive_pro", "/user/head/input/volume_up/click", True),
    ("/interaction_profiles/microsoft/xbox_controller", "/user/gamepad/input/a/click", True),
    ("/interaction_profiles/microsoft/xbox_controller", "/user/gamepad/output/haptic_left", True),
    ("/interaction_profiles/valve/index_controller", "/user/hand/left/input/trackpad/force", True),
    ("/interaction_profiles/valve/index_controller", "/user/hand/left/input/trigger", True),
    ("/interaction_profiles/valve/index_controller", "/user/hand/left/input/trigger/force", False),
    ("/interaction_profiles/valve/index_controller", "/user/head/input/system/click", False),
    ("/interaction_profiles/htc/vive_controller", "/user/hand/right/input/thumbstick", False),
    ("/interaction_profiles/google/daydream_controller", "/user/hand/left/output/haptic", False),
    (TOUCH, "/user/hand/left/input/a/click", False),  # A is on the right controller
    (TOUCH, "/user/hand/right/input/a/click", True),
    (TOUCH, "/user/hand/left/input/palm_ext/pose", False),  # an extension's path
    ("/interaction_profiles/meta/touch_controller_plus", "/user/hand/left/input/x/click", False),
])
def test_bindings_follow_the_profile_tables(sim, client, profile, path, ok):
    """9: each 1.0 profile has exactly its top-level paths and components."""
    sim()
    c = client()
    aset = make_set(c.instance)
    action = make_action(aset, "a")
    if ok:
        suggest(c.instance, profile, [(action, path)])
    else:
        with pytest.raises(xr.PathUnsupportedError):
            suggest(c.instance, profile, [(action, path)])


def test_action_names(sim, client):
    """10: empty names are NAME_INVALID; localized names must be unique too."""
    sim()
    c = client()
    with pytest.raises(xr.NameInvalidError):
        make_set(c.instance, name="", localized="Empty")
    with pytest.raises(xr.PathFormatInvalidError):
        make_set(c.instance, name="Upper", localized="Upper")
    aset = make_set(c.instance, name="one", localized="Same")
    with pytest.raises(xr.LocalizedNameDuplicatedError):
        make_set(c.instance, name="two", localized="Same")
    with pytest.raises(xr.NameInvalidError):
        make_action(aset, "", localized="Nameless")
    make_action(aset, "fire", localized="Fire")
    with pytest.raises(xr.LocalizedNameDuplicatedError):
        make_action(aset, "shoot", localized="Fire")
    with pytest.raises(xr.NameDuplicatedError):
        make_action(aset, "fire", localized="Fire again")


def profile_events(c) -> int:
    n = 0
    while True:
        try:
            event = xr.poll_event(c.instance)
        except xr.EventUnavailable:
            return n
        n += xr.StructureType(event.type) == xr.StructureType.EVENT_DATA_INTERACTION_PROFILE_CHANGED


def test_profile_changes_only_in_sync_actions(sim, client):
    """11: attaching selects nothing; the first xrSyncActions does, and queues the event."""
    sim()
    c = client()
    aset = make_set(c.instance)
    select = make_action(aset, "select")
    suggest(c.instance, TOUCH, [(select, "/user/hand/right/input/trigger/value")])
    c.open()
    c.run(3)
    right = xr.string_to_path(c.instance, "/user/hand/right")
    xr.attach_session_action_sets(c.session, xr.SessionActionSetsAttachInfo(action_sets=[aset]))
    assert profile_events(c) == 0
    assert xr.get_current_interaction_profile(c.session, right).interaction_profile == 0
    sync(c.session, aset)
    assert profile_events(c) == 1
    profile = xr.get_current_interaction_profile(c.session, right).interaction_profile
    assert xr.path_to_string(c.instance, profile) == TOUCH
    sync(c.session, aset)
    assert profile_events(c) == 0  # no change, no event


def test_action_set_priority(sim, client):
    """12: a source bound in a higher-priority active set is not given to a lower one."""
    sim(script=["f0 press right trigger 1"])
    c = client()
    high, low = make_set(c.instance, "high", priority=2), make_set(c.instance, "low", priority=1)
    fire_high = make_action(high, "fire", xr.ActionType.FLOAT_INPUT)
    fire_low = make_action(low, "fire", xr.ActionType.FLOAT_INPUT)
    grab_low = make_action(low, "grab", xr.ActionType.FLOAT_INPUT)
    suggest(c.instance, TOUCH, [(fire_high, "/user/hand/right/input/trigger/value"),
                                (fire_low, "/user/hand/right/input/trigger/value"),
                                (grab_low, "/user/hand/right/input/squeeze/value"),
                                (grab_low, "/user/hand/right/input/trigger/value")])
    c.open()
    xr.attach_session_action_sets(c.session, xr.SessionActionSetsAttachInfo(
        action_sets=[high, low]))
    c.run(3)
    sync(c.session, low, high)
    assert active(c.session, fire_high, "float")
    assert not active(c.session, fire_low, "float")  # blocked by the higher set
    assert active(c.session, grab_low, "float")  # squeeze is still its own
    info = xr.ActionStateGetInfo(action=grab_low)
    assert xr.get_action_state_float(c.session, info).current_state == 0.0  # trigger not given
    sync(c.session, low)  # the high set is not active: the low set gets the trigger
    assert active(c.session, fire_low, "float")
    assert xr.get_action_state_float(c.session, xr.ActionStateGetInfo(
        action=fire_low)).current_state == 1.0


def test_input_source_localized_name(sim, client):
    """13: needs attached action sets and at least one component."""
    sim()
    c = client()
    aset = make_set(c.instance)
    fire = make_action(aset, "fire", xr.ActionType.FLOAT_INPUT)
    suggest(c.instance, TOUCH, [(fire, "/user/hand/right/input/trigger/value")])
    c.open()
    source = xr.string_to_path(c.instance, "/user/hand/right/input/trigger/value")
    F = xr.InputSourceLocalizedNameFlags
    info = xr.InputSourceLocalizedNameGetInfo(source_path=source, which_components=F.USER_PATH_BIT)
    with pytest.raises(xr.ActionsetNotAttachedError):
        xr.get_input_source_localized_name(c.session, info)
    xr.attach_session_action_sets(c.session, xr.SessionActionSetsAttachInfo(action_sets=[aset]))
    c.run(3)
    sync(c.session, aset)
    with pytest.raises(xr.ValidationFailureError):
        xr.get_input_source_localized_name(c.session, xr.InputSourceLocalizedNameGetInfo(
            source_path=source, which_components=0))
    assert xr.get_input_source_localized_name(c.session, info) == "Right Hand"
    every = xr.InputSourceLocalizedNameGetInfo(
        source_path=source,
        which_components=F.USER_PATH_BIT | F.INTERACTION_PROFILE_BIT | F.COMPONENT_BIT)
    assert xr.get_input_source_localized_name(c.session, every) == \
        "Right Hand Oculus Touch Controller Trigger Value"


def test_haptic_paths_and_stop(sim, client):
    """14: a path that does not exist is PATH_INVALID; stopping one hand stops only that hand."""
    s = sim()
    c = client()
    hands = [xr.string_to_path(c.instance, f"/user/hand/{h}") for h in ("left", "right")]
    aset = make_set(c.instance)
    buzz = make_action(aset, "buzz", xr.ActionType.VIBRATION_OUTPUT, hands)
    suggest(c.instance, TOUCH, [(buzz, "/user/hand/left/output/haptic"),
                                (buzz, "/user/hand/right/output/haptic")])
    c.open()
    xr.attach_session_action_sets(c.session, xr.SessionActionSetsAttachInfo(action_sets=[aset]))
    c.run(3)
    sync(c.session, aset)
    vib = xr.HapticVibration(duration=100_000_000, frequency=0, amplitude=0.5)
    header = ctypes.cast(ctypes.byref(vib), ctypes.POINTER(xr.HapticBaseHeader)).contents
    with pytest.raises(xr.PathInvalidError):
        xr.apply_haptic_feedback(c.session, xr.HapticActionInfo(action=buzz, subaction_path=9999),
                                 header)
    head = xr.string_to_path(c.instance, "/user/head")
    with pytest.raises(xr.PathUnsupportedError):
        xr.stop_haptic_feedback(c.session, xr.HapticActionInfo(action=buzz, subaction_path=head))
    xr.apply_haptic_feedback(c.session, xr.HapticActionInfo(action=buzz), header)
    xr.stop_haptic_feedback(c.session, xr.HapticActionInfo(action=buzz, subaction_path=hands[1]))
    c.close()
    report = s.report()
    assert [p["hand"] for p in report["haptic_pulses"]] == ["left", "right"]
    assert [e["event"] for e in report["events"] if e["event"].startswith("haptic_stop")] == \
        ["haptic_stop:right"]
