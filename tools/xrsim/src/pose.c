/* Pose math and the scripted head and hand motion. Session time t is in
 * seconds from the display time of frame 0. */
#include "xrsim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum head_mode { HEAD_STILL, HEAD_LOOK, HEAD_TURN, HEAD_POSE, HEAD_PATH };

typedef struct {
    double t, p[3], q[4];
} path_row;

static struct {
    enum head_mode mode;
    double start;
    double a[6];        /* mode arguments */
    double from_yp[2];  /* turn: yaw/pitch at start */
    double from_pos[3];
    path_row *rows;
    int n_rows;
} head = {.mode = HEAD_STILL};

double xs_session_seconds(int64_t xr_time) {
    if (xs_time_origin_ns == 0) return 0.0;
    return (double)(xr_time - xs_time_origin_ns) / 1e9;
}

static XrQuaternionf quat_mul(XrQuaternionf a, XrQuaternionf b) {
    XrQuaternionf r;
    r.w = a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z;
    r.x = a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y;
    r.y = a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x;
    r.z = a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w;
    return r;
}

static XrVector3f rotate(XrQuaternionf q, XrVector3f v) {
    XrQuaternionf p = {v.x, v.y, v.z, 0.0f}, c = {-q.x, -q.y, -q.z, q.w};
    XrQuaternionf r = quat_mul(quat_mul(q, p), c);
    return (XrVector3f){r.x, r.y, r.z};
}

XrPosef xs_pose_mul(XrPosef a, XrPosef b) {
    XrPosef r;
    r.orientation = quat_mul(a.orientation, b.orientation);
    XrVector3f p = rotate(a.orientation, b.position);
    r.position = (XrVector3f){a.position.x + p.x, a.position.y + p.y, a.position.z + p.z};
    return r;
}

XrPosef xs_pose_inv(XrPosef a) {
    XrPosef r;
    r.orientation = (XrQuaternionf){-a.orientation.x, -a.orientation.y, -a.orientation.z,
                                    a.orientation.w};
    XrVector3f p = rotate(r.orientation, a.position);
    r.position = (XrVector3f){-p.x, -p.y, -p.z};
    return r;
}

static XrQuaternionf yaw_pitch(double yaw, double pitch) {
    XrQuaternionf qy = {0, (float)sin(yaw / 2), 0, (float)cos(yaw / 2)};
    XrQuaternionf qp = {(float)sin(pitch / 2), 0, 0, (float)cos(pitch / 2)};
    return quat_mul(qy, qp);
}

static void to_yaw_pitch(XrQuaternionf q, double *yaw, double *pitch) {
    XrVector3f f = rotate(q, (XrVector3f){0, 0, -1});
    *yaw = atan2(-f.x, -f.z);
    *pitch = asin(f.y < -1 ? -1 : f.y > 1 ? 1 : f.y);
}

/* Head pose in LOCAL space (origin at the seated eye point). */
static XrPosef head_local(double t) {
    XrPosef p = {{0, 0, 0, 1}, {0, 0, 0}};
    double u = t - head.start;
    switch (head.mode) {
        case HEAD_STILL: break;
        case HEAD_LOOK: {
            double period = head.a[2] > 0 ? head.a[2] : 6.0;
            double yaw = head.a[0] * M_PI / 180 * sin(2 * M_PI * u / period);
            double pitch = head.a[1] * M_PI / 180 * sin(4 * M_PI * u / period);
            p.orientation = yaw_pitch(yaw, pitch);
            break;
        }
        case HEAD_TURN: {
            double dx = head.a[0] - head.from_pos[0], dy = head.a[1] - head.from_pos[1];
            double dz = head.a[2] - head.from_pos[2];
            double yaw1 = atan2(-dx, -dz), pitch1 = atan2(dy, sqrt(dx * dx + dz * dz));
            double yaw0 = head.from_yp[0], pitch0 = head.from_yp[1];
            while (yaw1 - yaw0 > M_PI) yaw1 -= 2 * M_PI;
            while (yaw1 - yaw0 < -M_PI) yaw1 += 2 * M_PI;
            double dur = head.a[3] > 0 ? head.a[3] : 1.0;
            double k = u <= 0 ? 0 : u >= dur ? 1 : u / dur;
            k = k * k * (3 - 2 * k);
            p.orientation = yaw_pitch(yaw0 + (yaw1 - yaw0) * k, pitch0 + (pitch1 - pitch0) * k);
            p.position = (XrVector3f){(float)head.from_pos[0], (float)head.from_pos[1],
                                      (float)head.from_pos[2]};
            break;
        }
        case HEAD_POSE:
            p.orientation = yaw_pitch(head.a[0] * M_PI / 180, head.a[1] * M_PI / 180);
            p.position = (XrVector3f){(float)head.a[2], (float)head.a[3], (float)head.a[4]};
            break;
        case HEAD_PATH: {
            if (head.n_rows == 0) break;
            int i = 0;
            while (i + 1 < head.n_rows && head.rows[i + 1].t <= u) i++;
            path_row *a = &head.rows[i], *b = &head.rows[i + 1 < head.n_rows ? i + 1 : i];
            double k = (b->t > a->t && u > a->t) ? (u - a->t) / (b->t - a->t) : 0;
            if (k > 1) k = 1;
            double q[4], n = 0, dot = 0;
            for (int j = 0; j < 4; j++) dot += a->q[j] * b->q[j];
            for (int j = 0; j < 4; j++) {
                q[j] = a->q[j] + ((dot < 0 ? -b->q[j] : b->q[j]) - a->q[j]) * k;
                n += q[j] * q[j];
            }
            n = n > 0 ? sqrt(n) : 1;
            p.orientation = (XrQuaternionf){(float)(q[0] / n), (float)(q[1] / n),
                                            (float)(q[2] / n), (float)(q[3] / n)};
            p.position = (XrVector3f){(float)(a->p[0] + (b->p[0] - a->p[0]) * k),
                                      (float)(a->p[1] + (b->p[1] - a->p[1]) * k),
                                      (float)(a->p[2] + (b->p[2] - a->p[2]) * k)};
            break;
        }
    }
    return p;
}

