/* The simulated system: HMD properties, view configuration, blend modes,
 * OpenGL requirements and XR_KHR_convert_timespec_time. */
#include "xrsim.h"

#include <stdio.h>
#include <string.h>

#include <openxr/openxr_reflection.h>

static const XrSystemId XS_SYSTEM_ID = 0x5153;

static xs_instance *get_instance(XrInstance h) {
    return xs_handle_get((uint64_t)h, XS_INSTANCE);
}

static XRAPI_ATTR XrResult XRAPI_CALL xrGetSystem(XrInstance h, const XrSystemGetInfo *info,
                                                  XrSystemId *id) {
    XS_API_GUARD();
    static const char *fn = "xrGetSystem";
    xs_instance *inst = get_instance(h);
    if (!inst) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_SYSTEM_GET_INFO, fn);
    if (!id) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    if (info->formFactor == XR_FORM_FACTOR_HANDHELD_DISPLAY)
        return xs_fail(fn, XR_ERROR_FORM_FACTOR_UNSUPPORTED);
    if (info->formFactor != XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY)
        return xs_fail(fn, XR_ERROR_FORM_FACTOR_UNSUPPORTED);
    inst->system_fetched = 1;
    *id = XS_SYSTEM_ID;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrGetSystemProperties(XrInstance h, XrSystemId id,
                                                            XrSystemProperties *p) {
    XS_API_GUARD();
    static const char *fn = "xrGetSystemProperties";
    if (!get_instance(h)) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (id != XS_SYSTEM_ID) return xs_fail(fn, XR_ERROR_SYSTEM_INVALID);
    XS_CHECK_TYPE(p, XR_TYPE_SYSTEM_PROPERTIES, fn);
    p->systemId = id;
    p->vendorId = 0x5153;
    snprintf(p->systemName, XR_MAX_SYSTEM_NAME_SIZE, "xrsim simulated headset");
    p->graphicsProperties.maxSwapchainImageWidth = 4096;
    p->graphicsProperties.maxSwapchainImageHeight = 4096;
    p->graphicsProperties.maxLayerCount = XR_MIN_COMPOSITION_LAYERS_SUPPORTED;
    p->trackingProperties.orientationTracking = XR_TRUE;
    p->trackingProperties.positionTracking = XR_TRUE;
    return XR_SUCCESS;
}

int xs_system_valid(XrSystemId id) { return id == XS_SYSTEM_ID; }

/* Whether a value is a view configuration type the API defines (any extension). */
int xs_view_configuration_known(XrViewConfigurationType t) {
#define XS_VC_CASE(name, val) case name: return 1;
    switch (t) {
        XR_LIST_ENUM_XrViewConfigurationType(XS_VC_CASE)
        default: return 0;
    }
#undef XS_VC_CASE
}

