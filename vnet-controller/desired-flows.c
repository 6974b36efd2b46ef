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

#include <config.h>
#include "desired-flows.h"
#include <string.h>
#include "flow-table.h"
#include "flows.h"
#include "hash.h"
#include "host-flows.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(desired_flows);

/* The desired flows of one part: 'flows[i]' is what the part's compiled
 * flow i became in the desired table, or NULL if it did not go in (it did
 * not parse, or repeated the identity of another flow). */
struct desired_part {
    struct ofctl_flow **flows;
    size_t n;
};

static uint32_t
hash_flow(const struct vnet_flow *f)
{
    return hash_string(f->actions,
                       hash_string(f->match,
                                   hash_3words(f->table_id, f->priority,
                                               hash_uint64(f->cookie))));
}

static bool
flow_equal(const struct vnet_flow *a, const struct vnet_flow *b)
{
    return (a->table_id == b->table_id && a->priority == b->priority
            && a->cookie == b->cookie && !strcmp(a->match, b->match)
            && !strcmp(a->actions, b->actions));
}

void
desired_flows_init(struct desired_flows *dfs)
{
    shash_init(&dfs->parts);
}

static void
part_destroy(struct desired_part *dp)
{
    free(dp->flows);
    free(dp);
}

/* Forgets every flow, without touching any desired table: for a switch
 * whose desired table is new and empty. */
void
desired_flows_forget(struct desired_flows *dfs)
{
    struct shash_node *node;

    SHASH_FOR_EACH_SAFE (node, &dfs->parts) {
        part_destroy(node->data);
        shash_delete(&dfs->parts, node);
    }
}

void
desired_flows_destroy(struct desired_flows *dfs)
{
    desired_flows_forget(dfs);
    shash_destroy(&dfs->parts);
}

/* How many compiled flows 'dfs' holds, in all parts. */
size_t
desired_flows_count(const struct desired_flows *dfs)
{
    const struct shash_node *node;
    size_t n = 0;

    SHASH_FOR_EACH (node, &dfs->parts) {
        const struct desired_part *dp = node->data;
        n += dp->n;
    }
    return n;
}

/* Parses 'f' into 'table' and stores in '*slot' the desired flow it became,
 * or NULL.  A flow that does not parse, or that has the identity (table,
 * priority, match) of a flow already there, is a compiler bug (the unit
 * tests parse every flow and reject repeated identities): it is logged,
 * left out, and tried again when its part next changes.  Returns true if
 * the flow went in. */
static bool
parse_into(const struct vnet_flow *f, struct ofctl_flow **slot,
           struct ofctl_flow_table *table)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    struct ds s = DS_EMPTY_INITIALIZER;
    char *error;

    vnet_flow_format(f, &s);
    error = ofctl_flow_table_add_unique_str(table, ds_cstr(&s), slot);
    if (error) {
        VLOG_ERR_RL(&rl, "compiled flow %s: %s", ds_cstr(&s), error);
        free(error);
    }
    ds_destroy(&s);
    return *slot != NULL;
}

/* An old flow of a part, findable by its compiled form. */
struct old_flow {
    struct hmap_node hmap_node;
    const struct vnet_flow *compiled;
    struct ofctl_flow *flow;
};

/* A new flow to parse once every part's old flows have left. */
struct new_flow {
    const struct vnet_flow *compiled;
    struct ofctl_flow **slot;
};

/* Makes the parts of 'table', a switch's desired table that only 'dfs'
 * edits, that the 'n' 'changes' name hold the flows they give (none for a
 * part that is gone); the other parts stay as they are.  Each change also
 * gives the part's flows as they were, which the last update put: a flow
 * compiled again as it was keeps its desired flow, unparsed; only the
 * others are parsed.  Returns true if that changed the table. */
