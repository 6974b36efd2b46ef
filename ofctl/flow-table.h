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

#ifndef OFCTL_FLOW_TABLE_H
#define OFCTL_FLOW_TABLE_H 1

/* A set of OpenFlow flows, and the minimal difference between two sets.
 *
 * The controller keeps two of these per switch: the flows the compiler wants
 * ("desired") and the flows the switch holds ("installed", seeded from a flow
 * dump after each connect).  ofctl_flow_table_diff() turns the pair into the
 * fewest flow_mods that make the switch match the desired table, so that a
 * reconnect or a small intent change never rewrites flows that are already
 * right.
 *
 * A flow's identity is OpenFlow's: (table_id, priority, match).  Two flows
 * with the same identity but different cookies or actions are one flow to
 * modify, not one to delete and one to add.  The switch's copy of a flow is
 * compared as the switch encodes it (ofctl_flow_actions_equal()). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "openvswitch/compiler.h"
#include "openvswitch/hmap.h"
#include "openvswitch/list.h"
#include "openvswitch/match.h"

struct ds;
struct ofpact;

struct ofctl_flow {
    struct hmap_node hmap_node;   /* In ofctl_flow_table, by identity. */
    uint8_t table_id;
    uint16_t priority;
    struct minimatch match;
    ovs_be64 cookie;              /* Names the intent row behind the flow. */
    struct ofpact *ofpacts;
    size_t ofpacts_len;
};

struct ofctl_flow_table {
    struct hmap flows;            /* Contains "struct ofctl_flow"s. */
};

void ofctl_flow_table_init(struct ofctl_flow_table *);
void ofctl_flow_table_destroy(struct ofctl_flow_table *);
void ofctl_flow_table_clear(struct ofctl_flow_table *);
size_t ofctl_flow_table_count(const struct ofctl_flow_table *);

struct ofctl_flow *ofctl_flow_table_add(struct ofctl_flow_table *,
                                        uint8_t table_id, uint16_t priority,
                                        ovs_be64 cookie, const struct match *,
                                        const struct ofpact *,
                                        size_t ofpacts_len);
struct ofctl_flow *ofctl_flow_table_find(const struct ofctl_flow_table *,
                                         uint8_t table_id, uint16_t priority,
                                         const struct match *);
struct ofctl_flow *ofctl_flow_table_find_flow(const struct ofctl_flow_table *,
                                              const struct ofctl_flow *);
void ofctl_flow_table_remove(struct ofctl_flow_table *, struct ofctl_flow *);
char *ofctl_flow_table_add_str(struct ofctl_flow_table *, const char *)
    OVS_WARN_UNUSED_RESULT;
char *ofctl_flow_table_add_unique_str(struct ofctl_flow_table *, const char *,
                                      struct ofctl_flow **)
    OVS_WARN_UNUSED_RESULT;
const struct ofctl_flow **ofctl_flow_table_sort(
    const struct ofctl_flow_table *);

struct ofctl_flow *ofctl_flow_clone(const struct ofctl_flow *);
void ofctl_flow_destroy(struct ofctl_flow *);
bool ofctl_flow_actions_equal(const struct ofctl_flow *,
                              const struct ofctl_flow *);
void ofctl_flow_format(const struct ofctl_flow *, struct ds *);

/* One step of a diff. */
enum ofctl_change_type {
    OFCTL_CHANGE_ADD,             /* Flow is desired, not installed. */
    OFCTL_CHANGE_MODIFY,          /* Same identity, other actions/cookie. */
    OFCTL_CHANGE_DELETE,          /* Flow is installed, not desired. */
};

struct ofctl_change {
    struct ovs_list list_node;    /* In ofctl_flow_table_diff()'s list. */
    enum ofctl_change_type type;
    const struct ofctl_flow *flow;  /* The desired flow (or the installed one,
                                     * for OFCTL_CHANGE_DELETE). */
};

void ofctl_flow_table_diff(const struct ofctl_flow_table *desired,
                           const struct ofctl_flow_table *installed,
                           struct ovs_list *changes);
void ofctl_changes_destroy(struct ovs_list *changes);
void ofctl_flow_table_apply(struct ofctl_flow_table *installed,
                            enum ofctl_change_type,
                            const struct ofctl_flow *);
const char *ofctl_change_type_to_string(enum ofctl_change_type);

#endif /* ofctl/flow-table.h */
