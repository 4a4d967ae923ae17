/* Action state: xrSyncActions reads the simulated controllers through the
 * bindings of the current interaction profile; state queries and haptics. */
#include "xrsim.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int hand_of_path(XrPath p) {
    const char *s = xs_path_str(p);
    if (!s) return -1;
    if (strcmp(s, "/user/hand/left") == 0) return 0;
    if (strcmp(s, "/user/hand/right") == 0) return 1;
    return -1;
}

/* Input sources claimed by the highest-priority active action set bound to
 * them, for one xrSyncActions (priority rules of XrActionSetCreateInfo). */
#define XS_MAX_CLAIMS 512
typedef struct {
    XrPath path;
    uint32_t priority;
} claim;
static claim claims[XS_MAX_CLAIMS];
static uint32_t n_claims;

static uint32_t *claim_of(XrPath path) {
    for (uint32_t i = 0; i < n_claims; i++)
        if (claims[i].path == path) return &claims[i].priority;
    if (n_claims == XS_MAX_CLAIMS) return NULL;
    claims[n_claims].path = path;
    claims[n_claims].priority = 0;
    return &claims[n_claims++].priority;
}

static int binding_live(const xs_session *s, const xs_binding *b, int hand) {
    return b->hand == hand && b->hand >= 0 && b->profile != XR_NULL_PATH &&
           b->profile == s->profile[hand] && b->kind != XS_BK_NONE;
}

/* A lower-priority set does not get a source a higher-priority set uses. */
static int blocked(const xs_action *a, const xs_binding *b) {
    for (uint32_t i = 0; i < n_claims; i++)
        if (claims[i].path == b->path) return claims[i].priority > a->set->priority;
    return 0;
}

/* Computes one hand's value; returns whether any binding is live. */
static int hand_value(const xs_session *s, const xs_action *a, int hand, float out[2]) {
    int live = 0;
    out[0] = out[1] = 0;
    for (uint32_t i = 0; i < a->n_bindings; i++) {
        const xs_binding *b = &a->bindings[i];
        if (!binding_live(s, b, hand) || blocked(a, b)) continue;
        if (a->type == XR_ACTION_TYPE_POSE_INPUT) {
            if (b->kind == XS_BK_POSE) live = 1;
            continue;
        }
        if (a->type == XR_ACTION_TYPE_VIBRATION_OUTPUT) {
            if (b->kind == XS_BK_HAPTIC) live = 1;
            continue;
        }
        float v[2];
        if (b->kind == XS_BK_POSE || b->kind == XS_BK_HAPTIC) continue;
        if ((a->type == XR_ACTION_TYPE_VECTOR2F_INPUT) != (b->kind == XS_BK_VEC2)) continue;
        if (!xs_binding_value(b, v)) continue;
        live = 1;
        if (a->type == XR_ACTION_TYPE_VECTOR2F_INPUT) {
            if (hypotf(v[0], v[1]) > hypotf(out[0], out[1])) { out[0] = v[0]; out[1] = v[1]; }
        } else if (a->type == XR_ACTION_TYPE_BOOLEAN_INPUT) {
            if (v[0] >= 0.5f) out[0] = 1;
        } else if (fabsf(v[0]) > fabsf(out[0])) {
            out[0] = v[0];
        }
    }
    return live;
}

static void update(xs_action_value *slot, int active, const float v[2], XrTime now) {
    int differs = slot->v[0] != v[0] || slot->v[1] != v[1];
    slot->changed = active && slot->active && differs;
    if (active && (differs || !slot->active)) slot->last_change = now;
    slot->active = active;
    slot->v[0] = active ? v[0] : 0;
    slot->v[1] = active ? v[1] : 0;
}

/* Whether some action of the set names this subaction path. */
static int set_has_subaction(const xs_action_set *set, XrPath p) {
    if (hand_of_path(p) < 0 && !(xs_path_str(p) && xs_user_path_known(xs_path_str(p)))) return 0;
    for (uint32_t k = 0; k < XS_MAX_OBJECTS; k++) {
        xs_action *a = xs_handle_nth(k, XS_ACTION);
        if (a && a->set == set && xs_action_has_subaction(a, p)) return 1;
    }
    return 0;
}

