/* Sessions: creation with a GL binding (or headless), the lifecycle, and injected faults. */
#include "xrsim.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

xs_session *xs_session_get(XrSession h) { return xs_handle_get((uint64_t)h, XS_SESSION); }

/* dlsym returns an object pointer; POSIX guarantees it converts to a function pointer. */
static void *symbol(void *lib, const char *name) { return lib ? dlsym(lib, name) : NULL; }

static xs_getproc_fn glx_getproc(void) {
    void *lib = dlopen("libGL.so.1", RTLD_NOW | RTLD_GLOBAL);
    xs_getproc_fn f = NULL;
    void *sym = symbol(lib, "glXGetProcAddressARB");
    if (!sym) sym = symbol(lib, "glXGetProcAddress");
    memcpy(&f, &sym, sizeof f);
    return f;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrCreateSession(XrInstance ih,
                                                      const XrSessionCreateInfo *info,
                                                      XrSession *out) {
    XS_API_GUARD();
    static const char *fn = "xrCreateSession";
    xs_instance *inst = xs_handle_get((uint64_t)ih, XS_INSTANCE);
    if (!inst) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_SESSION_CREATE_INFO, fn);
    if (!out) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    if (!xs_system_valid(info->systemId)) return xs_fail(fn, XR_ERROR_SYSTEM_INVALID);
    if (inst->session) return xs_fail(fn, XR_ERROR_LIMIT_REACHED);
    int binding = 0;
    xs_getproc_fn getproc = NULL;
    for (const XrBaseInStructure *n = info->next; n; n = n->next) {
        if (n->type == XS_TYPE_GRAPHICS_BINDING_OPENGL_XLIB_KHR && inst->ext_gl) {
            const XsBindingXlib *b = (const XsBindingXlib *)n;
            if (!b->xDisplay || !b->glxContext) {
                xs_log("Xlib binding without a display or context");
                return xs_fail(fn, XR_ERROR_GRAPHICS_DEVICE_INVALID);
            }
            binding = 1;
            getproc = glx_getproc();
            xs_glctx_init_glx(b->xDisplay, b->glxDrawable, b->glxContext);
        } else if (n->type == XS_TYPE_GRAPHICS_BINDING_EGL_MNDX && inst->ext_egl) {
            const XsBindingEGL *b = (const XsBindingEGL *)n;
            if (!b->getProcAddress || !b->display || !b->context) {
                xs_log("EGL binding without getProcAddress, display or context");
                return xs_fail(fn, XR_ERROR_GRAPHICS_DEVICE_INVALID);
            }
            binding = 2;
            getproc = b->getProcAddress;
            xs_glctx_init_egl(b->display, b->context, getproc);
        }
    }
    if (!binding && inst->ext_headless) {
        binding = 3; /* XR_MND_headless: no graphics, no swapchains */
    } else if (!binding) {
        xs_log("no graphics binding (of an enabled extension) in XrSessionCreateInfo.next");
        return xs_fail(fn, XR_ERROR_GRAPHICS_DEVICE_INVALID);
    }
    if (binding != 3 && inst->ext_gl && !inst->gfx_requirements_called)
        return xs_fail(fn, XR_ERROR_GRAPHICS_REQUIREMENTS_CALL_MISSING);
    if (binding != 3 && (!getproc || !xs_gl_init(getproc))) {
        xs_log("cannot resolve GL functions through the binding");
        return xs_fail(fn, XR_ERROR_GRAPHICS_DEVICE_INVALID);
    }
    xs_session *s = calloc(1, sizeof *s);
    if (!s) return xs_fail(fn, XR_ERROR_OUT_OF_MEMORY);
    pthread_cond_init(&s->frame_cond, NULL);
    s->instance = inst;
    s->binding = binding;
    s->getproc = getproc;
    s->state = XR_SESSION_STATE_UNKNOWN;
    s->handle = (XrSession)xs_handle_new(XS_SESSION, s);
    inst->session = s;
    xs_set_state(s, XR_SESSION_STATE_IDLE);
    xs_set_state(s, XR_SESSION_STATE_READY);
    static const char *names[] = {"", "binding:xlib", "binding:egl", "binding:headless"};
    xs_report_event(names[binding]);
    xs_report_session();
    *out = s->handle;
    return XR_SUCCESS;
}

/* Destroys a session and what it owns; its queued events are discarded. */
void xs_session_destroy(xs_session *s) {
    XrSession h = s->handle;
    xs_session_destroy_children(s);
    s->instance->session = NULL;
    xs_events_discard_session(h);
    xs_handle_free((uint64_t)h);
    pthread_cond_destroy(&s->frame_cond);
    free(s);
    xs_report_write();
}

