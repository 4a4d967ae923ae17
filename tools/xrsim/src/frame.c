/* Frame loop: xrWaitFrame pacing on a simulated display, xrBeginFrame, and
 * xrEndFrame layer validation and deadline accounting. */
#include "xrsim.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t xs_time_origin_ns;

static void sleep_until(int64_t t_ns) {
    struct timespec ts = {.tv_sec = t_ns / 1000000000LL, .tv_nsec = t_ns % 1000000000LL};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {}
}

static XRAPI_ATTR XrResult XRAPI_CALL xrWaitFrame(XrSession h, const XrFrameWaitInfo *info,
                                                  XrFrameState *state) {
    static const char *fn = "xrWaitFrame";
    xs_session *s = xs_session_get(h);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (info && info->type != XR_TYPE_FRAME_WAIT_INFO) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    XS_CHECK_TYPE(state, XR_TYPE_FRAME_STATE, fn);
    if (!s->running) return xs_fail(fn, XR_ERROR_SESSION_NOT_RUNNING);
    /* Faults and inputs scheduled for this frame. */
    double t_next = s->frame_waited == 0 ? 0.0 : (s->predicted_ns + s->period_ns - xs_time_origin_ns) / 1e9;
    xs_control_poll(s);
    xs_report_session_time(t_next);
    xs_timeline_tick(s, t_next, s->frame_waited);
    int64_t k;
    int64_t stall = s->stall_ns;
    s->stall_ns = 0;
    if (xs_cfg.free_pacing) {
        k = s->vsync_k + 1 + (stall + s->period_ns - 1) / s->period_ns;
    } else {
        if (stall > 0) sleep_until(xs_now_ns() + stall);
        int64_t now = xs_now_ns();
        k = (now - s->base_ns) / s->period_ns + 1;
        if (k <= s->vsync_k) k = s->vsync_k + 1;
        sleep_until(s->base_ns + k * s->period_ns);
    }
    if (stall > 0) xs_report_stall(stall, k - s->vsync_k - 1);
    s->vsync_k = k;
    int64_t wake = s->base_ns + k * s->period_ns;
    s->predicted_ns = wake + s->period_ns;
    s->deadline_ns = s->predicted_ns - (int64_t)(xs_cfg.compositor_ms * 1e6);
    if (s->frame_waited == 0) {
        xs_time_origin_ns = s->predicted_ns;
        if (s->state == XR_SESSION_STATE_READY) xs_set_state(s, XR_SESSION_STATE_SYNCHRONIZED);
    }
    double t_now = (double)(s->predicted_ns - xs_time_origin_ns) / 1e9;
    xs_report_session_time(t_now);
    /* Vsyncs were skipped (slow app, stall): run what fell due in between. */
    if (t_now > t_next) xs_timeline_tick(s, t_now, s->frame_waited);
    s->frame_waited++;
    s->frame_pending_begin = 1;
    state->predictedDisplayTime = s->predicted_ns;
    state->predictedDisplayPeriod = s->period_ns;
    state->shouldRender = (s->state == XR_SESSION_STATE_VISIBLE ||
                           s->state == XR_SESSION_STATE_FOCUSED) && !s->lost;
    return s->lost ? XR_SESSION_LOSS_PENDING : XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrBeginFrame(XrSession h, const XrFrameBeginInfo *info) {
    static const char *fn = "xrBeginFrame";
    xs_session *s = xs_session_get(h);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (info && info->type != XR_TYPE_FRAME_BEGIN_INFO) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    if (!s->running) return xs_fail(fn, XR_ERROR_SESSION_NOT_RUNNING);
    if (!s->frame_pending_begin) return xs_fail(fn, XR_ERROR_CALL_ORDER_INVALID);
    XrResult r = s->frame_in_progress ? XR_FRAME_DISCARDED : XR_SUCCESS;
    if (r == XR_FRAME_DISCARDED) xs_report_event("frame_discarded");
    s->frame_pending_begin = 0;
    s->frame_in_progress = 1;
    return s->lost ? XR_SESSION_LOSS_PENDING : r;
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
                XrResult r = check_subimage(&p->views[v].subImage, fn);
                if (r < 0) return r;
            }
            if (!*proj) *proj = p;
        } else if (l->type == XR_TYPE_COMPOSITION_LAYER_QUAD) {
            XrResult r = check_subimage(&((const XrCompositionLayerQuad *)l)->subImage, fn);
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
    xs_session *s = xs_session_get(h);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_FRAME_END_INFO, fn);
    if (!s->running) return xs_fail(fn, XR_ERROR_SESSION_NOT_RUNNING);
    if (!s->frame_in_progress) return xs_fail(fn, XR_ERROR_CALL_ORDER_INVALID);
    if (info->displayTime <= 0) return xs_fail(fn, XR_ERROR_TIME_INVALID);
    if (info->environmentBlendMode != XR_ENVIRONMENT_BLEND_MODE_OPAQUE)
        return xs_fail(fn, XR_ERROR_ENVIRONMENT_BLEND_MODE_UNSUPPORTED);
    const XrCompositionLayerProjection *proj = NULL;
    XrResult r = check_layers(info, fn, &proj);
    if (r < 0) return r;
    s->frame_in_progress = 0;
    int64_t frame = s->frame_waited - 1;
    double t = (s->predicted_ns - xs_time_origin_ns) / 1e9;
    if (proj && xs_cfg.capture_dir[0] && xs_capture_wanted(frame, t)) xs_capture_projection(proj, frame);
    int64_t lateness = xs_cfg.free_pacing ? 0 : now - s->deadline_ns;
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
