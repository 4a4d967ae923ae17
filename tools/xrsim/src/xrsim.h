/* xrsim: a simulated OpenXR 1.0 runtime for tests and developers.
 *
 * Internal header shared by the runtime's translation units. The public
 * surface is xrNegotiateLoaderRuntimeInterface (see instance.c); everything
 * else is reached through xrGetInstanceProcAddr like any other runtime.
 */
#ifndef XRSIM_H
#define XRSIM_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define XR_USE_TIMESPEC 1
#define XR_NO_PROTOTYPES 1
#include <openxr/openxr.h>
#include <openxr/openxr_platform_defines.h>

/* ---- platform structs we mirror (no X11/GL/EGL headers needed) ---- */

#define XS_TYPE_GRAPHICS_BINDING_OPENGL_XLIB_KHR XR_TYPE_GRAPHICS_BINDING_OPENGL_XLIB_KHR
#define XS_TYPE_SWAPCHAIN_IMAGE_OPENGL_KHR XR_TYPE_SWAPCHAIN_IMAGE_OPENGL_KHR
#define XS_TYPE_GRAPHICS_REQUIREMENTS_OPENGL_KHR XR_TYPE_GRAPHICS_REQUIREMENTS_OPENGL_KHR
#define XS_TYPE_GRAPHICS_BINDING_EGL_MNDX XR_TYPE_GRAPHICS_BINDING_EGL_MNDX

typedef void (*xs_glproc)(void);
typedef xs_glproc (*xs_getproc_fn)(const char *name);
typedef void *(*xs_current_context_fn)(void);

typedef struct {
    XrStructureType type;
    const void *next;
    void *xDisplay;
    uint32_t visualid;
    void *glxFBConfig;
    unsigned long glxDrawable;
    void *glxContext;
} XsBindingXlib;

typedef struct {
    XrStructureType type;
    const void *next;
    xs_getproc_fn getProcAddress;
    void *display;
    void *config;
    void *context;
} XsBindingEGL;

typedef struct {
    XrStructureType type;
    void *next;
    uint32_t image;
} XsSwapchainImageGL;

typedef struct {
    XrStructureType type;
    void *next;
    XrVersion minApiVersionSupported;
    XrVersion maxApiVersionSupported;
} XsGraphicsRequirementsGL;

/* ---- limits ---- */

#define XS_MAX_OBJECTS 1024
#define XS_MAX_PATHS 4096
#define XS_MAX_EVENTS 64
#define XS_MAX_ACTIONS 128
#define XS_MAX_BINDINGS 16
#define XS_MAX_SUBACTIONS 5
#define XS_SWAPCHAIN_IMAGES 3
#define XS_MAX_TIMELINE 512
#define XS_MAX_ERRORS 256
#define XS_MAX_TRANSITIONS 128
#define XS_MAX_CAPTURES 256
#define XS_MAX_MISSED 1000

/* ---- handles ---- */

enum xs_kind { XS_NONE, XS_INSTANCE, XS_SESSION, XS_SPACE, XS_SWAPCHAIN, XS_ACTION_SET, XS_ACTION };

uint64_t xs_handle_new(enum xs_kind kind, void *obj);
void *xs_handle_get(uint64_t handle, enum xs_kind kind);
void xs_handle_free(uint64_t handle);
void *xs_handle_nth(uint32_t i, enum xs_kind kind);
void xs_handles_free_kind(enum xs_kind kind);

/* ---- input sources ---- */

enum xs_input {
    XS_IN_TRIGGER, XS_IN_SQUEEZE, XS_IN_STICK_X, XS_IN_STICK_Y, XS_IN_STICK_CLICK,
    XS_IN_A, XS_IN_B, XS_IN_X, XS_IN_Y, XS_IN_MENU, XS_IN_SELECT, XS_IN_SYSTEM,
    XS_IN_TRIGGER_TOUCH, XS_IN_COUNT
};

