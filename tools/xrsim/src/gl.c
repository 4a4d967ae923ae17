/* OpenGL access without linking GL: functions come from the app's binding
 * (glXGetProcAddressARB or eglGetProcAddress) and run in the app's context. */
#include "xrsim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GL_TEXTURE_2D 0x0DE1
#define GL_TEXTURE_2D_ARRAY 0x8C1A
#define GL_TEXTURE_BINDING_2D 0x8069
#define GL_TEXTURE_BINDING_2D_ARRAY 0x8C1D
#define GL_TEXTURE_MIN_FILTER 0x2801
#define GL_TEXTURE_MAG_FILTER 0x2800
#define GL_TEXTURE_MAX_LEVEL 0x813D
#define GL_LINEAR 0x2601
#define GL_RGBA 0x1908
#define GL_UNSIGNED_BYTE 0x1401
#define GL_FLOAT 0x1406
#define GL_DEPTH_COMPONENT 0x1902
#define GL_DEPTH_STENCIL 0x84F9
#define GL_UNSIGNED_INT_24_8 0x84FA
#define GL_PACK_ALIGNMENT 0x0D05
#define GL_PIXEL_PACK_BUFFER 0x88EB
#define GL_PIXEL_PACK_BUFFER_BINDING 0x88ED
#define GL_PIXEL_UNPACK_BUFFER 0x88EC
#define GL_PIXEL_UNPACK_BUFFER_BINDING 0x88EF
#define GL_RGB 0x1907
#define GL_UNSIGNED_SHORT 0x1403
#define GL_UNSIGNED_INT 0x1405
#define GL_UNSIGNED_INT_2_10_10_10_REV 0x8368
#define GL_FLOAT_32_UNSIGNED_INT_24_8_REV 0x8DAD
#define GL_SRGB8 0x8C41
#define GL_SRGB8_ALPHA8 0x8C43
#define GL_RGBA8 0x8058
#define GL_RGB10_A2 0x8059
#define GL_RGBA16F 0x881A
#define GL_DEPTH32F_STENCIL8 0x8CAD
#define GL_DEPTH_COMPONENT16 0x81A5
#define GL_DEPTH_COMPONENT24 0x81A6
#define GL_DEPTH_COMPONENT32F 0x8CAC
#define GL_DEPTH24_STENCIL8 0x88F0

typedef void (*glGenTextures_t)(int, uint32_t *);
typedef void (*glDeleteTextures_t)(int, const uint32_t *);
typedef void (*glBindTexture_t)(uint32_t, uint32_t);
typedef void (*glTexImage2D_t)(uint32_t, int, int, int, int, int, uint32_t, uint32_t,
                               const void *);
typedef void (*glTexImage3D_t)(uint32_t, int, int, int, int, int, int, uint32_t, uint32_t,
                               const void *);
typedef void (*glTexParameteri_t)(uint32_t, uint32_t, int);
typedef void (*glGetIntegerv_t)(uint32_t, int *);
typedef void (*glGetTexImage_t)(uint32_t, int, uint32_t, uint32_t, void *);
typedef void (*glPixelStorei_t)(uint32_t, int);
typedef void (*glBindBuffer_t)(uint32_t, uint32_t);
typedef uint32_t (*glGetError_t)(void);

static struct {
    glGenTextures_t GenTextures;
    glDeleteTextures_t DeleteTextures;
    glBindTexture_t BindTexture;
    glTexImage2D_t TexImage2D;
    glTexImage3D_t TexImage3D;
    glTexParameteri_t TexParameteri;
    glGetIntegerv_t GetIntegerv;
    glGetTexImage_t GetTexImage;
    glPixelStorei_t PixelStorei;
    glBindBuffer_t BindBuffer;
    glGetError_t GetError;
} gl;

/* What desktop runtimes offer, in order of preference: colour first. */
static const int64_t formats[] = {GL_SRGB8_ALPHA8,      GL_SRGB8,            GL_RGBA8,
                                  GL_RGB10_A2,          GL_RGBA16F,          GL_DEPTH_COMPONENT32F,
                                  GL_DEPTH_COMPONENT24, GL_DEPTH24_STENCIL8, GL_DEPTH32F_STENCIL8,
                                  GL_DEPTH_COMPONENT16};

const int64_t *xs_gl_formats(uint32_t *count) {
    *count = sizeof formats / sizeof formats[0];
    return formats;
}

