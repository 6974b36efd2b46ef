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
 * The compiler recompiles every host's flows, as text, on every change of
 * intent.  Parsing that text into OpenFlow matches and actions cost more
 * than compiling it: at 10,000 VIFs over 10 hosts, over half of a one-VIF
 * add.  Remembering which compiled flow became which desired flow lets a
 * change parse only the flows it adds and remove only those it drops. */

#include <stdbool.h>
#include "openvswitch/hmap.h"

struct ofctl_flow_table;
struct vnet_flows;

struct desired_flows {
    struct hmap flows;          /* Contains "struct desired_flow"s. */
};

void desired_flows_init(struct desired_flows *);
void desired_flows_destroy(struct desired_flows *);
void desired_flows_forget(struct desired_flows *);
bool desired_flows_put(struct desired_flows *, struct ofctl_flow_table *,
                       const struct vnet_flows *);
size_t desired_flows_count(const struct desired_flows *);

#endif /* desired-flows.h */
