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

#ifndef VNET_FLOW_COMPILER_H
#define VNET_FLOW_COMPILER_H 1

/* The flow compiler: intent plus bindings in, the flows of one host's br-vnet
 * out.  Pure: it reads a struct vnet_intent and writes a struct vnet_flows,
 * and touches nothing else, so every rule below is unit-tested without a
 * switch.
 *
 * The pipeline (see DESIGN.md):
 *
 *   0  CLASSIFY        in_port: a VIF sets its segment in metadata and goes
 *                      to PORT_SECURITY; the uplink (VLAN tag) or the VXLAN
 *                      port (from a known host) goes to the wire side.
 *   1  PORT_SECURITY   a VIF sends only from its MAC and IPv4 address (ARP
 *                      included), untagged, and never EtherIP.
 *   2  ADMISSION       only admitted VIFs get further.
 *   8  TUNNEL_ID       VXLAN VNI or EtherIP VNET id to segment, for
 *                      segments present here.
 *   10 L2_FROM_VIF     destination MAC to a local port or a remote host;
 *                      broadcast floods the segment, unknown unicast looks
 *                      in LEARNED first (EtherIP).
 *   19 LEARN           learn() the source of a frame from the wire or the
 *                      gateway whose MAC no VIF binds, up to a limit.
 *   20 L2_FROM_WIRE    local delivery only (split horizon), plus the
 *                      gateway uplink on a segment's gateway host.
 *   21 LEARNED         learned MACs: load the host (tun_src) they are
 *                      behind into reg0, 0 for the gateway uplink.
 *   22 LEARNED_OUT     reg0 to the way out; not found: flood.
 *   30 ROUTING         a distributed router's routes, on the sender's host
 *                      (router-compiler.c).
 *
 * Every table ends in an explicit drop flow, so that drops are counted.
 * Each flow's cookie is that of the intent row that made it (0 for the
 * drops), so that a flow can be traced back to policy. */

#include <stddef.h>
#include <stdint.h>
#include "intent.h"

struct ds;

enum vnet_table {
    VNET_T_CLASSIFY = 0,
    VNET_T_PORT_SECURITY = 1,
    VNET_T_ADMISSION = 2,
    VNET_T_TUNNEL_ID = 8,
    VNET_T_L2_FROM_VIF = 10,
    VNET_T_LEARN = 19,
    VNET_T_L2_FROM_WIRE = 20,
    VNET_T_LEARNED = 21,          /* Written by learn(), never by the
                                   * controller: its sync leaves it alone. */
    VNET_T_LEARNED_OUT = 22,
    VNET_T_ROUTING = 30,

    /* Farms and subnets (MAC rewriting, farm-compiler.c). */
    VNET_T_FARM_FROM_VIF = 40,    /* Sort a VIF's frame: ARP, IP unicast,
                                   * IP broadcast/multicast; else drop. */
    VNET_T_FARM_ARP = 41,         /* Answer ARP from bindings. */
    VNET_T_FARM_ROUTE = 42,       /* IP unicast: policy, then gwmac. */
    VNET_T_FARM_FLOOD = 44,       /* IP broadcast/multicast from a VIF. */
    VNET_T_FARM_FROM_WIRE = 45,   /* Unicast to this host: restore MACs. */
    VNET_T_FARM_GROUP = 46,       /* Subnet and farm groups from the
                                   * wire. */
    VNET_T_FARM_ARP_WIRE = 47,    /* ARP from the physical LAN. */
    VNET_T_FARM_LEARNED = 48,     /* Bindings discovered on the LAN (learn,
                                   * aged; not managed by the diff). */
};

/* A flow in ovs-ofctl syntax. */
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

void vnet_flows_init(struct vnet_flows *);
void vnet_flows_destroy(struct vnet_flows *);
void vnet_flows_clear(struct vnet_flows *);
void vnet_flows_add(struct vnet_flows *, uint8_t table_id, uint16_t priority,
                    uint64_t cookie, const char *match, const char *actions);
void vnet_flow_format(const struct vnet_flow *, struct ds *);
void vnet_flows_format(const struct vnet_flows *, struct ds *);

void vnet_compile_host(const struct vnet_intent *, const struct vnet_host *,
                       struct vnet_flows *);

#endif /* flow-compiler.h */
