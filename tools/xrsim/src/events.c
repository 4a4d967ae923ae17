/* Event queue (xrPollEvent) and session-state transitions. */
#include "xrsim.h"

#include <string.h>

static XrEventDataBuffer queue[XS_MAX_EVENTS];
static uint32_t head, len;
static int lost_events;

void xs_events_reset(void) {
    pthread_mutex_lock(&xs_lock);
    head = len = 0;
    lost_events = 0;
    pthread_mutex_unlock(&xs_lock);
}

void xs_event_push(const XrEventDataBuffer *ev) {
    pthread_mutex_lock(&xs_lock);
    if (len == XS_MAX_EVENTS) {
        head = (head + 1) % XS_MAX_EVENTS; /* drop the oldest, like a runtime would */
        len--;
        lost_events++;
    }
    queue[(head + len) % XS_MAX_EVENTS] = *ev;
    len++;
    pthread_mutex_unlock(&xs_lock);
}

static const char *state_name(XrSessionState st) {
    switch (st) {
        case XR_SESSION_STATE_IDLE: return "IDLE";
        case XR_SESSION_STATE_READY: return "READY";
        case XR_SESSION_STATE_SYNCHRONIZED: return "SYNCHRONIZED";
        case XR_SESSION_STATE_VISIBLE: return "VISIBLE";
        case XR_SESSION_STATE_FOCUSED: return "FOCUSED";
        case XR_SESSION_STATE_STOPPING: return "STOPPING";
        case XR_SESSION_STATE_LOSS_PENDING: return "LOSS_PENDING";
        case XR_SESSION_STATE_EXITING: return "EXITING";
        default: return "UNKNOWN";
    }
}

const char *xs_state_name(XrSessionState st) { return state_name(st); }

void xs_set_state(xs_session *s, XrSessionState st) {
    if (s->state == st) return;
    s->state = st;
    XrEventDataBuffer buf;
    memset(&buf, 0, sizeof buf);
    XrEventDataSessionStateChanged *ev = (XrEventDataSessionStateChanged *)&buf;
    ev->type = XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED;
    ev->session = s->handle;
    ev->state = st;
    ev->time = s->predicted_ns > 0 ? s->predicted_ns : xs_now_ns();
    xs_event_push(&buf);
    xs_report_transition(st);
    xs_log("session state -> %s", state_name(st));
}

static XRAPI_ATTR XrResult XRAPI_CALL xrPollEvent(XrInstance h, XrEventDataBuffer *out) {
    static const char *fn = "xrPollEvent";
    if (!xs_handle_get((uint64_t)h, XS_INSTANCE)) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(out, XR_TYPE_EVENT_DATA_BUFFER, fn);
    if (xs_inst && xs_inst->session) xs_control_poll(xs_inst->session);
    pthread_mutex_lock(&xs_lock);
    if (lost_events) {
        memset(out, 0, sizeof *out);
        XrEventDataEventsLost *ev = (XrEventDataEventsLost *)out;
        ev->type = XR_TYPE_EVENT_DATA_EVENTS_LOST;
        ev->lostEventCount = (uint32_t)lost_events;
        lost_events = 0;
        pthread_mutex_unlock(&xs_lock);
        return XR_SUCCESS;
    }
    if (len == 0) {
        pthread_mutex_unlock(&xs_lock);
        return XR_EVENT_UNAVAILABLE;
    }
    *out = queue[head];
    head = (head + 1) % XS_MAX_EVENTS;
    len--;
    pthread_mutex_unlock(&xs_lock);
    return XR_SUCCESS;
}

PFN_xrVoidFunction xs_lookup_events_fn(const char *name) {
    if (strcmp(name, "xrPollEvent") == 0) return (PFN_xrVoidFunction)xrPollEvent;
    return NULL;
}
