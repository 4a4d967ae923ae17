/* Actions: action sets, suggested bindings, attach, sync, action states,
 * interaction profiles and haptics. */
#include "xrsim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static XrPath hand_path[2];

static void ensure_paths(void) {
    hand_path[0] = xs_path_intern("/user/hand/left");
    hand_path[1] = xs_path_intern("/user/hand/right");
}

/* Names: NAME_INVALID when empty, PATH_FORMAT_INVALID when not a well-formed
 * path segment, VALIDATION_FAILURE when not terminated within the array. */
static XrResult check_name(const char *s, size_t max) {
    size_t n = strnlen(s, max);
    if (n == max) return XR_ERROR_VALIDATION_FAILURE;
    if (n == 0) return XR_ERROR_NAME_INVALID;
    int dots = 1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            return XR_ERROR_PATH_FORMAT_INVALID;
        dots &= c == '.';
    }
    return dots ? XR_ERROR_PATH_FORMAT_INVALID : XR_SUCCESS;
}

static XrResult check_localized(const char *s, size_t max) {
    size_t n = strnlen(s, max);
    if (n == max) return XR_ERROR_VALIDATION_FAILURE;
    return n == 0 ? XR_ERROR_LOCALIZED_NAME_INVALID : XR_SUCCESS;
}

/* Top-level user paths an action may name as subaction paths. */
static int subaction_path_ok(const char *p) {
    return xs_user_path_known(p) || strcmp(p, "/user/treadmill") == 0;
}

static xs_action *nth_action(uint32_t i) { return xs_handle_nth(i, XS_ACTION); }

int xs_action_has_subaction(xs_action *a, XrPath p) {
    for (uint32_t i = 0; i < a->n_subactions; i++)
        if (a->subactions[i] == p) return 1;
    return 0;
}

/* ---------------- sets and actions ---------------- */

