/* Control: configuration from the environment, the scripted timeline
 * (XRSIM_SCRIPT), live commands from a control file (XRSIM_CONTROL),
 * controller input values and the capture schedule. */
#include "xrsim.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

xs_config xs_cfg;

typedef struct {
    int by_frame;   /* 1: `frame` is the trigger, else `t` */
    int64_t frame;
    double t;
    int fired;
    char cmd[256];
} timed;

static timed timeline[XS_MAX_TIMELINE];
static int n_timeline;
static float inputs[2][XS_IN_COUNT];
static long control_offset;
/* The control file stays open: a poll is one read() at its end, not an
 * open/seek/read/close, because xrPollEvent and xrWaitFrame run every frame. */
static int control_fd = -1;
static char control_line[512];
static size_t control_len;
static int64_t cap_frames[XS_MAX_CAPTURES];
static int n_cap_frames;
static double cap_times[XS_MAX_CAPTURES];
static int n_cap_times, cap_times_done, capture_next;
static int64_t cap_every;
static double now_t;
static int64_t now_frame;
/* The timeline is fed by xrPollEvent and run by xrWaitFrame, maybe on two threads. */
static pthread_mutex_t control_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *env(const char *name, const char *fallback) {
    const char *v = getenv(name);
    return v && v[0] ? v : fallback;
}

static void parse_captures(const char *spec) {
    char buf[2048];
    snprintf(buf, sizeof buf, "%s", spec);
    for (char *tok = strtok(buf, ", "); tok; tok = strtok(NULL, ", ")) {
        size_t n = strlen(tok);
        if (strncmp(tok, "every:", 6) == 0) cap_every = atoll(tok + 6);
        else if (n > 1 && tok[n - 1] == 's' && n_cap_times < XS_MAX_CAPTURES)
            cap_times[n_cap_times++] = atof(tok);
        else if (n_cap_frames < XS_MAX_CAPTURES)
            cap_frames[n_cap_frames++] = atoll(tok[0] == 'f' ? tok + 1 : tok);
    }
}

static void config_load(void) {
    memset(&xs_cfg, 0, sizeof xs_cfg);
    xs_cfg.refresh_hz = atof(env("XRSIM_REFRESH", "90"));
    if (xs_cfg.refresh_hz < 1 || xs_cfg.refresh_hz > 1000) xs_cfg.refresh_hz = 90;
    if (sscanf(env("XRSIM_EYE_SIZE", "1440x1584"), "%ux%u", &xs_cfg.eye_w, &xs_cfg.eye_h) != 2 ||
        xs_cfg.eye_w == 0 || xs_cfg.eye_h == 0 || xs_cfg.eye_w > 4096 || xs_cfg.eye_h > 4096) {
        xs_cfg.eye_w = 1440;
        xs_cfg.eye_h = 1584;
    }
    xs_cfg.ipd = atof(env("XRSIM_IPD", "0.063"));
    xs_cfg.eye_height = atof(env("XRSIM_EYE_HEIGHT", "1.6"));
    const char *pacing = env("XRSIM_PACING", "realtime");
    xs_cfg.free_pacing = strcasecmp(pacing, "free") == 0;
    xs_cfg.manual_clock = strcasecmp(pacing, "manual") == 0;
    xs_cfg.compositor_ms = atof(env("XRSIM_COMPOSITOR_MS", "1.0"));
    xs_cfg.log = atoi(env("XRSIM_LOG", "0"));
    snprintf(xs_cfg.report_path, sizeof xs_cfg.report_path, "%s", env("XRSIM_REPORT", ""));
    snprintf(xs_cfg.capture_dir, sizeof xs_cfg.capture_dir, "%s", env("XRSIM_CAPTURE_DIR", ""));
    snprintf(xs_cfg.control_path, sizeof xs_cfg.control_path, "%s", env("XRSIM_CONTROL", ""));
    n_cap_frames = n_cap_times = cap_times_done = capture_next = 0;
    cap_every = 0;
    parse_captures(env("XRSIM_CAPTURE", ""));
    memset(inputs, 0, sizeof inputs);
    control_offset = 0;
    if (control_fd >= 0) close(control_fd);
    control_fd = -1;
    control_len = 0;
}

