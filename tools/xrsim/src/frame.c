/* Frame loop: xrWaitFrame pacing on a simulated display, xrBeginFrame, and
 * xrEndFrame layer validation and deadline accounting. */
#include "xrsim.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t xs_time_origin_ns;
int64_t xs_run_frames;
int64_t xs_run_display_ns;

static void sleep_until(int64_t t_ns) {
    if (xs_cfg.manual_clock) {  /* nothing sleeps: the clock jumps there */
        xs_clock_advance_to(t_ns);
        return;
    }
    struct timespec ts = {.tv_sec = t_ns / 1000000000LL, .tv_nsec = t_ns % 1000000000LL};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {}
}

/* Sleeps without holding the API lock, so other threads can begin and end frames. */
static void sleep_unlocked(int64_t t_ns) {
    pthread_mutex_unlock(&xs_api_lock);
    sleep_until(t_ns);
    pthread_mutex_lock(&xs_api_lock);
}

static XRAPI_ATTR XrResult XRAPI_CALL xrWaitFrame(XrSession h, const XrFrameWaitInfo *info,
                                                  XrFrameState *state) {
    static const char *fn = "xrWaitFrame";
    XS_API_GUARD();
    xs_session *s = xs_session_get(h);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (info && info->type != XR_TYPE_FRAME_WAIT_INFO) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    XS_CHECK_TYPE(state, XR_TYPE_FRAME_STATE, fn);
    if (!s->running) return xs_fail(fn, XR_ERROR_SESSION_NOT_RUNNING);
    /* A frame waited on but not begun blocks the next wait until it is begun
     * (apps that wait on one thread and render on another rely on this). */
    s->waiters++;
    int warned = 0;
    /* Headless sessions have no frame pipeline: a wait never waits for a begin
     * (pyopenxr's headless example waits each loop and never begins). */
    while (s->running && s->pending.valid && s->binding != 3) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 2;
        if (pthread_cond_timedwait(&s->frame_cond, &xs_api_lock, &until) == ETIMEDOUT && !warned) {
            warned = 1;
            xs_log("xrWaitFrame blocks: the frame waited before was never begun");
            xs_report_event("wait_frame_blocked");
        }
    }
    s->waiters--;
    if (s->waiters == 0) pthread_cond_broadcast(&s->frame_cond);
    if (!s->running) return xs_fail(fn, XR_ERROR_SESSION_NOT_RUNNING);
    /* Faults and inputs scheduled for this frame (the timeline runs on the run's clock). */
    double t_next = 0.0;
    if (xs_time_origin_ns != 0) {
        int64_t next = s->frame_waited == 0 ? s->base_ns + 2 * s->period_ns
                                            : s->predicted_ns + s->period_ns;
        t_next = (double)(next - xs_time_origin_ns) / 1e9;
    }
    xs_control_poll(s);
    xs_report_session_time(t_next);
    xs_timeline_tick(s, t_next, xs_run_frames);
    int64_t k;
    int64_t stall = s->stall_ns;
    s->stall_ns = 0;
    if (xs_cfg.free_pacing) {
        k = s->vsync_k + 1 + (stall + s->period_ns - 1) / s->period_ns;
    } else {
        if (stall > 0) sleep_unlocked(xs_now_ns() + stall);
        int64_t now = xs_now_ns();
        k = (now - s->base_ns) / s->period_ns + 1;
        if (k <= s->vsync_k) k = s->vsync_k + 1;
        sleep_unlocked(s->base_ns + k * s->period_ns);
        if (!xs_session_get(h) || !s->running) return xs_fail(fn, XR_ERROR_SESSION_NOT_RUNNING);
    }
    if (stall > 0) xs_report_stall(stall, k - s->vsync_k - 1);
    s->vsync_k = k;
    int64_t wake = s->base_ns + k * s->period_ns;
    s->predicted_ns = wake + s->period_ns;
    if (s->predicted_ns > xs_run_display_ns) xs_run_display_ns = s->predicted_ns;
    if (xs_time_origin_ns == 0) xs_time_origin_ns = s->predicted_ns;
    if (s->frame_waited == 0 && s->state == XR_SESSION_STATE_READY)
        xs_set_state(s, XR_SESSION_STATE_SYNCHRONIZED);
    double t_now = (double)(s->predicted_ns - xs_time_origin_ns) / 1e9;
    xs_report_session_time(t_now);
    /* Vsyncs were skipped (slow app, stall): run what fell due in between. */
    if (t_now > t_next) xs_timeline_tick(s, t_now, xs_run_frames);
    s->pending.valid = 1;
    s->pending.index = s->frame_waited;
    s->pending.predicted_ns = s->predicted_ns;
    s->pending.deadline_ns = s->predicted_ns - (int64_t)(xs_cfg.compositor_ms * 1e6);
    s->frame_waited++;
    xs_run_frames++;
    state->predictedDisplayTime = s->predicted_ns;
    state->predictedDisplayPeriod = s->period_ns;
    /* Headless sessions never render (XR_MND_headless). */
    state->shouldRender = s->binding != 3 && !s->lost &&
                          (s->state == XR_SESSION_STATE_VISIBLE ||
                           s->state == XR_SESSION_STATE_FOCUSED);
    return s->lost ? XR_SESSION_LOSS_PENDING : XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrBeginFrame(XrSession h, const XrFrameBeginInfo *info) {
    static const char *fn = "xrBeginFrame";
    XS_API_GUARD();
    xs_session *s = xs_session_get(h);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (info && info->type != XR_TYPE_FRAME_BEGIN_INFO) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    if (!s->running) return xs_fail(fn, XR_ERROR_SESSION_NOT_RUNNING);
    if (!s->pending.valid) return xs_fail(fn, XR_ERROR_CALL_ORDER_INVALID);
    XrResult r = s->current.valid ? XR_FRAME_DISCARDED : XR_SUCCESS;
    if (r == XR_FRAME_DISCARDED) xs_report_event("frame_discarded");
    s->current = s->pending;
    s->pending.valid = 0;
    pthread_cond_broadcast(&s->frame_cond);
    return s->lost ? XR_SESSION_LOSS_PENDING : r;
}

