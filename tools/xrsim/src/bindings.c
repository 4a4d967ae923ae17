/* Interaction profiles: the OpenXR 1.0 profiles with exactly the input and
 * output paths the specification lists for each, and what the simulated
 * controllers read through them. */
#include "xrsim.h"

#include <stdio.h>
#include <string.h>

#define SIMPLE "/interaction_profiles/khr/simple_controller"
#define TOUCH "/interaction_profiles/oculus/touch_controller"

/* Top-level user paths a profile covers (bits). */
enum { U_LEFT = 1, U_RIGHT = 2, U_HANDS = 3, U_HEAD = 4, U_GAMEPAD = 8 };

static const char *user_paths[] = {"/user/hand/left", "/user/hand/right", "/user/head",
                                   "/user/gamepad"};

typedef struct {
    int users;        /* which of the profile's user paths have it */
    const char *path; /* "input/<identifier>[/<component>]" or "output/<identifier>" */
} source;

typedef struct {
    const char *name;
    const char *title; /* for xrGetInputSourceLocalizedName */
    int users;
    const source *sources;
} profile;

#define END {0, NULL}

static const source simple_src[] = {
    {U_HANDS, "input/select/click"}, {U_HANDS, "input/menu/click"}, {U_HANDS, "input/grip/pose"},
    {U_HANDS, "input/aim/pose"},     {U_HANDS, "output/haptic"},    END};

static const source daydream_src[] = {
    {U_HANDS, "input/select/click"}, {U_HANDS, "input/trackpad"},
    {U_HANDS, "input/trackpad/x"},   {U_HANDS, "input/trackpad/y"},
    {U_HANDS, "input/trackpad/click"}, {U_HANDS, "input/trackpad/touch"},
    {U_HANDS, "input/grip/pose"},    {U_HANDS, "input/aim/pose"}, END};

static const source vive_src[] = {
    {U_HANDS, "input/system/click"}, {U_HANDS, "input/squeeze/click"},
    {U_HANDS, "input/menu/click"},   {U_HANDS, "input/trigger/click"},
    {U_HANDS, "input/trigger/value"}, {U_HANDS, "input/trackpad"},
    {U_HANDS, "input/trackpad/x"},   {U_HANDS, "input/trackpad/y"},
    {U_HANDS, "input/trackpad/click"}, {U_HANDS, "input/trackpad/touch"},
    {U_HANDS, "input/grip/pose"},    {U_HANDS, "input/aim/pose"},
    {U_HANDS, "output/haptic"},      END};

static const source vive_pro_src[] = {
    {U_HEAD, "input/system/click"},    {U_HEAD, "input/volume_up/click"},
    {U_HEAD, "input/volume_down/click"}, {U_HEAD, "input/mute_mic/click"}, END};

static const source wmr_src[] = {
    {U_HANDS, "input/menu/click"},     {U_HANDS, "input/squeeze/click"},
    {U_HANDS, "input/trigger/value"},  {U_HANDS, "input/thumbstick"},
    {U_HANDS, "input/thumbstick/x"},   {U_HANDS, "input/thumbstick/y"},
    {U_HANDS, "input/thumbstick/click"}, {U_HANDS, "input/trackpad"},
    {U_HANDS, "input/trackpad/x"},     {U_HANDS, "input/trackpad/y"},
    {U_HANDS, "input/trackpad/click"}, {U_HANDS, "input/trackpad/touch"},
    {U_HANDS, "input/grip/pose"},      {U_HANDS, "input/aim/pose"},
    {U_HANDS, "output/haptic"},        END};

static const source xbox_src[] = {
    {U_GAMEPAD, "input/menu/click"},          {U_GAMEPAD, "input/view/click"},
    {U_GAMEPAD, "input/a/click"},             {U_GAMEPAD, "input/b/click"},
    {U_GAMEPAD, "input/x/click"},             {U_GAMEPAD, "input/y/click"},
    {U_GAMEPAD, "input/dpad_down/click"},     {U_GAMEPAD, "input/dpad_right/click"},
    {U_GAMEPAD, "input/dpad_up/click"},       {U_GAMEPAD, "input/dpad_left/click"},
    {U_GAMEPAD, "input/shoulder_left/click"}, {U_GAMEPAD, "input/shoulder_right/click"},
    {U_GAMEPAD, "input/thumbstick_left/click"}, {U_GAMEPAD, "input/thumbstick_right/click"},
    {U_GAMEPAD, "input/trigger_left/value"},  {U_GAMEPAD, "input/trigger_right/value"},
    {U_GAMEPAD, "input/thumbstick_left"},     {U_GAMEPAD, "input/thumbstick_left/x"},
    {U_GAMEPAD, "input/thumbstick_left/y"},   {U_GAMEPAD, "input/thumbstick_right"},
    {U_GAMEPAD, "input/thumbstick_right/x"},  {U_GAMEPAD, "input/thumbstick_right/y"},
    {U_GAMEPAD, "output/haptic_left"},        {U_GAMEPAD, "output/haptic_right"},
    {U_GAMEPAD, "output/haptic_left_trigger"}, {U_GAMEPAD, "output/haptic_right_trigger"},
    END};

