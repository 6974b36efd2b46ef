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

/* The incremental compiler (host-flows.h). */

#include <config.h>
#include "host-flows.h"
#include <stdlib.h>
#include <string.h>
#include "compilers.h"
#include "intent-diff.h"
#include "openvswitch/dynamic-string.h"
#include "util.h"

/* What of the intent one host compiles from, found once per pass for every
 * host, so that a host's update does not walk the whole intent. */
struct host_view {
    const struct vnet_vif **vifs;           /* Live VIFs bound here. */
    size_t n_vifs, allocated_vifs;
    const struct segment_members **segs;    /* Segments held here. */
    size_t n_segs, allocated_segs;
    bool subnet_vif;                        /* A VIF here is in a subnet. */
};

static struct host_view *
view_of(struct vnet_compile_pass *pass, const struct vnet_host *host)
{
    struct host_view *view = shash_find_data(&pass->views, host->name);

    if (!view) {
        view = xzalloc(sizeof *view);
        shash_add(&pass->views, host->name, view);
    }
    return view;
}

static void
view_add_segment(struct vnet_compile_pass *pass, const struct vnet_host *host,
                 const struct segment_members *m)
{
    struct host_view *view;

    if (!host || !vnet_host_holds(m, host)) {
        return;
    }
    view = view_of(pass, host);
    if (view->n_segs && view->segs[view->n_segs - 1] == m) {
        return;                 /* Another member on the same host. */
    }
    for (size_t i = 0; i < view->n_segs; i++) {
        if (view->segs[i] == m) {
            return;
        }
    }
    if (view->n_segs >= view->allocated_segs) {
        view->segs = x2nrealloc(view->segs, &view->allocated_segs,
                                sizeof *view->segs);
    }
    view->segs[view->n_segs++] = m;
}

/* Starts a pass over 'intent', which changed from the last pass's as
 * 'diff' says (NULL: compile everything). */
void
vnet_compile_pass_init(struct vnet_compile_pass *pass,
                       const struct vnet_intent *intent,
                       const struct vnet_intent_diff *diff)
{
    const struct segment_members *m;
    const struct vnet_vif *vif;

    pass->intent = intent;
    pass->diff = diff;
    shash_init(&pass->views);
    HMAP_FOR_EACH (vif, hmap_node, &intent->vifs) {
        if (vnet_vif_is_live(vif)) {
            struct host_view *view = view_of(pass, vif->host);

            if (view->n_vifs >= view->allocated_vifs) {
                view->vifs = x2nrealloc(view->vifs, &view->allocated_vifs,
                                        sizeof *view->vifs);
            }
            view->vifs[view->n_vifs++] = vif;
            view->subnet_vif = view->subnet_vif || vif->subnet;
        }
    }
    vnet_index_members(intent, &pass->members);
    HMAP_FOR_EACH (m, hmap_node, &pass->members) {
        for (size_t i = 0; i < m->n; i++) {
            view_add_segment(pass, m->vifs[i]->host, m);
        }
        view_add_segment(pass, m->segment->gateway_host, m);
    }
}

void
vnet_compile_pass_destroy(struct vnet_compile_pass *pass)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, &pass->views) {
        struct host_view *view = node->data;
        free(view->vifs);
        free(view->segs);
    }
    shash_destroy_free_data(&pass->views);
    vnet_free_members(&pass->members);
}

void
vnet_host_flows_init(struct vnet_host_flows *hf)
{
    memset(hf, 0, sizeof *hf);
    shash_init(&hf->parts);
    hf->stale = true;
}

static void
part_destroy(struct vnet_part *part)
{
    vnet_flows_destroy(&part->flows);
    free(part);
}

/* Forgets what the last update changed, once the caller has taken it: the
 * parts' old flows go at once rather than at the next update. */
void
vnet_host_flows_clear_changes(struct vnet_host_flows *hf)
{
    for (size_t i = 0; i < hf->n_changes; i++) {
        free(hf->changes[i].name);
        vnet_flows_destroy(&hf->changes[i].old);
    }
    hf->n_changes = 0;
    hf->n_compiled = 0;
}

void
vnet_host_flows_destroy(struct vnet_host_flows *hf)
{
    vnet_host_flows_clear(hf);
    free(hf->changes);
    shash_destroy(&hf->parts);
}