/* The hands an action set is active for in this sync (NULL subaction path: both). */
static void set_hands(const XrActionsSyncInfo *info, const xs_action_set *set, int allow[2]) {
    for (uint32_t i = 0; i < info->countActiveActionSets; i++) {
        const XrActiveActionSet *as = &info->activeActionSets[i];
        if ((uint64_t)as->actionSet != (uint64_t)set->handle) continue;
        int hand = hand_of_path(as->subactionPath);
        if (as->subactionPath == XR_NULL_PATH) allow[0] = allow[1] = 1;
        else if (hand >= 0) allow[hand] = 1;
    }
}

static XRAPI_ATTR XrResult XRAPI_CALL xrSyncActions(XrSession sh, const XrActionsSyncInfo *info) {
    XS_API_GUARD();
    static const char *fn = "xrSyncActions";
    xs_session *s = xs_session_get(sh);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_ACTIONS_SYNC_INFO, fn);
    if (info->countActiveActionSets && !info->activeActionSets)
        return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    for (uint32_t i = 0; i < info->countActiveActionSets; i++) {
        const XrActiveActionSet *as = &info->activeActionSets[i];
        xs_action_set *set = xs_handle_get((uint64_t)as->actionSet, XS_ACTION_SET);
        if (!set) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
        if (!xs_action_set_attached(s, set)) return xs_fail(fn, XR_ERROR_ACTIONSET_NOT_ATTACHED);
        if (as->subactionPath != XR_NULL_PATH && !set_has_subaction(set, as->subactionPath))
            return xs_fail(fn, xs_path_str(as->subactionPath) ? XR_ERROR_PATH_UNSUPPORTED
                                                               : XR_ERROR_PATH_INVALID);
    }
    xs_actions_select_profiles(s);
    xs_session_tick_idle(s);
    if (s->lost) return XR_SESSION_LOSS_PENDING;
    int focused = s->state == XR_SESSION_STATE_FOCUSED;
    XrTime now = s->predicted_ns > 0 ? s->predicted_ns : xs_now_ns();
    /* Which hands each active set covers, then who claims each source. */
    n_claims = 0;
    for (uint32_t k = 0; focused && k < XS_MAX_OBJECTS; k++) {
        xs_action *a = xs_handle_nth(k, XS_ACTION);
        if (!a || !xs_action_set_attached(s, a->set)) continue;
        int allow[2] = {0, 0};
        set_hands(info, a->set, allow);
        for (uint32_t i = 0; i < a->n_bindings; i++) {
            const xs_binding *b = &a->bindings[i];
            if (b->hand < 0 || !allow[b->hand] || !binding_live(s, b, b->hand)) continue;
            uint32_t *p = claim_of(b->path);
            if (p && *p < a->set->priority) *p = a->set->priority;
        }
    }
    for (uint32_t k = 0; k < XS_MAX_OBJECTS; k++) {
        xs_action *a = xs_handle_nth(k, XS_ACTION);
        if (!a || !xs_action_set_attached(s, a->set)) continue;
        int allow[2] = {0, 0};
        if (focused) set_hands(info, a->set, allow);
        float v[2][2], comb[2] = {0, 0};
        int live[2], any = 0;
        for (int hand = 0; hand < 2; hand++) {
            live[hand] = allow[hand] && hand_value(s, a, hand, v[hand]);
            if (!live[hand]) v[hand][0] = v[hand][1] = 0;
            update(&a->value[hand], live[hand], v[hand], now);
            if (!live[hand]) continue;
            any = 1;
            if (a->type == XR_ACTION_TYPE_VECTOR2F_INPUT) {
                if (hypotf(v[hand][0], v[hand][1]) > hypotf(comb[0], comb[1])) {
                    comb[0] = v[hand][0];
                    comb[1] = v[hand][1];
                }
            } else if (fabsf(v[hand][0]) > fabsf(comb[0])) {
                comb[0] = v[hand][0];
            }
        }
        update(&a->value[2], any, comb, now);
    }
    return focused ? XR_SUCCESS : XR_SESSION_NOT_FOCUSED;
}