static XRAPI_ATTR XrResult XRAPI_CALL xrEnumerateViewConfigurations(
    XrInstance h, XrSystemId id, uint32_t cap, uint32_t *count, XrViewConfigurationType *out) {
    XS_API_GUARD();
    static const char *fn = "xrEnumerateViewConfigurations";
    if (!get_instance(h)) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (id != XS_SYSTEM_ID) return xs_fail(fn, XR_ERROR_SYSTEM_INVALID);
    if (!count) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    *count = 1;
    if (cap == 0) return XR_SUCCESS;
    out[0] = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrGetViewConfigurationProperties(
    XrInstance h, XrSystemId id, XrViewConfigurationType t, XrViewConfigurationProperties *p) {
    XS_API_GUARD();
    static const char *fn = "xrGetViewConfigurationProperties";
    if (!get_instance(h)) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (id != XS_SYSTEM_ID) return xs_fail(fn, XR_ERROR_SYSTEM_INVALID);
    if (t != XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)
        return xs_fail(fn, XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED);
    XS_CHECK_TYPE(p, XR_TYPE_VIEW_CONFIGURATION_PROPERTIES, fn);
    p->viewConfigurationType = t;
    p->fovMutable = XR_FALSE;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrEnumerateViewConfigurationViews(
    XrInstance h, XrSystemId id, XrViewConfigurationType t, uint32_t cap, uint32_t *count,
    XrViewConfigurationView *v) {
    XS_API_GUARD();
    static const char *fn = "xrEnumerateViewConfigurationViews";
    if (!get_instance(h)) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (id != XS_SYSTEM_ID) return xs_fail(fn, XR_ERROR_SYSTEM_INVALID);
    if (t != XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)
        return xs_fail(fn, XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED);
    if (!count) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    *count = 2;
    if (cap == 0) return XR_SUCCESS;
    if (cap < 2) return xs_fail(fn, XR_ERROR_SIZE_INSUFFICIENT);
    for (int i = 0; i < 2; i++) {
        if (v[i].type != XR_TYPE_VIEW_CONFIGURATION_VIEW)
            return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
        v[i].recommendedImageRectWidth = xs_cfg.eye_w;
        v[i].recommendedImageRectHeight = xs_cfg.eye_h;
        v[i].maxImageRectWidth = 4096;
        v[i].maxImageRectHeight = 4096;
        v[i].recommendedSwapchainSampleCount = 1;
        v[i].maxSwapchainSampleCount = 1;
    }
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrEnumerateEnvironmentBlendModes(
    XrInstance h, XrSystemId id, XrViewConfigurationType t, uint32_t cap, uint32_t *count,
    XrEnvironmentBlendMode *out) {
    XS_API_GUARD();
    static const char *fn = "xrEnumerateEnvironmentBlendModes";
    if (!get_instance(h)) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (id != XS_SYSTEM_ID) return xs_fail(fn, XR_ERROR_SYSTEM_INVALID);
    if (t != XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)
        return xs_fail(fn, XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED);
    if (!count) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    *count = 1;
    if (cap == 0) return XR_SUCCESS;
    out[0] = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrGetOpenGLGraphicsRequirementsKHR(
    XrInstance h, XrSystemId id, XsGraphicsRequirementsGL *req) {
    XS_API_GUARD();
    static const char *fn = "xrGetOpenGLGraphicsRequirementsKHR";
    xs_instance *inst = get_instance(h);
    if (!inst) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (id != XS_SYSTEM_ID) return xs_fail(fn, XR_ERROR_SYSTEM_INVALID);
    XS_CHECK_TYPE(req, XS_TYPE_GRAPHICS_REQUIREMENTS_OPENGL_KHR, fn);
    req->minApiVersionSupported = XR_MAKE_VERSION(3, 0, 0);
    req->maxApiVersionSupported = XR_MAKE_VERSION(4, 6, 0);
    inst->gfx_requirements_called = 1;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrConvertTimespecTimeToTimeKHR(XrInstance h,
                                                                     const struct timespec *ts,
                                                                     XrTime *t) {
    XS_API_GUARD();
    if (!get_instance(h)) return xs_fail("xrConvertTimespecTimeToTimeKHR", XR_ERROR_HANDLE_INVALID);
    if (!ts || !t) return xs_fail("xrConvertTimespecTimeToTimeKHR", XR_ERROR_VALIDATION_FAILURE);
    *t = (XrTime)ts->tv_sec * 1000000000LL + ts->tv_nsec;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrConvertTimeToTimespecTimeKHR(XrInstance h, XrTime t,
                                                                     struct timespec *ts) {
    XS_API_GUARD();
    if (!get_instance(h)) return xs_fail("xrConvertTimeToTimespecTimeKHR", XR_ERROR_HANDLE_INVALID);
    if (!ts) return xs_fail("xrConvertTimeToTimespecTimeKHR", XR_ERROR_VALIDATION_FAILURE);
    if (t <= 0) return xs_fail("xrConvertTimeToTimespecTimeKHR", XR_ERROR_TIME_INVALID);
    ts->tv_sec = t / 1000000000LL;
    ts->tv_nsec = t % 1000000000LL;
    return XR_SUCCESS;
}

#define FN(name) {#name, (PFN_xrVoidFunction)name}
static const struct {
    const char *name;
    PFN_xrVoidFunction fn;
} system_fns[] = {
    FN(xrGetSystem), FN(xrGetSystemProperties), FN(xrEnumerateViewConfigurations),
    FN(xrGetViewConfigurationProperties), FN(xrEnumerateViewConfigurationViews),
    FN(xrEnumerateEnvironmentBlendModes),
};

/* Core functions, and those of extensions the instance enabled. */
PFN_xrVoidFunction xs_lookup_system_fn(const char *name, const xs_instance *inst) {
    if (strcmp(name, "xrGetOpenGLGraphicsRequirementsKHR") == 0)
        return inst->ext_gl ? (PFN_xrVoidFunction)xrGetOpenGLGraphicsRequirementsKHR : NULL;
    if (strcmp(name, "xrConvertTimespecTimeToTimeKHR") == 0)
        return inst->ext_timespec ? (PFN_xrVoidFunction)xrConvertTimespecTimeToTimeKHR : NULL;
    if (strcmp(name, "xrConvertTimeToTimespecTimeKHR") == 0)
        return inst->ext_timespec ? (PFN_xrVoidFunction)xrConvertTimeToTimespecTimeKHR : NULL;
    for (size_t i = 0; i < sizeof system_fns / sizeof system_fns[0]; i++)
        if (strcmp(name, system_fns[i].name) == 0) return system_fns[i].fn;
    return NULL;
}
