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
#include "flows.h"
#include "flow-table.h"
#include "hash.h"
#include "host-flows.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(desired_flows);

/* One compiled flow and the desired flow it was parsed into. */
struct desired_flow {
    struct hmap_node hmap_node;   /* In its part, by hash_flow(). */
    struct vnet_flow compiled;    /* Owns its strings. */
    struct ofctl_flow *flow;      /* In the desired table, or NULL: the text
                                   * did not parse or repeated the identity
                                   * of another flow. */
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

static struct desired_flow *
find_flow(const struct hmap *flows, const struct vnet_flow *f, uint32_t hash)
{
    struct desired_flow *df;

    HMAP_FOR_EACH_WITH_HASH (df, hmap_node, hash, flows) {
        if (flow_equal(&df->compiled, f)) {
            return df;
        }
    }
    return NULL;
}

static void
desired_flow_destroy(struct desired_flow *df)
{
    free(df->compiled.match);
    free(df->compiled.actions);
    free(df);
}

void
desired_flows_init(struct desired_flows *dfs)
{
    shash_init(&dfs->parts);
    dfs->n = 0;
}

static void
part_destroy(struct hmap *part)
{
    struct desired_flow *df;

    HMAP_FOR_EACH_POP (df, hmap_node, part) {
        desired_flow_destroy(df);
    }
    hmap_destroy(part);
    free(part);
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
    dfs->n = 0;
}

void
desired_flows_destroy(struct desired_flows *dfs)
{
    desired_flows_forget(dfs);
    shash_destroy(&dfs->parts);
}

size_t
desired_flows_count(const struct desired_flows *dfs)
{
    return dfs->n;
}

/* Parses 'df' into 'table' and returns true if it went in.  A flow that
 * does not parse, or that has the identity (table, priority, match) of a
 * flow already there, is a compiler bug (the unit tests parse every flow and
 * reject repeated identities): it is logged, left out, and tried again on
 * the next put. */
static bool
parse_into(struct desired_flow *df, struct ofctl_flow_table *table)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    struct ds s = DS_EMPTY_INITIALIZER;
    char *error;

    vnet_flow_format(&df->compiled, &s);
    error = ofctl_flow_table_add_unique_str(table, ds_cstr(&s), &df->flow);
    if (error) {
        VLOG_ERR_RL(&rl, "compiled flow %s: %s", ds_cstr(&s), error);
        free(error);
    }
    ds_destroy(&s);
    return df->flow != NULL;
}

/* Makes the parts of 'table', a switch's desired table that only 'dfs'
 * edits, that the 'n' 'changes' name hold the flows they give (none for a
 * part that is gone); the other parts stay as they are.  Returns true if
 * that changed the table. */
bool
desired_flows_update(struct desired_flows *dfs, struct ofctl_flow_table *table,
                     const struct vnet_part_change *changes, size_t n)
{
    struct desired_flow **new = NULL;
    size_t n_new = 0, allocated_new = 0;
    struct desired_flow *df;
    bool changed = false;

    for (size_t i = 0; i < n; i++) {
        const struct vnet_part_change *c = &changes[i];
        struct hmap *old = shash_find_and_delete(&dfs->parts, c->name);
        struct hmap *kept = xmalloc(sizeof *kept);
        size_t n_flows = c->flows ? c->flows->n : 0;

        /* The flows compiled before are taken over; the others, and those
         * that did not go in last time, are to be parsed. */
        hmap_init(kept);
        dfs->n -= old ? hmap_count(old) : 0;
        for (size_t j = 0; j < n_flows; j++) {
            const struct vnet_flow *f = &c->flows->flows[j];
            uint32_t hash = hash_flow(f);

            df = old ? find_flow(old, f, hash) : NULL;
            if (df) {
                hmap_remove(old, &df->hmap_node);
            } else if (find_flow(kept, f, hash)) {
                continue;
            } else {
                df = xzalloc(sizeof *df);
                df->compiled = *f;
                df->compiled.match = xstrdup(f->match);
                df->compiled.actions = xstrdup(f->actions);
            }
            hmap_insert(kept, &df->hmap_node, hash);
            if (!df->flow) {
                if (n_new >= allocated_new) {
                    new = x2nrealloc(new, &allocated_new, sizeof *new);
                }
                new[n_new++] = df;
            }
        }

        /* The flows no longer compiled leave the table before any new one
         * comes in, since a new flow, of this part or of another, may have
         * the identity of one that left. */
        if (old) {
            HMAP_FOR_EACH (df, hmap_node, old) {
                if (df->flow) {
                    ofctl_flow_table_remove(table, df->flow);
                    changed = true;
                }
            }
            part_destroy(old);
        }
        dfs->n += hmap_count(kept);
        if (hmap_is_empty(kept)) {
            hmap_destroy(kept);
            free(kept);
        } else {
            shash_add(&dfs->parts, c->name, kept);
        }
    }

    /* In the compiler's order, so that of two flows with one identity the
     * one already in the table, or else the first, is kept. */
    for (size_t i = 0; i < n_new; i++) {
        changed |= parse_into(new[i], table);
    }
    free(new);
    return changed;
}

/* Makes 'table', a switch's desired table that only 'dfs' edits, hold the
 * flows 'compiled', as one part.  Returns true if that changed it. */
bool
desired_flows_put(struct desired_flows *dfs, struct ofctl_flow_table *table,
                  const struct vnet_flows *compiled)
{
    struct vnet_part_change change = {
        .name = CONST_CAST(char *, ""),
        .flows = compiled,
    };

    return desired_flows_update(dfs, table, &change, 1);
}