static const source go_src[] = {
    {U_HANDS, "input/system/click"}, {U_HANDS, "input/trigger/click"},
    {U_HANDS, "input/back/click"},   {U_HANDS, "input/trackpad"},
    {U_HANDS, "input/trackpad/x"},   {U_HANDS, "input/trackpad/y"},
    {U_HANDS, "input/trackpad/click"}, {U_HANDS, "input/trackpad/touch"},
    {U_HANDS, "input/grip/pose"},    {U_HANDS, "input/aim/pose"}, END};

static const source touch_src[] = {
    {U_LEFT, "input/x/click"},        {U_LEFT, "input/x/touch"},
    {U_LEFT, "input/y/click"},        {U_LEFT, "input/y/touch"},
    {U_LEFT, "input/menu/click"},     {U_RIGHT, "input/a/click"},
    {U_RIGHT, "input/a/touch"},       {U_RIGHT, "input/b/click"},
    {U_RIGHT, "input/b/touch"},       {U_RIGHT, "input/system/click"},
    {U_HANDS, "input/squeeze/value"}, {U_HANDS, "input/trigger/value"},
    {U_HANDS, "input/trigger/touch"}, {U_HANDS, "input/thumbstick"},
    {U_HANDS, "input/thumbstick/x"},  {U_HANDS, "input/thumbstick/y"},
    {U_HANDS, "input/thumbstick/click"}, {U_HANDS, "input/thumbstick/touch"},
    {U_HANDS, "input/thumbrest/touch"}, {U_HANDS, "input/grip/pose"},
    {U_HANDS, "input/aim/pose"},      {U_HANDS, "output/haptic"}, END};

static const source index_src[] = {
    {U_HANDS, "input/system/click"},  {U_HANDS, "input/system/touch"},
    {U_HANDS, "input/a/click"},       {U_HANDS, "input/a/touch"},
    {U_HANDS, "input/b/click"},       {U_HANDS, "input/b/touch"},
    {U_HANDS, "input/squeeze/value"}, {U_HANDS, "input/squeeze/force"},
    {U_HANDS, "input/trigger/click"}, {U_HANDS, "input/trigger/value"},
    {U_HANDS, "input/trigger/touch"}, {U_HANDS, "input/thumbstick"},
    {U_HANDS, "input/thumbstick/x"},  {U_HANDS, "input/thumbstick/y"},
    {U_HANDS, "input/thumbstick/click"}, {U_HANDS, "input/thumbstick/touch"},
    {U_HANDS, "input/trackpad"},      {U_HANDS, "input/trackpad/x"},
    {U_HANDS, "input/trackpad/y"},    {U_HANDS, "input/trackpad/force"},
    {U_HANDS, "input/trackpad/touch"}, {U_HANDS, "input/grip/pose"},
    {U_HANDS, "input/aim/pose"},      {U_HANDS, "output/haptic"}, END};

/* The core 1.0 profiles; the simulator "connects" the first two. */
static const profile profiles[] = {
    {SIMPLE, "Simple Controller", U_HANDS, simple_src},
    {TOUCH, "Oculus Touch Controller", U_HANDS, touch_src},
    {"/interaction_profiles/google/daydream_controller", "Daydream Controller", U_HANDS,
     daydream_src},
    {"/interaction_profiles/htc/vive_controller", "Vive Controller", U_HANDS, vive_src},
    {"/interaction_profiles/htc/vive_pro", "Vive Pro", U_HEAD, vive_pro_src},
    {"/interaction_profiles/microsoft/motion_controller", "Mixed Reality Controller", U_HANDS,
     wmr_src},
    {"/interaction_profiles/microsoft/xbox_controller", "Xbox Controller", U_GAMEPAD, xbox_src},
    {"/interaction_profiles/oculus/go_controller", "Oculus Go Controller", U_HANDS, go_src},
    {"/interaction_profiles/valve/index_controller", "Index Controller", U_HANDS, index_src},
};
#define N_PROFILES (sizeof profiles / sizeof profiles[0])

static const profile *find_profile(const char *name) {
    for (size_t i = 0; i < N_PROFILES; i++)
        if (strcmp(name, profiles[i].name) == 0) return &profiles[i];
    return NULL;
}

int xs_profile_known(const char *p) { return find_profile(p) != NULL; }

const char *xs_profile_title(const char *p) {
    const profile *pr = find_profile(p);
    return pr ? pr->title : NULL;
}

