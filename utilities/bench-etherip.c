/*
 * Copyright (c) 2026 vnet authors.
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

/* Per-packet cost of EtherIP against OVS's native VXLAN, for
 * utilities/bench-etherip.sh: runs batches of the same packets through
 * odp_execute_actions() with push_etherip, pop_etherip, tnl_push (VXLAN) and
 * tnl_pop (VXLAN), each from its own function so that callgrind can count
 * the instructions of each apart from the set-up between batches.
 *
 * tnl_push and tnl_pop need the datapath's help; the callback here does what
 * dpif-netdev does for them minus its tunnel port lookup, which favors
 * VXLAN. */

#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csum.h"
#include "dp-packet.h"
#include "etherip.h"
#include "netdev.h"
#include "netdev-vport.h"
#include "netlink.h"
#include "odp-execute.h"
#include "odp-netlink.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "util.h"

#define BATCH_SIZE NETDEV_MAX_BURST
#define HEADROOM 128            /* As DP_NETDEV_HEADROOM. */
#define VXLAN_PORT 4789

static struct netdev *vxlan;

/* A 98-byte frame, as a ping sends: the inner frame of every test. */
static uint8_t inner[98];

static void
make_inner(void)
{
    static const uint8_t head[] = {
        0x00, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x0a, 0x08, 0x00, 0x45, 0x00, 0x00, 0x54, 0x00, 0x00, 0x40, 0x00,
        0x40, 0x01, 0x00, 0x00, 0x0a, 0x00, 0x01, 0x01, 0x0a, 0x00, 0x02,
        0x01, 0x08, 0x00,
    };

    for (size_t i = 0; i < sizeof inner; i++) {
        inner[i] = i;
    }
    memcpy(inner, head, sizeof head);
}

static void
vxlan_execute_cb(void *dp OVS_UNUSED, struct dp_packet_batch *batch,
                 const struct nlattr *a, bool should_steal OVS_UNUSED)
{
    switch (nl_attr_type(a)) {
    case OVS_ACTION_ATTR_TUNNEL_PUSH:
        netdev_push_header(vxlan, batch, nl_attr_get(a));
        break;
    case OVS_ACTION_ATTR_TUNNEL_POP:
        netdev_pop_header(vxlan, batch);
        break;
    default:
        OVS_NOT_REACHED();
    }
}

/* The four measured functions.  Callgrind reports each one's inclusive
 * cost, so they must not be inlined. */
#define BENCH_FUNCTION(NAME)                                                \
    static void __attribute__((noinline))                                   \
    NAME(struct dp_packet_batch *batch, const struct ofpbuf *actions)       \
    {                                                                       \
        odp_execute_actions(NULL, batch, false, actions->data,              \
                            actions->size, vxlan_execute_cb);               \
    }
BENCH_FUNCTION(bench_push_etherip)
BENCH_FUNCTION(bench_pop_etherip)
BENCH_FUNCTION(bench_push_vxlan)
BENCH_FUNCTION(bench_pop_vxlan)

/* Refills 'batch' with copies of 'frame', as a receiving netdev and
 * dpif-netdev's flow extraction would leave them (offsets set by
 * miniflow_extract(), which VXLAN's pop relies on). */
static void
refill(struct dp_packet_batch *batch, struct dp_packet *pkts[],
       const uint8_t *frame, size_t len)
{
    dp_packet_batch_init(batch);
    for (int i = 0; i < BATCH_SIZE; i++) {
        struct dp_packet *p = pkts[i];

        dp_packet_clear(p);
        dp_packet_reserve(p, HEADROOM);
        dp_packet_put(p, frame, len);
        p->packet_type = htonl(PT_ETH);
        pkt_metadata_init(&p->md, u32_to_odp(1));
        dp_packet_reset_offsets(p);
        p->l3_ofs = ETH_HEADER_LEN;
        p->l4_ofs = ETH_HEADER_LEN + IP_HEADER_LEN;
        dp_packet_set_rss_hash(p, 0x12345678 + i);
        dp_packet_batch_add(batch, p);
    }
}

static void
build_vxlan_push(struct ofpbuf *actions)
{
    struct ovs_action_push_tnl data;
    struct eth_header *eth;
    struct ip_header *ip;
    struct udp_header *udp;
    struct vxlanhdr *vx;

    memset(&data, 0, sizeof data);
    data.header_len = (ETH_HEADER_LEN + IP_HEADER_LEN + UDP_HEADER_LEN
                       + sizeof(struct vxlanhdr));
    data.tnl_type = OVS_VPORT_TYPE_VXLAN;
    data.out_port = u32_to_odp(2);

    eth = (struct eth_header *) data.header;
    eth->eth_dst = (struct eth_addr) ETH_ADDR_C(00, 00, 5e, 00, 53, 0c);
    eth->eth_src = (struct eth_addr) ETH_ADDR_C(00, 00, 5e, 00, 53, 0b);
    eth->eth_type = htons(ETH_TYPE_IP);

    ip = (struct ip_header *) (eth + 1);
    ip->ip_ihl_ver = IP_IHL_VER(5, 4);
    ip->ip_frag_off = htons(IP_DONT_FRAGMENT);
    ip->ip_ttl = 64;
    ip->ip_proto = IPPROTO_UDP;
    put_16aligned_be32(&ip->ip_src, htonl(0xc000020b));
    put_16aligned_be32(&ip->ip_dst, htonl(0xc000020c));
    ip->ip_csum = csum(ip, sizeof *ip);

    udp = (struct udp_header *) (ip + 1);
    udp->udp_dst = htons(VXLAN_PORT);

    vx = (struct vxlanhdr *) (udp + 1);
    put_16aligned_be32(&vx->vx_flags, htonl(VXLAN_FLAGS));
    put_16aligned_be32(&vx->vx_vni, htonl(7 << 8));

    nl_msg_put_unspec(actions, OVS_ACTION_ATTR_TUNNEL_PUSH, &data,
                      sizeof data);
}