/* Validates a state query and returns the value slot to read. */
static XrResult lookup(const char *fn, XrSession sh, const XrActionStateGetInfo *info,
                       XrActionType type, xs_action **out_a, xs_action_value **slot) {
    xs_session *s = xs_session_get(sh);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_ACTION_STATE_GET_INFO, fn);
    xs_action *a = xs_handle_get((uint64_t)info->action, XS_ACTION);
    if (!a) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (!xs_action_set_attached(s, a->set)) return xs_fail(fn, XR_ERROR_ACTIONSET_NOT_ATTACHED);
    if (a->type != type) return xs_fail(fn, XR_ERROR_ACTION_TYPE_MISMATCH);
    int idx = 2;
    if (info->subactionPath != XR_NULL_PATH) {
        if (!xs_path_str(info->subactionPath)) return xs_fail(fn, XR_ERROR_PATH_INVALID);
        if (!xs_action_has_subaction(a, info->subactionPath))
            return xs_fail(fn, XR_ERROR_PATH_UNSUPPORTED);
        idx = hand_of_path(info->subactionPath);
        if (idx < 0) idx = 3; /* /user/head, /user/gamepad, ...: never connected */
    }
    *out_a = a;
    *slot = &a->value[idx];
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrGetActionStateBoolean(XrSession sh,
                                                              const XrActionStateGetInfo *info,
                                                              XrActionStateBoolean *st) {
    XS_API_GUARD();
    static const char *fn = "xrGetActionStateBoolean";
    xs_action *a;
    xs_action_value *v;
    XrResult r = lookup(fn, sh, info, XR_ACTION_TYPE_BOOLEAN_INPUT, &a, &v);
    if (r < 0) return r;
    XS_CHECK_TYPE(st, XR_TYPE_ACTION_STATE_BOOLEAN, fn);
    st->currentState = v->v[0] >= 0.5f;
    st->changedSinceLastSync = v->changed;
    st->lastChangeTime = v->last_change;
    st->isActive = v->active;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrGetActionStateFloat(XrSession sh,
                                                            const XrActionStateGetInfo *info,
                                                            XrActionStateFloat *st) {
    XS_API_GUARD();
    static const char *fn = "xrGetActionStateFloat";
    xs_action *a;
    xs_action_value *v;
    XrResult r = lookup(fn, sh, info, XR_ACTION_TYPE_FLOAT_INPUT, &a, &v);
    if (r < 0) return r;
    XS_CHECK_TYPE(st, XR_TYPE_ACTION_STATE_FLOAT, fn);
    st->currentState = v->v[0];
    st->changedSinceLastSync = v->changed;
    st->lastChangeTime = v->last_change;
    st->isActive = v->active;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrGetActionStateVector2f(XrSession sh,
                                                               const XrActionStateGetInfo *info,
                                                               XrActionStateVector2f *st) {
    XS_API_GUARD();
    static const char *fn = "xrGetActionStateVector2f";
    xs_action *a;
    xs_action_value *v;
    XrResult r = lookup(fn, sh, info, XR_ACTION_TYPE_VECTOR2F_INPUT, &a, &v);
    if (r < 0) return r;
    XS_CHECK_TYPE(st, XR_TYPE_ACTION_STATE_VECTOR2F, fn);
    st->currentState.x = v->v[0];
    st->currentState.y = v->v[1];
    st->changedSinceLastSync = v->changed;
    st->lastChangeTime = v->last_change;
    st->isActive = v->active;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrGetActionStatePose(XrSession sh,
                                                           const XrActionStateGetInfo *info,
                                                           XrActionStatePose *st) {
    XS_API_GUARD();
    static const char *fn = "xrGetActionStatePose";
    xs_action *a;
    xs_action_value *v;
    XrResult r = lookup(fn, sh, info, XR_ACTION_TYPE_POSE_INPUT, &a, &v);
    if (r < 0) return r;
    XS_CHECK_TYPE(st, XR_TYPE_ACTION_STATE_POSE, fn);
    st->isActive = v->active;
    return XR_SUCCESS;
}

int xs_action_pose_source(xs_action *a, XrPath subaction, int *hand, int *src) {
    xs_session *s = xs_inst ? xs_inst->session : NULL;
    if (!s || !xs_action_set_attached(s, a->set)) return 0;
    int want = subaction == XR_NULL_PATH ? -1 : hand_of_path(subaction);
    for (uint32_t i = 0; i < a->n_bindings; i++) {
        const xs_binding *b = &a->bindings[i];
        if (b->kind != XS_BK_POSE || b->hand < 0 || b->profile != s->profile[b->hand]) continue;
        if (want >= 0 && b->hand != want) continue;
        if (!a->value[b->hand].active) continue;
        *hand = b->hand;
        *src = b->input;
        return 1;
    }
    return 0;
}

/* Checks a haptic call's action and subaction path; fills the hands it targets. */
static XrResult haptic_target(const char *fn, xs_session *s, const XrHapticActionInfo *info,
                              xs_action **out, int hands[2]) {
    xs_action *a = xs_handle_get((uint64_t)info->action, XS_ACTION);
    if (!a) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (!xs_action_set_attached(s, a->set)) return xs_fail(fn, XR_ERROR_ACTIONSET_NOT_ATTACHED);
    if (a->type != XR_ACTION_TYPE_VIBRATION_OUTPUT) return xs_fail(fn, XR_ERROR_ACTION_TYPE_MISMATCH);
    if (info->subactionPath != XR_NULL_PATH) {
        if (!xs_path_str(info->subactionPath)) return xs_fail(fn, XR_ERROR_PATH_INVALID);
        if (!xs_action_has_subaction(a, info->subactionPath))
            return xs_fail(fn, XR_ERROR_PATH_UNSUPPORTED);
    }
    int want = info->subactionPath == XR_NULL_PATH ? -1 : hand_of_path(info->subactionPath);
    for (int hand = 0; hand < 2; hand++) {
        int bound = 0;
        for (uint32_t i = 0; i < a->n_bindings; i++)
            bound |= a->bindings[i].kind == XS_BK_HAPTIC && binding_live(s, &a->bindings[i], hand);
        hands[hand] = bound && (want < 0 ? info->subactionPath == XR_NULL_PATH : hand == want);
    }
    *out = a;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrApplyHapticFeedback(XrSession sh,
                                                            const XrHapticActionInfo *info,
                                                            const XrHapticBaseHeader *haptic) {
    static const char *fn = "xrApplyHapticFeedback";
    XS_API_GUARD();
    xs_session *s = xs_session_get(sh);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_HAPTIC_ACTION_INFO, fn);
    XS_CHECK_TYPE(haptic, XR_TYPE_HAPTIC_VIBRATION, fn);
    xs_action *a;
    int hands[2];
    XrResult r = haptic_target(fn, s, info, &a, hands);
    if (r < 0) return r;
    if (s->lost) return XR_SESSION_LOSS_PENDING;
    if (s->state != XR_SESSION_STATE_FOCUSED) return XR_SESSION_NOT_FOCUSED;
    const XrHapticVibration *vib = (const XrHapticVibration *)haptic;
    for (int hand = 0; hand < 2; hand++)
        if (hands[hand]) xs_report_haptic(hand, vib->duration, vib->frequency, vib->amplitude);
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrStopHapticFeedback(XrSession sh,
                                                           const XrHapticActionInfo *info) {
    static const char *fn = "xrStopHapticFeedback";
    XS_API_GUARD();
    xs_session *s = xs_session_get(sh);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_HAPTIC_ACTION_INFO, fn);
    xs_action *a;
    int hands[2];
    XrResult r = haptic_target(fn, s, info, &a, hands);
    if (r < 0) return r;
    if (s->lost) return XR_SESSION_LOSS_PENDING;
    if (s->state != XR_SESSION_STATE_FOCUSED) return XR_SESSION_NOT_FOCUSED;
    static const char *names[2] = {"haptic_stop:left", "haptic_stop:right"};
    for (int hand = 0; hand < 2; hand++)
        if (hands[hand]) xs_report_event(names[hand]);
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrEnumerateBoundSourcesForAction(
    XrSession sh, const XrBoundSourcesForActionEnumerateInfo *info, uint32_t cap,
    uint32_t *count, XrPath *out) {
    static const char *fn = "xrEnumerateBoundSourcesForAction";
    XS_API_GUARD();
    xs_session *s = xs_session_get(sh);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_BOUND_SOURCES_FOR_ACTION_ENUMERATE_INFO, fn);
    xs_action *a = xs_handle_get((uint64_t)info->action, XS_ACTION);
    if (!a) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (!xs_action_set_attached(s, a->set)) return xs_fail(fn, XR_ERROR_ACTIONSET_NOT_ATTACHED);
    if (!count || (cap && !out)) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    /* The sources of the current profiles, each once (two-call idiom). */
    XrPath found[XS_MAX_BINDINGS];
    uint32_t n = 0;
    for (uint32_t i = 0; i < a->n_bindings; i++) {
        const xs_binding *b = &a->bindings[i];
        if (b->hand < 0 || !binding_live(s, b, b->hand)) continue;
        int dup = 0;
        for (uint32_t j = 0; j < n; j++) dup |= found[j] == b->path;
        if (!dup) found[n++] = b->path;
    }
    *count = n;
    if (cap == 0) return XR_SUCCESS;
    if (cap < n) return xs_fail(fn, XR_ERROR_SIZE_INSUFFICIENT);
    memcpy(out, found, n * sizeof *out);
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrGetInputSourceLocalizedName(
    XrSession sh, const XrInputSourceLocalizedNameGetInfo *info, uint32_t cap, uint32_t *count,
    char *buf) {
    static const char *fn = "xrGetInputSourceLocalizedName";
    XS_API_GUARD();
    xs_session *s = xs_session_get(sh);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_INPUT_SOURCE_LOCALIZED_NAME_GET_INFO, fn);
    if (!s->actions_attached) return xs_fail(fn, XR_ERROR_ACTIONSET_NOT_ATTACHED);
    const XrInputSourceLocalizedNameFlags all = XR_INPUT_SOURCE_LOCALIZED_NAME_USER_PATH_BIT |
                                                XR_INPUT_SOURCE_LOCALIZED_NAME_INTERACTION_PROFILE_BIT |
                                                XR_INPUT_SOURCE_LOCALIZED_NAME_COMPONENT_BIT;
    if (info->whichComponents == 0 || (info->whichComponents & ~all))
        return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    const char *p = xs_path_str(info->sourcePath);
    if (!p) return xs_fail(fn, XR_ERROR_PATH_INVALID);
    if (!count || (cap && !buf)) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    /* "Left Hand Oculus Touch Controller Trigger Value", parts as asked. */
    int hand = strncmp(p, "/user/hand/left/", 16) == 0 ? 0
               : strncmp(p, "/user/hand/right/", 17) == 0 ? 1 : -1;
    static const char *user_names[2] = {"Left Hand", "Right Hand"};
    if (hand < 0) return xs_fail(fn, XR_ERROR_PATH_UNSUPPORTED);
    const char *profile = s->profile[hand] ? xs_profile_title(xs_path_str(s->profile[hand])) : NULL;
    char component[128];
    xs_binding_component_name(p, component, sizeof component);
    char name[256] = "";
    if (info->whichComponents & XR_INPUT_SOURCE_LOCALIZED_NAME_USER_PATH_BIT)
        snprintf(name + strlen(name), sizeof name - strlen(name), "%s", user_names[hand]);
    if (info->whichComponents & XR_INPUT_SOURCE_LOCALIZED_NAME_INTERACTION_PROFILE_BIT)
        snprintf(name + strlen(name), sizeof name - strlen(name), "%s%s", name[0] ? " " : "",
                 profile ? profile : "Controller");
    if (info->whichComponents & XR_INPUT_SOURCE_LOCALIZED_NAME_COMPONENT_BIT)
        snprintf(name + strlen(name), sizeof name - strlen(name), "%s%s", name[0] ? " " : "",
                 component[0] ? component : "Input");
    uint32_t need = (uint32_t)strlen(name) + 1;
    *count = need;
    if (cap == 0) return XR_SUCCESS;
    if (cap < need) return xs_fail(fn, XR_ERROR_SIZE_INSUFFICIENT);
    memcpy(buf, name, need);
    return XR_SUCCESS;
}

#define FN(name) {#name, (PFN_xrVoidFunction)name}
static const struct {
    const char *name;
    PFN_xrVoidFunction fn;
} state_fns[] = {
    FN(xrSyncActions), FN(xrGetActionStateBoolean), FN(xrGetActionStateFloat),
    FN(xrGetActionStateVector2f), FN(xrGetActionStatePose), FN(xrApplyHapticFeedback),
    FN(xrStopHapticFeedback), FN(xrEnumerateBoundSourcesForAction),
    FN(xrGetInputSourceLocalizedName),
};

PFN_xrVoidFunction xs_lookup_action_state_fn(const char *name) {
    for (size_t i = 0; i < sizeof state_fns / sizeof state_fns[0]; i++)
        if (strcmp(name, state_fns[i].name) == 0) return state_fns[i].fn;
    return NULL;
}
