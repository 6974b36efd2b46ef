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
#include <stdlib.h>
#include "byte-order.h"
#include "hash.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofp-flow.h"
#include "openvswitch/ofp-protocol.h"
#include "openvswitch/ofpbuf.h"
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

void
ofctl_flow_destroy(struct ofctl_flow *flow)
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
        ofctl_flow_destroy(flow);
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

/* Returns the flow in 'table' with the identity of 'flow', if any. */
struct ofctl_flow *
ofctl_flow_table_find_flow(const struct ofctl_flow_table *table,
                           const struct ofctl_flow *flow)
{
    return find_by_minimatch(table, flow->table_id, flow->priority,
                             &flow->match,
                             flow_identity_hash(flow->table_id,
                                                flow->priority,
                                                &flow->match));
}

static struct ofctl_flow *
flow_create(uint8_t table_id, uint16_t priority, ovs_be64 cookie,
            const struct match *match, const struct ofpact *ofpacts,
            size_t ofpacts_len)
{
    struct ofctl_flow *flow = xmalloc(sizeof *flow);

    flow->table_id = table_id;
    flow->priority = priority;
    minimatch_init(&flow->match, match);
    flow->cookie = cookie;
    flow->ofpacts = xmemdup(ofpacts, ofpacts_len);
    flow->ofpacts_len = ofpacts_len;
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
    struct ofctl_flow *flow = flow_create(table_id, priority, cookie, match,
                                          ofpacts, ofpacts_len);
    struct ofctl_flow *old;
    uint32_t hash;

    hash = flow_identity_hash(table_id, priority, &flow->match);
    old = find_by_minimatch(table, table_id, priority, &flow->match, hash);
    if (old) {
        hmap_remove(&table->flows, &old->hmap_node);
        ofctl_flow_destroy(old);
    }
    hmap_insert(&table->flows, &flow->hmap_node, hash);
    return flow;
}

/* Adds a flow and returns it, unless a flow with this identity is already
 * in 'table': then returns NULL and leaves 'table' as it was. */
static struct ofctl_flow *
add_unique(struct ofctl_flow_table *table, uint8_t table_id,
           uint16_t priority, ovs_be64 cookie, const struct match *match,
           const struct ofpact *ofpacts, size_t ofpacts_len)
{
    struct ofctl_flow *flow = flow_create(table_id, priority, cookie, match,
                                          ofpacts, ofpacts_len);
    uint32_t hash;

    hash = flow_identity_hash(table_id, priority, &flow->match);
    if (find_by_minimatch(table, table_id, priority, &flow->match, hash)) {
        ofctl_flow_destroy(flow);
        return NULL;
    }
    hmap_insert(&table->flows, &flow->hmap_node, hash);
    return flow;
}