/* Forgets every part, for a host that misses a pass: its next update
 * compiles everything. */
void
vnet_host_flows_clear(struct vnet_host_flows *hf)
{
    struct shash_node *node;

    vnet_host_flows_clear_changes(hf);
    SHASH_FOR_EACH_SAFE (node, &hf->parts) {
        part_destroy(node->data);
        shash_delete(&hf->parts, node);
    }
    hf->filters = 0;
    hf->stale = true;
}

static struct vnet_part *
find_part(const struct vnet_host_flows *hf, const char *name)
{
    return shash_find_data(&hf->parts, name);
}

/* Records that the part 'name' changed from 'old', whose flows it takes
 * (NULL: a new part), to 'flows' (NULL: the part is gone). */
static void
note_change(struct vnet_host_flows *hf, const char *name,
            struct vnet_flows *old, const struct vnet_flows *flows)
{
    struct vnet_part_change *c;

    if (hf->n_changes >= hf->allocated_changes) {
        hf->changes = x2nrealloc(hf->changes, &hf->allocated_changes,
                                 sizeof *hf->changes);
    }
    c = &hf->changes[hf->n_changes++];
    c->name = xstrdup(name);
    if (old) {
        c->old = *old;
        vnet_flows_init(old);
    } else {
        vnet_flows_init(&c->old);
    }
    c->flows = flows;
}

/* Removes the part in 'node' from 'hf', recording that it is gone. */
static void
remove_part(struct vnet_host_flows *hf, struct shash_node *node)
{
    struct vnet_part *part = node->data;

    note_change(hf, node->name, &part->flows, NULL);
    part_destroy(part);
    shash_delete(&hf->parts, node);
}

/* Takes 'flows', just compiled for the part 'name', into 'hf': a new part,
 * a replaced one, or none if 'flows' is empty.  Leaves 'flows' empty. */
static void
put_part(struct vnet_host_flows *hf, const char *name,
         struct vnet_flows *flows)
{
    struct shash_node *node = shash_find(&hf->parts, name);
    struct vnet_part *part;

    hf->n_compiled += flows->n;
    if (!flows->n) {
        if (node) {
            remove_part(hf, node);
        }
        return;
    }
    if (node) {
        part = node->data;
    } else {
        part = xzalloc(sizeof *part);
        vnet_flows_init(&part->flows);
        shash_add(&hf->parts, name, part);
    }
    note_change(hf, name, &part->flows, &part->flows);
    part->flows = *flows;
    vnet_flows_init(flows);
    memset(&part->tables, 0, sizeof part->tables);
    vnet_tables_note(&part->tables, &part->flows);
    part->live = true;
}

static void
keep_part(struct vnet_host_flows *hf, const char *name)
{
    struct vnet_part *part = find_part(hf, name);

    if (part) {
        part->live = true;
    }
}

/* Whether 'view's host holds a segment that a router joins. */
static bool
holds_router_segment(const struct vnet_intent *intent,
                     const struct host_view *view)
{
    const struct vnet_router *r;

    HMAP_FOR_EACH (r, hmap_node, &intent->routers) {
        for (size_t i = 0; i < r->n_ports; i++) {
            for (size_t j = 0; j < view->n_segs; j++) {
                if (view->segs[j]->segment == r->ports[i].segment) {
                    return true;
                }
            }
        }
    }
    return false;
}

/* Whether 'host' holds, or held when 'hf' was compiled, the segment with
 * 'key'. */
static bool
holds_segment(const struct vnet_host_flows *hf, const struct host_view *view,
              uint32_t key)
{
    char name[64];

    for (size_t i = 0; i < view->n_segs; i++) {
        if (view->segs[i]->segment->key == key) {
            return true;
        }
    }
    snprintf(name, sizeof name, "segment %"PRIu32, key);
    return find_part(hf, name) != NULL;
}

/* Whether the pass's changes may touch any part of 'hf', the flows of the
 * host that 'view' shows, so that a host they do not touch costs a few
 * lookups, not a walk over its VIFs and segments. */
