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

#ifndef VNET_INTENT_DIFF_H
#define VNET_INTENT_DIFF_H 1

/* What changed between two versions of the intent, in the terms the
 * incremental compiler (host-flows.c) recompiles by: VIFs, segments, and
 * the routers, the farms or the hosts as a whole.
 *
 * The controller compares the intent it compiled last with the one it
 * reads now, both joined with the hosts' bindings, rather than following
 * the VNET database's change tracking: a change of a binding, which comes
 * from a host's own database, or of a host database's liveness, is a
 * change of intent like any other, and this sees them all in one place.
 * The comparison is linear in the size of the intent and allocates
 * nothing for what did not change. */

#include <stdbool.h>
#include <stdint.h>
#include "openvswitch/hmap.h"
#include "sset.h"

struct vnet_intent;

struct vnet_intent_diff {
    bool hosts;                   /* A host came, went or changed: every
                                   * host's flows may change. */
    bool routers;                 /* A router changed, or a segment that
                                   * one of them joins. */
    bool farms;                   /* A farm, subnet, policy, peering or
                                   * VIF of a subnet changed. */
    struct sset vifs;             /* VIFs that came, went or changed. */
    struct sset vif_hosts;        /* The hosts those VIFs were or are
                                   * bound to. */
    struct hmap segments;         /* "struct vnet_diff_segment"s: the
                                   * segments that came, went, changed or
                                   * whose members did. */
};

struct vnet_diff_segment {
    struct hmap_node hmap_node;   /* In 'segments', by hash_int(key, 0). */
    uint32_t key;
};

void vnet_intent_diff_init(struct vnet_intent_diff *);
void vnet_intent_diff_destroy(struct vnet_intent_diff *);
void vnet_intent_diff_compute(const struct vnet_intent *old,
                              const struct vnet_intent *new,
                              struct vnet_intent_diff *);
bool vnet_intent_diff_has_segment(const struct vnet_intent_diff *,
                                  uint32_t key);

#endif /* intent-diff.h */