void
ofctl_flow_table_remove(struct ofctl_flow_table *table,
                        struct ofctl_flow *flow)
{
    hmap_remove(&table->flows, &flow->hmap_node);
    ofctl_flow_destroy(flow);
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
                   || !ofctl_flow_actions_equal(i, d)) {
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

/* Returns a copy of 'flow' that belongs to no table. */
struct ofctl_flow *
ofctl_flow_clone(const struct ofctl_flow *flow)
{
    struct ofctl_flow *clone = xmalloc(sizeof *clone);

    clone->table_id = flow->table_id;
    clone->priority = flow->priority;
    minimatch_clone(&clone->match, &flow->match);
    clone->cookie = flow->cookie;
    clone->ofpacts = xmemdup(flow->ofpacts, flow->ofpacts_len);
    clone->ofpacts_len = flow->ofpacts_len;
    return clone;
}

/* Returns true if 'a' and 'b' have the same actions as the switch sees them.
 *
 * The actions of a flow read back from a switch are decoded from OpenFlow
 * 1.3, which has fewer ways to say some things than ofpacts do (for example
 * mod_vlan_vid comes back as set_field), so two flows whose ofpacts differ may
 * still carry the same instructions: compare those before calling them
 * different, or every reconnect would rewrite such flows. */
bool
ofctl_flow_actions_equal(const struct ofctl_flow *a,
                         const struct ofctl_flow *b)
{
    if (ofpacts_equal(a->ofpacts, a->ofpacts_len,
                      b->ofpacts, b->ofpacts_len)) {
        return true;
    }

    struct ofpbuf wa, wb;
    bool equal;

    ofpbuf_init(&wa, 64);
    ofpbuf_init(&wb, 64);
    ofpacts_put_openflow_instructions(a->ofpacts, a->ofpacts_len, &wa,
                                      OFP13_VERSION);
    ofpacts_put_openflow_instructions(b->ofpacts, b->ofpacts_len, &wb,
                                      OFP13_VERSION);
    equal = wa.size == wb.size && !memcmp(wa.data, wb.data, wa.size);
    ofpbuf_uninit(&wa);
    ofpbuf_uninit(&wb);
    return equal;
}

/* Appends 'flow' to 's' in ovs-ofctl's flow syntax. */
void
ofctl_flow_format(const struct ofctl_flow *flow, struct ds *s)
{
    struct match match;

    ds_put_format(s, "table=%"PRIu8", ", flow->table_id);
    if (flow->cookie) {
        ds_put_format(s, "cookie=%#"PRIx64", ", ntohll(flow->cookie));
    }
    minimatch_expand(&flow->match, &match);
    if (flow->priority == OFP_DEFAULT_PRIORITY) {
        /* match_format() leaves the default priority out. */
        ds_put_format(s, "priority=%d,", OFP_DEFAULT_PRIORITY);
    }
    match_format(&match, NULL, s, flow->priority);
    ds_chomp(s, ',');
    ds_chomp(s, ' ');
    ds_put_cstr(s, " actions=");
    struct ofpact_format_params fp = { .s = s };
    ofpacts_format(flow->ofpacts, flow->ofpacts_len, &fp);
}

static char *
add_str(struct ofctl_flow_table *table, const char *s, bool unique,
        struct ofctl_flow **flowp)
{
    enum ofputil_protocol usable;
    struct ofputil_flow_mod fm;
    struct ofctl_flow *flow = NULL;
    struct match match;
    char *error;

    error = parse_ofp_str(&fm, OFPFC_ADD, s, NULL, NULL, &usable);
    if (error) {
        return error;
    }
    if (!(usable & OFPUTIL_P_OF13_OXM)) {
        error = xasprintf("%s: not expressible in OpenFlow 1.3", s);
    } else if (fm.idle_timeout || fm.hard_timeout || fm.flags
               || fm.importance) {
        error = xasprintf("%s: a desired flow has no timeouts, flags or "
                          "importance", s);
    } else {
        uint8_t table_id = fm.table_id == 0xff ? 0 : fm.table_id;

        minimatch_expand(&fm.match, &match);
        if (unique) {
            flow = add_unique(table, table_id, fm.priority, fm.new_cookie,
                              &match, fm.ofpacts, fm.ofpacts_len);
        } else {
            flow = ofctl_flow_table_add(table, table_id, fm.priority,
                                        fm.new_cookie, &match, fm.ofpacts,
                                        fm.ofpacts_len);
        }
        if (!flow) {
            error = xasprintf("%s: another flow has this table, priority "
                              "and match", s);
        }
    }
    minimatch_destroy(&fm.match);
    free(fm.ofpacts);
    if (flowp) {
        *flowp = flow;
    }
    return error;
}

/* Parses 's', a flow in ovs-ofctl's add-flow syntax (table, priority, cookie,
 * match and actions; timeouts and flags are not part of a desired flow), and
 * adds it to 'table', replacing a flow with its identity.  Returns NULL on
 * success, otherwise a malloc()ed error message and 'table' is unchanged. */
char *
ofctl_flow_table_add_str(struct ofctl_flow_table *table, const char *s)
{
    return add_str(table, s, false, NULL);
}

/* Like ofctl_flow_table_add_str(), but a flow whose identity is already in
 * 'table' is an error.  Stores the new flow in '*flowp', or NULL on error. */
char *
ofctl_flow_table_add_unique_str(struct ofctl_flow_table *table,
                                const char *s, struct ofctl_flow **flowp)
{
    return add_str(table, s, true, flowp);
}

/* A flow and its text, for sorting. */
struct sort_key {
    const struct ofctl_flow *flow;
    char *text;
};

static int
compare_sort_keys(const void *a_, const void *b_)
{
    const struct sort_key *a = a_;
    const struct sort_key *b = b_;

    if (a->flow->table_id != b->flow->table_id) {
        return a->flow->table_id < b->flow->table_id ? -1 : 1;
    }
    if (a->flow->priority != b->flow->priority) {
        return a->flow->priority > b->flow->priority ? -1 : 1;
    }
    return strcmp(a->text, b->text);
}

/* Returns a malloc()ed array of the flows in 'table', in the order a person
 * reads a pipeline: by table, then highest priority first, then by text.
 * The flows still belong to 'table'. */
const struct ofctl_flow **
ofctl_flow_table_sort(const struct ofctl_flow_table *table)
{
    size_t n = hmap_count(&table->flows);
    struct sort_key *keys = xmalloc((n + 1) * sizeof *keys);
    const struct ofctl_flow **flows = xmalloc((n + 1) * sizeof *flows);
    const struct ofctl_flow *flow;
    size_t i = 0;

    HMAP_FOR_EACH (flow, hmap_node, &table->flows) {
        struct ds s = DS_EMPTY_INITIALIZER;

        ofctl_flow_format(flow, &s);
        keys[i].flow = flow;
        keys[i].text = ds_steal_cstr(&s);
        i++;
    }
    qsort(keys, n, sizeof *keys, compare_sort_keys);
    for (i = 0; i < n; i++) {
        flows[i] = keys[i].flow;
        free(keys[i].text);
    }
    free(keys);
    return flows;
}

/* Records in 'installed' that the switch has carried out a change of type
 * 'type' for 'flow' (the desired flow for an add or modify, the installed
 * one for a delete). */
void
ofctl_flow_table_apply(struct ofctl_flow_table *installed,
                       enum ofctl_change_type type,
                       const struct ofctl_flow *flow)
{
    struct ofctl_flow *old;

    old = find_by_minimatch(installed, flow->table_id, flow->priority,
                            &flow->match,
                            flow_identity_hash(flow->table_id, flow->priority,
                                               &flow->match));
    switch (type) {
    case OFCTL_CHANGE_ADD:
    case OFCTL_CHANGE_MODIFY:
        if (old) {
            hmap_remove(&installed->flows, &old->hmap_node);
            ofctl_flow_destroy(old);
        }
        struct ofctl_flow *clone = ofctl_flow_clone(flow);
        hmap_insert(&installed->flows, &clone->hmap_node,
                    flow_identity_hash(clone->table_id, clone->priority,
                                       &clone->match));
        break;

    case OFCTL_CHANGE_DELETE:
        if (old) {
            ofctl_flow_table_remove(installed, old);
        }
        break;
    }
}