static bool
is_touched(const struct vnet_host_flows *hf, const struct vnet_intent *intent,
           const struct vnet_intent_diff *diff, const struct vnet_host *host,
           const struct host_view *view)
{
    const struct vnet_diff_segment *node;

    if (sset_contains(&diff->vif_hosts, host->name)
        || (diff->routers && (find_part(hf, "routers")
                              || holds_router_segment(intent, view)))
        || (diff->farms && (find_part(hf, "farms") || view->subnet_vif))) {
        return true;
    }
    HMAP_FOR_EACH (node, hmap_node, &diff->segments) {
        if (holds_segment(hf, view, node->key)) {
            return true;
        }
    }
    return false;
}

/* Brings 'hf', the flows of 'host' as of the previous pass, up to date with
 * 'pass', recompiling only the parts that the pass's changes touch, and
 * records in 'hf' which parts changed. */
void
vnet_host_flows_update(struct vnet_host_flows *hf,
                       const struct vnet_compile_pass *pass,
                       const struct vnet_host *host)
{
    static const struct host_view empty_view;
    const struct vnet_intent_diff *diff = pass->diff;
    const struct vnet_intent *intent = pass->intent;
    const struct host_view *view = shash_find_data(&pass->views, host->name);
    bool all = !diff || diff->hosts || hf->stale;
    struct vnet_flows flows;
    unsigned int filters = 0;
    struct shash_node *node;
    char name[64];

    vnet_host_flows_clear_changes(hf);
    view = view ? view : &empty_view;
    if (!all && !is_touched(hf, intent, diff, host, view)) {
        return;
    }
    hf->stale = false;
    vnet_flows_init(&flows);
    SHASH_FOR_EACH (node, &hf->parts) {
        struct vnet_part *part = node->data;
        part->live = false;
    }

    for (size_t i = 0; i < view->n_vifs; i++) {
        const struct vnet_vif *vif = view->vifs[i];
        char *vif_name = xasprintf("vif %s", vif->name);

        if (all || sset_contains(&diff->vifs, vif->name)
            || !find_part(hf, vif_name)) {
            vnet_compile_vif(vif, &flows);
            put_part(hf, vif_name, &flows);
        } else {
            keep_part(hf, vif_name);
        }
        free(vif_name);
    }

    for (size_t i = 0; i < view->n_segs; i++) {
        const struct segment_members *m = view->segs[i];

        snprintf(name, sizeof name, "segment %"PRIu32, m->segment->key);
        if (all || vnet_intent_diff_has_segment(diff, m->segment->key)
            || !find_part(hf, name)) {
            vnet_compile_segment(m, host, &flows);
            put_part(hf, name, &flows);
        } else {
            keep_part(hf, name);
        }
        filters |= vnet_segment_filters(m, host);
    }

    /* A part that compiles to nothing is not kept, so "routers" and
     * "farms" are compiled wherever they may now have flows. */
    if ((all || diff->routers)
        && (find_part(hf, "routers") || holds_router_segment(intent, view))) {
        vnet_compile_routers(intent, host, &pass->members, &flows);
        put_part(hf, "routers", &flows);
    } else {
        keep_part(hf, "routers");
    }
    if ((all || diff->farms)
        && (find_part(hf, "farms") || view->subnet_vif)) {
        vnet_compile_farms(intent, host, &flows);
        put_part(hf, "farms", &flows);
    } else {
        keep_part(hf, "farms");
    }
    if (all || filters != hf->filters || !find_part(hf, "filters")) {
        vnet_compile_filters(intent, host, filters, &flows);
        put_part(hf, "filters", &flows);
        hf->filters = filters;
    } else {
        keep_part(hf, "filters");
    }

    /* The parts that nothing compiled or kept are gone. */
    SHASH_FOR_EACH_SAFE (node, &hf->parts) {
        const struct vnet_part *part = node->data;
        if (!part->live && strcmp(node->name, "misses")) {
            remove_part(hf, node);
        }
    }

    /* The misses follow from the other parts' tables. */
    if (hf->n_changes || !find_part(hf, "misses")) {
        struct vnet_tables tables = { .bits = { 0 } };
        struct vnet_part *misses = find_part(hf, "misses");

        SHASH_FOR_EACH (node, &hf->parts) {
            const struct vnet_part *part = node->data;
            if (part != misses) {
                vnet_tables_or(&tables, &part->tables);
            }
        }
        vnet_pipeline_add_misses_for(&tables, &flows);
        if (!misses || !vnet_flows_equal(&misses->flows, &flows)) {
            put_part(hf, "misses", &flows);
        }
    }
    vnet_flows_destroy(&flows);
}