/* Splits "WHEN COMMAND..." into the trigger and the command; returns 0 when
 * the line has no time (it then runs now). */
static int parse_when(const char *line, timed *out) {
    char when[64];
    int used = 0;
    if (sscanf(line, "%63s %n", when, &used) != 1) return -1;
    size_t n = strlen(when);
    char *end = NULL;
    if (strcmp(when, "now") == 0) {
        out->by_frame = 0;
        out->t = -1e30;
    } else if (when[0] == 'f' && n > 1) {
        out->by_frame = 1;
        out->frame = strtoll(when + 1, &end, 10);
        if (*end) return 0;
    } else {
        out->by_frame = 0;
        out->t = strtod(when, &end);
        if (end == when || (*end && strcmp(end, "s") != 0)) return 0;
    }
    snprintf(out->cmd, sizeof out->cmd, "%s", line + used);
    return 1;
}

static void add_timed(const char *line) {
    while (*line == ' ' || *line == '\t') line++;
    if (!*line || *line == '#' || *line == '\n') return;
    if (n_timeline >= XS_MAX_TIMELINE) return;
    timed *e = &timeline[n_timeline];
    memset(e, 0, sizeof *e);
    int r = parse_when(line, e);
    if (r < 0) return;
    if (r == 0) {
        e->t = -1e30;
        snprintf(e->cmd, sizeof e->cmd, "%s", line);
    }
    char *nl = strpbrk(e->cmd, "\r\n");
    if (nl) *nl = 0;
    char *comment = strstr(e->cmd, " #");
    if (comment) *comment = 0;
    n_timeline++;
}

static void timeline_load(void) {
    n_timeline = 0;
    xs_head_reset();
    const char *path = env("XRSIM_SCRIPT", NULL);
    const char *head = env("XRSIM_HEAD", "still");
    char line[300];
    snprintf(line, sizeof line, "0 head %s", head);
    add_timed(line);
    if (!path) return;
    FILE *f = fopen(path, "r");
    if (!f) {
        xs_log("cannot read script %s", path);
        return;
    }
    char buf[512];
    while (fgets(buf, sizeof buf, f)) add_timed(buf);
    fclose(f);
}

/* The variables that define a run: the same values mean the same run. */
static const char *run_vars[] = {
    "XRSIM_RUN", "XRSIM_REFRESH", "XRSIM_EYE_SIZE", "XRSIM_IPD", "XRSIM_EYE_HEIGHT",
    "XRSIM_PACING", "XRSIM_COMPOSITOR_MS", "XRSIM_HEAD", "XRSIM_SCRIPT", "XRSIM_CONTROL",
    "XRSIM_CAPTURE_DIR", "XRSIM_CAPTURE", "XRSIM_REPORT", "XRSIM_LOG",
};
static char run_key[8192];
static int run_started;

/* Called by xrCreateInstance. A run is the life of the process (or, when the
 * XRSIM_* variables change, of one configuration): its configuration, its
 * timeline (each line runs once), its control file offset, the simulated
 * head, hands and room, and its report survive the app destroying its
 * instance and creating a new one. Returns 1 when a new run starts. */
int xs_run_start(void) {
    char key[sizeof run_key];
    size_t used = 0;
    key[0] = 0;
    for (size_t i = 0; i < sizeof run_vars / sizeof run_vars[0]; i++) {
        int n = snprintf(key + used, sizeof key - used, "%s=%s;", run_vars[i],
                         env(run_vars[i], ""));
        if (n < 0 || (size_t)n >= sizeof key - used) break;
        used += (size_t)n;
    }
    if (run_started && strcmp(key, run_key) == 0) return 0;
    snprintf(run_key, sizeof run_key, "%s", key);
    run_started = 1;
    pthread_mutex_lock(&control_lock);
    config_load();
    timeline_load();
    pthread_mutex_unlock(&control_lock);
    xs_time_origin_ns = 0;
    xs_run_frames = 0;
    xs_run_display_ns = 0;
    return 1;
}

