/* Event queue (xrPollEvent) and session-state transitions. */
#include "xrsim.h"

#include <string.h>

/* The queue keeps, with each event, how many events were dropped right
 * before it, so XrEventDataEventsLost comes out where they were lost. */
static struct {
    XrEventDataBuffer ev;
    uint32_t lost_before;
} queue[XS_MAX_EVENTS];
static uint32_t head, len;
static uint32_t lost_tail; /* dropped after the last queued event */

void xs_events_reset(void) {
    pthread_mutex_lock(&xs_lock);
    head = len = 0;
    lost_tail = 0;
    pthread_mutex_unlock(&xs_lock);
}

#define AT(i) queue[(head + (i)) % XS_MAX_EVENTS]

/* The session an event belongs to, or XR_NULL_HANDLE. */
static XrSession event_session(const XrEventDataBuffer *ev) {
    switch (ev->type) {
        case XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED:
            return ((const XrEventDataSessionStateChanged *)ev)->session;
        case XR_TYPE_EVENT_DATA_REFERENCE_SPACE_CHANGE_PENDING:
            return ((const XrEventDataReferenceSpaceChangePending *)ev)->session;
        case XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED:
            return ((const XrEventDataInteractionProfileChanged *)ev)->session;
        default: return XR_NULL_HANDLE;
    }
}

/* Removes entry i; its lost count moves to the entry after it. */
static void remove_at(uint32_t i, uint32_t extra_lost) {
    uint32_t carry = AT(i).lost_before + extra_lost;
    for (uint32_t k = i; k + 1 < len; k++) AT(k) = AT(k + 1);
    len--;
    if (i < len) AT(i).lost_before += carry;
    else lost_tail += carry;
}

void xs_event_push(const XrEventDataBuffer *ev) {
    pthread_mutex_lock(&xs_lock);
    if (len == XS_MAX_EVENTS) {
        /* Full: drop the oldest event that is not a session state change, so
         * a burst never loses the lifecycle; state changes only if nothing else. */
        uint32_t victim = 0;
        for (uint32_t i = 0; i < len; i++) {
            if (AT(i).ev.type != XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED) {
                victim = i;
                break;
            }
        }
        remove_at(victim, 1);
    }
    AT(len).ev = *ev;
    AT(len).lost_before = lost_tail;
    lost_tail = 0;
    len++;
    pthread_mutex_unlock(&xs_lock);
}

/* The spec: events of a destroyed session are never delivered. */
void xs_events_discard_session(XrSession h) {
    pthread_mutex_lock(&xs_lock);
    for (uint32_t i = 0; i < len;) {
        if (event_session(&AT(i).ev) == h) remove_at(i, 0);
        else i++;
    }
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
    XS_API_GUARD();
    if (!xs_handle_get((uint64_t)h, XS_INSTANCE)) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(out, XR_TYPE_EVENT_DATA_BUFFER, fn);
    if (xs_inst && xs_inst->session) {
        xs_control_poll(xs_inst->session);
        xs_session_tick_idle(xs_inst->session);
    }
    pthread_mutex_lock(&xs_lock);
    uint32_t lost = len ? AT(0).lost_before : lost_tail;
    if (lost) {
        memset(out, 0, sizeof *out);
        XrEventDataEventsLost *ev = (XrEventDataEventsLost *)out;
        ev->type = XR_TYPE_EVENT_DATA_EVENTS_LOST;
        ev->lostEventCount = lost;
        if (len) AT(0).lost_before = 0;
        else lost_tail = 0;
        pthread_mutex_unlock(&xs_lock);
        return XR_SUCCESS;
    }
    if (len == 0) {
        pthread_mutex_unlock(&xs_lock);
        return XR_EVENT_UNAVAILABLE;
    }
    *out = AT(0).ev;
    head = (head + 1) % XS_MAX_EVENTS;
    len--;
    pthread_mutex_unlock(&xs_lock);
    return XR_SUCCESS;
}

PFN_xrVoidFunction xs_lookup_events_fn(const char *name) {
    if (strcmp(name, "xrPollEvent") == 0) return (PFN_xrVoidFunction)xrPollEvent;
    return NULL;
}
