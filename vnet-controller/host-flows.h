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

#ifndef VNET_HOST_FLOWS_H
#define VNET_HOST_FLOWS_H 1

/* The incremental compiler: a host's flows kept in parts, each compiled
 * from one piece of the intent, so that a change recompiles only the
 * parts it touches.
 *
 *   part              flows                        recompiled when
 *   "vif NAME"        the VIF's classification,    the VIF changed
 *                     port security, admission
 *   "segment KEY"     the segment's L2 forwarding  the segment or a member
 *   "routers"         every router's, here         a router, or a segment
 *                                                  a router joins
 *   "farms"           MAC rewriting's              a farm, subnet, policy,
 *                                                  peering or subnet VIF
 *   "filters"         what the uplink and VXLAN    the filters the held
 *                     port accept, from whom       segments call for
 *   "misses"          the stages' miss flows       any other part changed
 *
 * A change of any host recompiles everything, and so does the first update
 * of a host's flows, or the first after a pass they missed.  Pure, like
 * the compiler: its property test (tests/unit/test-incremental.c) checks
 * after every step of long random sequences of changes that each host's
 * parts add up to exactly what vnet_compile_host() compiles from
 * scratch. */

#include <stdbool.h>
#include <stddef.h>
#include "flows.h"
#include "pipeline.h"
#include "openvswitch/hmap.h"
#include "openvswitch/shash.h"

struct vnet_host;
struct vnet_intent;
struct vnet_intent_diff;

/* What one pass over an intent shares between its hosts. */
struct vnet_compile_pass {
    const struct vnet_intent *intent;
    const struct vnet_intent_diff *diff;  /* NULL: everything changed. */
    struct hmap members;          /* "struct segment_members"s. */
    struct shash views;           /* Host name -> "struct host_view". */
};

void vnet_compile_pass_init(struct vnet_compile_pass *,
                            const struct vnet_intent *,
                            const struct vnet_intent_diff *);
void vnet_compile_pass_destroy(struct vnet_compile_pass *);

/* One part of a host's flows. */
struct vnet_part {
    struct vnet_flows flows;
    struct vnet_tables tables;    /* The tables 'flows' are in or go to. */
    bool live;
};

/* A part that an update changed: 'old' are its flows before (none for a
 * new part), 'flows' its flows now, or NULL if the part is gone. */
struct vnet_part_change {
    char *name;
    struct vnet_flows old;
    const struct vnet_flows *flows;
};

struct vnet_host_flows {
    struct shash parts;           /* Part name -> "struct vnet_part". */
    bool stale;                   /* Missed a pass: compile everything. */
    unsigned int filters;         /* What "filters" was compiled for. */

    /* What the last update changed, valid until the next or until
     * vnet_host_flows_clear_changes(). */
    struct vnet_part_change *changes;
    size_t n_changes, allocated_changes;
    size_t n_compiled;            /* Flows compiled by the last update. */
};

void vnet_host_flows_init(struct vnet_host_flows *);
void vnet_host_flows_destroy(struct vnet_host_flows *);
void vnet_host_flows_clear(struct vnet_host_flows *);
void vnet_host_flows_clear_changes(struct vnet_host_flows *);
void vnet_host_flows_update(struct vnet_host_flows *,
                            const struct vnet_compile_pass *,
                            const struct vnet_host *);

#endif /* host-flows.h */