static void
build_etherip_push(struct ofpbuf *actions)
{
    struct ovs_action_push_etherip *push;
    struct etherip_encap e = {
        .eth_src = ETH_ADDR_C(00, 00, 5e, 00, 53, 0b),
        .eth_dst = ETH_ADDR_C(00, 00, 5e, 00, 53, 0c),
        .ip_src = htonl(0xc000020b),
        .ip_dst = htonl(0xc000020c),
        .vnet_id = 7,
        .mtu = 1500,
        .ttl = 64,
        .df = true,
    };

    push = nl_msg_put_unspec_zero(actions, OVS_ACTION_ATTR_PUSH_ETHERIP,
                                  sizeof *push);
    push->mtu = e.mtu;
    etherip_build_header(&e, push->header);
}

/* Runs 'push' once on 'inner' to make the encapsulated frame that the
 * matching pop benchmark decapsulates. */
static size_t
encapsulate(struct dp_packet_batch *batch, struct dp_packet *pkts[],
            const struct ofpbuf *push, uint8_t *out, size_t out_size)
{
    struct dp_packet *p;

    refill(batch, pkts, inner, sizeof inner);
    odp_execute_actions(NULL, batch, false, push->data, push->size,
                        vxlan_execute_cb);
    ovs_assert(dp_packet_batch_size(batch) == BATCH_SIZE);
    p = batch->packets[0];
    ovs_assert(dp_packet_size(p) <= out_size);
    memcpy(out, dp_packet_data(p), dp_packet_size(p));
    return dp_packet_size(p);
}

static void
check_pop(const struct dp_packet_batch *batch)
{
    ovs_assert(dp_packet_batch_size(batch) == BATCH_SIZE);
    for (int i = 0; i < BATCH_SIZE; i++) {
        const struct dp_packet *p = batch->packets[i];

        ovs_assert(dp_packet_size(p) == sizeof inner);
        ovs_assert(!memcmp(dp_packet_data(p), inner, sizeof inner));
        ovs_assert(p->md.tunnel.tun_id == htonll(7));
    }
}

int
main(int argc, char *argv[])
{
    struct ofpbuf push_etherip, pop_etherip, push_vxlan, pop_vxlan;
    struct dp_packet *pkts[BATCH_SIZE];
    struct dp_packet_batch batch;
    uint8_t etherip_frame[256], vxlan_frame[256];
    size_t etherip_len, vxlan_len;
    int iterations = argc > 1 ? atoi(argv[1]) : 1000;
    int error;

    set_program_name(argv[0]);
    vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_WARN);
    make_inner();

    netdev_vport_tunnel_register();
    error = netdev_open("vxlan_sys_4789", "vxlan", &vxlan);
    if (error) {
        ovs_fatal(error, "cannot open a vxlan netdev");
    }

    for (int i = 0; i < BATCH_SIZE; i++) {
        pkts[i] = dp_packet_new_with_headroom(2048, HEADROOM);
    }

    ofpbuf_init(&push_etherip, 64);
    build_etherip_push(&push_etherip);
    ofpbuf_init(&pop_etherip, 8);
    nl_msg_put_u32(&pop_etherip, OVS_ACTION_ATTR_POP_ETHERIP, 0);
    ofpbuf_init(&push_vxlan, 256);
    build_vxlan_push(&push_vxlan);
    ofpbuf_init(&pop_vxlan, 8);
    nl_msg_put_u32(&pop_vxlan, OVS_ACTION_ATTR_TUNNEL_POP, 3);

    etherip_len = encapsulate(&batch, pkts, &push_etherip, etherip_frame,
                              sizeof etherip_frame);
    vxlan_len = encapsulate(&batch, pkts, &push_vxlan, vxlan_frame,
                            sizeof vxlan_frame);
    ovs_assert(etherip_len == sizeof inner + ETHERIP_OVERHEAD);
    ovs_assert(vxlan_len == sizeof inner + 50);

    for (int n = 0; n < iterations; n++) {
        refill(&batch, pkts, inner, sizeof inner);
        bench_push_etherip(&batch, &push_etherip);

        refill(&batch, pkts, etherip_frame, etherip_len);
        bench_pop_etherip(&batch, &pop_etherip);
        check_pop(&batch);

        refill(&batch, pkts, inner, sizeof inner);
        bench_push_vxlan(&batch, &push_vxlan);

        refill(&batch, pkts, vxlan_frame, vxlan_len);
        bench_pop_vxlan(&batch, &pop_vxlan);
        check_pop(&batch);
    }
    printf("packets per function: %d\n", iterations * BATCH_SIZE);

    for (int i = 0; i < BATCH_SIZE; i++) {
        dp_packet_delete(pkts[i]);
    }
    netdev_close(vxlan);
    return 0;
}