static XRAPI_ATTR XrResult XRAPI_CALL xrDestroySession(XrSession h) {
    XS_API_GUARD();
    xs_session *s = xs_session_get(h);
    if (!s) return xs_fail("xrDestroySession", XR_ERROR_HANDLE_INVALID);
    xs_session_destroy(s);
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrBeginSession(XrSession h, const XrSessionBeginInfo *info) {
    XS_API_GUARD();
    static const char *fn = "xrBeginSession";
    xs_session *s = xs_session_get(h);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_SESSION_BEGIN_INFO, fn);
    /* XR_MND_headless: the view configuration "must be ignored and may be 0". */
    if (s->binding != 3 &&
        info->primaryViewConfigurationType != XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)
        return xs_fail(fn, xs_view_configuration_known(info->primaryViewConfigurationType)
                               ? XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED
                               : XR_ERROR_VALIDATION_FAILURE);
    if (s->lost) return xs_fail(fn, XR_ERROR_SESSION_LOST);
    if (s->running) return xs_fail(fn, XR_ERROR_SESSION_RUNNING);
    if (s->state != XR_SESSION_STATE_READY) return xs_fail(fn, XR_ERROR_SESSION_NOT_READY);
    s->running = 1;
    s->period_ns = (int64_t)(1e9 / xs_cfg.refresh_hz + 0.5);
    s->t0_ns = s->base_ns = xs_now_ns();
    /* Display time never runs backwards within a run, even across sessions. */
    if (s->base_ns < xs_run_display_ns) s->base_ns = xs_run_display_ns;
    s->vsync_k = 0;
    s->frame_waited = 0;
    s->pending.valid = s->current.valid = 0;
    s->predicted_ns = 0;
    if (s->binding == 3) {
        /* Headless sessions proceed without frame calls. */
        s->predicted_ns = s->base_ns + s->period_ns;
        if (xs_time_origin_ns == 0) xs_time_origin_ns = s->predicted_ns;
        xs_set_state(s, XR_SESSION_STATE_SYNCHRONIZED);
        if (!s->hidden) xs_set_state(s, XR_SESSION_STATE_VISIBLE);
        if (!s->hidden && !s->headset_off) xs_set_state(s, XR_SESSION_STATE_FOCUSED);
    }
    return XR_SUCCESS;
}

/* Headless sessions need no frame calls: the timeline also runs from
 * xrPollEvent and xrSyncActions, on the monotonic clock. */
void xs_session_tick_idle(xs_session *s) {
    if (!s || s->binding != 3 || !s->running || xs_time_origin_ns == 0) return;
    int64_t now = xs_now_ns() + s->period_ns;
    if (now < s->predicted_ns) now = s->predicted_ns;
    double t = (double)(now - xs_time_origin_ns) / 1e9;
    xs_control_poll(s);
    xs_report_session_time(t);
    xs_timeline_tick(s, t, xs_run_frames);
}

static void step_down_to_stopping(xs_session *s) {
    if (s->state == XR_SESSION_STATE_FOCUSED) xs_set_state(s, XR_SESSION_STATE_VISIBLE);
    if (s->state == XR_SESSION_STATE_VISIBLE || s->state == XR_SESSION_STATE_READY)
        xs_set_state(s, XR_SESSION_STATE_SYNCHRONIZED);
    if (s->state == XR_SESSION_STATE_SYNCHRONIZED) xs_set_state(s, XR_SESSION_STATE_STOPPING);
}

