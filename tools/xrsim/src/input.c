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

/* Computes one hand's value; returns whether any binding is live. */
static int hand_value(const xs_session *s, const xs_action *a, int hand, float out[2]) {
    int live = 0;
    out[0] = out[1] = 0;
    for (uint32_t i = 0; i < a->n_bindings; i++) {
        const xs_binding *b = &a->bindings[i];
        if (b->hand != hand || b->profile != s->profile[hand] || b->profile == XR_NULL_PATH)
            continue;
        if (a->type == XR_ACTION_TYPE_POSE_INPUT) {
            if (b->kind == XS_BK_POSE) live = 1;
            continue;
        }
        if (a->type == XR_ACTION_TYPE_VIBRATION_OUTPUT) {
            if (b->kind == XS_BK_HAPTIC) live = 1;
            continue;
        }
        float v[2];
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

static XRAPI_ATTR XrResult XRAPI_CALL xrSyncActions(XrSession sh, const XrActionsSyncInfo *info) {
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
        if (as->subactionPath != XR_NULL_PATH && hand_of_path(as->subactionPath) < 0)
            return xs_fail(fn, xs_path_str(as->subactionPath) ? XR_ERROR_PATH_UNSUPPORTED
                                                               : XR_ERROR_PATH_INVALID);
    }
    if (s->lost) return XR_SESSION_LOSS_PENDING;
    int focused = s->state == XR_SESSION_STATE_FOCUSED;
    XrTime now = s->predicted_ns > 0 ? s->predicted_ns : xs_now_ns();
    for (uint32_t k = 0; k < XS_MAX_OBJECTS; k++) {
        xs_action *a = xs_handle_nth(k, XS_ACTION);
        if (!a || !xs_action_set_attached(s, a->set)) continue;
        int allow[2] = {0, 0};
        for (uint32_t i = 0; focused && i < info->countActiveActionSets; i++) {
            const XrActiveActionSet *as = &info->activeActionSets[i];
            if ((uint64_t)as->actionSet != (uint64_t)a->set->handle) continue;
            int hand = hand_of_path(as->subactionPath);
            if (hand < 0) allow[0] = allow[1] = 1;
            else allow[hand] = 1;
        }
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
    }
    *out_a = a;
    *slot = &a->value[idx];
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrGetActionStateBoolean(XrSession sh,
                                                              const XrActionStateGetInfo *info,
                                                              XrActionStateBoolean *st) {
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
        if (b->kind != XS_BK_POSE || b->profile != s->profile[b->hand]) continue;
        if (want >= 0 && b->hand != want) continue;
        if (!a->value[b->hand].active) continue;
        *hand = b->hand;
        *src = b->input;
        return 1;
    }
    return 0;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrApplyHapticFeedback(XrSession sh,
                                                            const XrHapticActionInfo *info,
                                                            const XrHapticBaseHeader *haptic) {
    static const char *fn = "xrApplyHapticFeedback";
    xs_session *s = xs_session_get(sh);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_HAPTIC_ACTION_INFO, fn);
    XS_CHECK_TYPE(haptic, XR_TYPE_HAPTIC_VIBRATION, fn);
    xs_action *a = xs_handle_get((uint64_t)info->action, XS_ACTION);
    if (!a) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (!xs_action_set_attached(s, a->set)) return xs_fail(fn, XR_ERROR_ACTIONSET_NOT_ATTACHED);
    if (a->type != XR_ACTION_TYPE_VIBRATION_OUTPUT) return xs_fail(fn, XR_ERROR_ACTION_TYPE_MISMATCH);
    if (info->subactionPath != XR_NULL_PATH && !xs_action_has_subaction(a, info->subactionPath))
        return xs_fail(fn, XR_ERROR_PATH_UNSUPPORTED);
    if (s->state != XR_SESSION_STATE_FOCUSED) return XR_SESSION_NOT_FOCUSED;
    const XrHapticVibration *vib = (const XrHapticVibration *)haptic;
    int want = info->subactionPath == XR_NULL_PATH ? -1 : hand_of_path(info->subactionPath);
    for (int hand = 0; hand < 2; hand++) {
        if (want >= 0 && hand != want) continue;
        int bound = 0;
        for (uint32_t i = 0; i < a->n_bindings; i++)
            bound |= a->bindings[i].kind == XS_BK_HAPTIC && a->bindings[i].hand == hand &&
                     a->bindings[i].profile == s->profile[hand] &&
                     a->bindings[i].profile != XR_NULL_PATH;
        if (bound) xs_report_haptic(hand, vib->duration, vib->frequency, vib->amplitude);
    }
    return s->state == XR_SESSION_STATE_FOCUSED ? XR_SUCCESS : XR_SESSION_NOT_FOCUSED;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrStopHapticFeedback(XrSession sh,
                                                           const XrHapticActionInfo *info) {
    static const char *fn = "xrStopHapticFeedback";
    xs_session *s = xs_session_get(sh);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_HAPTIC_ACTION_INFO, fn);
    xs_action *a = xs_handle_get((uint64_t)info->action, XS_ACTION);
    if (!a) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (!xs_action_set_attached(s, a->set)) return xs_fail(fn, XR_ERROR_ACTIONSET_NOT_ATTACHED);
    if (a->type != XR_ACTION_TYPE_VIBRATION_OUTPUT) return xs_fail(fn, XR_ERROR_ACTION_TYPE_MISMATCH);
    return s->state == XR_SESSION_STATE_FOCUSED ? XR_SUCCESS : XR_SESSION_NOT_FOCUSED;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrEnumerateBoundSourcesForAction(
    XrSession sh, const XrBoundSourcesForActionEnumerateInfo *info, uint32_t cap,
    uint32_t *count, XrPath *out) {
    static const char *fn = "xrEnumerateBoundSourcesForAction";
    xs_session *s = xs_session_get(sh);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_BOUND_SOURCES_FOR_ACTION_ENUMERATE_INFO, fn);
    xs_action *a = xs_handle_get((uint64_t)info->action, XS_ACTION);
    if (!a) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (!xs_action_set_attached(s, a->set)) return xs_fail(fn, XR_ERROR_ACTIONSET_NOT_ATTACHED);
    if (!count) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    uint32_t n = 0;
    for (uint32_t i = 0; i < a->n_bindings; i++) {
        const xs_binding *b = &a->bindings[i];
        if (b->profile != s->profile[b->hand] || b->profile == XR_NULL_PATH) continue;
        if (cap && n >= cap) return xs_fail(fn, XR_ERROR_SIZE_INSUFFICIENT);
        if (cap) out[n] = b->path;
        n++;
    }
    *count = n;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrGetInputSourceLocalizedName(
    XrSession sh, const XrInputSourceLocalizedNameGetInfo *info, uint32_t cap, uint32_t *count,
    char *buf) {
    static const char *fn = "xrGetInputSourceLocalizedName";
    if (!xs_session_get(sh)) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_INPUT_SOURCE_LOCALIZED_NAME_GET_INFO, fn);
    const char *p = xs_path_str(info->sourcePath);
    if (!p) return xs_fail(fn, XR_ERROR_PATH_INVALID);
    if (!count) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    char name[256];
    snprintf(name, sizeof name, "Simulated %s", p);
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