static XRAPI_ATTR XrResult XRAPI_CALL xrCreateActionSet(XrInstance ih,
                                                        const XrActionSetCreateInfo *info,
                                                        XrActionSet *out) {
    XS_API_GUARD();
    static const char *fn = "xrCreateActionSet";
    xs_instance *inst = xs_handle_get((uint64_t)ih, XS_INSTANCE);
    if (!inst) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_ACTION_SET_CREATE_INFO, fn);
    if (!out) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    XrResult r = check_name(info->actionSetName, XR_MAX_ACTION_SET_NAME_SIZE);
    if (r < 0) return xs_fail(fn, r);
    r = check_localized(info->localizedActionSetName, XR_MAX_LOCALIZED_ACTION_SET_NAME_SIZE);
    if (r < 0) return xs_fail(fn, r);
    for (uint32_t i = 0; i < XS_MAX_OBJECTS; i++) {
        xs_action_set *o = xs_handle_nth(i, XS_ACTION_SET);
        if (o && strcmp(o->name, info->actionSetName) == 0)
            return xs_fail(fn, XR_ERROR_NAME_DUPLICATED);
        if (o && strcmp(o->localized, info->localizedActionSetName) == 0)
            return xs_fail(fn, XR_ERROR_LOCALIZED_NAME_DUPLICATED);
    }
    xs_action_set *set = calloc(1, sizeof *set);
    if (!set) return xs_fail(fn, XR_ERROR_OUT_OF_MEMORY);
    set->instance = inst;
    snprintf(set->name, sizeof set->name, "%s", info->actionSetName);
    snprintf(set->localized, sizeof set->localized, "%s", info->localizedActionSetName);
    set->priority = info->priority;
    set->handle = (XrActionSet)xs_handle_new(XS_ACTION_SET, set);
    *out = set->handle;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrDestroyActionSet(XrActionSet h) {
    XS_API_GUARD();
    xs_action_set *set = xs_handle_get((uint64_t)h, XS_ACTION_SET);
    if (!set) return xs_fail("xrDestroyActionSet", XR_ERROR_HANDLE_INVALID);
    for (uint32_t i = 0; i < XS_MAX_OBJECTS; i++) {
        xs_action *a = nth_action(i);
        if (a && a->set == set) {
            xs_handle_free((uint64_t)a->handle);
            free(a);
        }
    }
    xs_handle_free((uint64_t)h);
    free(set);
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrCreateAction(XrActionSet sh, const XrActionCreateInfo *info,
                                                     XrAction *out) {
    XS_API_GUARD();
    static const char *fn = "xrCreateAction";
    xs_action_set *set = xs_handle_get((uint64_t)sh, XS_ACTION_SET);
    if (!set) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_ACTION_CREATE_INFO, fn);
    if (!out) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    if (set->attached) return xs_fail(fn, XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
    XrResult r = check_name(info->actionName, XR_MAX_ACTION_NAME_SIZE);
    if (r < 0) return xs_fail(fn, r);
    r = check_localized(info->localizedActionName, XR_MAX_LOCALIZED_ACTION_NAME_SIZE);
    if (r < 0) return xs_fail(fn, r);
    switch (info->actionType) {
        case XR_ACTION_TYPE_BOOLEAN_INPUT: case XR_ACTION_TYPE_FLOAT_INPUT:
        case XR_ACTION_TYPE_VECTOR2F_INPUT: case XR_ACTION_TYPE_POSE_INPUT:
        case XR_ACTION_TYPE_VIBRATION_OUTPUT: break;
        default: return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    }
    if (info->countSubactionPaths > XS_MAX_SUBACTIONS || (info->countSubactionPaths && !info->subactionPaths))
        return xs_fail(fn, XR_ERROR_PATH_UNSUPPORTED);
    ensure_paths();
    for (uint32_t i = 0; i < info->countSubactionPaths; i++) {
        XrPath p = info->subactionPaths[i];
        if (!xs_path_str(p)) return xs_fail(fn, XR_ERROR_PATH_INVALID);
        if (!subaction_path_ok(xs_path_str(p))) return xs_fail(fn, XR_ERROR_PATH_UNSUPPORTED);
        for (uint32_t j = 0; j < i; j++)
            if (info->subactionPaths[j] == p) return xs_fail(fn, XR_ERROR_PATH_UNSUPPORTED);
    }
    for (uint32_t i = 0; i < XS_MAX_OBJECTS; i++) {
        xs_action *o = nth_action(i);
        if (o && o->set == set && strcmp(o->name, info->actionName) == 0)
            return xs_fail(fn, XR_ERROR_NAME_DUPLICATED);
        if (o && o->set == set && strcmp(o->localized, info->localizedActionName) == 0)
            return xs_fail(fn, XR_ERROR_LOCALIZED_NAME_DUPLICATED);
    }
    xs_action *a = calloc(1, sizeof *a);
    if (!a) return xs_fail(fn, XR_ERROR_OUT_OF_MEMORY);
    a->set = set;
    a->type = info->actionType;
    snprintf(a->name, sizeof a->name, "%s", info->actionName);
    snprintf(a->localized, sizeof a->localized, "%s", info->localizedActionName);
    a->n_subactions = info->countSubactionPaths;
    for (uint32_t i = 0; i < a->n_subactions; i++) a->subactions[i] = info->subactionPaths[i];
    a->handle = (XrAction)xs_handle_new(XS_ACTION, a);
    *out = a->handle;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrDestroyAction(XrAction h) {
    XS_API_GUARD();
    xs_action *a = xs_handle_get((uint64_t)h, XS_ACTION);
    if (!a) return xs_fail("xrDestroyAction", XR_ERROR_HANDLE_INVALID);
    xs_handle_free((uint64_t)h);
    free(a);
    return XR_SUCCESS;
}

/* ---------------- bindings and attach ---------------- */

static XRAPI_ATTR XrResult XRAPI_CALL xrSuggestInteractionProfileBindings(
    XrInstance ih, const XrInteractionProfileSuggestedBinding *s) {
    XS_API_GUARD();
    static const char *fn = "xrSuggestInteractionProfileBindings";
    if (!xs_handle_get((uint64_t)ih, XS_INSTANCE)) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(s, XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING, fn);
    const char *profile = xs_path_str(s->interactionProfile);
    if (!profile) return xs_fail(fn, XR_ERROR_PATH_INVALID);
    if (!xs_profile_known(profile)) return xs_fail(fn, XR_ERROR_PATH_UNSUPPORTED);
    if (s->countSuggestedBindings == 0 || !s->suggestedBindings)
        return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    xs_binding parsed[256];
    uint32_t n = s->countSuggestedBindings > 256 ? 256 : s->countSuggestedBindings;
    for (uint32_t i = 0; i < n; i++) {
        const XrActionSuggestedBinding *sb = &s->suggestedBindings[i];
        xs_action *a = xs_handle_get((uint64_t)sb->action, XS_ACTION);
        if (!a) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
        if (a->set->attached) return xs_fail(fn, XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
        const char *path = xs_path_str(sb->binding);
        if (!path) return xs_fail(fn, XR_ERROR_PATH_INVALID);
        memset(&parsed[i], 0, sizeof parsed[i]);
        if (!xs_binding_parse(profile, path, &parsed[i])) return xs_fail(fn, XR_ERROR_PATH_UNSUPPORTED);
        parsed[i].profile = s->interactionProfile;
        parsed[i].path = sb->binding;
    }
    /* A new suggestion for a profile replaces the previous one. */
    for (uint32_t i = 0; i < XS_MAX_OBJECTS; i++) {
        xs_action *a = nth_action(i);
        if (!a) continue;
        uint32_t k = 0;
        for (uint32_t j = 0; j < a->n_bindings; j++)
            if (a->bindings[j].profile != s->interactionProfile) a->bindings[k++] = a->bindings[j];
        a->n_bindings = k;
    }
    for (uint32_t i = 0; i < n; i++) {
        xs_action *a = xs_handle_get((uint64_t)s->suggestedBindings[i].action, XS_ACTION);
        int dup = 0;
        for (uint32_t j = 0; j < a->n_bindings; j++)
            dup |= a->bindings[j].profile == parsed[i].profile && a->bindings[j].path == parsed[i].path;
        if (!dup && a->n_bindings < XS_MAX_BINDINGS) a->bindings[a->n_bindings++] = parsed[i];
    }
    return XR_SUCCESS;
}

static int set_attached(const xs_session *s, const xs_action_set *set) {
    for (uint32_t i = 0; i < s->n_attached; i++)
        if (s->attached_sets[i] == (uint64_t)set->handle) return 1;
    return 0;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrAttachSessionActionSets(
    XrSession sh, const XrSessionActionSetsAttachInfo *info) {
    XS_API_GUARD();
    static const char *fn = "xrAttachSessionActionSets";
    xs_session *s = xs_session_get(sh);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO, fn);
    if (s->actions_attached) return xs_fail(fn, XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
    if (info->countActionSets == 0 || info->countActionSets > 16 || !info->actionSets)
        return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    for (uint32_t i = 0; i < info->countActionSets; i++)
        if (!xs_handle_get((uint64_t)info->actionSets[i], XS_ACTION_SET))
            return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    for (uint32_t i = 0; i < info->countActionSets; i++) {
        xs_action_set *set = xs_handle_get((uint64_t)info->actionSets[i], XS_ACTION_SET);
        set->attached = 1;
        s->attached_sets[s->n_attached++] = (uint64_t)set->handle;
    }
    s->actions_attached = 1;
    /* The interaction profile is chosen at the next xrSyncActions, never here. */
    s->profile[0] = s->profile[1] = XR_NULL_PATH;
    return XR_SUCCESS;
}

/* The "connected" controllers: Touch when the attached actions have Touch
 * bindings, else the simple controller when they have simple bindings.
 * Called from xrSyncActions, the only place the profile may change; a
 * change queues XrEventDataInteractionProfileChanged. */
void xs_actions_select_profiles(xs_session *s) {
    if (!s->actions_attached) return;
    XrPath simple = xs_path_intern("/interaction_profiles/khr/simple_controller");
    XrPath touch = xs_path_intern("/interaction_profiles/oculus/touch_controller");
    int has_simple = 0, has_touch = 0;
    for (uint32_t k = 0; k < XS_MAX_OBJECTS; k++) {
        xs_action *a = nth_action(k);
        if (!a || !set_attached(s, a->set)) continue;
        for (uint32_t j = 0; j < a->n_bindings; j++) {
            has_simple |= a->bindings[j].profile == simple;
            has_touch |= a->bindings[j].profile == touch;
        }
    }
    XrPath chosen = has_touch ? touch : has_simple ? simple : XR_NULL_PATH;
    if (s->profile[0] == chosen && s->profile[1] == chosen) return;
    s->profile[0] = s->profile[1] = chosen;
    XrEventDataBuffer buf;
    memset(&buf, 0, sizeof buf);
    XrEventDataInteractionProfileChanged *ev = (XrEventDataInteractionProfileChanged *)&buf;
    ev->type = XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED;
    ev->session = s->handle;
    xs_event_push(&buf);
}

static XRAPI_ATTR XrResult XRAPI_CALL xrGetCurrentInteractionProfile(
    XrSession sh, XrPath top, XrInteractionProfileState *state) {
    XS_API_GUARD();
    static const char *fn = "xrGetCurrentInteractionProfile";
    xs_session *s = xs_session_get(sh);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(state, XR_TYPE_INTERACTION_PROFILE_STATE, fn);
    if (!s->actions_attached) return xs_fail(fn, XR_ERROR_ACTIONSET_NOT_ATTACHED);
    const char *p = xs_path_str(top);
    if (!p) return xs_fail(fn, XR_ERROR_PATH_INVALID);
    ensure_paths();
    if (top == hand_path[0] || top == hand_path[1])
        state->interactionProfile = s->profile[top == hand_path[1]];
    else if (subaction_path_ok(p))
        state->interactionProfile = XR_NULL_PATH;
    else
        return xs_fail(fn, XR_ERROR_PATH_UNSUPPORTED);
    return XR_SUCCESS;
}


#define FN(name) {#name, (PFN_xrVoidFunction)name}
static const struct {
    const char *name;
    PFN_xrVoidFunction fn;
} action_fns[] = {
    FN(xrCreateActionSet), FN(xrDestroyActionSet), FN(xrCreateAction), FN(xrDestroyAction),
    FN(xrSuggestInteractionProfileBindings), FN(xrAttachSessionActionSets),
    FN(xrGetCurrentInteractionProfile),
};

PFN_xrVoidFunction xs_lookup_action_fn(const char *name) {
    for (size_t i = 0; i < sizeof action_fns / sizeof action_fns[0]; i++)
        if (strcmp(name, action_fns[i].name) == 0) return action_fns[i].fn;
    return xs_lookup_action_state_fn(name);
}

int xs_action_set_attached(const xs_session *s, const xs_action_set *set) {
    return set_attached(s, set);
}