int xs_gl_init(xs_getproc_fn getproc) {
#define LOAD(name) gl.name = (__typeof__(gl.name))getproc("gl" #name)
    LOAD(GenTextures);
    LOAD(DeleteTextures);
    LOAD(BindTexture);
    LOAD(TexImage2D);
    LOAD(TexImage3D);
    LOAD(TexParameteri);
    LOAD(GetIntegerv);
    LOAD(GetTexImage);
    LOAD(PixelStorei);
    LOAD(BindBuffer);
    LOAD(GetError);
#undef LOAD
    return gl.GenTextures && gl.DeleteTextures && gl.BindTexture && gl.TexImage2D &&
           gl.TexParameteri && gl.GetIntegerv && gl.GetTexImage && gl.PixelStorei &&
           gl.GetError;
}

/* The client format and type that go with an internal format (no data is uploaded). */
static void format_pixel(int64_t f, uint32_t *fmt, uint32_t *type) {
    switch (f) {
        case GL_SRGB8: *fmt = GL_RGB; *type = GL_UNSIGNED_BYTE; break;
        case GL_RGB10_A2: *fmt = GL_RGBA; *type = GL_UNSIGNED_INT_2_10_10_10_REV; break;
        case GL_RGBA16F: *fmt = GL_RGBA; *type = GL_FLOAT; break;
        case GL_DEPTH_COMPONENT32F: *fmt = GL_DEPTH_COMPONENT; *type = GL_FLOAT; break;
        case GL_DEPTH_COMPONENT24: *fmt = GL_DEPTH_COMPONENT; *type = GL_UNSIGNED_INT; break;
        case GL_DEPTH_COMPONENT16: *fmt = GL_DEPTH_COMPONENT; *type = GL_UNSIGNED_SHORT; break;
        case GL_DEPTH24_STENCIL8: *fmt = GL_DEPTH_STENCIL; *type = GL_UNSIGNED_INT_24_8; break;
        case GL_DEPTH32F_STENCIL8:
            *fmt = GL_DEPTH_STENCIL;
            *type = GL_FLOAT_32_UNSIGNED_INT_24_8_REV;
            break;
        default: *fmt = GL_RGBA; *type = GL_UNSIGNED_BYTE; break;
    }
}

/* sRGB formats store display-referred values; the others are linear. */
static int format_srgb(int64_t f) { return f == GL_SRGB8_ALPHA8 || f == GL_SRGB8; }

int xs_gl_format_color(int64_t f) {
    return f == GL_SRGB8_ALPHA8 || f == GL_SRGB8 || f == GL_RGBA8 || f == GL_RGB10_A2 ||
           f == GL_RGBA16F;
}

int xs_gl_create_textures(xs_swapchain *sc) {
    uint32_t fmt, type;
    format_pixel(sc->format, &fmt, &type);
    sc->target = sc->array_size > 1 ? GL_TEXTURE_2D_ARRAY : GL_TEXTURE_2D;
    if (sc->target == GL_TEXTURE_2D_ARRAY && !gl.TexImage3D) return 0;
    xs_glctx_saved saved;
    if (!xs_glctx_enter(&saved)) return 0;
    int prev = 0;
    gl.GetIntegerv(sc->target == GL_TEXTURE_2D ? GL_TEXTURE_BINDING_2D
                                               : GL_TEXTURE_BINDING_2D_ARRAY, &prev);
    int unpack = 0;
    if (gl.BindBuffer) {
        gl.GetIntegerv(GL_PIXEL_UNPACK_BUFFER_BINDING, &unpack);
        if (unpack) gl.BindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
    }
    while (gl.GetError() != 0) {}
    gl.GenTextures((int)sc->count, sc->tex);
    for (uint32_t i = 0; i < sc->count; i++) {
        gl.BindTexture(sc->target, sc->tex[i]);
        if (sc->target == GL_TEXTURE_2D)
            gl.TexImage2D(sc->target, 0, (int)sc->format, (int)sc->width, (int)sc->height, 0, fmt,
                          type, NULL);
        else
            gl.TexImage3D(sc->target, 0, (int)sc->format, (int)sc->width, (int)sc->height,
                          (int)sc->array_size, 0, fmt, type, NULL);
        gl.TexParameteri(sc->target, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        gl.TexParameteri(sc->target, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        gl.TexParameteri(sc->target, GL_TEXTURE_MAX_LEVEL, 0);
    }
    gl.BindTexture(sc->target, (uint32_t)prev);
    if (unpack) gl.BindBuffer(GL_PIXEL_UNPACK_BUFFER, (uint32_t)unpack);
    int ok = gl.GetError() == 0 && sc->tex[0] != 0;
    if (!ok && sc->tex[0]) gl.DeleteTextures((int)sc->count, sc->tex);
    if (!ok) memset(sc->tex, 0, sizeof sc->tex);
    xs_glctx_leave(&saved);
    return ok;
}

/* Deletes the textures when the app's context is current here. Otherwise they
 * are left to the context: apps often tear their context (and X display) down
 * before destroying the swapchain, and binding a dead context would crash. */
void xs_gl_delete_textures(xs_swapchain *sc) {
    if (sc->tex[0] && gl.DeleteTextures && xs_glctx_is_current())
        gl.DeleteTextures((int)sc->count, sc->tex);
    memset(sc->tex, 0, sizeof sc->tex);
}

static uint8_t encode_srgb(float v) {
    if (!(v > 0.0f)) return 0;
    if (v >= 1.0f) return 255;
    double e = v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1.0 / 2.4) - 0.055;
    return (uint8_t)(e * 255.0 + 0.5);
}

static float decode_srgb(uint8_t v) {
    double c = v / 255.0;
    return (float)(c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4));
}

