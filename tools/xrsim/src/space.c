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

/* xrLocateSpaces (core 1.1, also XR_KHR_locate_spaces): mirrored so the
 * 1.0 headers suffice. The CTS 1.1.41 resolves it on 1.0 instances too. */
#define XS_TYPE_SPACES_LOCATE_INFO ((XrStructureType)1000471000)
#define XS_TYPE_SPACE_LOCATIONS ((XrStructureType)1000471001)
#define XS_TYPE_SPACE_VELOCITIES ((XrStructureType)1000471002)

typedef struct {
    XrStructureType type;
    const void *next;
    XrSpace baseSpace;
    XrTime time;
    uint32_t spaceCount;
    const XrSpace *spaces;
} XsSpacesLocateInfo;

typedef struct {
    XrSpaceLocationFlags locationFlags;
    XrPosef pose;
} XsSpaceLocationData;

typedef struct {
    XrStructureType type;
    void *next;
    uint32_t locationCount;
    XsSpaceLocationData *locations;
} XsSpaceLocations;

typedef struct {
    XrSpaceVelocityFlags velocityFlags;
    XrVector3f linearVelocity;
    XrVector3f angularVelocity;
} XsSpaceVelocityData;

typedef struct {
    XrStructureType type;
    void *next;
    uint32_t velocityCount;
    XsSpaceVelocityData *velocities;
} XsSpaceVelocities;

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

/* Locates one space in another at display time `time`; returns the flags. */
static XrSpaceLocationFlags locate(const xs_space *sp, const xs_space *bs, XrTime time,
                                   XrPosef *pose) {
    double t = xs_session_seconds(time);
    XrPosef a, b;
    if (!space_world(sp, t, &a) || !space_world(bs, t, &b)) {
        *pose = (XrPosef){{0, 0, 0, 1}, {0, 0, 0}};
        return 0;
    }
    *pose = xs_pose_mul(xs_pose_inv(b), a);
    return XR_SPACE_LOCATION_ORIENTATION_VALID_BIT | XR_SPACE_LOCATION_POSITION_VALID_BIT |
           XR_SPACE_LOCATION_ORIENTATION_TRACKED_BIT | XR_SPACE_LOCATION_POSITION_TRACKED_BIT;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrLocateSpace(XrSpace h, XrSpace base, XrTime time,
                                                    XrSpaceLocation *loc) {
    static const char *fn = "xrLocateSpace";
    XS_API_GUARD();
    xs_space *sp = get(h), *bs = get(base);
    if (!sp || !bs) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(loc, XR_TYPE_SPACE_LOCATION, fn);
    if (time <= 0) return xs_fail(fn, XR_ERROR_TIME_INVALID);
    for (XrBaseOutStructure *n = loc->next; n; n = n->next)
        if (n->type == XR_TYPE_SPACE_VELOCITY) ((XrSpaceVelocity *)n)->velocityFlags = 0;
    loc->locationFlags = locate(sp, bs, time, &loc->pose);
    return sp->session->lost ? XR_SESSION_LOSS_PENDING : XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrLocateSpaces(XrSession h, const XsSpacesLocateInfo *info,
                                                     XsSpaceLocations *out) {
    static const char *fn = "xrLocateSpaces";
    XS_API_GUARD();
    xs_session *s = xs_session_get(h);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XS_TYPE_SPACES_LOCATE_INFO, fn);
    XS_CHECK_TYPE(out, XS_TYPE_SPACE_LOCATIONS, fn);
    xs_space *bs = get(info->baseSpace);
    if (!bs) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (info->spaceCount == 0 || !info->spaces || out->locationCount != info->spaceCount ||
        !out->locations)
        return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    for (uint32_t i = 0; i < info->spaceCount; i++)
        if (!get(info->spaces[i])) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (info->time <= 0) return xs_fail(fn, XR_ERROR_TIME_INVALID);
    XsSpaceVelocities *vel = NULL;
    for (XrBaseOutStructure *n = out->next; n; n = n->next)
        if (n->type == XS_TYPE_SPACE_VELOCITIES) vel = (XsSpaceVelocities *)n;
    if (vel && (vel->velocityCount != info->spaceCount || !vel->velocities))
        return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    for (uint32_t i = 0; i < info->spaceCount; i++) {
        out->locations[i].locationFlags =
            locate(get(info->spaces[i]), bs, info->time, &out->locations[i].pose);
        if (vel) memset(&vel->velocities[i], 0, sizeof vel->velocities[i]);
    }
    return s->lost ? XR_SESSION_LOSS_PENDING : XR_SUCCESS;
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
    FN(xrLocateViews),              FN(xrLocateSpaces),
};

PFN_xrVoidFunction xs_lookup_space_fn(const char *name) {
    for (size_t i = 0; i < sizeof space_fns / sizeof space_fns[0]; i++)
        if (strcmp(name, space_fns[i].name) == 0) return space_fns[i].fn;
    return NULL;
}