enum xs_pose_src { XS_POSE_NONE = -1, XS_POSE_GRIP = 0, XS_POSE_AIM = 1 };

/* ---- objects ---- */

typedef struct xs_instance {
    XrInstance handle;
    XrVersion api_version;
    int ext_gl, ext_egl, ext_timespec, ext_headless;
    int gfx_requirements_called;
    int system_fetched;
    char app_name[XR_MAX_APPLICATION_NAME_SIZE];
    struct xs_session *session;
} xs_instance;

typedef struct xs_swapchain {
    XrSwapchain handle;
    struct xs_session *session;
    uint32_t tex[XS_SWAPCHAIN_IMAGES];
    uint32_t count, width, height, array_size;
    int64_t format;
    uint32_t target;
    uint32_t acquired[XS_SWAPCHAIN_IMAGES]; /* FIFO of acquired indices */
    uint32_t n_acquired;
    int waited;          /* oldest acquired image has been waited on */
    uint32_t next_index; /* next index xrAcquireSwapchainImage hands out */
    int last_released;   /* -1 until the first release */
} xs_swapchain;

/* One frame of the frame loop: waited, then begun, then ended. */
typedef struct xs_frame {
    int valid;
    int64_t index;        /* frames waited in this session before this one */
    int64_t predicted_ns; /* its predictedDisplayTime */
    int64_t deadline_ns;  /* its submit deadline */
} xs_frame;

typedef struct xs_session {
    XrSession handle;
    xs_instance *instance;
    XrSessionState state;
    int running, exit_requested, lost, headset_off, hidden;
    int binding; /* 1 = Xlib/GLX, 2 = EGL, 3 = headless (XR_MND_headless) */
    xs_getproc_fn getproc;
    /* frame loop (guarded by xs_api_lock; frame_cond signals "pending frame begun") */
    pthread_cond_t frame_cond;
    int waiters;              /* threads inside xrWaitFrame */
    int64_t period_ns, base_ns, t0_ns;
    int64_t vsync_k;          /* index of the vsync the last wait woke on */
    int64_t predicted_ns;     /* predictedDisplayTime of the last waited frame */
    int64_t frame_waited;     /* frames waited since xrBeginSession */
    xs_frame pending;         /* waited, not yet begun */
    xs_frame current;         /* begun, not yet ended */
    int64_t stall_ns;
    int64_t work_ns; /* `work MS`: the frame waited now ends MS later (manual clock: MS of clock time) */
    /* actions */
    int actions_attached;
    uint64_t attached_sets[16];
    uint32_t n_attached;
    XrPath profile[2];
} xs_session;

typedef struct xs_space {
    XrSpace handle;
    xs_session *session;
    XrReferenceSpaceType ref; /* 0 for action spaces */
    struct xs_action *action;
    XrPath subaction;
    XrPosef offset;
} xs_space;

typedef struct xs_action_set {
    XrActionSet handle;
    xs_instance *instance;
    char name[XR_MAX_ACTION_SET_NAME_SIZE];
    char localized[XR_MAX_LOCALIZED_ACTION_SET_NAME_SIZE];
    uint32_t priority;
    int attached;
} xs_action_set;

enum xs_bind_kind { XS_BK_NONE, XS_BK_SCALAR, XS_BK_VEC2, XS_BK_X, XS_BK_Y, XS_BK_TOUCH,
                   XS_BK_POSE, XS_BK_HAPTIC };

typedef struct xs_binding {
    XrPath profile;
    XrPath path;
    int hand;  /* 0 left, 1 right, -1 another user path (never connected) */
    int input; /* enum xs_input, or enum xs_pose_src for poses */
    int kind;  /* enum xs_bind_kind */
} xs_binding;

typedef struct xs_action_value {
    float v[2];
    int active;
    int changed;
    XrTime last_change;
} xs_action_value;

