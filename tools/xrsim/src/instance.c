/* Loader negotiation, xrGetInstanceProcAddr, instance and system queries. */
#include "xrsim.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openxr/openxr_reflection.h>

/* Loader/runtime negotiation structs (loader_interfaces.h is not in the
 * Debian headers). Layout follows the OpenXR loader documentation. */
typedef enum {
    XS_LOADER_STRUCT_UNINITIALIZED = 0,
    XS_LOADER_STRUCT_LOADER_INFO = 1,
    XS_LOADER_STRUCT_RUNTIME_REQUEST = 3,
} XsLoaderStructs;

typedef struct {
    XsLoaderStructs structType;
    uint32_t structVersion;
    size_t structSize;
    uint32_t minInterfaceVersion;
    uint32_t maxInterfaceVersion;
    XrVersion minApiVersion;
    XrVersion maxApiVersion;
} XsNegotiateLoaderInfo;

typedef struct {
    XsLoaderStructs structType;
    uint32_t structVersion;
    size_t structSize;
    uint32_t runtimeInterfaceVersion;
    XrVersion runtimeApiVersion;
    PFN_xrGetInstanceProcAddr getInstanceProcAddr;
} XsNegotiateRuntimeRequest;

#define XS_API_VERSION XR_MAKE_VERSION(1, 0, 20)

pthread_mutex_t xs_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t xs_api_lock = PTHREAD_MUTEX_INITIALIZER;
xs_instance *xs_inst;

void xs_api_unlock_guard(pthread_mutex_t **m) { pthread_mutex_unlock(*m); }

/* ---------------- utilities ---------------- */

/* XRSIM_PACING=manual: the clock starts at 1 s and moves only through xs_clock_advance_to
 * (xrWaitFrame's wait for the vsync, a stall, a frame's `work`), so every run is the same. */
static _Atomic int64_t manual_ns = 1000000000LL;

void xs_clock_advance_to(int64_t t_ns) {
    if (!xs_cfg.manual_clock) return;
    int64_t cur = manual_ns;
    while (t_ns > cur && !atomic_compare_exchange_weak(&manual_ns, &cur, t_ns)) {}
}