static int hand_of(const char *h, int *first, int *last) {
    if (strcmp(h, "left") == 0) *first = *last = 0;
    else if (strcmp(h, "right") == 0) *first = *last = 1;
    else if (strcmp(h, "both") == 0) { *first = 0; *last = 1; }
    else return 0;
    return 1;
}

static int input_of(const char *c) {
    static const char *names[] = {"trigger", "squeeze", "", "", "thumbstick_click", "a", "b",
                                  "x", "y", "menu", "select", "system", "trigger_touch"};
    if (strcmp(c, "grip") == 0) return XS_IN_SQUEEZE;
    for (int i = 0; i < XS_IN_COUNT; i++)
        if (names[i][0] && strcmp(c, names[i]) == 0) return i;
    return -1;
}

static void schedule_release(double at, const char *cmd) {
    char line[300];
    snprintf(line, sizeof line, "%.9f %s", at, cmd);
    add_timed(line);
}

static void run(xs_session *s, const char *cmd) {
    char verb[32] = "", a1[1024] = "", a2[64] = "";
    double v[6] = {0};
    sscanf(cmd, "%31s", verb);
    xs_log("t=%.3f frame=%lld: %s", now_t, (long long)now_frame, cmd);
    if (strcmp(verb, "head") == 0) {
        char mode[32] = "";
        int n = sscanf(cmd, "%*s %31s %lf %lf %lf %lf %lf %lf", mode, &v[0], &v[1], &v[2], &v[3],
                       &v[4], &v[5]);
        int ok;
        if (strcmp(mode, "path") == 0) {
            sscanf(cmd, "%*s %*s %1023s", a1);
            ok = xs_head_set_mode(mode, v, 0, a1, now_t);
        } else {
            ok = xs_head_set_mode(mode, v, n > 1 ? n - 1 : 0, NULL, now_t);
        }
        if (!ok) goto bad;
    } else if (strcmp(verb, "press") == 0 || strcmp(verb, "release") == 0) {
        int first, last;
        v[0] = strcmp(verb, "press") == 0 ? 1.0 : 0.0;
        v[1] = 0;
        int n = sscanf(cmd, "%*s %1023s %63s %lf %lf", a1, a2, &v[0], &v[1]);
        int in = input_of(a2);
        if (n < 2 || !hand_of(a1, &first, &last) || in < 0) goto bad;
        if (strcmp(verb, "release") == 0) v[0] = 0;
        for (int hnd = first; hnd <= last; hnd++) inputs[hnd][in] = (float)v[0];
        if (n >= 4 && v[1] > 0) {
            char rel[128];
            snprintf(rel, sizeof rel, "release %s %s", a1, a2);
            schedule_release(now_t + v[1], rel);
        }
    } else if (strcmp(verb, "thumbstick") == 0) {
        int first, last;
        int n = sscanf(cmd, "%*s %1023s %lf %lf %lf", a1, &v[0], &v[1], &v[2]);
        if (n < 3 || !hand_of(a1, &first, &last)) goto bad;
        for (int hnd = first; hnd <= last; hnd++) {
            inputs[hnd][XS_IN_STICK_X] = (float)v[0];
            inputs[hnd][XS_IN_STICK_Y] = (float)v[1];
        }
        if (n >= 4 && v[2] > 0) {
            char rel[128];
            snprintf(rel, sizeof rel, "thumbstick %s 0 0", a1);
            schedule_release(now_t + v[2], rel);
        }
    } else if (strcmp(verb, "hand") == 0) {
        int first, last;
        int n = sscanf(cmd, "%*s %1023s %lf %lf %lf %lf %lf", a1, &v[0], &v[1], &v[2], &v[3], &v[4]);
        if (n < 4 || !hand_of(a1, &first, &last)) goto bad;
        for (int hnd = first; hnd <= last; hnd++) xs_hand_set(hnd, v, n - 1);
    } else if (strcmp(verb, "headset") == 0) {
        sscanf(cmd, "%*s %63s", a2);
        if (strcmp(a2, "on") != 0 && strcmp(a2, "off") != 0) goto bad;
        if (s) xs_fault_headset(s, strcmp(a2, "on") == 0);
    } else if (strcmp(verb, "hide") == 0 || strcmp(verb, "show") == 0) {
        if (s) xs_fault_hide(s, verb[0] == 'h');
    } else if (strcmp(verb, "recenter") == 0) {
        if (s) xs_fault_recenter(s, now_t);
    } else if (strcmp(verb, "loss") == 0) {
        if (s) xs_fault_loss(s);
    } else if (strcmp(verb, "exit") == 0) {
        if (s) xs_fault_exit(s);
    } else if (strcmp(verb, "stall") == 0) {
        if (sscanf(cmd, "%*s %lf", &v[0]) != 1) goto bad;
        if (s) s->stall_ns += (int64_t)(v[0] * 1e6);
    } else if (strcmp(verb, "work") == 0) {
        if (sscanf(cmd, "%*s %lf", &v[0]) != 1 || v[0] < 0) goto bad;
        if (s) s->work_ns += (int64_t)(v[0] * 1e6);
    } else if (strcmp(verb, "capture") == 0) {
        capture_next = 1;
    } else {
        goto bad;
    }
    return;
bad:
    xs_log("bad command '%s'", cmd);
    char what[96];
    snprintf(what, sizeof what, "bad_command: %.80s", cmd);
    xs_report_event(what);
}

