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

/* Segments' members (members.h). */

#include <config.h>
#include "members.h"
#include <stdlib.h>
#include <string.h>
#include "encap.h"
#include "flow.h"
#include "hash.h"
#include "util.h"

struct segment_members *
vnet_find_members(const struct hmap *members, uint32_t key)
{
    struct segment_members *m;

    HMAP_FOR_EACH_WITH_HASH (m, hmap_node, hash_int(key, 0), members) {
        if (m->segment->key == key) {
            return m;
        }
    }
    return NULL;
}

bool
vnet_vif_is_live(const struct vnet_vif *vif)
{
    return ((vif->segment || vif->subnet) && vif->host
            && (vif->host->external || vif->ofport != OFPP_NONE));
}

static int
compare_vifs_by_name(const void *a_, const void *b_)
{
    const struct vnet_vif *const *a = a_;
    const struct vnet_vif *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

/* Indexes the members of each segment, sorted by name: flood actions then
 * list ports and hosts in an order that does not change when an unrelated
 * VIF comes or goes, so that the flow diff sends no needless flow_mods. */
void
vnet_index_members(const struct vnet_intent *intent, struct hmap *members)
{
    const struct vnet_vif *vif;
    struct segment_members *m;

    hmap_init(members);
    HMAP_FOR_EACH (vif, hmap_node, &intent->vifs) {
        if (!vnet_vif_is_live(vif) || !vif->admitted || !vif->segment) {
            continue;
        }
        m = vnet_find_members(members, vif->segment->key);
        if (!m) {
            m = xzalloc(sizeof *m);
            m->segment = vif->segment;
            hmap_insert(members, &m->hmap_node,
                        hash_int(vif->segment->key, 0));
        }
        if (m->n >= m->allocated) {
            m->vifs = x2nrealloc(m->vifs, &m->allocated, sizeof *m->vifs);
        }
        m->vifs[m->n++] = vif;
    }
    HMAP_FOR_EACH (m, hmap_node, members) {
        qsort(m->vifs, m->n, sizeof *m->vifs, compare_vifs_by_name);
    }
}

void
vnet_free_members(struct hmap *members)
{
    struct segment_members *m;

    HMAP_FOR_EACH_POP (m, hmap_node, members) {
        free(m->vifs);
        free(m);
    }
    hmap_destroy(members);
}

/* Whether 'host' appears in the first 'n' members' hosts. */
bool
vnet_host_seen(const struct vnet_vif **vifs, size_t n,
          const struct vnet_host *host)
{
    for (size_t i = 0; i < n; i++) {
        if (vifs[i]->host == host) {
            return true;
        }
    }
    return false;
}

/* Whether 'host' compiles 'm's segment: it has a member there, or is its
 * gateway. */
bool
vnet_host_holds(const struct segment_members *m, const struct vnet_host *host)
{
    return vnet_host_seen(m->vifs, m->n, host) || vnet_is_gateway(m->segment, host);
}
