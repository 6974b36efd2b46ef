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

#ifndef VNET_DESIRED_FLOWS_H
#define VNET_DESIRED_FLOWS_H 1

/* A host's compiled flows, as last put into its switch's desired table.
 *
 * Parsing the compiled text into OpenFlow matches and actions cost more
 * than compiling it.  Remembering which compiled flow became which desired
 * flow lets a change parse only the flows it adds and remove only those it
 * drops; and since the incremental compiler (host-flows.h) says which
 * parts of a host's flows changed, and what they held before, only those
 * parts are compared, and the compiled text is kept once, in the parts. */

#include <stdbool.h>
#include <stddef.h>
#include "openvswitch/shash.h"

struct ofctl_flow_table;
struct vnet_flows;
struct vnet_host_flows;
struct vnet_part_change;

struct desired_flows {
    struct shash parts;         /* Part name -> "struct desired_part". */
};

void desired_flows_init(struct desired_flows *);
void desired_flows_destroy(struct desired_flows *);
void desired_flows_forget(struct desired_flows *);
bool desired_flows_update(struct desired_flows *, struct ofctl_flow_table *,
                          const struct vnet_part_change *, size_t n);
bool desired_flows_put_all(struct desired_flows *, struct ofctl_flow_table *,
                           const struct vnet_host_flows *);
size_t desired_flows_count(const struct desired_flows *);

#endif /* desired-flows.h */
