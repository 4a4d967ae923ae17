/* Eye capture: reads back the images of a submitted projection layer in the
 * application's GL context and writes them as PNG (frame_NNNNNN_left|right.png). */
#include "xrsim.h"

#include <stdio.h>
#include <stdlib.h>

void xs_capture_projection(const XrCompositionLayerProjection *p, int64_t frame) {
    static const char *eye[2] = {"left", "right"};
    for (uint32_t v = 0; v < 2; v++) {
        const XrSwapchainSubImage *si = &p->views[v].subImage;
        xs_swapchain *sc = xs_handle_get((uint64_t)si->swapchain, XS_SWAPCHAIN);
        int w = si->imageRect.extent.width, h = si->imageRect.extent.height;
        uint8_t *px = malloc((size_t)w * h * 4);
        char path[1200];
        snprintf(path, sizeof path, "%s/frame_%06lld_%s.png", xs_cfg.capture_dir, (long long)frame,
                 eye[v]);
        /* Without SOURCE_ALPHA the layer is opaque (alpha one), as a compositor shows it. */
        int alpha = (p->layerFlags & XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT) != 0;
        int premultiplied = (p->layerFlags & XR_COMPOSITION_LAYER_UNPREMULTIPLIED_ALPHA_BIT) == 0;
        if (px && xs_gl_read(sc, (uint32_t)sc->last_released, si->imageArrayIndex,
                             si->imageRect.offset.x, si->imageRect.offset.y, w, h, alpha,
                             premultiplied, px) &&
            xs_png_write(path, px, w, h, 1))
            xs_report_capture(path);
        else
            xs_report_event("capture_failed");
        free(px);
    }
}