/* A pose whose orientation is not a unit quaternion is invalid (XR_ERROR_POSE_INVALID). */
static int pose_ok(const XrPosef *p) {
    const XrQuaternionf *q = &p->orientation;
    float n = q->x * q->x + q->y * q->y + q->z * q->z + q->w * q->w;
    return n == n && fabsf(n - 1.0f) < 0.01f && p->position.x == p->position.x &&
           p->position.y == p->position.y && p->position.z == p->position.z;
}

static XrResult check_subimage(const XrSwapchainSubImage *si, const char *fn) {
    xs_swapchain *sc = xs_handle_get((uint64_t)si->swapchain, XS_SWAPCHAIN);
    if (!sc) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (sc->last_released < 0) return xs_fail(fn, XR_ERROR_LAYER_INVALID);
    const XrRect2Di *r = &si->imageRect;
    if (r->offset.x < 0 || r->offset.y < 0 || r->extent.width <= 0 || r->extent.height <= 0 ||
        (uint32_t)(r->offset.x + r->extent.width) > sc->width ||
        (uint32_t)(r->offset.y + r->extent.height) > sc->height)
        return xs_fail(fn, XR_ERROR_SWAPCHAIN_RECT_INVALID);
    if (si->imageArrayIndex >= sc->array_size) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    return XR_SUCCESS;
}

