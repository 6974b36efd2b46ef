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

#ifndef VNET_MEMBERS_H
#define VNET_MEMBERS_H 1

/* Which VIFs are live, and which are members of which segment and where:
 * what the L2 and router compilers and the incremental compiler's views
 * share. */

#include <stdbool.h>
#include <stddef.h>
#include "intent.h"
#include "openvswitch/hmap.h"

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
bool vnet_host_holds(const struct segment_members *,
                     const struct vnet_host *);

#endif /* members.h */
