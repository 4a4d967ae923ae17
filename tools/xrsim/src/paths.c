/* Semantic paths: xrStringToPath / xrPathToString and the interning table. */
#include "xrsim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *paths[XS_MAX_PATHS];
static uint32_t n_paths;

void xs_paths_reset(void) {
    for (uint32_t i = 0; i < n_paths; i++) free(paths[i]);
    n_paths = 0;
}

/* Well-formed per the spec: starts with '/', no empty or dot-only segments,
 * no trailing '/', characters from [a-z0-9-_./]. */
static int well_formed(const char *s) {
    size_t n = strlen(s);
    if (n < 2 || n >= XR_MAX_PATH_LENGTH || s[0] != '/' || s[n - 1] == '/') return 0;
    const char *seg = s + 1;
    for (size_t i = 1; i <= n; i++) {
        char c = s[i];
        if (c == '/' || c == '\0') {
            size_t len = (size_t)(s + i - seg);
            if (len == 0) return 0;
            int dots = 1;
            for (size_t k = 0; k < len; k++) dots &= seg[k] == '.';
            if (dots) return 0;
            seg = s + i + 1;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.'))
            return 0;
    }
    return 1;
}

XrPath xs_path_intern(const char *s) {
    for (uint32_t i = 0; i < n_paths; i++)
        if (strcmp(paths[i], s) == 0) return i + 1;
    if (n_paths >= XS_MAX_PATHS) return XR_NULL_PATH;
    paths[n_paths] = strdup(s);
    return ++n_paths;
}

const char *xs_path_str(XrPath p) {
    if (p == XR_NULL_PATH || p > n_paths) return NULL;
    return paths[p - 1];
}

static XRAPI_ATTR XrResult XRAPI_CALL xrStringToPath(XrInstance h, const char *s, XrPath *out) {
    XS_API_GUARD();
    static const char *fn = "xrStringToPath";
    if (!xs_handle_get((uint64_t)h, XS_INSTANCE)) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    if (!s || !out) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    if (!well_formed(s)) return xs_fail(fn, XR_ERROR_PATH_FORMAT_INVALID);
    XrPath p = xs_path_intern(s);
    if (p == XR_NULL_PATH) return xs_fail(fn, XR_ERROR_PATH_COUNT_EXCEEDED);
    *out = p;
    return XR_SUCCESS;
}

static XRAPI_ATTR XrResult XRAPI_CALL xrPathToString(XrInstance h, XrPath p, uint32_t cap,
                                                     uint32_t *count, char *buf) {
    XS_API_GUARD();
    static const char *fn = "xrPathToString";
    if (!xs_handle_get((uint64_t)h, XS_INSTANCE)) return xs_fail(fn, XR_ERROR_HANDLE_INVALID);
    const char *s = xs_path_str(p);
    if (!s) return xs_fail(fn, XR_ERROR_PATH_INVALID);
    if (!count) return xs_fail(fn, XR_ERROR_VALIDATION_FAILURE);
    uint32_t need = (uint32_t)strlen(s) + 1;
    *count = need;
    if (cap == 0) return XR_SUCCESS;
    if (cap < need) return xs_fail(fn, XR_ERROR_SIZE_INSUFFICIENT);
    memcpy(buf, s, need);
    return XR_SUCCESS;
}

PFN_xrVoidFunction xs_lookup_paths_fn(const char *name) {
    if (strcmp(name, "xrStringToPath") == 0) return (PFN_xrVoidFunction)xrStringToPath;
    if (strcmp(name, "xrPathToString") == 0) return (PFN_xrVoidFunction)xrPathToString;
    return NULL;
}