static XrResult check_layers(const XrFrameEndInfo *info, const char *fn,
                             const XrCompositionLayerProjection **proj) {
    if (info->layerCount > XR_MIN_COMPOSITION_LAYERS_SUPPORTED)
        return xs_fail(fn, XR_ERROR_LAYER_LIMIT_EXCEEDED);
    if (info->layerCount > 0 && !info->layers) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    for (uint32_t i = 0; i < info->layerCount; i++) {
        const XrCompositionLayerBaseHeader *l = info->layers[i];
        if (!l) return xs_fail(fn, XR_ERROR_LAYER_INVALID);
        if (!xs_handle_get((uint64_t)l->space, XS_SPACE)) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
        if (l->type == XR_TYPE_COMPOSITION_LAYER_PROJECTION) {
            const XrCompositionLayerProjection *p = (const XrCompositionLayerProjection *)l;
            if (p->viewCount != 2 || !p->views) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
            for (uint32_t v = 0; v < 2; v++) {
                if (p->views[v].type != XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW)
                    return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
                if (!pose_ok(&p->views[v].pose)) return xs_fail(fn, XR_ERROR_POSE_INVALID);
                XrResult r = check_subimage(&p->views[v].subImage, fn);
                if (r < 0) return r;
            }
            if (!*proj) *proj = p;
        } else if (l->type == XR_TYPE_COMPOSITION_LAYER_QUAD) {
            const XrCompositionLayerQuad *q = (const XrCompositionLayerQuad *)l;
            if (!pose_ok(&q->pose)) return xs_fail(fn, XR_ERROR_POSE_INVALID);
            XrResult r = check_subimage(&q->subImage, fn);
            if (r < 0) return r;
        } else {
            return xs_fail(fn, XR_ERROR_LAYER_INVALID);
        }
    }
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrEndFrame(XrSession h, const XrFrameEndInfo *info) {
    static const char *fn = "xrEndFrame";
    int64_t now = xs_now_ns();
    XS_API_GUARD();
    xs_session *s = xs_session_get(h);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (s->work_ns > 0 && s->current.valid) {  /* `work MS`: this frame's app work took MS more */
        int64_t work = s->work_ns;
        s->work_ns = 0;
        if (!xs_cfg.free_pacing) sleep_unlocked(now + work);
        now = xs_now_ns();
    }
    XS_CHECK_TYPE(info, XR_TYPE_FRAME_END_INFO, fn);
    if (!s->running) return xs_fail(fn, XR_ERROR_SESSION_NOT_RUNNING);
    if (!s->current.valid) return xs_fail(fn, XR_ERROR_CALL_ORDER_INVALID);
    if (info->displayTime <= 0) return xs_fail(fn, XR_ERROR_TIME_INVALID);
    if (info->environmentBlendMode != XR_ENVIRONMENT_BLEND_MODE_OPAQUE)
        return xs_fail(fn, XR_ERROR_ENVIRONMENT_BLEND_MODE_UNSUPPORTED);
    const XrCompositionLayerProjection *proj = NULL;
    XrResult r = check_layers(info, fn, &proj);
    if (r < 0) return r;
    xs_frame f = s->current;
    s->current.valid = 0;
    double t = (double)(f.predicted_ns - xs_time_origin_ns) / 1e9;
    if (proj && xs_cfg.capture_dir[0] && xs_capture_wanted(xs_run_frames - s->frame_waited + f.index, t))
        xs_capture_projection(proj, xs_run_frames - s->frame_waited + f.index);
    int64_t lateness = xs_cfg.free_pacing ? 0 : now - f.deadline_ns;
    xs_report_frame(lateness, lateness > 0);
    xs_session_after_submit(s);
    return s->lost ? XR_SESSION_LOSS_PENDING : XR_SUCCESS;
}

#define FN(name) {#name, (PFN_xrVoidFunction)name}
static const struct {
    const char *name;
    PFN_xrVoidFunction fn;
} frame_fns[] = {FN(xrWaitFrame), FN(xrBeginFrame), FN(xrEndFrame)};

PFN_xrVoidFunction xs_lookup_frame_fn(const char *name) {
    for (size_t i = 0; i < sizeof frame_fns / sizeof frame_fns[0]; i++)
        if (strcmp(name, frame_fns[i].name) == 0) return frame_fns[i].fn;
    return NULL;
}
