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

#ifndef VNET_INTENT_H
#define VNET_INTENT_H 1

/* The controller's view of the datacenter: the operator's intent (from the
 * VNET database) joined with the bindings learned from every host's OVSDB
 * (which host a VIF sits on, and at which OpenFlow port).
 *
 * This is plain data.  The compiler (compiler.h) reads it and nothing else,
 * so that it can be tested without a database or a switch. */

#include <stdbool.h>
#include <stdint.h>
#include "openvswitch/hmap.h"
#include "openvswitch/shash.h"
#include "openvswitch/types.h"
#include "packets.h"

/* Segment.mac_limit when the column is empty. */
#define VNET_DEFAULT_MAC_LIMIT 256

/* Host.underlay_mtu when the column is empty. */
#define VNET_DEFAULT_UNDERLAY_MTU 1500

enum vnet_segment_mode {
    VNET_SEGMENT_VLAN,            /* 802.1Q tag on the underlay. */
    VNET_SEGMENT_VXLAN,           /* OVS native VXLAN, VNI = wire_id. */
    VNET_SEGMENT_ETHERIP,         /* EtherIP, VNET id = wire_id. */
};

/* An L2 broadcast domain. */
struct vnet_segment {
    struct hmap_node hmap_node;   /* In vnet_intent's 'segments', by key. */
    char *name;
    uint64_t cookie;              /* Names the VNET DB row (its UUID's top). */
    uint32_t key;                 /* Controller-local id, nonzero: the
                                   * OpenFlow metadata of its frames. */
    enum vnet_segment_mode mode;
    uint32_t wire_id;             /* VID, VNI or VNET id. */

    /* EtherIP flooding: to 'multicast_group', or, when it is 0 or
     * 'head_end_replication' is set, one copy per member host. */
    ovs_be32 multicast_group;
    bool head_end_replication;

    /* Bridged to the physical network through 'gateway_host's uplink,
     * tagged with 'gateway_tag' unless it is 0.  MACs learned from the
     * wire are bounded by 'mac_limit'. */
    const struct vnet_host *gateway_host;
    uint16_t gateway_tag;
    uint32_t mac_limit;
};

/* A hypervisor running br-vnet. */
struct vnet_host {
    struct hmap_node hmap_node;   /* In vnet_intent's 'hosts', by name. */
    char *name;
    uint64_t cookie;
    ovs_be32 encap_ip;            /* Underlay address; 0 if unknown. */
    struct eth_addr mac;          /* The MAC owning 'encap_ip' on the
                                   * underlay; zero if unknown. */
    uint16_t underlay_mtu;        /* Largest IP packet the underlay
                                   * carries from this host. */
    bool external;                /* A non-virtualized machine with a VTEP
                                   * (e.g. a Linux VXLAN device): no OVSDB,
                                   * no switch; its VIFs are bound in the
                                   * VNET database. */

    /* From the host's OVSDB; OFPP_NONE while unknown. */
    ofp_port_t uplink_ofport;     /* br-vnet's port toward the underlay. */
    ofp_port_t vxlan_ofport;      /* br-vnet's VXLAN port (remote_ip=flow). */
};

/* A VM's vNIC. */
struct vnet_vif {
    struct hmap_node hmap_node;   /* In vnet_intent's 'vifs', by name. */
    char *name;
    uint64_t cookie;
    struct eth_addr mac;
    ovs_be32 ip;                  /* 0 if the VIF has no IPv4 address. */
    const struct vnet_segment *segment;   /* NULL: member of nothing. */
    const struct vnet_subnet *subnet;     /* MAC-rewriting subnet, or NULL
                                           * (a VIF has a segment or a
                                           * subnet, never both). */
    bool admitted;

    /* Binding, learned from the hosts: NULL/OFPP_NONE while unbound. */
    const struct vnet_host *host;
    ofp_port_t ofport;
};

/* MAC rewriting (farm-compiler.c): a farm is a tenant's set of subnets,
 * joined by a notional gateway that exists only in the hosts' flows. */
struct vnet_farm {
    struct hmap_node hmap_node;   /* In vnet_intent's 'farms', by index. */
    char *name;
    uint64_t cookie;
    uint32_t index;               /* Unique in the datacenter. */
};

struct vnet_subnet {
    struct hmap_node hmap_node;   /* In vnet_intent's 'subnets', by key. */
    char *name;
    uint64_t cookie;
    const struct vnet_farm *farm;
    uint32_t index;               /* Unique within the farm. */
    uint64_t key;                 /* OpenFlow metadata of its VIFs' frames:
                                   * vnet_subnet_key(). */
    ovs_be32 net, mask;           /* No two subnets overlap (vnet-nbctl
                                   * checks), so an IPv4 address names at
                                   * most one subnet in the datacenter. */
    ovs_be32 gateway_ip;
    struct eth_addr gateway_mac;
};

