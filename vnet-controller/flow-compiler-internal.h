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

#ifndef VNET_FLOW_COMPILER_INTERNAL_H
#define VNET_FLOW_COMPILER_INTERNAL_H 1

/* What the compiler's parts (L2 segments, routers, farms) share: which VIFs
 * are members of what, and how a frame of a segment reaches another host.
 * Not for use outside vnet-controller/'s compiler. */

#include <stdbool.h>
#include <stddef.h>
#include "intent.h"

struct ds;
struct vnet_flows;

/* The admitted, bound VIFs of one segment, wherever they are. */
struct segment_members {
    struct hmap_node hmap_node;   /* By segment key. */
    const struct vnet_segment *segment;
    const struct vnet_vif **vifs; /* Sorted by name. */
    size_t n, allocated;
};

bool vnet_vif_is_live(const struct vnet_vif *);
void vnet_index_members(const struct vnet_intent *, struct hmap *members);
struct segment_members *vnet_find_members(const struct hmap *members,
                                          uint32_t key);
void vnet_free_members(struct hmap *members);
bool vnet_host_seen(const struct vnet_vif **vifs, size_t n,
                    const struct vnet_host *);

bool vnet_host_reaches_wire(const struct vnet_host *,
                            const struct vnet_segment *);
bool vnet_remote_is_addressable(const struct vnet_host *remote,
                                const struct vnet_segment *);
void vnet_put_to_remote(struct ds *actions, const struct vnet_host *local,
                        const struct vnet_host *remote,
                        const struct vnet_segment *);
void vnet_finish_actions(struct ds *actions);
bool vnet_segment_learns(const struct vnet_segment *);

/* router-compiler.c. */
void vnet_compile_routers(const struct vnet_intent *,
                          const struct vnet_host *,
                          const struct hmap *members, struct vnet_flows *);

/* farm-compiler.c: farms and subnets (MAC rewriting). */
void vnet_compile_farms(const struct vnet_intent *, const struct vnet_host *,
                        struct vnet_flows *);

#endif /* flow-compiler-internal.h */
