/* Interaction profiles: which binding paths exist, and what they read. */
#include "xrsim.h"

#include <stdio.h>
#include <string.h>

#define SIMPLE "/interaction_profiles/khr/simple_controller"
#define TOUCH "/interaction_profiles/oculus/touch_controller"

/* Profiles an app may suggest for; only the first two are ever "connected". */
static const char *known_profiles[] = {
    SIMPLE, TOUCH,
    "/interaction_profiles/valve/index_controller",
    "/interaction_profiles/htc/vive_controller",
    "/interaction_profiles/microsoft/motion_controller",
    "/interaction_profiles/google/daydream_controller",
    "/interaction_profiles/htc/vive_pro",
    "/interaction_profiles/microsoft/xbox_controller",
    "/interaction_profiles/oculus/go_controller",
};

int xs_profile_known(const char *p) {
    for (size_t i = 0; i < sizeof known_profiles / sizeof known_profiles[0]; i++)
        if (strcmp(p, known_profiles[i]) == 0) return (int)i + 1;
    return 0;
}

typedef struct {
    const char *name;  /* identifier after /input/ */
    int input;
    int hands;         /* bit 0 left, bit 1 right */
    const char *subs;  /* allowed components, space separated; "" = none */
} component;

static const component simple_components[] = {
    {"select", XS_IN_SELECT, 3, "click"},
    {"menu", XS_IN_MENU, 3, "click"},
};

static const component touch_components[] = {
    {"x", XS_IN_X, 1, "click touch"},
    {"y", XS_IN_Y, 1, "click touch"},
    {"menu", XS_IN_MENU, 1, "click"},
    {"a", XS_IN_A, 2, "click touch"},
    {"b", XS_IN_B, 2, "click touch"},
    {"system", XS_IN_SYSTEM, 2, "click"},
    {"squeeze", XS_IN_SQUEEZE, 3, "value"},
    {"trigger", XS_IN_TRIGGER, 3, "value touch"},
    {"thumbstick", XS_IN_STICK_X, 3, "x y click touch"},
    {"thumbrest", XS_IN_COUNT, 3, "touch"},
};

static int has_word(const char *list, const char *w) {
    size_t n = strlen(w);
    for (const char *p = list; (p = strstr(p, w)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0)) return 1;
    return 0;
}

/* Parses a binding path for a profile; returns 0 when the profile has no such path. */
int xs_binding_parse(const char *profile, const char *path, xs_binding *b) {
    int hand;
    const char *rest;
    if (strncmp(path, "/user/hand/left/", 16) == 0) { hand = 0; rest = path + 16; }
    else if (strncmp(path, "/user/hand/right/", 17) == 0) { hand = 1; rest = path + 17; }
    else return 0;
    b->hand = hand;
    if (strcmp(rest, "output/haptic") == 0) { b->kind = XS_BK_HAPTIC; b->input = -1; return 1; }
    if (strcmp(rest, "input/grip/pose") == 0 || strcmp(rest, "input/grip") == 0) {
        b->kind = XS_BK_POSE; b->input = XS_POSE_GRIP; return 1;
    }
    if (strcmp(rest, "input/aim/pose") == 0 || strcmp(rest, "input/aim") == 0) {
        b->kind = XS_BK_POSE; b->input = XS_POSE_AIM; return 1;
    }
    if (strncmp(rest, "input/", 6) != 0) return 0;
    char ident[64] = "", comp[32] = "";
    sscanf(rest + 6, "%63[^/]/%31s", ident, comp);
    const component *list;
    size_t n;
    if (strcmp(profile, SIMPLE) == 0) {
        list = simple_components;
        n = sizeof simple_components / sizeof simple_components[0];
    } else if (strcmp(profile, TOUCH) == 0) {
        list = touch_components;
        n = sizeof touch_components / sizeof touch_components[0];
    } else {
        return 1; /* profiles we never connect: accept the suggestion, never read it */
    }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(list[i].name, ident) != 0 || !(list[i].hands & (1 << hand))) continue;
        b->input = list[i].input;
        if (comp[0] == 0) {
            b->kind = list[i].input == XS_IN_STICK_X ? XS_BK_VEC2 : XS_BK_SCALAR;
            if (strcmp(list[i].subs, "touch") == 0) b->kind = XS_BK_TOUCH;
            return 1;
        }
        if (!has_word(list[i].subs, comp)) return 0;
        if (strcmp(comp, "x") == 0) b->kind = XS_BK_X;
        else if (strcmp(comp, "y") == 0) b->kind = XS_BK_Y;
        else if (strcmp(comp, "touch") == 0) b->kind = XS_BK_TOUCH;
        else if (strcmp(comp, "click") == 0 && list[i].input == XS_IN_STICK_X) {
            b->input = XS_IN_STICK_CLICK;
            b->kind = XS_BK_SCALAR;
        } else b->kind = XS_BK_SCALAR;
        return 1;
    }
    return 0;
}

/* Current value of a binding: v[0] scalar or x, v[1] y. Returns 0 if it has no value. */
int xs_binding_value(const xs_binding *b, float v[2]) {
    v[0] = v[1] = 0;
    switch (b->kind) {
        case XS_BK_SCALAR: v[0] = (float)xs_input_value(b->hand, b->input); return 1;
        case XS_BK_VEC2:
            v[0] = (float)xs_input_value(b->hand, XS_IN_STICK_X);
            v[1] = (float)xs_input_value(b->hand, XS_IN_STICK_Y);
            return 1;
        case XS_BK_X: v[0] = (float)xs_input_value(b->hand, XS_IN_STICK_X); return 1;
        case XS_BK_Y: v[0] = (float)xs_input_value(b->hand, XS_IN_STICK_Y); return 1;
        case XS_BK_TOUCH:
            if (b->input == XS_IN_TRIGGER)
                v[0] = xs_input_value(b->hand, XS_IN_TRIGGER_TOUCH) > 0 ||
                       xs_input_value(b->hand, XS_IN_TRIGGER) > 0;
            else if (b->input == XS_IN_STICK_X)
                v[0] = xs_input_value(b->hand, XS_IN_STICK_X) != 0 ||
                       xs_input_value(b->hand, XS_IN_STICK_Y) != 0 ||
                       xs_input_value(b->hand, XS_IN_STICK_CLICK) > 0;
            else if (b->input < XS_IN_COUNT)
                v[0] = xs_input_value(b->hand, b->input) > 0;
            return 1;
        default: return 0;
    }
}
