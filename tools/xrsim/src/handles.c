/* Handles: typed, generation-checked integers, so stale or foreign handles
 * are detected (XR_ERROR_HANDLE_INVALID) instead of being dereferenced. */
#include "xrsim.h"

#include <stdlib.h>

static struct {
    void *obj;
    enum xs_kind kind;
    uint32_t gen;
} objects[XS_MAX_OBJECTS];
static uint32_t generation = 1;

uint64_t xs_handle_new(enum xs_kind kind, void *obj) {
    for (uint32_t i = 0; i < XS_MAX_OBJECTS; i++) {
        if (objects[i].obj == NULL) {
            objects[i].obj = obj;
            objects[i].kind = kind;
            objects[i].gen = generation++ & 0xffff;
            return ((uint64_t)0x5e << 56) | ((uint64_t)kind << 48) |
                   ((uint64_t)objects[i].gen << 16) | (i + 1);
        }
    }
    return 0;
}

void *xs_handle_get(uint64_t h, enum xs_kind kind) {
    uint32_t idx = (uint32_t)(h & 0xffff);
    if (idx == 0 || idx > XS_MAX_OBJECTS || (h >> 56) != 0x5e) return NULL;
    if (((h >> 48) & 0xff) != (uint64_t)kind) return NULL;
    if (objects[idx - 1].obj == NULL || objects[idx - 1].kind != kind) return NULL;
    if (objects[idx - 1].gen != ((h >> 16) & 0xffff)) return NULL;
    return objects[idx - 1].obj;
}

void *xs_handle_nth(uint32_t i, enum xs_kind kind) {
    if (i >= XS_MAX_OBJECTS || objects[i].kind != kind) return NULL;
    return objects[i].obj;
}

void xs_handle_free(uint64_t h) {
    uint32_t idx = (uint32_t)(h & 0xffff);
    if (idx == 0 || idx > XS_MAX_OBJECTS) return;
    objects[idx - 1].obj = NULL;
    objects[idx - 1].kind = XS_NONE;
}

/* Frees every remaining object of a kind (their owner is going away). */
void xs_handles_free_kind(enum xs_kind kind) {
    for (uint32_t i = 0; i < XS_MAX_OBJECTS; i++) {
        if (objects[i].obj && objects[i].kind == kind) {
            free(objects[i].obj);
            objects[i].obj = NULL;
            objects[i].kind = XS_NONE;
        }
    }
}