static float clamp01(float v) { return v < 0 ? 0 : v > 1 ? 1 : v; }

/* Reads a rect of one layer of a colour image as a compositor shows it over
 * black with an opaque environment (bottom-up rows, sRGB RGBA8, alpha 255):
 * sRGB formats are decoded and linear ones taken as they are; with
 * `source_alpha` the colour is blended by its alpha (`premultiplied` or not),
 * otherwise the layer is opaque whatever the texture's alpha says. */
int xs_gl_read(xs_swapchain *sc, uint32_t image, uint32_t layer, int32_t x, int32_t y, int32_t w,
               int32_t h, int source_alpha, int premultiplied, uint8_t *rgba) {
    if (!xs_gl_format_color(sc->format)) return 0;
    size_t layer_px = (size_t)sc->width * sc->height;
    int srgb = format_srgb(sc->format);
    size_t texel = srgb ? 4 : 4 * sizeof(float);
    void *all = calloc(layer_px * texel, sc->array_size);
    if (!all) return 0;
    xs_glctx_saved saved;
    if (!xs_glctx_enter(&saved)) {
        free(all);
        return 0;
    }
    int prev = 0, pack = 0, align = 4;
    gl.GetIntegerv(sc->target == GL_TEXTURE_2D ? GL_TEXTURE_BINDING_2D
                                               : GL_TEXTURE_BINDING_2D_ARRAY, &prev);
    gl.GetIntegerv(GL_PACK_ALIGNMENT, &align);
    if (gl.BindBuffer) {
        gl.GetIntegerv(GL_PIXEL_PACK_BUFFER_BINDING, &pack);
        if (pack) gl.BindBuffer(GL_PIXEL_PACK_BUFFER, 0);
    }
    while (gl.GetError() != 0) {}
    gl.PixelStorei(GL_PACK_ALIGNMENT, 1);
    gl.BindTexture(sc->target, sc->tex[image]);
    /* sRGB textures are read as their stored bytes, linear ones as floats. */
    gl.GetTexImage(sc->target, 0, GL_RGBA, srgb ? GL_UNSIGNED_BYTE : GL_FLOAT, all);
    int ok = gl.GetError() == 0;
    gl.BindTexture(sc->target, (uint32_t)prev);
    gl.PixelStorei(GL_PACK_ALIGNMENT, align);
    if (pack) gl.BindBuffer(GL_PIXEL_PACK_BUFFER, (uint32_t)pack);
    xs_glctx_leave(&saved);
    for (int32_t row = 0; ok && row < h; row++) {
        size_t first = layer_px * layer + (size_t)(y + row) * sc->width + (size_t)x;
        uint8_t *dst = rgba + (size_t)row * w * 4;
        for (int32_t i = 0; i < w; i++) {
            float c[4];
            if (srgb) {
                const uint8_t *src = (const uint8_t *)all + (first + (size_t)i) * 4;
                for (int k = 0; k < 3; k++) c[k] = decode_srgb(src[k]);
                c[3] = src[3] / 255.0f;
            } else {
                const float *src = (const float *)all + (first + (size_t)i) * 4;
                for (int k = 0; k < 4; k++) c[k] = clamp01(src[k]);
            }
            for (int k = 0; k < 3; k++) {
                float v = c[k];
                if (source_alpha && !premultiplied) v *= c[3];
                if (!source_alpha && srgb) {
                    dst[i * 4 + k] = ((const uint8_t *)all)[(first + (size_t)i) * 4 + (size_t)k];
                    continue; /* shown as stored: no round trip */
                }
                dst[i * 4 + k] = encode_srgb(clamp01(v));
            }
            dst[i * 4 + 3] = 255;
        }
    }
    free(all);
    return ok;
}
