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

#include <config.h>
#include "vnet-nbctl-check.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

/* The mask of a prefix length, in host byte order. */
static uint32_t
prefix_mask(int plen)
{
    return plen ? UINT32_MAX << (32 - plen) : 0;
}

/* Parses a dotted-quad IPv4 address, strictly: no shorthand, no leading or
 * trailing junk. */
char *
vnet_parse_ipv4(const char *s, uint32_t *ip)
{
    struct in_addr in;

    if (inet_pton(AF_INET, s, &in) != 1) {
        return xasprintf("\"%s\" is not an IPv4 address", s);
    }
    *ip = ntohl(in.s_addr);
    return NULL;
}

/* Parses "A.B.C.D/N" with no host bits set. */
char *
vnet_parse_prefix(const char *s, struct vnet_prefix *prefix)
{
    const char *slash = strchr(s, '/');
    if (!slash) {
        return xasprintf("\"%s\" is not a CIDR (A.B.C.D/N)", s);
    }

    char *addr = xmemdup0(s, slash - s);
    char *error = vnet_parse_ipv4(addr, &prefix->addr);
    free(addr);
    if (error) {
        free(error);
        return xasprintf("\"%s\" is not a CIDR (A.B.C.D/N)", s);
    }

    uint64_t plen;
    error = vnet_parse_uint(slash + 1, 0, 32, &plen);
    if (error) {
        free(error);
        return xasprintf("\"%s\": prefix length must be 0 to 32", s);
    }
    prefix->plen = plen;

    if (prefix->addr & ~prefix_mask(prefix->plen)) {
        struct vnet_prefix net = { prefix->addr & prefix_mask(prefix->plen),
                                   prefix->plen };
        char *net_s = vnet_format_prefix(&net);
        error = xasprintf("\"%s\" has host bits set (the network is %s)",
                          s, net_s);
        free(net_s);
        return error;
    }
    return NULL;
}

/* Parses a CIDR or a plain address (taken as /32). */
char *
vnet_parse_prefix_or_ip(const char *s, struct vnet_prefix *prefix)
{
    if (strchr(s, '/')) {
        return vnet_parse_prefix(s, prefix);
    }
    prefix->plen = 32;
    return vnet_parse_ipv4(s, &prefix->addr);
}

/* Parses a unicast Ethernet address "xx:xx:xx:xx:xx:xx". */
char *
vnet_parse_mac(const char *s, struct eth_addr *mac)
{
    size_t len = strlen(s);
    bool syntax_ok = len == 17;

    for (size_t i = 0; syntax_ok && i < len; i++) {
        syntax_ok = i % 3 == 2 ? s[i] == ':' : isxdigit((unsigned char) s[i]);
    }
    if (!syntax_ok || !eth_addr_from_string(s, mac)) {
        return xasprintf("\"%s\" is not an Ethernet address "
                         "(xx:xx:xx:xx:xx:xx)", s);
    }
    if (eth_addr_is_multicast(*mac)) {
        return xasprintf("%s is a multicast address", s);
    }
    if (eth_addr_is_zero(*mac)) {
        return xasprintf("%s is the all-zeros address", s);
    }
    return NULL;
}

/* Parses a decimal integer in [min, max]. */
char *
vnet_parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *value)
{
    char *end;

    if (!isdigit((unsigned char) s[0])) {
        return xasprintf("\"%s\" is not a number", s);
    }
    errno = 0;
    unsigned long long n = strtoull(s, &end, 10);
    if (*end) {
        return xasprintf("\"%s\" is not a number", s);
    }
    if (errno || n < min || n > max) {
        return xasprintf("%s is out of range %"PRIu64" to %"PRIu64,
                         s, min, max);
    }
    *value = n;
    return NULL;
}

/* Parses a port "P" or a range "P-Q", 1 <= P <= Q <= 65535. */
char *
vnet_parse_port_range(const char *s, int *min, int *max)
{
    const char *dash = strchr(s, '-');
    char *lo = dash ? xmemdup0(s, dash - s) : xstrdup(s);
    uint64_t a, b;
    char *error;

    error = vnet_parse_uint(lo, 1, 65535, &a);
    free(lo);
    if (!error) {
        error = vnet_parse_uint(dash ? dash + 1 : s, 1, 65535, &b);
    }
    if (error) {
        free(error);
        return xasprintf("\"%s\" is not a port (1 to 65535) or port range "
                         "(P-Q)", s);
    }
    if (a > b) {
        return xasprintf("\"%s\" is an empty range", s);
    }
    *min = a;
    *max = b;
    return NULL;
}

