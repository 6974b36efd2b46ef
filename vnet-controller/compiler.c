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

/* The driver that compiles one host's flows from scratch (flow-compiler.h):
 * every feature compiler's, then the misses that the pipeline declares. */

#include <config.h>
#include "flow-compiler.h"
#include "compilers.h"

/* Replaces the contents of 'flows' by the flows of 'host's br-vnet, from
 * scratch: the reference that the incremental compiler (host-flows.c)
 * must always agree with. */
void
vnet_compile_host(const struct vnet_intent *intent,
                  const struct vnet_host *host, struct vnet_flows *flows)
{
    const struct segment_members *m;
    const struct vnet_vif *vif;
    unsigned int filters = 0;
    struct hmap members;

    vnet_flows_clear(flows);
    HMAP_FOR_EACH (vif, hmap_node, &intent->vifs) {
        if (vnet_vif_is_live(vif) && vif->host == host) {
            vnet_compile_vif(vif, flows);
        }
    }
    vnet_index_members(intent, &members);
    HMAP_FOR_EACH (m, hmap_node, &members) {
        if (vnet_host_holds(m, host)) {
            vnet_compile_segment(m, host, flows);
            filters |= vnet_segment_filters(m, host);
        }
    }
    vnet_compile_routers(intent, host, &members, flows);
    vnet_free_members(&members);
    vnet_compile_filters(intent, host, filters, flows);
    vnet_compile_farms(intent, host, flows);
    vnet_pipeline_add_misses(flows);
}