void xs_timeline_tick(xs_session *s, double t, int64_t frame) {
    pthread_mutex_lock(&control_lock);
    now_t = t;
    now_frame = frame;
    /* Runs due entries in order of appearance; entries added while running
     * (scheduled releases) are picked up by the same loop when due. */
    for (int i = 0; i < n_timeline; i++) {
        timed *e = &timeline[i];
        if (e->fired) continue;
        if (e->by_frame ? e->frame <= frame : e->t <= t + 1e-6) {
            e->fired = 1;
            run(s, e->cmd);
        }
    }
    pthread_mutex_unlock(&control_lock);
}

void xs_control_poll(xs_session *s) {
    (void)s;
    if (!xs_cfg.control_path[0]) return;
    pthread_mutex_lock(&control_lock);
    if (control_fd < 0) {
        control_fd = open(xs_cfg.control_path, O_RDONLY | O_CLOEXEC);
        if (control_fd >= 0 && lseek(control_fd, control_offset, SEEK_SET) < 0) {
            close(control_fd);
            control_fd = -1;
        }
    }
    char buf[4096];
    ssize_t got;
    while (control_fd >= 0 && (got = read(control_fd, buf, sizeof buf)) > 0) {
        control_offset += (long)got;
        for (ssize_t i = 0; i < got; i++) {
            if (buf[i] == '\n') {
                control_line[control_len < sizeof control_line - 1 ? control_len : sizeof control_line - 1] = 0;
                if (control_len < sizeof control_line - 1) add_timed(control_line);
                else xs_log("control: a line longer than %zu characters was skipped", sizeof control_line - 1);
                control_len = 0;
            } else if (control_len < sizeof control_line - 1) {
                control_line[control_len++] = buf[i];
            } else {
                control_len = sizeof control_line; /* too long: dropped at its newline */
            }
        }
    }
    pthread_mutex_unlock(&control_lock);
}

int xs_capture_wanted(int64_t frame, double t) {
    int want = capture_next;
    capture_next = 0;
    for (int i = 0; i < n_cap_frames; i++) want |= cap_frames[i] == frame;
    if (cap_every > 0 && frame % cap_every == 0) want = 1;
    while (cap_times_done < n_cap_times && cap_times[cap_times_done] <= t + 1e-6) {
        want = 1;
        cap_times_done++;
    }
    return want;
}

double xs_input_value(int hand, int input) {
    if (hand < 0 || hand > 1 || input < 0 || input >= XS_IN_COUNT) return 0;
    return inputs[hand][input];
}