typedef struct xs_action {
    XrAction handle;
    xs_action_set *set;
    XrActionType type;
    char name[XR_MAX_ACTION_NAME_SIZE];
    char localized[XR_MAX_LOCALIZED_ACTION_NAME_SIZE];
    XrPath subactions[XS_MAX_SUBACTIONS];
    uint32_t n_subactions;
    xs_binding bindings[XS_MAX_BINDINGS];
    uint32_t n_bindings;
    xs_action_value value[4]; /* [0] left, [1] right, [2] combined, [3] other user paths (inactive) */
} xs_action;

/* ---- global runtime state ---- */

typedef struct xs_config {
    double refresh_hz;
    uint32_t eye_w, eye_h;
    double ipd;
    double eye_height;
    int free_pacing;
    int manual_clock; /* XRSIM_PACING=manual: realtime pacing on a clock that moves only when told */
    double compositor_ms;
    char report_path[1024];
    char capture_dir[1024];
    char control_path[1024];
    int log;
} xs_config;

/* xs_api_lock serialises every entry point (apps may call from several
 * threads); xs_lock guards the event queue only. Order: api, then events. */
extern pthread_mutex_t xs_api_lock;
extern pthread_mutex_t xs_lock;
extern xs_config xs_cfg;
extern xs_instance *xs_inst;
extern int64_t xs_time_origin_ns; /* display time of the run's frame 0 (timeline time 0) */
extern int64_t xs_run_frames;     /* frames waited in the run, over all sessions and instances */
extern int64_t xs_run_display_ns; /* latest predictedDisplayTime handed out in the run */

/* instance.c */
XrResult xs_fail(const char *fn, XrResult r);
int64_t xs_now_ns(void);
/* Manual clock: move it to t_ns (never backwards); a no-op on the monotonic clock. */
void xs_clock_advance_to(int64_t t_ns);
int xs_system_valid(XrSystemId id);
int xs_view_configuration_known(XrViewConfigurationType t);
void xs_log(const char *fmt, ...);

/* paths.c */
XrPath xs_path_intern(const char *s);
const char *xs_path_str(XrPath p);
void xs_paths_reset(void);

/* events.c */
void xs_event_push(const XrEventDataBuffer *ev);
void xs_events_reset(void);
void xs_events_discard_session(XrSession h);
void xs_set_state(xs_session *s, XrSessionState st);

/* control.c */
int xs_run_start(void);
void xs_timeline_tick(xs_session *s, double t, int64_t frame);
void xs_control_poll(xs_session *s);
int xs_capture_wanted(int64_t frame, double t);
double xs_input_value(int hand, int input);

/* pose.c */
XrPosef xs_head_pose(double t);   /* head pose in STAGE space */
XrPosef xs_hand_pose(int hand, int pose_src, double t);
XrPosef xs_pose_mul(XrPosef a, XrPosef b);
XrPosef xs_pose_inv(XrPosef a);
int xs_head_set_mode(const char *mode, const double *args, int nargs, const char *file, double t);
double xs_session_seconds(int64_t xr_time);
void xs_head_reset(void);
XrPosef xs_local_origin(void);
XrPosef xs_recenter(double t);
void xs_hand_set(int hand, const double *v, int n);

/* actions.c */
int xs_action_pose_source(struct xs_action *a, XrPath subaction, int *hand, int *src);
int xs_action_has_subaction(struct xs_action *a, XrPath p);
int xs_action_set_attached(const xs_session *s, const xs_action_set *set);
void xs_actions_select_profiles(xs_session *s);

/* bindings.c */
int xs_profile_known(const char *profile);
const char *xs_profile_title(const char *profile);
int xs_user_path_known(const char *path);
void xs_binding_component_name(const char *path, char *out, size_t cap);
int xs_binding_parse(const char *profile, const char *path, xs_binding *b);
int xs_binding_value(const xs_binding *b, float v[2]);

