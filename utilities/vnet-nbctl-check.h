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
 * limitations under the License. */

#ifndef VNET_NBCTL_CHECK_H
#define VNET_NBCTL_CHECK_H 1

/* Pure validation of vnet-nbctl's input and the MAC-rewriting address plan.
 *
 * Nothing here touches a database: every function maps strings and numbers
 * to a verdict, so the cmocka tests in tests/unit/test-nbctl-check.c cover
 * them directly.  A function that can fail returns NULL on success or a
 * malloc()'d one-line reason that names the offending value; the caller
 * prefixes the field name. */

#include <stdbool.h>
#include <stdint.h>
#include "openvswitch/types.h"
#include "packets.h"

/* An IPv4 prefix in host byte order. */
struct vnet_prefix {
    uint32_t addr;
    int plen;
};

/* The address plan: 'base' split into farm index, subnet index and host. */
struct vnet_plan {
    struct vnet_prefix base;
    int farm_bits;
    int subnet_bits;
};

/* The limits that a plan implies. */
struct vnet_plan_limits {
    uint64_t farms;
    uint64_t subnets_per_farm;
    uint64_t hosts_per_subnet;
};

#define VNET_PLAN_DEFAULT_BASE "10.0.0.0/8"
#define VNET_PLAN_DEFAULT_FARM_BITS 8
#define VNET_PLAN_DEFAULT_SUBNET_BITS 8

/* Segment modes and their identifier ranges. */
enum vnet_segment_mode {
    VNET_SEG_VLAN,
    VNET_SEG_ETHERIP,
    VNET_SEG_VXLAN,
};

char *vnet_parse_ipv4(const char *, uint32_t *ip);
char *vnet_parse_prefix(const char *, struct vnet_prefix *);
char *vnet_parse_prefix_or_ip(const char *, struct vnet_prefix *);
char *vnet_parse_mac(const char *, struct eth_addr *);
char *vnet_parse_uint(const char *, uint64_t min, uint64_t max,
                      uint64_t *value);
char *vnet_parse_port_range(const char *, int *min, int *max);
char *vnet_format_prefix(const struct vnet_prefix *);
bool vnet_prefix_contains(const struct vnet_prefix *outer,
                          const struct vnet_prefix *inner);
bool vnet_prefix_overlaps(const struct vnet_prefix *,
                          const struct vnet_prefix *);
uint32_t vnet_prefix_broadcast(const struct vnet_prefix *);

char *vnet_plan_check(const struct vnet_plan *);
struct vnet_plan_limits vnet_plan_limits(const struct vnet_plan *);
char *vnet_plan_farm_prefix(const struct vnet_plan *, uint64_t farm_index,
                            struct vnet_prefix *);
char *vnet_check_farm_prefix(const struct vnet_plan *,
                             const struct vnet_prefix *);
char *vnet_check_subnet(const struct vnet_plan *,
                        const struct vnet_prefix *farm,
                        const struct vnet_prefix *subnet,
                        uint64_t *subnet_index);
char *vnet_check_vif_ip(const struct vnet_prefix *subnet, uint32_t gateway,
                        uint32_t ip);
struct eth_addr vnet_gateway_mac(uint64_t farm_index, uint64_t subnet_index);

char *vnet_parse_segment_mode(const char *, enum vnet_segment_mode *);
const char *vnet_segment_mode_name(enum vnet_segment_mode);
char *vnet_check_segment_key(enum vnet_segment_mode, const char *key,
                             uint64_t *value);
char *vnet_check_multicast_group(const char *, uint32_t *group);

/* Host.underlay_mtu when the column is empty. */
#define VNET_DEFAULT_UNDERLAY_MTU 1500
int vnet_segment_mode_overhead(enum vnet_segment_mode);

#endif /* vnet-nbctl-check.h */
