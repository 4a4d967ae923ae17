/* Swapchains of GL textures with the spec's acquire / wait / release order. */
#include "xrsim.h"

#include <stdlib.h>
#include <string.h>

static xs_swapchain *get(XrSwapchain h) { return xs_handle_get((uint64_t)h, XS_SWAPCHAIN); }

static XRAPI_ATTR XrResult XRAPI_CALL xrEnumerateSwapchainFormats(XrSession h, uint32_t cap,
                                                                  uint32_t *count, int64_t *out) {
    XS_API_GUARD();
    static const char *fn = "xrEnumerateSwapchainFormats";
    xs_session *s = xs_session_get(h);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (!count) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    uint32_t n;
    const int64_t *f = xs_gl_formats(&n);
    if (s->binding == 3) n = 0; /* headless sessions have no swapchains */
    *count = n;
    if (cap == 0) return XR_SUCCESS;
    if (cap < n) return xs_fail(fn, XR_ERROR_SIZE_INSUFFICIENT);
    memcpy(out, f, n * sizeof *f);
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrCreateSwapchain(XrSession h,
                                                        const XrSwapchainCreateInfo *info,
                                                        XrSwapchain *out) {
    XS_API_GUARD();
    static const char *fn = "xrCreateSwapchain";
    xs_session *s = xs_session_get(h);
    if (!s) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_SWAPCHAIN_CREATE_INFO, fn);
    if (!out) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    if (s->lost) return xs_fail(fn, XR_ERROR_SESSION_LOST);
    uint32_t n;
    const int64_t *f = xs_gl_formats(&n);
    if (s->binding == 3) n = 0;
    int known = 0;
    for (uint32_t i = 0; i < n; i++) known |= f[i] == info->format;
    if (!known) return xs_fail(fn, XR_ERROR_SWAPCHAIN_FORMAT_UNSUPPORTED);
    if (info->createFlags & XR_SWAPCHAIN_CREATE_PROTECTED_CONTENT_BIT)
        return xs_fail(fn, XR_ERROR_FEATURE_UNSUPPORTED);
    if (info->faceCount != 1 || info->sampleCount != 1 || info->mipCount != 1)
        return xs_fail(fn, XR_ERROR_FEATURE_UNSUPPORTED);
    if (info->width == 0 || info->height == 0 || info->width > 4096 || info->height > 4096 ||
        info->arraySize == 0 || info->arraySize > 2)
        return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    xs_swapchain *sc = calloc(1, sizeof *sc);
    sc->session = s;
    sc->count = (info->createFlags & XR_SWAPCHAIN_CREATE_STATIC_IMAGE_BIT) ? 1
                                                                           : XS_SWAPCHAIN_IMAGES;
    sc->width = info->width;
    sc->height = info->height;
    sc->array_size = info->arraySize;
    sc->format = info->format;
    sc->last_released = -1;
    if (!xs_gl_create_textures(sc)) {
        free(sc);
        return xs_fail(fn, XR_ERROR_RUNTIME_FAILURE);
    }
    sc->handle = (XrSwapchain)xs_handle_new(XS_SWAPCHAIN, sc);
    *out = sc->handle;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrDestroySwapchain(XrSwapchain h) {
    XS_API_GUARD();
    xs_swapchain *sc = get(h);
    if (!sc) return xs_fail("xrDestroySwapchain", XR_ERROR_HANDLE_INVALID);
    xs_gl_delete_textures(sc);
    xs_handle_free((uint64_t)h);
    free(sc);
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrEnumerateSwapchainImages(XrSwapchain h, uint32_t cap,
                                                                 uint32_t *count,
                                                                 XrSwapchainImageBaseHeader *imgs) {
    XS_API_GUARD();
    static const char *fn = "xrEnumerateSwapchainImages";
    xs_swapchain *sc = get(h);
    if (!sc) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (!count) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    *count = sc->count;
    if (cap == 0) return XR_SUCCESS;
    if (cap < sc->count) return xs_fail(fn, XR_ERROR_SIZE_INSUFFICIENT);
    XsSwapchainImageGL *gl = (XsSwapchainImageGL *)imgs;
    for (uint32_t i = 0; i < sc->count; i++) {
        if (gl[i].type != XS_TYPE_SWAPCHAIN_IMAGE_OPENGL_KHR)
            return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
        gl[i].image = sc->tex[i];
    }
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrAcquireSwapchainImage(
    XrSwapchain h, const XrSwapchainImageAcquireInfo *info, uint32_t *index) {
    XS_API_GUARD();
    static const char *fn = "xrAcquireSwapchainImage";
    xs_swapchain *sc = get(h);
    if (!sc) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (info && info->type != XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO)
        return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    if (!index) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    if (sc->session->lost) return xs_fail(fn, XR_ERROR_SESSION_LOST);
    if (sc->n_acquired == sc->count) return xs_fail(fn, XR_ERROR_CALL_ORDER_INVALID);
    if (sc->count == 1 && sc->last_released >= 0)
        return xs_fail(fn, XR_ERROR_CALL_ORDER_INVALID); /* static image: once only */
    uint32_t i = sc->next_index;
    sc->next_index = (sc->next_index + 1) % sc->count;
    sc->acquired[sc->n_acquired++] = i;
    *index = i;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrWaitSwapchainImage(XrSwapchain h,
                                                           const XrSwapchainImageWaitInfo *info) {
    XS_API_GUARD();
    static const char *fn = "xrWaitSwapchainImage";
    xs_swapchain *sc = get(h);
    if (!sc) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    XS_CHECK_TYPE(info, XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, fn);
    if (sc->session->lost) return xs_fail(fn, XR_ERROR_SESSION_LOST);
    if (sc->n_acquired == 0 || sc->waited) return xs_fail(fn, XR_ERROR_CALL_ORDER_INVALID);
    sc->waited = 1;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrReleaseSwapchainImage(
    XrSwapchain h, const XrSwapchainImageReleaseInfo *info) {
    XS_API_GUARD();
    static const char *fn = "xrReleaseSwapchainImage";
    xs_swapchain *sc = get(h);
    if (!sc) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (info && info->type != XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO)
        return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    if (sc->session->lost) return xs_fail(fn, XR_ERROR_SESSION_LOST);
    if (sc->n_acquired == 0 || !sc->waited) return xs_fail(fn, XR_ERROR_CALL_ORDER_INVALID);
    sc->last_released = (int)sc->acquired[0];
    memmove(sc->acquired, sc->acquired + 1, (sc->n_acquired - 1) * sizeof sc->acquired[0]);
    sc->n_acquired--;
    sc->waited = 0;
    return XR_SUCCESS;
}

#define FN(name) {#name, (PFN_xrVoidFunction)name}
static const struct {
    const char *name;
    PFN_xrVoidFunction fn;
} swapchain_fns[] = {
    FN(xrEnumerateSwapchainFormats), FN(xrCreateSwapchain),      FN(xrDestroySwapchain),
    FN(xrEnumerateSwapchainImages),  FN(xrAcquireSwapchainImage), FN(xrWaitSwapchainImage),
    FN(xrReleaseSwapchainImage),
};

PFN_xrVoidFunction xs_lookup_swapchain_fn(const char *name) {
    for (size_t i = 0; i < sizeof swapchain_fns / sizeof swapchain_fns[0]; i++)
        if (strcmp(name, swapchain_fns[i].name) == 0) return swapchain_fns[i].fn;
    return NULL;
}
