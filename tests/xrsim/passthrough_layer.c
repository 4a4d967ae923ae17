/* A minimal OpenXR API layer for the simulator tests: it sits between the
 * app and the runtime like the CTS conformance layer or core_validation do,
 * forwards everything and counts the calls it forwarded (exported for the
 * test as xrsim_test_layer_calls). The loader interface structures are
 * mirrored here because the Debian 1.0 headers do not ship them. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define XR_NO_PROTOTYPES 1
#include <openxr/openxr.h>

enum {
    LOADER_INFO = 1,
    API_LAYER_REQUEST = 2,
    API_LAYER_CREATE_INFO = 4,
    API_LAYER_NEXT_INFO = 5,
};

typedef struct LayerCreateInfo LayerCreateInfo;
typedef XrResult(XRAPI_PTR *CreateLayerInstanceFn)(const XrInstanceCreateInfo *,
                                                   const LayerCreateInfo *, XrInstance *);

typedef struct NextInfo {
    int structType;
    uint32_t structVersion;
    size_t structSize;
    char layerName[XR_MAX_API_LAYER_NAME_SIZE];
    PFN_xrGetInstanceProcAddr nextGetInstanceProcAddr;
    CreateLayerInstanceFn nextCreateApiLayerInstance;
    struct NextInfo *next;
} NextInfo;

struct LayerCreateInfo {
    int structType;
    uint32_t structVersion;
    size_t structSize;
    void *loaderInstance;
    char settings_file_location[512];
    NextInfo *nextInfo;
};

typedef struct {
    int structType;
    uint32_t structVersion;
    size_t structSize;
    uint32_t minInterfaceVersion, maxInterfaceVersion;
    XrVersion minApiVersion, maxApiVersion;
} LoaderInfo;

typedef struct {
    int structType;
    uint32_t structVersion;
    size_t structSize;
    uint32_t layerInterfaceVersion;
    XrVersion layerApiVersion;
    PFN_xrGetInstanceProcAddr getInstanceProcAddr;
    CreateLayerInstanceFn createApiLayerInstance;
} LayerRequest;

static PFN_xrGetInstanceProcAddr next_gipa;
__attribute__((visibility("default"))) unsigned xrsim_test_layer_calls;

static XRAPI_ATTR XrResult XRAPI_CALL layer_gipa(XrInstance instance, const char *name,
                                                 PFN_xrVoidFunction *function) {
    xrsim_test_layer_calls++;
    return next_gipa ? next_gipa(instance, name, function) : XR_ERROR_HANDLE_INVALID;
}

static XRAPI_ATTR XrResult XRAPI_CALL layer_create(const XrInstanceCreateInfo *info,
                                                   const LayerCreateInfo *layer_info,
                                                   XrInstance *instance) {
    if (!layer_info || !layer_info->nextInfo) return XR_ERROR_INITIALIZATION_FAILED;
    NextInfo *mine = layer_info->nextInfo;
    next_gipa = mine->nextGetInstanceProcAddr;
    LayerCreateInfo down = *layer_info;
    down.nextInfo = mine->next; /* the next layer (or the loader's terminator) sees its own */
    xrsim_test_layer_calls++;
    return mine->nextCreateApiLayerInstance(info, &down, instance);
}

__attribute__((visibility("default"))) XRAPI_ATTR XrResult XRAPI_CALL
xrNegotiateLoaderApiLayerInterface(const LoaderInfo *info, const char *name, LayerRequest *req);

__attribute__((visibility("default"))) XRAPI_ATTR XrResult XRAPI_CALL
xrNegotiateLoaderApiLayerInterface(const LoaderInfo *info, const char *name, LayerRequest *req) {
    (void)name;
    if (!info || info->structType != LOADER_INFO || !req || req->structType != API_LAYER_REQUEST)
        return XR_ERROR_INITIALIZATION_FAILED;
    if (info->minInterfaceVersion > 1 || info->maxInterfaceVersion < 1)
        return XR_ERROR_INITIALIZATION_FAILED;
    req->layerInterfaceVersion = 1;
    req->layerApiVersion = XR_MAKE_VERSION(1, 0, 0);
    req->getInstanceProcAddr = layer_gipa;
    req->createApiLayerInstance = layer_create;
    return XR_SUCCESS;
}
