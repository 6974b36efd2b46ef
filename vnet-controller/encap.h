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

#ifndef VNET_ENCAP_H
#define VNET_ENCAP_H 1

/* How each segment mode carries a segment's frames between hosts: one
 * "struct vnet_encap" per encapsulation (VLAN, VXLAN, EtherIP), each its
 * own build, push and pop over shared helpers, in the style of OVS's
 * netdev-native-tnl.c, so that the compilers ask the segment's encap
 * rather than switch on its mode. */

#include <stdbool.h>
#include <stddef.h>
#include "intent.h"

struct ds;
struct vnet_flows;

/* IP protocol number of EtherIP (RFC 3378). */
#define VNET_ETHERIP_IPPROTO 97

/* VXLAN's UDP port (RFC 7348). */
#define VNET_VXLAN_DST_PORT 4789

/* Host-wide filters that the segments a host holds call for. */
#define VNET_FILTER_ETHERIP 0x1           /* EtherIP only from known
                                           * hosts. */
#define VNET_FILTER_UNTAGGED_GATEWAY 0x2  /* No underlay traffic into an
                                           * untagged gateway's segment. */

struct vnet_encap {
    /* Whether 'host' can carry the mode's frames to or from the underlay. */
    bool (*reaches_wire)(const struct vnet_host *host);

    /* Whether frames can be addressed to 'remote' across the underlay. */
    bool (*addressable)(const struct vnet_host *remote);

    /* Appends what sends a frame of 'seg' from 'local' to 'remote' (for a
     * VLAN, tagged: callers put it last). */
    void (*push)(struct ds *actions, const struct vnet_host *local,
                 const struct vnet_host *remote,
                 const struct vnet_segment *seg);

    /* Appends what floods a frame of 'seg' from 'local' to the 'n' remote
     * hosts that hold it. */
    void (*flood)(struct ds *actions, const struct vnet_host *local,
                  const struct vnet_segment *seg,
                  const struct vnet_host **remotes, size_t n);

    /* Adds to 'flows' what takes 'seg's frames from the wire on 'host',
     * which reaches it, into L2_FROM_WIRE.  'gateway' says whether 'host'
     * is the segment's gateway, 'learn' whether it learns MACs. */
    void (*pop)(const struct vnet_segment *seg, const struct vnet_host *host,
                bool gateway, bool learn, struct vnet_flows *flows);

    bool gateways;                /* A host may bridge the mode's segments
                                   * to the physical network, and learn the
                                   * MACs behind it. */
    unsigned int filters;         /* VNET_FILTER_*: what a host that
                                   * carries the mode's frames filters. */
};

const struct vnet_encap *vnet_encap_of(const struct vnet_segment *);

bool vnet_host_reaches_wire(const struct vnet_host *,
                            const struct vnet_segment *);
bool vnet_remote_is_addressable(const struct vnet_host *remote,
                                const struct vnet_segment *);
void vnet_put_to_remote(struct ds *actions, const struct vnet_host *local,
                        const struct vnet_host *remote,
                        const struct vnet_segment *);
bool vnet_is_gateway(const struct vnet_segment *, const struct vnet_host *);
bool vnet_segment_learns(const struct vnet_segment *);

#endif /* encap.h */
