/* Reference and action spaces, xrLocateSpace and xrLocateViews. All poses
 * are computed in STAGE space (floor origin) and related from there. */
#include "xrsim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Field of view of each eye like a consumer headset: wider outward. */
static const XrFovf eye_fov[2] = {
    {-0.9076f, 0.7505f, 0.8029f, -0.9250f},
    {-0.7505f, 0.9076f, 0.8029f, -0.9250f},
};

static xs_space *get(XrSpace h) { return xs_handle_get((uint64_t)h, XS_SPACE); }

static int pose_valid(const XrPosef *p) {
    const XrQuaternionf *q = &p->orientation;
    float n = q->x * q->x + q->y * q->y + q->z * q->z + q->w * q->w;
    return fabsf(n - 1.0f) < 0.01f;
}

/* World (STAGE) pose of a space at time t; returns 0 when untracked. */
static int space_world(const xs_space *sp, double t, XrPosef *out) {
    XrPosef base = {{0, 0, 0, 1}, {0, 0, 0}};
    if (sp->action) {
        int hand = -1, src = XS_POSE_NONE;
        if (!xs_action_pose_source(sp->action, sp->subaction, &hand, &src)) return 0;
        base = xs_hand_pose(hand, src, t);
    } else if (sp->ref == XR_REFERENCE_SPACE_TYPE_VIEW) {
        base = xs_head_pose(t);
    } else if (sp->ref == XR_REFERENCE_SPACE_TYPE_LOCAL) {
        base = xs_local_origin();
    }
    *out = xs_pose_mul(base, sp->offset);
    return 1;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrEnumerateReferenceSpaces(XrSession h, uint32_t cap,
                                                                 uint32_t *count,
                                                                 XrReferenceSpaceType *out) {
    XS_API_GUARD();
    static const char *fn = "xrEnumerateReferenceSpaces";
    if (!xs_session_get(h)) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (!count) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    *count = 3;
    if (cap == 0) return XR_SUCCESS;
    if (cap < 3) return xs_fail(fn, XR_ERROR_SIZE_INSUFFICIENT);
    out[0] = XR_REFERENCE_SPACE_TYPE_VIEW;
    out[1] = XR_REFERENCE_SPACE_TYPE_LOCAL;
    out[2] = XR_REFERENCE_SPACE_TYPE_STAGE;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrCreateReferenceSpace(
    XrSession h, const XrReferenceSpaceCreateInfo *info, XrSpace *out) {
    XS_API_GUARD();
    static const char *fn = "xrCreateReferenceSpace";
    xs_session *s = xs_session_get(h);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_REFERENCE_SPACE_CREATE_INFO, fn);
    if (!out) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    if (info->referenceSpaceType != XR_REFERENCE_SPACE_TYPE_VIEW &&
        info->referenceSpaceType != XR_REFERENCE_SPACE_TYPE_LOCAL &&
        info->referenceSpaceType != XR_REFERENCE_SPACE_TYPE_STAGE)
        return xs_fail(fn, XR_ERROR_REFERENCE_SPACE_UNSUPPORTED);
    if (!pose_valid(&info->poseInReferenceSpace)) return xs_fail(fn, XR_ERROR_POSE_INVALID);
    xs_space *sp = calloc(1, sizeof *sp);
    sp->session = s;
    sp->ref = info->referenceSpaceType;
    sp->offset = info->poseInReferenceSpace;
    sp->handle = (XrSpace)xs_handle_new(XS_SPACE, sp);
    *out = sp->handle;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrGetReferenceSpaceBoundsRect(XrSession h,
                                                                    XrReferenceSpaceType t,
                                                                    XrExtent2Df *bounds) {
    XS_API_GUARD();
    static const char *fn = "xrGetReferenceSpaceBoundsRect";
    if (!xs_session_get(h)) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (!bounds) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    if (t == XR_REFERENCE_SPACE_TYPE_STAGE) {
        bounds->width = 2.0f;
        bounds->height = 2.0f;
        return XR_SUCCESS;
    }
    if (t != XR_REFERENCE_SPACE_TYPE_VIEW && t != XR_REFERENCE_SPACE_TYPE_LOCAL)
        return xs_fail(fn, XR_ERROR_REFERENCE_SPACE_UNSUPPORTED);
    bounds->width = bounds->height = 0.0f;
    return XR_SPACE_BOUNDS_UNAVAILABLE;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrCreateActionSpace(XrSession h,
                                                          const XrActionSpaceCreateInfo *info,
                                                          XrSpace *out) {
    XS_API_GUARD();
    static const char *fn = "xrCreateActionSpace";
    xs_session *s = xs_session_get(h);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_ACTION_SPACE_CREATE_INFO, fn);
    if (!out) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    struct xs_action *a = xs_handle_get((uint64_t)info->action, XS_ACTION);
    if (!a) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (a->type != XR_ACTION_TYPE_POSE_INPUT) return xs_fail(fn, XR_ERROR_ACTION_TYPE_MISMATCH);
    if (info->subactionPath != XR_NULL_PATH && !xs_action_has_subaction(a, info->subactionPath))
        return xs_fail(fn, XR_ERROR_PATH_UNSUPPORTED);
    if (!pose_valid(&info->poseInActionSpace)) return xs_fail(fn, XR_ERROR_POSE_INVALID);
    xs_space *sp = calloc(1, sizeof *sp);
    sp->session = s;
    sp->action = a;
    sp->subaction = info->subactionPath;
    sp->offset = info->poseInActionSpace;
    sp->handle = (XrSpace)xs_handle_new(XS_SPACE, sp);
    *out = sp->handle;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrDestroySpace(XrSpace h) {
    XS_API_GUARD();
    xs_space *sp = get(h);
    if (!sp) return xs_fail("xrDestroySpace", XR_ERROR_HANDLE_INVALID);
    xs_handle_free((uint64_t)h);
    free(sp);
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrLocateSpace(XrSpace h, XrSpace base, XrTime time,
                                                    XrSpaceLocation *loc) {
    XS_API_GUARD();
    static const char *fn = "xrLocateSpace";
    xs_space *sp = get(h), *bs = get(base);
    if (!sp || !bs) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(loc, XR_TYPE_SPACE_LOCATION, fn);
    if (time <= 0) return xs_fail(fn, XR_ERROR_TIME_INVALID);
    double t = xs_session_seconds(time);
    XrPosef a, b;
    for (XrBaseOutStructure *n = loc->next; n; n = n->next)
        if (n->type == XR_TYPE_SPACE_VELOCITY) ((XrSpaceVelocity *)n)->velocityFlags = 0;
    if (!space_world(sp, t, &a) || !space_world(bs, t, &b)) {
        loc->locationFlags = 0;
        loc->pose = (XrPosef){{0, 0, 0, 1}, {0, 0, 0}};
        return XR_SUCCESS;
    }
    loc->pose = xs_pose_mul(xs_pose_inv(b), a);
    loc->locationFlags = XR_SPACE_LOCATION_ORIENTATION_VALID_BIT |
                         XR_SPACE_LOCATION_POSITION_VALID_BIT |
                         XR_SPACE_LOCATION_ORIENTATION_TRACKED_BIT |
                         XR_SPACE_LOCATION_POSITION_TRACKED_BIT;
    return sp->session->lost ? XR_SESSION_LOSS_PENDING : XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrLocateViews(XrSession h, const XrViewLocateInfo *info,
                                                    XrViewState *state, uint32_t cap,
                                                    uint32_t *count, XrView *views) {
    XS_API_GUARD();
    static const char *fn = "xrLocateViews";
    xs_session *s = xs_session_get(h);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_VIEW_LOCATE_INFO, fn);
    XS_CHECK_TYPE(state, XR_TYPE_VIEW_STATE, fn);
    if (!count) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    if (info->viewConfigurationType != XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)
        return xs_fail(fn, XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED);
    xs_space *bs = get(info->space);
    if (!bs) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (info->displayTime <= 0) return xs_fail(fn, XR_ERROR_TIME_INVALID);
    *count = 2;
    if (cap == 0) return XR_SUCCESS;
    if (cap < 2) return xs_fail(fn, XR_ERROR_SIZE_INSUFFICIENT);
    for (int i = 0; i < 2; i++)
        if (views[i].type != XR_TYPE_VIEW) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    double t = xs_session_seconds(info->displayTime);
    XrPosef b;
    /* A base space that cannot be located (an inactive action space) gives
     * no valid pose: flags 0, identity poses (their value is undefined). */
    int located = space_world(bs, t, &b);
    XrPosef rel = located ? xs_pose_mul(xs_pose_inv(b), xs_head_pose(t))
                          : (XrPosef){{0, 0, 0, 1}, {0, 0, 0}};
    for (int i = 0; i < 2; i++) {
        XrPosef eye = {{0, 0, 0, 1}, {(float)((i == 0 ? -0.5 : 0.5) * xs_cfg.ipd), 0, 0}};
        views[i].pose = located ? xs_pose_mul(rel, eye) : rel;
        views[i].fov = eye_fov[i];
    }
    state->viewStateFlags = located ? XR_VIEW_STATE_ORIENTATION_VALID_BIT |
                                          XR_VIEW_STATE_POSITION_VALID_BIT |
                                          XR_VIEW_STATE_ORIENTATION_TRACKED_BIT |
                                          XR_VIEW_STATE_POSITION_TRACKED_BIT
                                    : 0;
    return s->lost ? XR_SESSION_LOSS_PENDING : XR_SUCCESS;
}

#define FN(name) {#name, (PFN_xrVoidFunction)name}
static const struct {
    const char *name;
    PFN_xrVoidFunction fn;
} space_fns[] = {
    FN(xrEnumerateReferenceSpaces), FN(xrCreateReferenceSpace), FN(xrGetReferenceSpaceBoundsRect),
    FN(xrCreateActionSpace),        FN(xrDestroySpace),         FN(xrLocateSpace),
    FN(xrLocateViews),
};

PFN_xrVoidFunction xs_lookup_space_fn(const char *name) {
    for (size_t i = 0; i < sizeof space_fns / sizeof space_fns[0]; i++)
        if (strcmp(name, space_fns[i].name) == 0) return space_fns[i].fn;
    return NULL;
}
