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

static int name_ok(const char *s, size_t max) {
    size_t n = strnlen(s, max);
    if (n == 0 || n == max) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            return 0;
    }
    return 1;
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
    static const char *fn = "xrCreateActionSet";
    xs_instance *inst = xs_handle_get((uint64_t)ih, XS_INSTANCE);
    if (!inst) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_ACTION_SET_CREATE_INFO, fn);
    if (!out) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    if (!name_ok(info->actionSetName, XR_MAX_ACTION_SET_NAME_SIZE))
        return xs_fail(fn, XR_ERROR_PATH_FORMAT_INVALID);
    if (!info->localizedActionSetName[0]) return xs_fail(fn, XR_ERROR_LOCALIZED_NAME_INVALID);
    for (uint32_t i = 0; i < XS_MAX_OBJECTS; i++) {
        xs_action_set *o = xs_handle_nth(i, XS_ACTION_SET);
        if (o && strcmp(o->name, info->actionSetName) == 0)
            return xs_fail(fn, XR_ERROR_NAME_DUPLICATED);
    }
    xs_action_set *set = calloc(1, sizeof *set);
    set->instance = inst;
    snprintf(set->name, sizeof set->name, "%s", info->actionSetName);
    set->priority = info->priority;
    set->handle = (XrActionSet)xs_handle_new(XS_ACTION_SET, set);
    *out = set->handle;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrDestroyActionSet(XrActionSet h) {
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
    static const char *fn = "xrCreateAction";
    xs_action_set *set = xs_handle_get((uint64_t)sh, XS_ACTION_SET);
    if (!set) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_ACTION_CREATE_INFO, fn);
    if (!out) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    if (set->attached) return xs_fail(fn, XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
    if (!name_ok(info->actionName, XR_MAX_ACTION_NAME_SIZE))
        return xs_fail(fn, XR_ERROR_PATH_FORMAT_INVALID);
    if (!info->localizedActionName[0]) return xs_fail(fn, XR_ERROR_LOCALIZED_NAME_INVALID);
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
        if (p != hand_path[0] && p != hand_path[1]) return xs_fail(fn, XR_ERROR_PATH_UNSUPPORTED);
        for (uint32_t j = 0; j < i; j++)
            if (info->subactionPaths[j] == p) return xs_fail(fn, XR_ERROR_PATH_UNSUPPORTED);
    }
    for (uint32_t i = 0; i < XS_MAX_OBJECTS; i++) {
        xs_action *o = nth_action(i);
        if (o && o->set == set && strcmp(o->name, info->actionName) == 0)
            return xs_fail(fn, XR_ERROR_NAME_DUPLICATED);
    }
    xs_action *a = calloc(1, sizeof *a);
    a->set = set;
    a->type = info->actionType;
    snprintf(a->name, sizeof a->name, "%s", info->actionName);
    a->n_subactions = info->countSubactionPaths;
    for (uint32_t i = 0; i < a->n_subactions; i++) a->subactions[i] = info->subactionPaths[i];
    a->handle = (XrAction)xs_handle_new(XS_ACTION, a);
    *out = a->handle;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrDestroyAction(XrAction h) {
    xs_action *a = xs_handle_get((uint64_t)h, XS_ACTION);
    if (!a) return xs_fail("xrDestroyAction", XR_ERROR_HANDLE_INVALID);
    xs_handle_free((uint64_t)h);
    free(a);
    return XR_SUCCESS;
}

/* ---------------- bindings and attach ---------------- */

static XRAPI_ATTR XrResult XRAPI_CALL xrSuggestInteractionProfileBindings(
    XrInstance ih, const XrInteractionProfileSuggestedBinding *s) {
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
        if (a->n_bindings < XS_MAX_BINDINGS) a->bindings[a->n_bindings++] = parsed[i];
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
    XrPath simple = xs_path_intern("/interaction_profiles/khr/simple_controller");
    XrPath touch = xs_path_intern("/interaction_profiles/oculus/touch_controller");
    int has_simple = 0, has_touch = 0;
    for (uint32_t i = 0; i < info->countActionSets; i++) {
        xs_action_set *set = xs_handle_get((uint64_t)info->actionSets[i], XS_ACTION_SET);
        set->attached = 1;
        s->attached_sets[s->n_attached++] = (uint64_t)set->handle;
        for (uint32_t k = 0; k < XS_MAX_OBJECTS; k++) {
            xs_action *a = nth_action(k);
            if (!a || a->set != set) continue;
            for (uint32_t j = 0; j < a->n_bindings; j++) {
                has_simple |= a->bindings[j].profile == simple;
                has_touch |= a->bindings[j].profile == touch;
            }
        }
    }
    s->actions_attached = 1;
    XrPath chosen = has_touch ? touch : has_simple ? simple : XR_NULL_PATH;
    s->profile[0] = s->profile[1] = chosen;
    if (chosen != XR_NULL_PATH) {
        XrEventDataBuffer buf;
        memset(&buf, 0, sizeof buf);
        XrEventDataInteractionProfileChanged *ev = (XrEventDataInteractionProfileChanged *)&buf;
        ev->type = XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED;
        ev->session = s->handle;
        xs_event_push(&buf);
    }
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrGetCurrentInteractionProfile(
    XrSession sh, XrPath top, XrInteractionProfileState *state) {
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
    else if (strcmp(p, "/user/head") == 0 || strcmp(p, "/user/gamepad") == 0)
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