/* report.c */
void xs_report_transition(XrSessionState st);
void xs_report_frame(int64_t lateness_ns, int missed);
void xs_report_stall(int64_t ns, int64_t skipped);
void xs_report_capture(const char *path);
void xs_report_event(const char *what);
void xs_report_error(const char *fn, const char *result);
void xs_report_haptic(int hand, int64_t duration_ns, float frequency, float amplitude);
void xs_report_write(void);
void xs_report_reset(void);
void xs_report_session_time(double t);
void xs_report_instance(void);
void xs_report_session(void);

/* gl.c */
int xs_gl_init(xs_getproc_fn getproc);
int xs_gl_create_textures(xs_swapchain *sc);
void xs_gl_delete_textures(xs_swapchain *sc);
int xs_gl_read(xs_swapchain *sc, uint32_t image, uint32_t layer, int32_t x, int32_t y,
               int32_t w, int32_t h, int source_alpha, int premultiplied, uint8_t *rgba);
int xs_gl_format_color(int64_t format);
const int64_t *xs_gl_formats(uint32_t *count);

/* glctx.c: the app's context made current around the runtime's GL work */
typedef struct {
    int switched, api_switched;
    unsigned api;
    void *display, *context;
    unsigned long draw, read;
    void *egl_draw, *egl_read;
} xs_glctx_saved;
void xs_glctx_init_glx(void *display, unsigned long drawable, void *context);
void xs_glctx_init_egl(void *display, void *context, xs_getproc_fn getproc);
void xs_glctx_reset(void);
int xs_glctx_is_current(void);
int xs_glctx_enter(xs_glctx_saved *saved);
void xs_glctx_leave(const xs_glctx_saved *saved);

/* capture.c */
void xs_capture_projection(const XrCompositionLayerProjection *p, int64_t frame);

/* png.c */
int xs_png_write(const char *path, const uint8_t *rgba, int w, int h, int flip);

/* dispatch (entry points, one per unit) */
PFN_xrVoidFunction xs_lookup_instance_fn(const char *name);
PFN_xrVoidFunction xs_lookup_system_fn(const char *name, const xs_instance *inst);
PFN_xrVoidFunction xs_lookup_session_fn(const char *name);
PFN_xrVoidFunction xs_lookup_space_fn(const char *name);
PFN_xrVoidFunction xs_lookup_swapchain_fn(const char *name);
PFN_xrVoidFunction xs_lookup_frame_fn(const char *name);
PFN_xrVoidFunction xs_lookup_action_fn(const char *name);
PFN_xrVoidFunction xs_lookup_action_state_fn(const char *name);
PFN_xrVoidFunction xs_lookup_paths_fn(const char *name);
PFN_xrVoidFunction xs_lookup_events_fn(const char *name);
const char *xs_state_name(XrSessionState st);

/* session.c: lifecycle and faults */
xs_session *xs_session_get(XrSession h);
void xs_fault_headset(xs_session *s, int on);
void xs_fault_loss(xs_session *s);
void xs_fault_hide(xs_session *s, int hide);
void xs_fault_recenter(xs_session *s, double t);
void xs_fault_exit(xs_session *s);
void xs_session_after_submit(xs_session *s);
void xs_session_destroy_children(xs_session *s);
void xs_session_destroy(xs_session *s);
void xs_session_tick_idle(xs_session *s);

/* Holds xs_api_lock until the end of the enclosing block (every entry point). */
void xs_api_unlock_guard(pthread_mutex_t **m);
#define XS_API_GUARD()                                                                 \
    pthread_mutex_t *xs_guard_ __attribute__((cleanup(xs_api_unlock_guard))) =        \
        (pthread_mutex_lock(&xs_api_lock), &xs_api_lock)

#define XS_CHECK_TYPE(ptr, t, fn)                                              \
    do {                                                                       \
        if ((ptr) == NULL) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);    \
        if ((ptr)->type != (t)) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE); \
    } while (0)

#endif