/* Splits a binding path into its user path (bit) and the rest. */
static int split_user(const char *path, const char **rest) {
    for (int i = 0; i < 4; i++) {
        size_t n = strlen(user_paths[i]);
        if (strncmp(path, user_paths[i], n) == 0 && path[n] == '/') {
            *rest = path + n + 1;
            return 1 << i;
        }
    }
    return 0;
}

/* Whether a profile has this source for this user path: the exact path, or
 * an identifier without component ("input/trigger": the runtime picks one). */
static int has_source(const profile *pr, int user, const char *rest) {
    size_t n = strlen(rest);
    for (const source *s = pr->sources; s->path; s++) {
        if (!(s->users & user)) continue;
        if (strcmp(s->path, rest) == 0) return 1;
        if (strncmp(rest, "input/", 6) == 0 && strchr(rest + 6, '/') == NULL &&
            strncmp(s->path, rest, n) == 0 && s->path[n] == '/')
            return 1;
    }
    return 0;
}

typedef struct {
    const char *ident;
    int input;
} ident_map;

/* Identifiers of the connectable profiles and the simulated input behind them. */
static const ident_map idents[] = {
    {"select", XS_IN_SELECT}, {"menu", XS_IN_MENU},       {"x", XS_IN_X},
    {"y", XS_IN_Y},           {"a", XS_IN_A},             {"b", XS_IN_B},
    {"system", XS_IN_SYSTEM}, {"squeeze", XS_IN_SQUEEZE}, {"trigger", XS_IN_TRIGGER},
    {"thumbstick", XS_IN_STICK_X}, {"thumbrest", XS_IN_COUNT},
};

/* What a binding of a connectable profile reads from the simulated controller. */
static void classify(xs_binding *b, const char *rest) {
    b->kind = XS_BK_NONE;
    b->input = -1;
    if (strncmp(rest, "output/", 7) == 0) {
        b->kind = XS_BK_HAPTIC;
        return;
    }
    char ident[64] = "", comp[32] = "";
    sscanf(rest, "input/%63[^/]/%31s", ident, comp);
    if (strcmp(ident, "grip") == 0 || strcmp(ident, "aim") == 0) {
        b->kind = XS_BK_POSE;
        b->input = ident[0] == 'g' ? XS_POSE_GRIP : XS_POSE_AIM;
        return;
    }
    for (size_t i = 0; i < sizeof idents / sizeof idents[0]; i++) {
        if (strcmp(idents[i].ident, ident) != 0) continue;
        b->input = idents[i].input;
        if (strcmp(comp, "touch") == 0 || (b->input == XS_IN_COUNT)) b->kind = XS_BK_TOUCH;
        else if (b->input == XS_IN_STICK_X && strcmp(comp, "x") == 0) b->kind = XS_BK_X;
        else if (b->input == XS_IN_STICK_X && strcmp(comp, "y") == 0) b->kind = XS_BK_Y;
        else if (b->input == XS_IN_STICK_X && strcmp(comp, "click") == 0) {
            b->input = XS_IN_STICK_CLICK;
            b->kind = XS_BK_SCALAR;
        } else if (b->input == XS_IN_STICK_X) b->kind = XS_BK_VEC2;
        else b->kind = XS_BK_SCALAR;
        return;
    }
}

/* Parses a binding path for a profile; returns 0 when the profile has no such path. */
int xs_binding_parse(const char *profile_name, const char *path, xs_binding *b) {
    const profile *pr = find_profile(profile_name);
    const char *rest = NULL;
    int user = split_user(path, &rest);
    if (!pr || !user || !(pr->users & user) || !has_source(pr, user, rest)) return 0;
    b->hand = user == U_LEFT ? 0 : user == U_RIGHT ? 1 : -1;
    b->kind = XS_BK_NONE;
    b->input = -1;
    if (pr == &profiles[0] || pr == &profiles[1]) classify(b, rest);
    return 1;
}

/* Whether a top-level user path is one any profile covers. */
int xs_user_path_known(const char *path) {
    for (int i = 0; i < 4; i++)
        if (strcmp(path, user_paths[i]) == 0) return 1;
    return 0;
}

/* A readable name for the component part of a binding path ("Trigger Value"). */
void xs_binding_component_name(const char *path, char *out, size_t cap) {
    const char *rest = NULL;
    if (!split_user(path, &rest)) rest = path;
    const char *p = strchr(rest, '/');
    p = p ? p + 1 : rest;
    size_t k = 0;
    int upper = 1;
    for (; *p && k + 1 < cap; p++) {
        char c = *p == '/' || *p == '_' ? ' ' : *p;
        out[k++] = upper && c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
        upper = c == ' ';
    }
    out[k] = 0;
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
            else if (b->input >= 0 && b->input < XS_IN_COUNT)
                v[0] = xs_input_value(b->hand, b->input) > 0;
            return 1;
        default: return 0;
    }
}
