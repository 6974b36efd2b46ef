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

#ifndef VNET_FLOWS_H
#define VNET_FLOWS_H 1

/* Flows as the compilers write them: a table, a priority, a cookie, and a
 * match and actions in ovs-ofctl syntax, which unit tests state exactly and
 * the controller parses into OpenFlow (desired-flows.c).  Every compiler
 * and the pipeline's declaration depend on this module, which depends on
 * none of them. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ds;

struct vnet_flow {
    uint8_t table_id;
    uint16_t priority;
    uint64_t cookie;
    char *match;                  /* "" matches every packet. */
    char *actions;
};

struct vnet_flows {
    struct vnet_flow *flows;
    size_t n, allocated;
};

#define VNET_FLOWS_INITIALIZER { NULL, 0, 0 }

void vnet_flows_init(struct vnet_flows *);
void vnet_flows_destroy(struct vnet_flows *);
void vnet_flows_clear(struct vnet_flows *);
void vnet_flows_add(struct vnet_flows *, uint8_t table_id, uint16_t priority,
                    uint64_t cookie, const char *match, const char *actions);
bool vnet_flows_equal(const struct vnet_flows *, const struct vnet_flows *);
void vnet_flow_format(const struct vnet_flow *, struct ds *);
void vnet_flows_format(const struct vnet_flows *, struct ds *);

void vnet_finish_actions(struct ds *actions);

#endif /* flows.h */