char *
vnet_format_prefix(const struct vnet_prefix *p)
{
    return xasprintf("%"PRIu32".%"PRIu32".%"PRIu32".%"PRIu32"/%d",
                     p->addr >> 24, (p->addr >> 16) & 0xff,
                     (p->addr >> 8) & 0xff, p->addr & 0xff, p->plen);
}

bool
vnet_prefix_contains(const struct vnet_prefix *outer,
                     const struct vnet_prefix *inner)
{
    return inner->plen >= outer->plen
           && !((inner->addr ^ outer->addr) & prefix_mask(outer->plen));
}

bool
vnet_prefix_overlaps(const struct vnet_prefix *a, const struct vnet_prefix *b)
{
    return vnet_prefix_contains(a, b) || vnet_prefix_contains(b, a);
}

uint32_t
vnet_prefix_broadcast(const struct vnet_prefix *p)
{
    return p->addr | ~prefix_mask(p->plen);
}

/* A plan must leave at least 2 host bits: a subnet needs a network, a
 * broadcast and a gateway address besides its hosts. */
char *
vnet_plan_check(const struct vnet_plan *plan)
{
    int used = plan->base.plen + plan->farm_bits + plan->subnet_bits;

    if (plan->farm_bits < 0 || plan->subnet_bits < 0 || used > 30) {
        return xasprintf("/%d plus %d farm bits plus %d subnet bits leaves "
                         "%d host bits (at least 2 needed)",
                         plan->base.plen, plan->farm_bits, plan->subnet_bits,
                         32 - used);
    }
    return NULL;
}

struct vnet_plan_limits
vnet_plan_limits(const struct vnet_plan *plan)
{
    int host_bits = 32 - plan->base.plen - plan->farm_bits
                    - plan->subnet_bits;

    return (struct vnet_plan_limits) {
        .farms = UINT64_C(1) << plan->farm_bits,
        .subnets_per_farm = UINT64_C(1) << plan->subnet_bits,
        .hosts_per_subnet = (UINT64_C(1) << host_bits) - 3,
    };
}

/* The slot of the plan that farm 'farm_index' owns. */
char *
vnet_plan_farm_prefix(const struct vnet_plan *plan, uint64_t farm_index,
                      struct vnet_prefix *farm)
{
    uint64_t n_farms = vnet_plan_limits(plan).farms;

    if (farm_index >= n_farms) {
        return xasprintf("%"PRIu64" is beyond the address plan's %"PRIu64
                         " farms (0 to %"PRIu64")",
                         farm_index, n_farms, n_farms - 1);
    }
    farm->plen = plan->base.plen + plan->farm_bits;
    farm->addr = plan->base.addr
                 | (farm->plen < 32 ? farm_index << (32 - farm->plen) : 0);
    return NULL;
}

/* A customer prefix must have room for the plan's subnets and hosts. */
char *
vnet_check_farm_prefix(const struct vnet_plan *plan,
                       const struct vnet_prefix *prefix)
{
    if (prefix->plen + plan->subnet_bits > 30) {
        char *s = vnet_format_prefix(prefix);
        char *error = xasprintf("%s is too long for %d subnet bits and at "
                                "least 2 host bits (/%d at most)", s,
                                plan->subnet_bits, 30 - plan->subnet_bits);
        free(s);
        return error;
    }
    return NULL;
}

/* A subnet is one slot of its farm: inside it, exactly subnet_bits longer.
 * Stores the subnet's index within the farm in '*subnet_index'. */
char *
vnet_check_subnet(const struct vnet_plan *plan,
                  const struct vnet_prefix *farm,
                  const struct vnet_prefix *subnet, uint64_t *subnet_index)
{
    char *subnet_s = vnet_format_prefix(subnet);
    char *farm_s = vnet_format_prefix(farm);
    char *error = NULL;
    int plen = farm->plen + plan->subnet_bits;

    if (!vnet_prefix_contains(farm, &(struct vnet_prefix) {
                                  subnet->addr, farm->plen })) {
        error = xasprintf("%s is outside the farm's %s", subnet_s, farm_s);
    } else if (subnet->plen != plen) {
        error = xasprintf("%s must be a /%d (the farm's /%d plus %d subnet "
                          "bits)", subnet_s, plen, farm->plen,
                          plan->subnet_bits);
    } else {
        *subnet_index = (subnet->addr & ~prefix_mask(farm->plen))
                        >> (32 - plen);
    }
    free(subnet_s);
    free(farm_s);
    return error;
}

