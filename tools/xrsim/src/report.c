/* The run report: frames, deadlines, lateness, state transitions, errors.
 * Written as JSON at xrDestroySession, xrDestroyInstance and process exit. */
#include "xrsim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char text[96];
    int64_t frame;
    double t;         /* seconds since xrCreateInstance */
    double session_t; /* display time of the current frame, seconds from frame 0; <0: none */
} entry;

static struct {
    int64_t frames, missed, stalls, stall_vsyncs, haptics, instances, sessions;
    int64_t *lateness;
    size_t n_late, cap_late;
    entry transitions[XS_MAX_TRANSITIONS];
    int n_transitions;
    entry errors[XS_MAX_ERRORS];
    int n_errors, dropped_errors;
    entry events[XS_MAX_ERRORS];
    int n_events;
    char *captures[XS_MAX_CAPTURES];
    int n_captures;
    int64_t start_ns;
    double session_t;
    int64_t missed_list[XS_MAX_MISSED];
    int n_missed_list;
    struct {
        int hand;
        double duration_ms, frequency, amplitude;
        entry when;
    } pulses[XS_MAX_ERRORS];
    int n_pulses;
} rep;

static double since_start(void) { return (double)(xs_now_ns() - rep.start_ns) / 1e9; }

static void add(entry *list, int *n, int max, const char *text) {
    if (*n >= max) return;
    snprintf(list[*n].text, sizeof list[*n].text, "%s", text);
    list[*n].frame = rep.frames;
    list[*n].t = since_start();
    list[*n].session_t = rep.session_t;
    (*n)++;
}

void xs_report_reset(void) {
    free(rep.lateness);
    for (int i = 0; i < rep.n_captures; i++) free(rep.captures[i]);
    memset(&rep, 0, sizeof rep);
    rep.start_ns = xs_now_ns();
    rep.session_t = -1;
}

void xs_report_session_time(double t) { rep.session_t = t; }

void xs_report_instance(void) { rep.instances++; }

void xs_report_session(void) { rep.sessions++; }

void xs_report_transition(XrSessionState st) {
    add(rep.transitions, &rep.n_transitions, XS_MAX_TRANSITIONS, xs_state_name(st));
}

void xs_report_error(const char *fn, const char *result) {
    char line[96];
    snprintf(line, sizeof line, "%s %s", fn, result);
    if (rep.n_errors >= XS_MAX_ERRORS) rep.dropped_errors++;
    add(rep.errors, &rep.n_errors, XS_MAX_ERRORS, line);
}

void xs_report_event(const char *what) {
    add(rep.events, &rep.n_events, XS_MAX_ERRORS, what);
}

void xs_report_frame(int64_t lateness_ns, int missed) {
    if (missed && rep.n_missed_list < XS_MAX_MISSED) rep.missed_list[rep.n_missed_list++] = rep.frames;
    rep.frames++;
    rep.missed += missed;
    if (rep.n_late == rep.cap_late) {
        rep.cap_late = rep.cap_late ? rep.cap_late * 2 : 1024;
        rep.lateness = realloc(rep.lateness, rep.cap_late * sizeof *rep.lateness);
    }
    rep.lateness[rep.n_late++] = lateness_ns;
}

void xs_report_stall(int64_t ns, int64_t skipped) {
    rep.stalls++;
    rep.stall_vsyncs += skipped;
    char line[64];
    snprintf(line, sizeof line, "stall %.1f ms", ns / 1e6);
    xs_report_event(line);
}

void xs_report_capture(const char *path) {
    if (rep.n_captures < XS_MAX_CAPTURES) rep.captures[rep.n_captures++] = strdup(path);
}

void xs_report_haptic(int hand, int64_t duration_ns, float frequency, float amplitude) {
    rep.haptics++;
    if (rep.n_pulses >= XS_MAX_ERRORS) return;
    int dummy = 0;
    add(&rep.pulses[rep.n_pulses].when, &dummy, 1, "");
    rep.pulses[rep.n_pulses].hand = hand;
    /* XR_MIN_HAPTIC_DURATION (-1): the shortest pulse the device can make */
    rep.pulses[rep.n_pulses].duration_ms = duration_ns < 0 ? -1.0 : duration_ns / 1e6;
    rep.pulses[rep.n_pulses].frequency = frequency;
    rep.pulses[rep.n_pulses].amplitude = amplitude;
    rep.n_pulses++;
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static double pct(const int64_t *sorted, size_t n, double p) {
    if (n == 0) return 0.0;
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return sorted[i] / 1e6;
}

static void json_str(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', f);
        if ((unsigned char)*s < 0x20) continue;
        fputc(*s, f);
    }
    fputc('"', f);
}

