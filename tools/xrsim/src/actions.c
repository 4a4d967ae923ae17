/* Actions: placeholder until the full implementation lands. */
#include "xrsim.h"

int xs_action_pose_source(struct xs_action *a, XrPath subaction, int *hand, int *src) {
    (void)a; (void)subaction; (void)hand; (void)src;
    return 0;
}
int xs_action_has_subaction(struct xs_action *a, XrPath p) { (void)a; (void)p; return 1; }
void *xs_lookup_action_fn(const char *name) { (void)name; return 0; }
