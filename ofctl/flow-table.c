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
#include "flow-table.h"
#include "hash.h"
#include "openvswitch/ofp-actions.h"
#include "util.h"

static uint32_t
flow_identity_hash(uint8_t table_id, uint16_t priority,
                   const struct minimatch *match)
{
    return minimatch_hash(match, hash_2words(table_id, priority));
}

void
ofctl_flow_table_init(struct ofctl_flow_table *table)
{
    hmap_init(&table->flows);
}

static void
flow_free(struct ofctl_flow *flow)
{
    minimatch_destroy(&flow->match);
    free(flow->ofpacts);
    free(flow);
}

void
ofctl_flow_table_clear(struct ofctl_flow_table *table)
{
    struct ofctl_flow *flow;

    HMAP_FOR_EACH_POP (flow, hmap_node, &table->flows) {
        flow_free(flow);
    }
}

void
ofctl_flow_table_destroy(struct ofctl_flow_table *table)
{
    ofctl_flow_table_clear(table);
    hmap_destroy(&table->flows);
}

size_t
ofctl_flow_table_count(const struct ofctl_flow_table *table)
{
    return hmap_count(&table->flows);
}

static struct ofctl_flow *
find_by_minimatch(const struct ofctl_flow_table *table, uint8_t table_id,
                  uint16_t priority, const struct minimatch *match,
                  uint32_t hash)
{
    struct ofctl_flow *flow;

    HMAP_FOR_EACH_WITH_HASH (flow, hmap_node, hash, &table->flows) {
        if (flow->table_id == table_id && flow->priority == priority
            && minimatch_equal(&flow->match, match)) {
            return flow;
        }
    }
    return NULL;
}

struct ofctl_flow *
ofctl_flow_table_find(const struct ofctl_flow_table *table, uint8_t table_id,
                      uint16_t priority, const struct match *match)
{
    struct minimatch mm;
    struct ofctl_flow *flow;

    minimatch_init(&mm, match);
    flow = find_by_minimatch(table, table_id, priority, &mm,
                             flow_identity_hash(table_id, priority, &mm));
    minimatch_destroy(&mm);
    return flow;
}

/* Adds a flow, or replaces the cookie and actions of the flow that already
 * has this identity (OpenFlow's "add" semantics), and returns it. */
struct ofctl_flow *
ofctl_flow_table_add(struct ofctl_flow_table *table, uint8_t table_id,
                     uint16_t priority, ovs_be64 cookie,
                     const struct match *match, const struct ofpact *ofpacts,
                     size_t ofpacts_len)
{
    struct ofctl_flow *flow = xmalloc(sizeof *flow);
    struct ofctl_flow *old;
    uint32_t hash;

    flow->table_id = table_id;
    flow->priority = priority;
    minimatch_init(&flow->match, match);
    flow->cookie = cookie;
    flow->ofpacts = xmemdup(ofpacts, ofpacts_len);
    flow->ofpacts_len = ofpacts_len;

    hash = flow_identity_hash(table_id, priority, &flow->match);
    old = find_by_minimatch(table, table_id, priority, &flow->match, hash);
    if (old) {
        hmap_remove(&table->flows, &old->hmap_node);
        flow_free(old);
    }
    hmap_insert(&table->flows, &flow->hmap_node, hash);
    return flow;
}

void
ofctl_flow_table_remove(struct ofctl_flow_table *table,
                        struct ofctl_flow *flow)
{
    hmap_remove(&table->flows, &flow->hmap_node);
    flow_free(flow);
}

static void
add_change(struct ovs_list *changes, enum ofctl_change_type type,
           const struct ofctl_flow *flow)
{
    struct ofctl_change *change = xmalloc(sizeof *change);

    change->type = type;
    change->flow = flow;
    ovs_list_push_back(changes, &change->list_node);
}

/* Appends to 'changes' the flow_mods that turn 'installed' into 'desired'.
 * Deletions come first, so that a switch short of table space frees it
 * before it is asked for more.  The changes point into the two tables, which
 * must outlive them. */
void
ofctl_flow_table_diff(const struct ofctl_flow_table *desired,
                      const struct ofctl_flow_table *installed,
                      struct ovs_list *changes)
{
    const struct ofctl_flow *d, *i;

    HMAP_FOR_EACH (i, hmap_node, &installed->flows) {
        if (!find_by_minimatch(desired, i->table_id, i->priority, &i->match,
                               i->hmap_node.hash)) {
            add_change(changes, OFCTL_CHANGE_DELETE, i);
        }
    }
    HMAP_FOR_EACH (d, hmap_node, &desired->flows) {
        i = find_by_minimatch(installed, d->table_id, d->priority, &d->match,
                              d->hmap_node.hash);
        if (!i) {
            add_change(changes, OFCTL_CHANGE_ADD, d);
        } else if (i->cookie != d->cookie
                   || !ofpacts_equal(i->ofpacts, i->ofpacts_len,
                                     d->ofpacts, d->ofpacts_len)) {
            add_change(changes, OFCTL_CHANGE_MODIFY, d);
        }
    }
}

void
ofctl_changes_destroy(struct ovs_list *changes)
{
    struct ofctl_change *change;

    LIST_FOR_EACH_POP (change, list_node, changes) {
        free(change);
    }
}

const char *
ofctl_change_type_to_string(enum ofctl_change_type type)
{
    switch (type) {
    case OFCTL_CHANGE_ADD:
        return "add";
    case OFCTL_CHANGE_MODIFY:
        return "modify";
    case OFCTL_CHANGE_DELETE:
        return "delete";
    }
    OVS_NOT_REACHED();
}