/* A VIF's address is a host of its subnet, none of the reserved ones. */
char *
vnet_check_vif_ip(const struct vnet_prefix *subnet, uint32_t gateway,
                  uint32_t ip)
{
    struct vnet_prefix host = { ip, 32 };
    char *subnet_s = vnet_format_prefix(subnet);
    char *error = NULL;

    if (!vnet_prefix_contains(subnet, &host)) {
        error = xasprintf("is outside the subnet %s", subnet_s);
    } else if (ip == subnet->addr) {
        error = xasprintf("is the network address of %s", subnet_s);
    } else if (ip == vnet_prefix_broadcast(subnet)) {
        error = xasprintf("is the broadcast address of %s", subnet_s);
    } else if (ip == gateway) {
        error = xasprintf("is the notional gateway of %s", subnet_s);
    }
    free(subnet_s);
    return error;
}

/* A locally administered unicast MAC for the notional gateway of a subnet:
 * 0a:FF:FF:FF:SS:SS (farm index in 24 bits, subnet index in 16). */
struct eth_addr
vnet_gateway_mac(uint64_t farm_index, uint64_t subnet_index)
{
    return (struct eth_addr) { .ea = {
        0x0a, farm_index >> 16, farm_index >> 8, farm_index,
        subnet_index >> 8, subnet_index } };
}

static const char *const segment_mode_names[] = {
    [VNET_SEG_VLAN] = "vlan",
    [VNET_SEG_ETHERIP] = "etherip",
    [VNET_SEG_VXLAN] = "vxlan",
};

char *
vnet_parse_segment_mode(const char *s, enum vnet_segment_mode *mode)
{
    for (int i = 0; i < ARRAY_SIZE(segment_mode_names); i++) {
        if (!strcmp(s, segment_mode_names[i])) {
            *mode = i;
            return NULL;
        }
    }
    return xasprintf("\"%s\" is not vlan, etherip or vxlan", s);
}

const char *
vnet_segment_mode_name(enum vnet_segment_mode mode)
{
    return segment_mode_names[mode];
}

/* VLAN IDs are 1-4094 (0 and 4095 are reserved by 802.1Q), EtherIP VNET ids
 * fill the 12 reserved bits of the EtherIP header (0-4095), VXLAN VNIs are
 * 24 bits (VNI 0 is avoided, as OVN does). */
char *
vnet_check_segment_key(enum vnet_segment_mode mode, const char *key,
                       uint64_t *value)
{
    static const uint64_t ranges[][2] = {
        [VNET_SEG_VLAN] = { 1, 4094 },
        [VNET_SEG_ETHERIP] = { 0, 4095 },
        [VNET_SEG_VXLAN] = { 1, 16777215 },
    };
    char *error = vnet_parse_uint(key, ranges[mode][0], ranges[mode][1],
                                  value);
    if (error) {
        char *full = xasprintf("%s (%s)", error, segment_mode_names[mode]);
        free(error);
        return full;
    }
    return NULL;
}

/* What a segment's encapsulation adds to a VM's packet on the underlay:
 * VXLAN an outer Ethernet header (14), IPv4 (20), UDP (8) and VXLAN (8);
 * EtherIP the inner Ethernet header (14), IPv4 (20) and EtherIP (2); a VLAN
 * tag does not count against the IP MTU (802.1Q frames may be 4 bytes
 * longer). */
int
vnet_segment_mode_overhead(enum vnet_segment_mode mode)
{
    static const int overheads[] = {
        [VNET_SEG_VLAN] = 0,
        [VNET_SEG_ETHERIP] = 36,
        [VNET_SEG_VXLAN] = 50,
    };
    return overheads[mode];
}

char *
vnet_check_multicast_group(const char *s, uint32_t *group)
{
    char *error = vnet_parse_ipv4(s, group);
    if (error) {
        return error;
    }
    if ((*group >> 28) != 0xe) {
        return xasprintf("%s is not an IPv4 multicast address "
                         "(224.0.0.0/4)", s);
    }
    return NULL;
}
