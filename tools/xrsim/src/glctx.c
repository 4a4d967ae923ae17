/* The application's GL context around the runtime's own GL work.
 *
 * XR_KHR_opengl_enable lets an app call xrCreateSwapchain, xrEndFrame and
 * the other GL-touching functions with its context current on the calling
 * thread, or current nowhere (it must not be current on another thread).
 * xs_glctx_enter makes the binding's context current when it is not,
 * xs_glctx_leave puts back whatever the thread had before. GLX and EGL
 * entry points come from libGL / libEGL (or the binding's getProcAddress). */
#include "xrsim.h"

#include <dlfcn.h>
#include <string.h>

#define XS_EGL_DRAW 0x3059
#define XS_EGL_READ 0x305A
#define XS_EGL_OPENGL_API 0x30A2

typedef int (*glx_make_current_fn)(void *dpy, unsigned long draw, unsigned long read, void *ctx);
typedef void *(*glx_get_ptr_fn)(void);
typedef unsigned long (*glx_get_drawable_fn)(void);
typedef unsigned (*egl_make_current_fn)(void *dpy, void *draw, void *read, void *ctx);
typedef void *(*egl_get_ptr_fn)(void);
typedef void *(*egl_get_surface_fn)(int which);
typedef unsigned (*egl_bind_api_fn)(unsigned api);
typedef unsigned (*egl_query_api_fn)(void);

static struct {
    int kind; /* 1 GLX, 2 EGL, 0 unknown (assume current) */
    void *display, *context;
    unsigned long drawable;
    glx_make_current_fn glx_make_current;
    glx_get_ptr_fn glx_context, glx_display;
    glx_get_drawable_fn glx_draw, glx_read;
    egl_make_current_fn egl_make_current;
    egl_get_ptr_fn egl_context, egl_display;
    egl_get_surface_fn egl_surface;
    egl_bind_api_fn egl_bind_api;
    egl_query_api_fn egl_query_api;
} ctx;

static void *sym(void *lib, const char *name, xs_getproc_fn getproc) {
    void *p = lib ? dlsym(lib, name) : NULL;
    if (!p && getproc) {
        xs_glproc f = getproc(name);
        memcpy(&p, &f, sizeof p);
    }
    return p;
}

#define LOAD(field, lib, name, getproc)                 \
    do {                                                \
        void *p_ = sym(lib, name, getproc);             \
        memcpy(&ctx.field, &p_, sizeof ctx.field);      \
    } while (0)

void xs_glctx_init_glx(void *display, unsigned long drawable, void *context) {
    memset(&ctx, 0, sizeof ctx);
    void *lib = dlopen("libGL.so.1", RTLD_NOW | RTLD_GLOBAL);
    LOAD(glx_make_current, lib, "glXMakeContextCurrent", NULL);
    LOAD(glx_context, lib, "glXGetCurrentContext", NULL);
    LOAD(glx_display, lib, "glXGetCurrentDisplay", NULL);
    LOAD(glx_draw, lib, "glXGetCurrentDrawable", NULL);
    LOAD(glx_read, lib, "glXGetCurrentReadDrawable", NULL);
    ctx.display = display;
    ctx.drawable = drawable;
    ctx.context = context;
    ctx.kind = ctx.glx_make_current && ctx.glx_context && ctx.glx_display && ctx.glx_draw &&
               ctx.glx_read ? 1 : 0;
}

void xs_glctx_init_egl(void *display, void *context, xs_getproc_fn getproc) {
    memset(&ctx, 0, sizeof ctx);
    void *lib = dlopen("libEGL.so.1", RTLD_NOW | RTLD_GLOBAL);
    LOAD(egl_make_current, lib, "eglMakeCurrent", getproc);
    LOAD(egl_context, lib, "eglGetCurrentContext", getproc);
    LOAD(egl_display, lib, "eglGetCurrentDisplay", getproc);
    LOAD(egl_surface, lib, "eglGetCurrentSurface", getproc);
    LOAD(egl_bind_api, lib, "eglBindAPI", getproc);
    LOAD(egl_query_api, lib, "eglQueryAPI", getproc);
    ctx.display = display;
    ctx.context = context;
    ctx.kind = ctx.egl_make_current && ctx.egl_context && ctx.egl_display && ctx.egl_surface &&
               ctx.egl_bind_api && ctx.egl_query_api ? 2 : 0;
}

void xs_glctx_reset(void) { memset(&ctx, 0, sizeof ctx); }

/* Whether the binding's context is current on this thread (1 when unknown). */
int xs_glctx_is_current(void) {
    if (ctx.kind == 1) return ctx.glx_context() == ctx.context;
    if (ctx.kind == 2) {
        unsigned api = ctx.egl_query_api();
        if (api != XS_EGL_OPENGL_API) ctx.egl_bind_api(XS_EGL_OPENGL_API);
        int current = ctx.egl_context() == ctx.context;
        if (api != XS_EGL_OPENGL_API) ctx.egl_bind_api(api);
        return current;
    }
    return 1;
}

int xs_glctx_enter(xs_glctx_saved *saved) {
    memset(saved, 0, sizeof *saved);
    if (ctx.kind == 1) {
        saved->context = ctx.glx_context();
        if (saved->context == ctx.context) return 1;
        saved->display = ctx.glx_display();
        saved->draw = ctx.glx_draw();
        saved->read = ctx.glx_read();
        if (!ctx.glx_make_current(ctx.display, ctx.drawable, ctx.drawable, ctx.context)) {
            xs_log("cannot make the application's GLX context current (current on another thread?)");
            return 0;
        }
        saved->switched = 1;
        return 1;
    }
    if (ctx.kind == 2) {
        saved->api = ctx.egl_query_api();
        if (saved->api != XS_EGL_OPENGL_API) ctx.egl_bind_api(XS_EGL_OPENGL_API);
        saved->context = ctx.egl_context();
        if (saved->context == ctx.context) {
            saved->api_switched = saved->api != XS_EGL_OPENGL_API;
            if (saved->api_switched) ctx.egl_bind_api(saved->api);
            return 1;
        }
        saved->display = ctx.egl_display();
        saved->egl_draw = ctx.egl_surface(XS_EGL_DRAW);
        saved->egl_read = ctx.egl_surface(XS_EGL_READ);
        if (!ctx.egl_make_current(ctx.display, NULL, NULL, ctx.context)) {
            xs_log("cannot make the application's EGL context current (current on another thread?)");
            if (saved->api != XS_EGL_OPENGL_API) ctx.egl_bind_api(saved->api);
            return 0;
        }
        saved->switched = 1;
        return 1;
    }
    return 1; /* cannot tell: assume the app made it current */
}

void xs_glctx_leave(const xs_glctx_saved *saved) {
    if (!saved->switched) return;
    if (ctx.kind == 1) {
        if (saved->context)
            ctx.glx_make_current(saved->display, saved->draw, saved->read, saved->context);
        else
            ctx.glx_make_current(ctx.display, 0, 0, NULL);
    } else if (ctx.kind == 2) {
        if (saved->context)
            ctx.egl_make_current(saved->display, saved->egl_draw, saved->egl_read, saved->context);
        else
            ctx.egl_make_current(ctx.display, NULL, NULL, NULL);
        if (saved->api != XS_EGL_OPENGL_API) ctx.egl_bind_api(saved->api);
    }
}