static XRAPI_ATTR XrResult XRAPI_CALL xrEndSession(XrSession h) {
    XS_API_GUARD();
    static const char *fn = "xrEndSession";
    xs_session *s = xs_session_get(h);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (s->lost) return xs_fail(fn, XR_ERROR_SESSION_LOST);
    if (!s->running) return xs_fail(fn, XR_ERROR_SESSION_NOT_RUNNING);
    if (s->state != XR_SESSION_STATE_STOPPING) return xs_fail(fn, XR_ERROR_SESSION_NOT_STOPPING);
    s->running = 0;
    s->pending.valid = s->current.valid = 0;
    pthread_cond_broadcast(&s->frame_cond);
    xs_set_state(s, XR_SESSION_STATE_IDLE);
    if (s->exit_requested) xs_set_state(s, XR_SESSION_STATE_EXITING);
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrRequestExitSession(XrSession h) {
    XS_API_GUARD();
    static const char *fn = "xrRequestExitSession";
    xs_session *s = xs_session_get(h);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (s->lost) return xs_fail(fn, XR_ERROR_SESSION_LOST);
    if (!s->running) return xs_fail(fn, XR_ERROR_SESSION_NOT_RUNNING);
    s->exit_requested = 1;
    step_down_to_stopping(s);
    return XR_SUCCESS;
}

/* Called after each accepted xrEndFrame: the compositor shows the app. */
void xs_session_after_submit(xs_session *s) {
    if (s->lost || s->exit_requested || !s->running || s->hidden) return;
    if (s->state == XR_SESSION_STATE_SYNCHRONIZED) xs_set_state(s, XR_SESSION_STATE_VISIBLE);
    if (s->state == XR_SESSION_STATE_VISIBLE && !s->headset_off)
        xs_set_state(s, XR_SESSION_STATE_FOCUSED);
}

void xs_fault_headset(xs_session *s, int on) {
    s->headset_off = !on;
    xs_report_event(on ? "fault:headset_on" : "fault:headset_off");
    if (s->lost || s->exit_requested || !s->running || s->hidden) return;
    if (!on && s->state == XR_SESSION_STATE_FOCUSED) xs_set_state(s, XR_SESSION_STATE_VISIBLE);
    if (on && s->state == XR_SESSION_STATE_VISIBLE) xs_set_state(s, XR_SESSION_STATE_FOCUSED);
}

/* The runtime's own content covers the app (or the display sleeps): the app
 * stays SYNCHRONIZED with shouldRender false until shown again. */
void xs_fault_hide(xs_session *s, int hide) {
    s->hidden = hide;
    xs_report_event(hide ? "fault:hide" : "fault:show");
    if (s->lost || s->exit_requested || !s->running) return;
    if (hide) {
        if (s->state == XR_SESSION_STATE_FOCUSED) xs_set_state(s, XR_SESSION_STATE_VISIBLE);
        if (s->state == XR_SESSION_STATE_VISIBLE) xs_set_state(s, XR_SESSION_STATE_SYNCHRONIZED);
    } else if (s->state == XR_SESSION_STATE_SYNCHRONIZED && (s->frame_waited > 0 || s->binding == 3)) {
        xs_set_state(s, XR_SESSION_STATE_VISIBLE);
        if (!s->headset_off) xs_set_state(s, XR_SESSION_STATE_FOCUSED);
    }
}

void xs_fault_recenter(xs_session *s, double t) {
    xs_report_event("fault:recenter");
    XrEventDataBuffer buf;
    memset(&buf, 0, sizeof buf);
    XrEventDataReferenceSpaceChangePending *ev = (XrEventDataReferenceSpaceChangePending *)&buf;
    ev->type = XR_TYPE_EVENT_DATA_REFERENCE_SPACE_CHANGE_PENDING;
    ev->session = s->handle;
    ev->referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL;
    ev->changeTime = s->predicted_ns > 0 ? s->predicted_ns : xs_now_ns();
    ev->poseValid = XR_TRUE;
    ev->poseInPreviousSpace = xs_recenter(t);
    xs_event_push(&buf);
}

void xs_fault_loss(xs_session *s) {
    xs_report_event("fault:session_loss");
    if (s->lost) return;
    s->lost = 1;
    xs_set_state(s, XR_SESSION_STATE_LOSS_PENDING);
}

void xs_fault_exit(xs_session *s) {
    xs_report_event("fault:exit_request");
    if (s->lost || !s->running || s->exit_requested) return;
    s->exit_requested = 1;
    step_down_to_stopping(s);
}

#define FN(name) {#name, (PFN_xrVoidFunction)name}
static const struct {
    const char *name;
    PFN_xrVoidFunction fn;
} session_fns[] = {
    FN(xrCreateSession), FN(xrDestroySession), FN(xrBeginSession),
    FN(xrEndSession),    FN(xrRequestExitSession),
};

PFN_xrVoidFunction xs_lookup_session_fn(const char *name) {
    for (size_t i = 0; i < sizeof session_fns / sizeof session_fns[0]; i++)
        if (strcmp(name, session_fns[i].name) == 0) return session_fns[i].fn;
    return NULL;
}

void xs_session_destroy_children(xs_session *s) {
    for (uint32_t i = 0; i < XS_MAX_OBJECTS; i++) {
        xs_space *sp = xs_handle_nth(i, XS_SPACE);
        if (sp && sp->session == s) {
            xs_handle_free((uint64_t)sp->handle);
            free(sp);
        }
        xs_swapchain *sc = xs_handle_nth(i, XS_SWAPCHAIN);
        if (sc && sc->session == s) {
            xs_gl_delete_textures(sc);
            xs_handle_free((uint64_t)sc->handle);
            free(sc);
        }
    }
}