int64_t xs_now_ns(void) {
    if (xs_cfg.manual_clock) return manual_ns;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void xs_log(const char *fmt, ...) {
    if (!xs_cfg.log) return;
    va_list ap;
    va_start(ap, fmt);
    fputs("xrsim: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static XrResult result_name(XrResult r, char *buf);

/* Records a failure for the report and returns it. */
XrResult xs_fail(const char *fn, XrResult r) {
    if (r < 0) {
        char name[XR_MAX_RESULT_STRING_SIZE];
        result_name(r, name);
        xs_report_error(fn, name);
        xs_log("%s -> %s", fn, name);
    }
    return r;
}

static XrResult copy_out(char *dst, uint32_t cap, const char *src) {
    snprintf(dst, cap, "%s", src);
    return XR_SUCCESS;
}

static XrResult result_name(XrResult r, char *buf) {
#define XS_RESULT_CASE(name, val) case name: return copy_out(buf, XR_MAX_RESULT_STRING_SIZE, #name);
    switch (r) {
        XR_LIST_ENUM_XrResult(XS_RESULT_CASE)
        default: break;
    }
#undef XS_RESULT_CASE
    snprintf(buf, XR_MAX_RESULT_STRING_SIZE, "XR_UNKNOWN_%s_%d", r < 0 ? "FAILURE" : "SUCCESS",
             (int)r);
    return XR_SUCCESS;
}

/* ---------------- instance-level entry points ---------------- */

static const struct {
    const char *name;
    uint32_t version;
} extensions[] = {
    {"XR_KHR_opengl_enable", 10},
    {"XR_MNDX_egl_enable", 1},
    {"XR_MND_headless", 2},
    {"XR_KHR_convert_timespec_time", 1},
};
#define N_EXTENSIONS (sizeof extensions / sizeof extensions[0])

static XRAPI_ATTR XrResult XRAPI_CALL xrEnumerateInstanceExtensionProperties(
    const char *layer, uint32_t cap, uint32_t *count, XrExtensionProperties *props) {
    XS_API_GUARD();
    static const char *fn = "xrEnumerateInstanceExtensionProperties";
    if (layer != NULL && layer[0]) return xs_fail(fn, XR_ERROR_API_LAYER_NOT_PRESENT);
    if (count == NULL) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    *count = N_EXTENSIONS;
    if (cap == 0) return XR_SUCCESS;
    if (cap < N_EXTENSIONS) return xs_fail(fn, XR_ERROR_SIZE_INSUFFICIENT);
    for (uint32_t i = 0; i < N_EXTENSIONS; i++) {
        if (props[i].type != XR_TYPE_EXTENSION_PROPERTIES)
            return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
        snprintf(props[i].extensionName, XR_MAX_EXTENSION_NAME_SIZE, "%s", extensions[i].name);
        props[i].extensionVersion = extensions[i].version;
    }
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrCreateInstance(const XrInstanceCreateInfo *info,
                                                       XrInstance *out) {
    static const char *fn = "xrCreateInstance";
    XS_API_GUARD();
    XS_CHECK_TYPE(info, XR_TYPE_INSTANCE_CREATE_INFO, fn);
    if (out == NULL) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    /* The runtime implements OpenXR 1.0 (any patch); 1.1 and others are refused. */
    XrVersion v = info->applicationInfo.apiVersion;
    if (XR_VERSION_MAJOR(v) != 1 || XR_VERSION_MINOR(v) != 0)
        return xs_fail(fn, XR_ERROR_API_VERSION_UNSUPPORTED);
    if (!memchr(info->applicationInfo.applicationName, 0, XR_MAX_APPLICATION_NAME_SIZE) ||
        !memchr(info->applicationInfo.engineName, 0, XR_MAX_ENGINE_NAME_SIZE))
        return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    if (!info->applicationInfo.applicationName[0]) return xs_fail(fn, XR_ERROR_NAME_INVALID);
    /* API layers are the loader's business: the loader has already put the
     * enabled ones between the app and us, so the list is ignored here. */
    if (info->enabledExtensionCount > 0 && !info->enabledExtensionNames)
        return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    int ext[N_EXTENSIONS] = {0};
    for (uint32_t i = 0; i < info->enabledExtensionCount; i++) {
        const char *e = info->enabledExtensionNames[i];
        size_t k = 0;
        while (e && k < N_EXTENSIONS && strcmp(e, extensions[k].name) != 0) k++;
        if (!e || k == N_EXTENSIONS) return xs_fail(fn, XR_ERROR_EXTENSION_NOT_PRESENT);
        ext[k] = 1;
    }
    if (xs_inst != NULL) return xs_fail(fn, XR_ERROR_LIMIT_REACHED);
    xs_instance *inst = calloc(1, sizeof *inst);
    if (!inst) return xs_fail(fn, XR_ERROR_OUT_OF_MEMORY);
    inst->api_version = v;
    inst->ext_gl = ext[0];
    inst->ext_egl = ext[1];
    inst->ext_headless = ext[2];
    inst->ext_timespec = ext[3];
    if (xs_run_start()) xs_report_reset();
    xs_paths_reset();
    xs_events_reset();
    snprintf(inst->app_name, sizeof inst->app_name, "%s", info->applicationInfo.applicationName);
    inst->handle = (XrInstance)xs_handle_new(XS_INSTANCE, inst);
    xs_inst = inst;
    *out = inst->handle;
    xs_report_instance();
    xs_log("instance created for '%s'", inst->app_name);
    return XR_SUCCESS;
}

static xs_instance *get_instance(XrInstance h) {
    return xs_handle_get((uint64_t)h, XS_INSTANCE);
}

static XRAPI_ATTR XrResult XRAPI_CALL xrDestroyInstance(XrInstance h) {
    XS_API_GUARD();
    xs_instance *inst = get_instance(h);
    if (!inst) return xs_fail("xrDestroyInstance", XR_ERROR_HANDLE_INVALID);
    if (inst->session) xs_session_destroy(inst->session);
    xs_handles_free_kind(XS_ACTION);
    xs_handles_free_kind(XS_ACTION_SET);
    xs_report_write();
    xs_paths_reset();
    xs_events_reset();
    xs_handle_free((uint64_t)h);
    free(inst);
    xs_inst = NULL;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrGetInstanceProperties(XrInstance h,
                                                              XrInstanceProperties *p) {
    XS_API_GUARD();
    static const char *fn = "xrGetInstanceProperties";
    if (!get_instance(h)) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(p, XR_TYPE_INSTANCE_PROPERTIES, fn);
    p->runtimeVersion = XR_MAKE_VERSION(0, 1, 0);
    snprintf(p->runtimeName, XR_MAX_RUNTIME_NAME_SIZE, "xrsim (empathy-vr headset simulator)");
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrResultToString(XrInstance h, XrResult r, char *buf) {
    XS_API_GUARD();
    if (!get_instance(h)) return xs_fail("xrResultToString", XR_ERROR_HANDLE_INVALID);
    if (!buf) return xs_fail("xrResultToString", XR_ERROR_VALIDATION_FAILURE);
    return result_name(r, buf);
}

static XRAPI_ATTR XrResult XRAPI_CALL xrStructureTypeToString(XrInstance h, XrStructureType t,
                                                              char *buf) {
    XS_API_GUARD();
    if (!get_instance(h)) return xs_fail("xrStructureTypeToString", XR_ERROR_HANDLE_INVALID);
    if (!buf) return xs_fail("xrStructureTypeToString", XR_ERROR_VALIDATION_FAILURE);
#define XS_TYPE_CASE(name, val) case name: return copy_out(buf, XR_MAX_STRUCTURE_NAME_SIZE, #name);
    switch (t) {
        XR_LIST_ENUM_XrStructureType(XS_TYPE_CASE)
        default: break;
    }
#undef XS_TYPE_CASE
    snprintf(buf, XR_MAX_STRUCTURE_NAME_SIZE, "XR_UNKNOWN_STRUCTURE_TYPE_%d", (int)t);
    return XR_SUCCESS;
}

/* ---------------- dispatch ---------------- */

#define FN(name) {#name, (PFN_xrVoidFunction)name}
static const struct {
    const char *name;
    PFN_xrVoidFunction fn;
} instance_fns[] = {
    FN(xrDestroyInstance), FN(xrGetInstanceProperties), FN(xrResultToString),
    FN(xrStructureTypeToString),
};

PFN_xrVoidFunction xs_lookup_instance_fn(const char *name) {
    for (size_t i = 0; i < sizeof instance_fns / sizeof instance_fns[0]; i++)
        if (strcmp(name, instance_fns[i].name) == 0) return instance_fns[i].fn;
    return NULL;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrGetInstanceProcAddr(XrInstance h, const char *name,
                                                            PFN_xrVoidFunction *out) {
    XS_API_GUARD();
    static const char *fn = "xrGetInstanceProcAddr";
    if (!name || !out) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    *out = NULL;
    if (h == XR_NULL_HANDLE) {
        if (strcmp(name, "xrEnumerateInstanceExtensionProperties") == 0)
            *out = (PFN_xrVoidFunction)xrEnumerateInstanceExtensionProperties;
        else if (strcmp(name, "xrCreateInstance") == 0)
            *out = (PFN_xrVoidFunction)xrCreateInstance;
        else if (strcmp(name, "xrGetInstanceProcAddr") == 0)
            *out = (PFN_xrVoidFunction)xrGetInstanceProcAddr;
        else
            return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
        return XR_SUCCESS;
    }
    xs_instance *inst = get_instance(h);
    if (!inst) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    PFN_xrVoidFunction f = NULL;
    if (strcmp(name, "xrGetInstanceProcAddr") == 0) f = (PFN_xrVoidFunction)xrGetInstanceProcAddr;
    else if (strcmp(name, "xrEnumerateInstanceExtensionProperties") == 0)
        f = (PFN_xrVoidFunction)xrEnumerateInstanceExtensionProperties;
    else if (strcmp(name, "xrCreateInstance") == 0) f = (PFN_xrVoidFunction)xrCreateInstance;
    else {
        f = xs_lookup_instance_fn(name);
        if (!f) f = xs_lookup_system_fn(name, inst);
        if (!f) f = xs_lookup_session_fn(name);
        if (!f) f = xs_lookup_space_fn(name);
        if (!f) f = xs_lookup_swapchain_fn(name);
        if (!f) f = xs_lookup_frame_fn(name);
        if (!f) f = xs_lookup_action_fn(name);
        if (!f) f = xs_lookup_paths_fn(name);
        if (!f) f = xs_lookup_events_fn(name);
    }
    if (!f) return XR_ERROR_FUNCTION_UNSUPPORTED;
    *out = f;
    return XR_SUCCESS;
}

/* The one exported symbol: the loader calls it right after dlopen. */
__attribute__((visibility("default"))) XRAPI_ATTR XrResult XRAPI_CALL
xrNegotiateLoaderRuntimeInterface(const XsNegotiateLoaderInfo *info, XsNegotiateRuntimeRequest *req);

__attribute__((visibility("default"))) XRAPI_ATTR XrResult XRAPI_CALL
xrNegotiateLoaderRuntimeInterface(const XsNegotiateLoaderInfo *info,
                                  XsNegotiateRuntimeRequest *req) {
    if (!info || info->structType != XS_LOADER_STRUCT_LOADER_INFO || info->structVersion != 1 ||
        info->structSize != sizeof(XsNegotiateLoaderInfo))
        return XR_ERROR_INITIALIZATION_FAILED;
    if (!req || req->structType != XS_LOADER_STRUCT_RUNTIME_REQUEST || req->structVersion != 1 ||
        req->structSize != sizeof(XsNegotiateRuntimeRequest))
        return XR_ERROR_INITIALIZATION_FAILED;
    if (info->minInterfaceVersion > 1 || info->maxInterfaceVersion < 1)
        return XR_ERROR_INITIALIZATION_FAILED;
    if (XR_VERSION_MAJOR(info->minApiVersion) > 1 || XR_VERSION_MAJOR(info->maxApiVersion) < 1)
        return XR_ERROR_INITIALIZATION_FAILED;
    req->runtimeInterfaceVersion = 1;
    req->runtimeApiVersion = XS_API_VERSION;
    req->getInstanceProcAddr = xrGetInstanceProcAddr;
    return XR_SUCCESS;
}

/* The process exits (or the loader unloads us) without xrDestroyInstance:
 * still leave a report behind. */
__attribute__((destructor)) static void xs_unload(void) {
    if (xs_inst) xs_report_write();
}