XrPosef xs_head_pose(double t) {
    XrPosef p = head_local(t);
    p.position.y += (float)xs_cfg.eye_height;
    return p;
}

static int load_path(const char *file) {
    FILE *f = fopen(file, "r");
    if (!f) return 0;
    free(head.rows);
    head.rows = NULL;
    head.n_rows = 0;
    int cap = 0;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        path_row r;
        if (line[0] == '#') continue;
        for (char *c = line; *c; c++)
            if (*c == ',') *c = ' ';
        if (sscanf(line, "%lf %lf %lf %lf %lf %lf %lf %lf", &r.t, &r.p[0], &r.p[1], &r.p[2],
                   &r.q[0], &r.q[1], &r.q[2], &r.q[3]) != 8)
            continue;
        if (head.n_rows == cap) {
            cap = cap ? cap * 2 : 256;
            head.rows = realloc(head.rows, (size_t)cap * sizeof *head.rows);
        }
        head.rows[head.n_rows++] = r;
    }
    fclose(f);
    return head.n_rows > 0;
}

/* Starts a head motion at session time t; returns 0 (nothing changed) for an
 * unknown mode, missing arguments or an unreadable path file. */
int xs_head_set_mode(const char *mode, const double *args, int nargs, const char *file, double t) {
    enum head_mode m;
    if (strcmp(mode, "still") == 0) m = HEAD_STILL;
    else if (strcmp(mode, "look_around") == 0 || strcmp(mode, "look-around") == 0) m = HEAD_LOOK;
    else if (strcmp(mode, "turn") == 0 && nargs >= 3) m = HEAD_TURN;
    else if (strcmp(mode, "pose") == 0 && nargs >= 2) m = HEAD_POSE;
    else if (strcmp(mode, "path") == 0 && file && load_path(file)) m = HEAD_PATH;
    else return 0;
    XrPosef cur = head_local(t);
    double from_yaw, from_pitch;
    to_yaw_pitch(cur.orientation, &from_yaw, &from_pitch);
    memset(head.a, 0, sizeof head.a);
    for (int i = 0; i < nargs && i < 6; i++) head.a[i] = args[i];
    head.start = t;
    head.mode = m;
    if (m == HEAD_LOOK) {
        if (nargs < 1) head.a[0] = 35;
        if (nargs < 2) head.a[1] = 10;
        if (nargs < 3) head.a[2] = 6;
    } else if (m == HEAD_TURN) {
        head.from_yp[0] = from_yaw;
        head.from_yp[1] = from_pitch;
        head.from_pos[0] = cur.position.x;
        head.from_pos[1] = cur.position.y;
        head.from_pos[2] = cur.position.z;
    }
    return 1;
}

/* Grip poses in LOCAL space: in front of a seated participant unless moved. */
static const XrPosef default_hands[2] = {
    {{0, 0, 0, 1}, {-0.18f, -0.35f, -0.35f}},
    {{0, 0, 0, 1}, {0.18f, -0.35f, -0.35f}},
};
static XrPosef hands[2] = {
    {{0, 0, 0, 1}, {-0.18f, -0.35f, -0.35f}},
    {{0, 0, 0, 1}, {0.18f, -0.35f, -0.35f}},
};

void xs_hand_set(int hand, const double *v, int n) {
    if (hand < 0 || hand > 1) return;
    hands[hand].position = (XrVector3f){(float)v[0], (float)v[1], (float)v[2]};
    hands[hand].orientation = yaw_pitch(n > 3 ? v[3] * M_PI / 180 : 0, n > 4 ? v[4] * M_PI / 180 : 0);
}

XrPosef xs_hand_pose(int hand, int pose_src, double t) {
    (void)t;
    XrPosef p = hands[hand];
    if (pose_src == XS_POSE_AIM) {
        /* the aim ray points forward and slightly down from the grip */
        XrPosef aim = {yaw_pitch(0, -0.5), {0, 0, -0.05f}};
        p = xs_pose_mul(p, aim);
    }
    p.position.y += (float)xs_cfg.eye_height;
    return p;
}

/* LOCAL's origin in STAGE space: the first eye point, until a recenter. */
static int recentered;
static XrPosef local_origin;

XrPosef xs_local_origin(void) {
    if (recentered) return local_origin;
    XrPosef p = {{0, 0, 0, 1}, {0, (float)xs_cfg.eye_height, 0}};
    return p;
}

/* Moves LOCAL under the head (gravity-aligned, keeping only its yaw), like a
 * user's long press on the system button; returns the new origin in the old LOCAL. */
XrPosef xs_recenter(double t) {
    XrPosef old = xs_local_origin(), head_now = xs_head_pose(t);
    double yaw, pitch;
    to_yaw_pitch(head_now.orientation, &yaw, &pitch);
    local_origin.orientation = yaw_pitch(yaw, 0);
    local_origin.position = head_now.position;
    recentered = 1;
    return xs_pose_mul(xs_pose_inv(old), local_origin);
}

void xs_head_reset(void) {
    recentered = 0;
    hands[0] = default_hands[0];
    hands[1] = default_hands[1];
    free(head.rows);
    memset(&head, 0, sizeof head);
    head.mode = HEAD_STILL;
}