/* "Subnet 'src' may reach subnet 'dst'", or "farm 'src' requests peering
 * with farm 'dst'". */
struct vnet_farm_rule {
    const void *src, *dst;
    uint64_t cookie;
};

struct vnet_farm_rules {
    struct vnet_farm_rule *rules;
    size_t n, allocated;
};

/* One interface of a distributed router: its address on one segment. */
struct vnet_router_port {
    uint64_t cookie;              /* The Router_Interface row. */
    const struct vnet_segment *segment;
    struct eth_addr mac;
    ovs_be32 ip;                  /* The router's address on 'segment'... */
    ovs_be32 mask;                /* ...and the subnet it routes there. */
};

/* A router joining L2 segments: every host with a member in one of its
 * segments routes for it (router-compiler.c). */
struct vnet_router {
    struct hmap_node hmap_node;   /* In vnet_intent's 'routers', by name. */
    char *name;
    uint64_t cookie;
    struct vnet_router_port *ports;
    size_t n_ports;
};

struct vnet_intent {
    struct hmap segments;         /* Contains "struct vnet_segment"s. */
    struct hmap hosts;            /* Contains "struct vnet_host"s. */
    struct hmap vifs;             /* Contains "struct vnet_vif"s. */
    struct hmap farms;            /* Contains "struct vnet_farm"s. */
    struct hmap subnets;          /* Contains "struct vnet_subnet"s. */
    struct vnet_farm_rules policies;  /* Subnet_Policy: subnet to subnet. */
    struct vnet_farm_rules peerings;  /* Peering: farm to farm. */
    struct hmap routers;          /* Contains "struct vnet_router"s. */
};

void vnet_intent_init(struct vnet_intent *);
void vnet_intent_destroy(struct vnet_intent *);

struct vnet_segment *vnet_intent_add_segment(struct vnet_intent *,
                                             const char *name,
                                             uint64_t cookie, uint32_t key,
                                             enum vnet_segment_mode,
                                             uint32_t wire_id);
struct vnet_host *vnet_intent_add_host(struct vnet_intent *,
                                       const char *name, uint64_t cookie,
                                       ovs_be32 encap_ip);
struct vnet_vif *vnet_intent_add_vif(struct vnet_intent *, const char *name,
                                     uint64_t cookie, struct eth_addr mac,
                                     ovs_be32 ip,
                                     const struct vnet_segment *);
void vnet_vif_bind(struct vnet_vif *, const struct vnet_host *,
                   ofp_port_t ofport);
struct vnet_router *vnet_intent_add_router(struct vnet_intent *,
                                           const char *name, uint64_t cookie);
void vnet_router_add_port(struct vnet_router *, uint64_t cookie,
                          const struct vnet_segment *, struct eth_addr mac,
                          ovs_be32 ip, unsigned int plen);

struct vnet_segment *vnet_intent_find_segment(const struct vnet_intent *,
                                              uint32_t key);
struct vnet_host *vnet_intent_find_host(const struct vnet_intent *,
                                        const char *name);
struct vnet_vif *vnet_intent_find_vif(const struct vnet_intent *,
                                      const char *name);
struct vnet_router *vnet_intent_find_router(const struct vnet_intent *,
                                            const char *name);

struct vnet_farm *vnet_intent_add_farm(struct vnet_intent *,
                                       const char *name, uint64_t cookie,
                                       uint32_t index);
struct vnet_subnet *vnet_intent_add_subnet(struct vnet_intent *,
                                           const char *name, uint64_t cookie,
                                           const struct vnet_farm *,
                                           uint32_t index, ovs_be32 net,
                                           ovs_be32 mask, ovs_be32 gateway_ip,
                                           struct eth_addr gateway_mac);
void vnet_intent_add_policy(struct vnet_intent *, uint64_t cookie,
                            const struct vnet_subnet *src,
                            const struct vnet_subnet *dst);
void vnet_intent_add_peering(struct vnet_intent *, uint64_t cookie,
                             const struct vnet_farm *farm,
                             const struct vnet_farm *peer);
struct vnet_farm *vnet_intent_find_farm(const struct vnet_intent *,
                                        uint32_t index);
struct vnet_subnet *vnet_intent_find_subnet(const struct vnet_intent *,
                                            uint64_t key);
uint64_t vnet_subnet_key(uint32_t farm_index, uint32_t subnet_index);
bool vnet_subnet_reaches(const struct vnet_intent *,
                         const struct vnet_subnet *src,
                         const struct vnet_subnet *dst);

const char *vnet_segment_mode_to_string(enum vnet_segment_mode);
bool vnet_segment_mode_from_string(const char *, enum vnet_segment_mode *);

#endif /* intent.h */