bool
desired_flows_update(struct desired_flows *dfs, struct ofctl_flow_table *table,
                     const struct vnet_part_change *changes, size_t n)
{
    struct new_flow *new = NULL;
    size_t n_new = 0, allocated_new = 0;
    bool changed = false;

    for (size_t i = 0; i < n; i++) {
        const struct vnet_part_change *c = &changes[i];
        struct desired_part *dp = shash_find_and_delete(&dfs->parts,
                                                        c->name);
        size_t n_flows = c->flows ? c->flows->n : 0;
        struct hmap olds = HMAP_INITIALIZER(&olds);
        struct old_flow *olds_array = NULL;
        struct old_flow *of;

        /* What the part held, by compiled flow.  (A part this does not
         * know, e.g. after a forget, held nothing.) */
        if (dp) {
            if (dp->n == c->old.n) {
                olds_array = xmalloc(dp->n * sizeof *olds_array);
                for (size_t j = 0; j < dp->n; j++) {
                    of = &olds_array[j];
                    of->compiled = &c->old.flows[j];
                    of->flow = dp->flows[j];
                    if (of->flow) {
                        hmap_insert(&olds, &of->hmap_node,
                                    hash_flow(of->compiled));
                    }
                }
            } else {
                for (size_t j = 0; j < dp->n; j++) {
                    if (dp->flows[j]) {
                        ofctl_flow_table_remove(table, dp->flows[j]);
                        changed = true;
                    }
                }
            }
            part_destroy(dp);
        }

        /* The flows compiled as before keep their desired flows; the others
         * are to be parsed. */
        dp = xmalloc(sizeof *dp);
        dp->n = n_flows;
        dp->flows = xcalloc(n_flows, sizeof *dp->flows);
        for (size_t j = 0; j < n_flows; j++) {
            const struct vnet_flow *f = &c->flows->flows[j];
            uint32_t hash = hash_flow(f);
            bool found = false;

            HMAP_FOR_EACH_WITH_HASH (of, hmap_node, hash, &olds) {
                if (flow_equal(of->compiled, f)) {
                    dp->flows[j] = of->flow;
                    hmap_remove(&olds, &of->hmap_node);
                    found = true;
                    break;
                }
            }
            if (!found) {
                if (n_new >= allocated_new) {
                    new = x2nrealloc(new, &allocated_new, sizeof *new);
                }
                new[n_new].compiled = f;
                new[n_new].slot = &dp->flows[j];
                n_new++;
            }
        }

        /* The flows no longer compiled leave the table before any new one
         * comes in, since a new flow, of this part or of another, may have
         * the identity of one that left. */
        HMAP_FOR_EACH (of, hmap_node, &olds) {
            ofctl_flow_table_remove(table, of->flow);
            changed = true;
        }
        hmap_destroy(&olds);
        free(olds_array);

        if (dp->n) {
            shash_add(&dfs->parts, c->name, dp);
        } else {
            part_destroy(dp);
        }
    }

    /* In the compiler's order, so that of two flows with one identity the
     * first is kept. */
    for (size_t i = 0; i < n_new; i++) {
        changed |= parse_into(new[i].compiled, new[i].slot, table);
    }
    free(new);
    return changed;
}

/* Puts every part of 'hf' into 'table', a switch's desired table that is
 * new and empty (a new session), forgetting what 'dfs' put before.
 * Returns true if that changed the table. */
bool
desired_flows_put_all(struct desired_flows *dfs, struct ofctl_flow_table *table,
                      const struct vnet_host_flows *hf)
{
    size_t n = shash_count(&hf->parts);
    struct vnet_part_change *all = xmalloc((n + 1) * sizeof *all);
    const struct shash_node *node;
    size_t i = 0;
    bool changed;

    SHASH_FOR_EACH (node, &hf->parts) {
        const struct vnet_part *part = node->data;
        all[i++] = (struct vnet_part_change) {
            .name = node->name,
            .old = VNET_FLOWS_INITIALIZER,
            .flows = &part->flows,
        };
    }
    desired_flows_forget(dfs);
    changed = desired_flows_update(dfs, table, all, n);
    free(all);
    return changed;
}
