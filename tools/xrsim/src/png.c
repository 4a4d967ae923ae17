/* Minimal PNG writer: RGBA8, zlib stream of stored (uncompressed) blocks, or
 * real deflate when built with zlib (XRSIM_HAVE_ZLIB). */
#include "xrsim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef XRSIM_HAVE_ZLIB
#include <zlib.h>
#endif

static uint32_t crc_table[256];

static void crc_init(void) {
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc(uint32_t c, const uint8_t *buf, size_t len) {
    if (!crc_table[1]) crc_init();
    c ^= 0xffffffffu;
    for (size_t i = 0; i < len; i++) c = crc_table[(c ^ buf[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

static void be32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static int chunk(FILE *f, const char *type, const uint8_t *data, uint32_t len) {
    uint8_t hdr[8];
    be32(hdr, len);
    memcpy(hdr + 4, type, 4);
    uint8_t *tmp = malloc((size_t)len + 4);
    memcpy(tmp, type, 4);
    if (len) memcpy(tmp + 4, data, len);
    uint32_t c = crc(0, tmp, (size_t)len + 4);
    free(tmp);
    uint8_t tail[4];
    be32(tail, c);
    return fwrite(hdr, 1, 8, f) == 8 && (len == 0 || fwrite(data, 1, len, f) == len) &&
           fwrite(tail, 1, 4, f) == 4;
}

static uint8_t *deflate_stored(const uint8_t *raw, size_t n, size_t *out_len) {
    size_t blocks = n / 65535 + 1;
    uint8_t *z = malloc(n + blocks * 5 + 6), *p = z;
    *p++ = 0x78;
    *p++ = 0x01;
    size_t off = 0;
    do {
        size_t len = n - off > 65535 ? 65535 : n - off;
        *p++ = off + len == n ? 1 : 0;
        p[0] = (uint8_t)len;
        p[1] = (uint8_t)(len >> 8);
        p[2] = (uint8_t)~len;
        p[3] = (uint8_t)(~len >> 8);
        p += 4;
        memcpy(p, raw + off, len);
        p += len;
        off += len;
    } while (off < n);
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < n; i++) {
        a = (a + raw[i]) % 65521;
        b = (b + a) % 65521;
    }
    be32(p, (b << 16) | a);
    p += 4;
    *out_len = (size_t)(p - z);
    return z;
}

int xs_png_write(const char *path, const uint8_t *rgba, int w, int h, int flip) {
    size_t stride = (size_t)w * 4, n = (stride + 1) * (size_t)h;
    uint8_t *raw = malloc(n);
    if (!raw) return 0;
    for (int y = 0; y < h; y++) {
        int src = flip ? h - 1 - y : y;
        raw[(size_t)y * (stride + 1)] = 0;
        memcpy(raw + (size_t)y * (stride + 1) + 1, rgba + (size_t)src * stride, stride);
    }
    size_t zlen;
    uint8_t *z;
#ifdef XRSIM_HAVE_ZLIB
    uLongf bound = compressBound((uLong)n);
    z = malloc(bound);
    if (compress2(z, &bound, raw, (uLong)n, 1) != Z_OK) {
        free(z);
        z = deflate_stored(raw, n, &zlen);
    } else {
        zlen = bound;
    }
#else
    z = deflate_stored(raw, n, &zlen);
#endif
    free(raw);
    FILE *f = fopen(path, "wb");
    int ok = f != NULL;
    if (ok) {
        static const uint8_t sig[8] = {137, 80, 78, 71, 13, 10, 26, 10};
        uint8_t ihdr[13];
        be32(ihdr, (uint32_t)w);
        be32(ihdr + 4, (uint32_t)h);
        ihdr[8] = 8;  /* bit depth */
        ihdr[9] = 6;  /* RGBA */
        ihdr[10] = ihdr[11] = ihdr[12] = 0;
        ok = fwrite(sig, 1, 8, f) == 8 && chunk(f, "IHDR", ihdr, 13) &&
             chunk(f, "IDAT", z, (uint32_t)zlen) && chunk(f, "IEND", NULL, 0);
        ok = (fclose(f) == 0) && ok;
    }
    free(z);
    return ok;
}
