/* Copyright (c) 2026 The vnet authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/* Flows as the compilers write them (flows.h). */

#include <config.h>
#include "flows.h"
#include <stdlib.h>
#include <string.h>
#include "openvswitch/dynamic-string.h"
#include "util.h"

void
vnet_flows_init(struct vnet_flows *flows)
{
    flows->flows = NULL;
    flows->n = flows->allocated = 0;
}

void
vnet_flows_clear(struct vnet_flows *flows)
{
    for (size_t i = 0; i < flows->n; i++) {
        free(flows->flows[i].match);
        free(flows->flows[i].actions);
    }
    flows->n = 0;
}

void
vnet_flows_destroy(struct vnet_flows *flows)
{
    vnet_flows_clear(flows);
    free(flows->flows);
}

void
vnet_flows_add(struct vnet_flows *flows, uint8_t table_id, uint16_t priority,
               uint64_t cookie, const char *match, const char *actions)
{
    if (flows->n >= flows->allocated) {
        flows->flows = x2nrealloc(flows->flows, &flows->allocated,
                                  sizeof *flows->flows);
    }
    struct vnet_flow *f = &flows->flows[flows->n++];
    f->table_id = table_id;
    f->priority = priority;
    f->cookie = cookie;
    f->match = xstrdup(match);
    f->actions = xstrdup(actions);
}

/* Whether 'a' and 'b' hold the same flows in the same order. */
bool
vnet_flows_equal(const struct vnet_flows *a, const struct vnet_flows *b)
{
    if (a->n != b->n) {
        return false;
    }
    for (size_t i = 0; i < a->n; i++) {
        const struct vnet_flow *fa = &a->flows[i], *fb = &b->flows[i];

        if (fa->table_id != fb->table_id || fa->priority != fb->priority
            || fa->cookie != fb->cookie || strcmp(fa->match, fb->match)
            || strcmp(fa->actions, fb->actions)) {
            return false;
        }
    }
    return true;
}

/* Orders flows as a reader of "ovs-ofctl dump-flows" expects: by table,
 * then highest priority first, then by match; then, so that the order is
 * total, by actions and cookie. */
static int
compare_flows(const void *a_, const void *b_)
{
    const struct vnet_flow *a = *(const struct vnet_flow *const *) a_;
    const struct vnet_flow *b = *(const struct vnet_flow *const *) b_;

    if (a->table_id != b->table_id) {
        return a->table_id < b->table_id ? -1 : 1;
    }
    if (a->priority != b->priority) {
        return a->priority > b->priority ? -1 : 1;
    }
    int cmp = strcmp(a->match, b->match);
    if (!cmp) {
        cmp = strcmp(a->actions, b->actions);
    }
    return cmp ? cmp : a->cookie < b->cookie ? -1 : a->cookie > b->cookie;
}

/* Appends 'f' to 'out' in ovs-ofctl add-flow syntax, the text that the
 * controller parses into a desired flow. */
void
vnet_flow_format(const struct vnet_flow *f, struct ds *out)
{
    ds_put_format(out, "table=%"PRIu8", priority=%"PRIu16", "
                  "cookie=%#"PRIx64"%s%s actions=%s",
                  f->table_id, f->priority, f->cookie,
                  f->match[0] ? ", " : "", f->match, f->actions);
}

/* Appends the flows to 'out', one a line, in ovs-ofctl add-flow syntax and
 * in a canonical order, so that two flow sets compare as text. */
void
vnet_flows_format(const struct vnet_flows *flows, struct ds *out)
{
    const struct vnet_flow **sorted = xmalloc(flows->n * sizeof *sorted);

    for (size_t i = 0; i < flows->n; i++) {
        sorted[i] = &flows->flows[i];
    }
    qsort(sorted, flows->n, sizeof *sorted, compare_flows);
    for (size_t i = 0; i < flows->n; i++) {
        vnet_flow_format(sorted[i], out);
        ds_put_char(out, '\n');
    }
    free(sorted);
}

/* Ends a list of actions built with a comma after each: an empty list
 * drops. */
void
vnet_finish_actions(struct ds *actions)
{
    ds_chomp(actions, ',');
    if (!actions->length) {
        ds_put_cstr(actions, "drop");
    }
}