static void list(FILE *f, const char *name, const char *key, const entry *e, int n) {
    fprintf(f, "  \"%s\": [", name);
    for (int i = 0; i < n; i++) {
        fprintf(f, "%s\n    {\"%s\": ", i ? "," : "", key);
        json_str(f, e[i].text);
        fprintf(f, ", \"frame\": %lld, \"t\": %.6f", (long long)e[i].frame, e[i].t);
        if (e[i].session_t >= 0) fprintf(f, ", \"session_t\": %.6f}", e[i].session_t);
        else fprintf(f, ", \"session_t\": null}");
    }
    fprintf(f, "%s],\n", n ? "\n  " : "");
}

void xs_report_write(void) {
    if (!xs_cfg.report_path[0]) return;
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", xs_cfg.report_path);
    FILE *f = fopen(tmp, "w");
    if (!f) return;
    int64_t *sorted = malloc((rep.n_late + 1) * sizeof *sorted);
    if (rep.n_late) memcpy(sorted, rep.lateness, rep.n_late * sizeof *sorted);
    qsort(sorted, rep.n_late, sizeof *sorted, cmp_i64);
    double period = 1000.0 / xs_cfg.refresh_hz;
    fprintf(f, "{\n  \"runtime\": \"xrsim\",\n  \"pacing\": \"%s\",\n",
            xs_cfg.free_pacing ? "free" : xs_cfg.manual_clock ? "manual" : "realtime");
    fprintf(f, "  \"refresh_hz\": %.3f,\n  \"period_ms\": %.6f,\n", xs_cfg.refresh_hz, period);
    fprintf(f, "  \"eye_size\": [%u, %u],\n  \"ipd_m\": %.4f,\n", xs_cfg.eye_w, xs_cfg.eye_h,
            xs_cfg.ipd);
    fprintf(f, "  \"instances\": %lld,\n  \"sessions\": %lld,\n", (long long)rep.instances,
            (long long)rep.sessions);
    fprintf(f, "  \"frames\": %lld,\n  \"missed_frames\": %lld,\n", (long long)rep.frames,
            (long long)rep.missed);
    fprintf(f, "  \"missed\": [");
    for (int i = 0; i < rep.n_missed_list; i++)
        fprintf(f, "%s%lld", i ? ", " : "", (long long)rep.missed_list[i]);
    fprintf(f, "],\n");
    fprintf(f, "  \"lateness_ms\": {\"p50\": %.4f, \"p99\": %.4f, \"max\": %.4f},\n",
            pct(sorted, rep.n_late, 0.5), pct(sorted, rep.n_late, 0.99),
            rep.n_late ? sorted[rep.n_late - 1] / 1e6 : 0.0);
    fprintf(f, "  \"stalls\": %lld,\n  \"stall_skipped_vsyncs\": %lld,\n", (long long)rep.stalls,
            (long long)rep.stall_vsyncs);
    fprintf(f, "  \"haptics\": %lld,\n", (long long)rep.haptics);
    list(f, "states", "state", rep.transitions, rep.n_transitions);
    list(f, "errors", "error", rep.errors, rep.n_errors);
    fprintf(f, "  \"errors_dropped\": %d,\n", rep.dropped_errors);
    list(f, "events", "event", rep.events, rep.n_events);
    fprintf(f, "  \"haptic_pulses\": [");
    for (int i = 0; i < rep.n_pulses; i++) {
        const entry *w = &rep.pulses[i].when;
        fprintf(f, "%s\n    {\"hand\": \"%s\", \"duration_ms\": %.3f, \"frequency\": %.1f, "
                   "\"amplitude\": %.3f, \"frame\": %lld, \"t\": %.6f, \"session_t\": %.6f}",
                i ? "," : "", rep.pulses[i].hand == 0 ? "left" : "right",
                rep.pulses[i].duration_ms, rep.pulses[i].frequency, rep.pulses[i].amplitude,
                (long long)w->frame, w->t, w->session_t);
    }
    fprintf(f, "%s],\n", rep.n_pulses ? "\n  " : "");
    fprintf(f, "  \"captures\": [");
    for (int i = 0; i < rep.n_captures; i++) {
        fprintf(f, "%s\n    ", i ? "," : "");
        json_str(f, rep.captures[i]);
    }
    fprintf(f, "%s]\n}\n", rep.n_captures ? "\n  " : "");
    fclose(f);
    free(sorted);
    rename(tmp, xs_cfg.report_path);
}
