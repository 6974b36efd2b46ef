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

/* Unit tests for the flow compiler (vnet-controller/compiler.c and the
 * L2 and router compilers it drives). */

#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "compiler-test.h"
#include "flow-compiler.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofp-flow.h"
#include "openvswitch/ofp-protocol.h"
#include "flow.h"
#include "packets.h"
#include "util.h"

/* The scenario most tests share: hosts hv1 and hv2, VLAN segment "red"
 * (VID 100) and VXLAN segment "blue" (VNI 5000).
 *
 *   hv1: red1 (port 1), blue1 (port 2); uplink port 10, VXLAN port 11
 *   hv2: red2 (port 1), blue2 (port 2); uplink port 10, VXLAN port 11 */
struct scenario {
    struct vnet_intent intent;
    struct vnet_segment *red, *blue;
    struct vnet_host *hv1, *hv2;
    struct vnet_vif *red1, *blue1, *red2, *blue2;
};

static struct eth_addr
mac(int n)
{
    return (struct eth_addr) { .ea = { 0x52, 0x54, 0, 0, 0, n } };
}

static struct vnet_host *
add_host(struct scenario *s, const char *name, int n)
{
    struct vnet_host *h = vnet_intent_add_host(&s->intent, name, 0xb0 + n,
                                               htonl(0xc0000200 + 10 + n));
    h->uplink_ofport = u16_to_ofp(10);
    h->vxlan_ofport = u16_to_ofp(11);
    return h;
}

static struct vnet_vif *
add_vif(struct scenario *s, const char *name, int n,
        const struct vnet_segment *seg, struct vnet_host *host, int port)
{
    struct vnet_vif *v = vnet_intent_add_vif(&s->intent, name, 0xf0 + n,
                                             mac(n), htonl(0x0a000000 + n),
                                             seg);
    vnet_vif_bind(v, host, u16_to_ofp(port));
    return v;
}

static void
scenario_init(struct scenario *s)
{
    vnet_intent_init(&s->intent);
    s->red = vnet_intent_add_segment(&s->intent, "red", 0xa1, 1,
                                     VNET_SEGMENT_VLAN, 100);
    s->blue = vnet_intent_add_segment(&s->intent, "blue", 0xa2, 2,
                                      VNET_SEGMENT_VXLAN, 5000);
    s->hv1 = add_host(s, "hv1", 1);
    s->hv2 = add_host(s, "hv2", 2);
    s->red1 = add_vif(s, "red1", 1, s->red, s->hv1, 1);
    s->blue1 = add_vif(s, "blue1", 2, s->blue, s->hv1, 2);
    s->red2 = add_vif(s, "red2", 3, s->red, s->hv2, 1);
    s->blue2 = add_vif(s, "blue2", 4, s->blue, s->hv2, 2);
}

static int
setup(void **state)
{
    struct scenario *s = xmalloc(sizeof *s);
    scenario_init(s);
    *state = s;
    return 0;
}

static int
teardown(void **state)
{
    struct scenario *s = *state;
    vnet_intent_destroy(&s->intent);
    free(s);
    return 0;
}

static size_t
count_lines_with(const char *text, const char *needle)
{
    size_t n = 0;

    for (const char *p = text; (p = strstr(p, needle)); p++) {
        n++;
    }
    return n;
}

/* Every flow of hv1, exactly.  Reviewed by hand against DESIGN.md; a change
 * here is a change to the pipeline and must be deliberate. */
static void
test_exact_flows_of_a_host(void **state)
{
    static const char expected[] =
    "table=0, priority=100, cookie=0xf1, in_port=1 actions=set_field:0x1->metadata,goto_table:1\n"
    "table=0, priority=100, cookie=0xa1, in_port=10,dl_vlan=100 actions=pop_vlan,set_field:0x1->metadata,goto_table:20\n"
    "table=0, priority=100, cookie=0xb2, in_port=11,tun_src=192.0.2.12 actions=goto_table:8\n"
    "table=0, priority=100, cookie=0xf2, in_port=2 actions=set_field:0x2->metadata,goto_table:1\n"
    "table=0, priority=0, cookie=0 actions=drop\n"
    "table=1, priority=110, cookie=0xf1, in_port=1,ip,nw_proto=97 actions=drop\n"
    "table=1, priority=110, cookie=0xf2, in_port=2,ip,nw_proto=97 actions=drop\n"
    "table=1, priority=100, cookie=0xf1, in_port=1,dl_src=52:54:00:00:00:01,vlan_tci=0x0000/0x1000,arp,arp_spa=10.0.0.1,arp_sha=52:54:00:00:00:01 actions=goto_table:2\n"
    "table=1, priority=100, cookie=0xf1, in_port=1,dl_src=52:54:00:00:00:01,vlan_tci=0x0000/0x1000,ip,nw_src=10.0.0.1 actions=goto_table:2\n"
    "table=1, priority=100, cookie=0xf2, in_port=2,dl_src=52:54:00:00:00:02,vlan_tci=0x0000/0x1000,arp,arp_spa=10.0.0.2,arp_sha=52:54:00:00:00:02 actions=goto_table:2\n"
    "table=1, priority=100, cookie=0xf2, in_port=2,dl_src=52:54:00:00:00:02,vlan_tci=0x0000/0x1000,ip,nw_src=10.0.0.2 actions=goto_table:2\n"
    "table=1, priority=90, cookie=0xf1, in_port=1,arp actions=drop\n"
    "table=1, priority=90, cookie=0xf1, in_port=1,ip actions=drop\n"
    "table=1, priority=90, cookie=0xf1, in_port=1,ipv6 actions=drop\n"
    "table=1, priority=90, cookie=0xf2, in_port=2,arp actions=drop\n"
    "table=1, priority=90, cookie=0xf2, in_port=2,ip actions=drop\n"
    "table=1, priority=90, cookie=0xf2, in_port=2,ipv6 actions=drop\n"
    "table=1, priority=80, cookie=0xf1, in_port=1,dl_src=52:54:00:00:00:01,vlan_tci=0x0000/0x1000 actions=goto_table:2\n"
    "table=1, priority=80, cookie=0xf2, in_port=2,dl_src=52:54:00:00:00:02,vlan_tci=0x0000/0x1000 actions=goto_table:2\n"
    "table=1, priority=0, cookie=0 actions=drop\n"
    "table=2, priority=100, cookie=0xf1, in_port=1 actions=goto_table:10\n"
    "table=2, priority=100, cookie=0xf2, in_port=2 actions=goto_table:10\n"
    "table=2, priority=0, cookie=0 actions=drop\n"
    "table=8, priority=100, cookie=0xa2, in_port=11,tun_id=5000 actions=set_field:0x2->metadata,goto_table:20\n"
    "table=8, priority=0, cookie=0 actions=drop\n"
    "table=10, priority=100, cookie=0xf1, metadata=0x1,dl_dst=52:54:00:00:00:01 actions=output:1\n"
    "table=10, priority=100, cookie=0xf3, metadata=0x1,dl_dst=52:54:00:00:00:03 actions=push_vlan:0x8100,set_field:4196->vlan_vid,output:10\n"
    "table=10, priority=100, cookie=0xf2, metadata=0x2,dl_dst=52:54:00:00:00:02 actions=output:2\n"
    "table=10, priority=100, cookie=0xf4, metadata=0x2,dl_dst=52:54:00:00:00:04 actions=set_field:5000->tun_id,set_field:192.0.2.12->tun_dst,output:11\n"
    "table=10, priority=50, cookie=0xa1, metadata=0x1 actions=output:1,push_vlan:0x8100,set_field:4196->vlan_vid,output:10\n"
    "table=10, priority=50, cookie=0xa2, metadata=0x2 actions=output:2,set_field:5000->tun_id,set_field:192.0.2.12->tun_dst,output:11\n"
    "table=10, priority=0, cookie=0 actions=drop\n"
    "table=20, priority=100, cookie=0xf1, metadata=0x1,dl_dst=52:54:00:00:00:01 actions=output:1\n"
    "table=20, priority=100, cookie=0xf2, metadata=0x2,dl_dst=52:54:00:00:00:02 actions=output:2\n"
    "table=20, priority=50, cookie=0xa1, metadata=0x1,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=output:1\n"
    "table=20, priority=50, cookie=0xa2, metadata=0x2,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=output:2\n"
    "table=20, priority=0, cookie=0 actions=drop\n";
    struct scenario *s = *state;
    char *text = compile_to_string(&s->intent, s->hv1);

    assert_string_equal(text, expected);
    free(text);
}

/* Each compiled flow is valid OpenFlow 1.3 as OVS parses it. */
static void
test_every_flow_parses_as_openflow13(void **state)
{
    struct scenario *s = *state;

    assert_true(assert_flows_parse(&s->intent, s->hv2) > 20);
}

/* Isolation: no flow of segment red (metadata 0x1) names blue's VIFs or
 * ports, and the other way around. */
static void
test_segments_are_isolated(void **state)
{
    struct scenario *s = *state;
    struct vnet_flows flows;

    vnet_flows_init(&flows);
    vnet_compile_host(&s->intent, s->hv1, &flows);
    for (size_t i = 0; i < flows.n; i++) {
        const struct vnet_flow *f = &flows.flows[i];
        if (strstr(f->match, "metadata=0x1")) {
            assert_null(strstr(f->match, "52:54:00:00:00:02"));
            assert_null(strstr(f->match, "52:54:00:00:00:04"));
            assert_null(strstr(f->actions, "output:2"));
            assert_null(strstr(f->actions, "tun_id"));
        }
        if (strstr(f->match, "metadata=0x2")) {
            assert_null(strstr(f->match, "52:54:00:00:00:01"));
            assert_null(strstr(f->match, "52:54:00:00:00:03"));
            assert_null(strstr(f->actions, "output:1,"));
            assert_null(strstr(f->actions, "vlan"));
        }
    }
    vnet_flows_destroy(&flows);
}

/* A VIF that is not bound, or not admitted, is nobody's destination; an
 * unadmitted VIF's frames stop at ADMISSION. */
static void
test_unbound_and_unadmitted_vifs(void **state)
{
    struct scenario *s = *state;
    char *before = compile_to_string(&s->intent, s->hv1);
    char *after;

    /* Unbound: no flow anywhere names it. */
    vnet_vif_bind(s->red2, NULL, OFPP_NONE);
    after = compile_to_string(&s->intent, s->hv1);
    assert_null(strstr(after, "52:54:00:00:00:03"));
    assert_int_equal(count_lines_with(after, "\n"),
                     count_lines_with(before, "\n") - 1);
    free(after);
    vnet_vif_bind(s->red2, s->hv2, u16_to_ofp(1));

    /* Unadmitted, on hv1: classified and port-secured, but no ADMISSION
     * flow, and not a destination on either host. */
    s->red1->admitted = false;
    after = compile_to_string(&s->intent, s->hv1);
    assert_non_null(strstr(after, "table=0, priority=100, cookie=0xf1, "
                                  "in_port=1 "));
    assert_null(strstr(after, "table=2, priority=100, cookie=0xf1"));
    assert_null(strstr(after, "dl_dst=52:54:00:00:00:01"));
    assert_null(strstr(after, "actions=output:1,"));
    free(after);
    after = compile_to_string(&s->intent, s->hv2);
    assert_null(strstr(after, "52:54:00:00:00:01"));
    free(after);
    free(before);
}

/* Flows per host grow with what that host needs: VIFs in segments that
 * have no member on hv1 leave hv1's flows byte for byte unchanged, however
 * many there are. */
static void
test_flows_grow_with_local_needs_only(void **state)
{
    struct scenario *s = *state;
    char *before = compile_to_string(&s->intent, s->hv1);
    char *after;
    char name[32];

    for (int h = 3; h <= 100; h++) {
        snprintf(name, sizeof name, "hv%d", h);
        add_host(s, name, h);
    }
    for (int i = 0; i < 1000; i++) {
        struct vnet_host *host;
        struct vnet_segment *seg;

        snprintf(name, sizeof name, "hv%d", 3 + i % 98);
        host = vnet_intent_find_host(&s->intent, name);
        seg = vnet_intent_find_segment(&s->intent, 100 + i % 50);
        if (!seg) {
            char seg_name[16];
            snprintf(seg_name, sizeof seg_name, "s%d", i % 50);
            seg = vnet_intent_add_segment(&s->intent, seg_name, 0x5000 + i,
                                          100 + i % 50, VNET_SEGMENT_VXLAN,
                                          6000 + i % 50);
        }
        snprintf(name, sizeof name, "vm%d", i);
        struct vnet_vif *v = vnet_intent_add_vif(&s->intent, name, 0x9000 + i,
                                                 mac(0), htonl(0x0b000000 + i),
                                                 seg);
        v->mac.ea[4] = i >> 8;
        v->mac.ea[5] = i;
        vnet_vif_bind(v, host, u16_to_ofp(1 + i / 98));
    }
    /* Only the VXLAN source check grows, by one flow per new host. */
    after = compile_to_string(&s->intent, s->hv1);
    assert_int_equal(count_lines_with(after, "\n"),
                     count_lines_with(before, "\n") + 98);
    assert_int_equal(count_lines_with(after, "tun_src="), 99);
    free(after);
    free(before);
}

/* A VM move: red2 leaves hv2 for hv1's port 5.  hv1 now delivers to it
 * locally, and hv2, left with no member of red, drops every red flow. */
static void
test_vm_move_updates_both_hosts(void **state)
{
    struct scenario *s = *state;
    char *hv1, *hv2;

    vnet_vif_bind(s->red2, s->hv1, u16_to_ofp(5));
    hv1 = compile_to_string(&s->intent, s->hv1);
    hv2 = compile_to_string(&s->intent, s->hv2);
    assert_non_null(strstr(hv1, "table=10, priority=100, cookie=0xf3, "
                           "metadata=0x1,dl_dst=52:54:00:00:00:03 "
                           "actions=output:5\n"));
    assert_non_null(strstr(hv1, "table=10, priority=50, cookie=0xa1, "
                           "metadata=0x1 actions=output:1,output:5\n"));
    assert_null(strstr(hv1, "dl_dst=52:54:00:00:00:03 actions=push_vlan"));
    assert_null(strstr(hv2, "52:54:00:00:00:03"));
    assert_null(strstr(hv2, "dl_vlan=100"));
    assert_null(strstr(hv2, "metadata=0x1 actions"));
    free(hv1);
    free(hv2);
}

/* VXLAN floods replicate once per remote host with members, however many
 * members it has; a VLAN floods once on the uplink. */
static void
test_flood_replication(void **state)
{
    struct scenario *s = *state;
    struct vnet_host *hv3 = add_host(s, "hv3", 3);
    char *text;

    add_vif(s, "blue3", 5, s->blue, s->hv2, 3);
    add_vif(s, "blue4", 6, s->blue, hv3, 1);
    add_vif(s, "red3", 7, s->red, hv3, 2);
    text = compile_to_string(&s->intent, s->hv1);
    assert_non_null(strstr(text, "metadata=0x2 actions=output:2,"
                           "set_field:5000->tun_id,"
                           "set_field:192.0.2.12->tun_dst,output:11,"
                           "set_field:5000->tun_id,"
                           "set_field:192.0.2.13->tun_dst,output:11\n")
                    || strstr(text, "metadata=0x2 actions=output:2,"
                              "set_field:5000->tun_id,"
                              "set_field:192.0.2.13->tun_dst,output:11,"
                              "set_field:5000->tun_id,"
                              "set_field:192.0.2.12->tun_dst,output:11\n"));
    assert_non_null(strstr(text, "metadata=0x1 actions=output:1,"
                           "push_vlan:0x8100,set_field:4196->vlan_vid,"
                           "output:10\n"));
    free(text);
}

/* A host whose uplink or VXLAN port is not known yet delivers locally and
 * sends nothing toward the wire. */
static void
test_no_wire_until_ports_are_known(void **state)
{
    struct scenario *s = *state;
    char *text;

    s->hv1->uplink_ofport = OFPP_NONE;
    s->hv1->vxlan_ofport = OFPP_NONE;
    text = compile_to_string(&s->intent, s->hv1);
    assert_null(strstr(text, "output:10"));
    assert_null(strstr(text, "output:11"));
    assert_null(strstr(text, "in_port=10"));
    assert_null(strstr(text, "in_port=11"));
    assert_non_null(strstr(text, "metadata=0x1 actions=output:1\n"));
    free(text);
}

/* A non-virtualized machine with a VXLAN VTEP (no switch, bound in the
 * database) is a VXLAN destination and flood target like a host, and is
 * never one on a VLAN. */
static void
test_external_vtep(void **state)
{
    struct scenario *s = *state;
    struct vnet_host *phys = vnet_intent_add_host(&s->intent, "phys1", 0xc1,
                                                  htonl(0xc0000264));
    char *text;

    phys->external = true;
    add_vif(s, "kernel1", 9, s->blue, phys, 0xffff);
    add_vif(s, "kernel2", 10, s->red, phys, 0xffff);
    vnet_vif_bind(vnet_intent_find_vif(&s->intent, "kernel1"), phys,
                  OFPP_NONE);
    vnet_vif_bind(vnet_intent_find_vif(&s->intent, "kernel2"), phys,
                  OFPP_NONE);
    text = compile_to_string(&s->intent, s->hv1);
    assert_non_null(strstr(text, "table=10, priority=100, cookie=0xf9, "
                           "metadata=0x2,dl_dst=52:54:00:00:00:09 "
                           "actions=set_field:5000->tun_id,"
                           "set_field:192.0.2.100->tun_dst,output:11\n"));
    assert_non_null(strstr(text, "metadata=0x2 actions=output:2,"
                           "set_field:5000->tun_id,"
                           "set_field:192.0.2.12->tun_dst,output:11,"
                           "set_field:5000->tun_id,"
                           "set_field:192.0.2.100->tun_dst,output:11\n"));
    assert_non_null(strstr(text, "in_port=11,tun_src=192.0.2.100 "
                           "actions=goto_table:8\n"));
    assert_null(strstr(text, "52:54:00:00:00:0a"));
    free(text);
}

/* The router scenario: router r1 joins red (VLAN, 10.1.0.0/24) and blue
 * (VXLAN, 10.2.0.0/24), so the shared scenario's VIFs get addresses in
 * their segment's subnet:
 *
 *   red:  red1 10.1.0.1 (hv1 port 1), red2 10.1.0.3 (hv2 port 1)
 *   blue: blue1 10.2.0.2 (hv1 port 2), blue2 10.2.0.4 (hv2 port 2) */
static void
readdress_for_r1(struct scenario *s)
{
    s->red1->ip = htonl(0x0a010001);
    s->red2->ip = htonl(0x0a010003);
    s->blue1->ip = htonl(0x0a020002);
    s->blue2->ip = htonl(0x0a020004);
}

static struct vnet_router *
add_router_r1(struct scenario *s)
{
    struct vnet_router *r = vnet_intent_add_router(&s->intent, "r1", 0xe0);
    struct eth_addr rmac = { .ea = { 0x02, 0, 0, 0, 0x01, 0x01 } };

    readdress_for_r1(s);
    vnet_router_add_port(r, 0xe1, s->red, rmac, htonl(0x0a0100fe), 24);
    rmac.ea[5] = 0x02;
    vnet_router_add_port(r, 0xe2, s->blue, rmac, htonl(0x0a0200fe), 24);
    return r;
}

/* Returns the lines of 'after' that 'before' does not have, in order (the
 * caller frees it). */
static char *
added_lines(const char *before, const char *after)
{
    struct ds out = DS_EMPTY_INITIALIZER;

    for (const char *p = after; *p; ) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? nl - p + 1 : strlen(p);
        char *line = xmemdup0(p, len);

        if (!strstr(before, line)) {
            ds_put_cstr(&out, line);
        }
        free(line);
        p += len;
    }
    return ds_steal_cstr(&out);
}

/* Every flow the router adds to hv1, exactly: for each of its segments
 * (both have a member on hv1) an ARP responder, a ping responder, IPv4 to
 * the router's MAC into ROUTING, the rest to its MAC dropped; and a route
 * to every VIF of both segments, local or remote, each rewriting the MACs
 * and decrementing the TTL once with gwmac. */
static void
test_router_exact_flows(void **state)
{
    static const char expected[] =
    "table=10, priority=120, cookie=0xe1, metadata=0x1,arp,arp_tpa=10.1.0.254,arp_op=1 actions=move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],set_field:02:00:00:00:01:01->eth_src,set_field:2->arp_op,move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],set_field:02:00:00:00:01:01->arp_sha,move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[],set_field:10.1.0.254->arp_spa,IN_PORT\n"
    "table=10, priority=120, cookie=0xe1, metadata=0x1,dl_dst=02:00:00:00:01:01,icmp,nw_dst=10.1.0.254,icmp_type=8,icmp_code=0 actions=move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],set_field:02:00:00:00:01:01->eth_src,move:NXM_OF_IP_SRC[]->NXM_OF_IP_DST[],set_field:10.1.0.254->ip_src,set_field:255->nw_ttl,set_field:0->icmp_type,IN_PORT\n"
    "table=10, priority=120, cookie=0xe2, metadata=0x2,arp,arp_tpa=10.2.0.254,arp_op=1 actions=move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],set_field:02:00:00:00:01:02->eth_src,set_field:2->arp_op,move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],set_field:02:00:00:00:01:02->arp_sha,move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[],set_field:10.2.0.254->arp_spa,IN_PORT\n"
    "table=10, priority=120, cookie=0xe2, metadata=0x2,dl_dst=02:00:00:00:01:02,icmp,nw_dst=10.2.0.254,icmp_type=8,icmp_code=0 actions=move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],set_field:02:00:00:00:01:02->eth_src,move:NXM_OF_IP_SRC[]->NXM_OF_IP_DST[],set_field:10.2.0.254->ip_src,set_field:255->nw_ttl,set_field:0->icmp_type,IN_PORT\n"
    "table=10, priority=110, cookie=0xe1, metadata=0x1,dl_dst=02:00:00:00:01:01,ip actions=set_field:0x100000001->metadata,goto_table:30\n"
    "table=10, priority=110, cookie=0xe2, metadata=0x2,dl_dst=02:00:00:00:01:02,ip actions=set_field:0x100000001->metadata,goto_table:30\n"
    "table=10, priority=100, cookie=0xe1, metadata=0x1,dl_dst=02:00:00:00:01:01 actions=drop\n"
    "table=10, priority=100, cookie=0xe2, metadata=0x2,dl_dst=02:00:00:00:01:02 actions=drop\n"
    "table=30, priority=100, cookie=0xf1, metadata=0x100000001,ip,nw_dst=10.1.0.1 actions=gwmac(src=02:00:00:00:01:01,dst=52:54:00:00:00:01,dec_ttl),output:1\n"
    "table=30, priority=100, cookie=0xf3, metadata=0x100000001,ip,nw_dst=10.1.0.3 actions=gwmac(src=02:00:00:00:01:01,dst=52:54:00:00:00:03,dec_ttl),push_vlan:0x8100,set_field:4196->vlan_vid,output:10\n"
    "table=30, priority=100, cookie=0xf2, metadata=0x100000001,ip,nw_dst=10.2.0.2 actions=gwmac(src=02:00:00:00:01:02,dst=52:54:00:00:00:02,dec_ttl),output:2\n"
    "table=30, priority=100, cookie=0xf4, metadata=0x100000001,ip,nw_dst=10.2.0.4 actions=gwmac(src=02:00:00:00:01:02,dst=52:54:00:00:00:04,dec_ttl),set_field:5000->tun_id,set_field:192.0.2.12->tun_dst,output:11\n"
    "table=30, priority=0, cookie=0 actions=drop\n";
    struct scenario *s = *state;
    char *before, *after, *added;

    readdress_for_r1(s);
    before = compile_to_string(&s->intent, s->hv1);
    add_router_r1(s);
    after = compile_to_string(&s->intent, s->hv1);
    added = added_lines(before, after);
    assert_string_equal(added, expected);
    /* The router only adds: every L2 flow stays as it was. */
    assert_int_equal(count_lines_with(after, "\n"),
                     count_lines_with(before, "\n") + 13);
    assert_true(assert_flows_parse(&s->intent, s->hv1) > 40);
    free(before);
    free(after);
    free(added);
}

/* Both directions: hv2 routes its own VMs' packets the same way, toward
 * hv1 over red's VLAN and blue's VXLAN; the router's MACs and routes are
 * per host, not per direction. */
static void
test_router_routes_both_ways(void **state)
{
    struct scenario *s = *state;
    char *text;

    add_router_r1(s);
    text = compile_to_string(&s->intent, s->hv2);
    assert_non_null(strstr(text, "table=30, priority=100, cookie=0xf1, "
                           "metadata=0x100000001,ip,nw_dst=10.1.0.1 "
                           "actions=gwmac(src=02:00:00:00:01:01,"
                           "dst=52:54:00:00:00:01,dec_ttl),"
                           "push_vlan:0x8100,set_field:4196->vlan_vid,"
                           "output:10\n"));
    assert_non_null(strstr(text, "table=30, priority=100, cookie=0xf2, "
                           "metadata=0x100000001,ip,nw_dst=10.2.0.2 "
                           "actions=gwmac(src=02:00:00:00:01:02,"
                           "dst=52:54:00:00:00:02,dec_ttl),"
                           "set_field:5000->tun_id,"
                           "set_field:192.0.2.11->tun_dst,output:11\n"));
    assert_non_null(strstr(text, "table=30, priority=100, cookie=0xf4, "
                           "metadata=0x100000001,ip,nw_dst=10.2.0.4 "
                           "actions=gwmac(src=02:00:00:00:01:02,"
                           "dst=52:54:00:00:00:04,dec_ttl),output:2\n"));
    assert_int_equal(count_lines_with(text, "table=30, priority=100"), 4);
    free(text);
}

/* Segments route to each other only through a router with interfaces on
 * both: green, on a router of its own, is nobody's destination in r1, and
 * r1's segments are none in r2; a VIF outside its segment's interface
 * subnet gets no route; without its interface on blue, r1 routes nothing
 * to blue. */
static void
test_router_no_route_without_common_router(void **state)
{
    struct scenario *s = *state;
    struct vnet_segment *green = vnet_intent_add_segment(
        &s->intent, "green", 0xa3, 3, VNET_SEGMENT_VLAN, 200);
    struct vnet_router *r2 = vnet_intent_add_router(&s->intent, "r2", 0xd0);
    struct eth_addr rmac = { .ea = { 0x02, 0, 0, 0, 0x02, 0x03 } };
    struct vnet_router *r1;
    char *text;

    r1 = add_router_r1(s);
    add_vif(s, "green1", 5, green, s->hv1, 3)->ip = htonl(0x0a030005);
    add_vif(s, "stray", 6, s->red, s->hv1, 4)->ip = htonl(0x0a090006);
    vnet_router_add_port(r2, 0xd3, green, rmac, htonl(0x0a0300fe), 24);

    text = compile_to_string(&s->intent, s->hv1);
    assert_null(strstr(text, "metadata=0x100000001,ip,nw_dst=10.3.0.5"));
    assert_null(strstr(text, "nw_dst=10.9.0.6"));
    assert_non_null(strstr(text, "table=30, priority=100, cookie=0xf5, "
                           "metadata=0x100000003,ip,nw_dst=10.3.0.5 "));
    assert_int_equal(count_lines_with(text, "metadata=0x100000003,ip"), 1);
    assert_int_equal(count_lines_with(text, "metadata=0x100000001,ip"), 4);
    assert_non_null(strstr(text, "metadata=0x3,dl_dst=02:00:00:00:02:03,ip "
                           "actions=set_field:0x100000003->metadata,"
                           "goto_table:30\n"));
    free(text);

    /* r1 loses its interface on blue: no route into blue, and blue's VIFs
     * get no answer for the router's address there. */
    r1->n_ports = 1;
    text = compile_to_string(&s->intent, s->hv1);
    assert_null(strstr(text, "nw_dst=10.2.0."));
    assert_null(strstr(text, "02:00:00:00:01:02"));
    assert_int_equal(count_lines_with(text, "metadata=0x100000001,ip"), 2);
    free(text);
}

/* The TTL is decremented exactly once, on the sending host: each route
 * does it once, and nothing else does, on any host. */
static void
test_router_decrements_ttl_once(void **state)
{
    struct scenario *s = *state;
    struct vnet_host *hosts[2];

    add_router_r1(s);
    hosts[0] = s->hv1;
    hosts[1] = s->hv2;
    for (size_t h = 0; h < ARRAY_SIZE(hosts); h++) {
        char *text = compile_to_string(&s->intent, hosts[h]);

        assert_int_equal(count_lines_with(text, "dec_ttl"), 4);
        assert_int_equal(count_lines_with(text, "table=30, priority=100"), 4);
        for (const char *p = text; (p = strstr(p, "dec_ttl")); p++) {
            const char *line = p;
            while (line > text && line[-1] != '\n') {
                line--;
            }
            assert_int_equal(strncmp(line, "table=30, ", 10), 0);
        }
        assert_null(strstr(text, "set_field:63->nw_ttl"));
        free(text);
    }
}

/* A host with no member in the router's segments has none of its flows,
 * and a router with members nowhere costs no host anything. */
static void
test_router_flows_only_where_needed(void **state)
{
    struct scenario *s = *state;
    struct vnet_host *hv3 = add_host(s, "hv3", 3);
    struct vnet_segment *green = vnet_intent_add_segment(
        &s->intent, "green", 0xa3, 3, VNET_SEGMENT_VLAN, 200);
    char *before, *after;

    add_vif(s, "green1", 5, green, hv3, 1);
    before = compile_to_string(&s->intent, hv3);
    add_router_r1(s);
    after = compile_to_string(&s->intent, hv3);
    assert_string_equal(before, after);
    assert_null(strstr(after, "table=30"));
    free(before);
    free(after);
}

/* EtherIP scenario: segment "green" (VNET id 7, key 3), flooding to group
 * 239.1.1.7, without learning unless a test turns it on, with one VIF on
 * each of hv1, hv2 and hv3 (port 3).  Hosts' MACs are 02:00:00:00:00:1N. */
static struct vnet_segment *
add_green(struct scenario *s)
{
    struct vnet_host *hv3 = add_host(s, "hv3", 3);
    struct vnet_segment *green;

    green = vnet_intent_add_segment(&s->intent, "green", 0xa3, 3,
                                    VNET_SEGMENT_ETHERIP, 7);
    green->multicast_group = htonl(0xef010107);
    s->hv1->mac = (struct eth_addr) { .ea = { 2, 0, 0, 0, 0, 0x11 } };
    s->hv2->mac = (struct eth_addr) { .ea = { 2, 0, 0, 0, 0, 0x12 } };
    hv3->mac = (struct eth_addr) { .ea = { 2, 0, 0, 0, 0, 0x13 } };
    add_vif(s, "green1", 0x11, green, s->hv1, 3);
    add_vif(s, "green2", 0x12, green, s->hv2, 3);
    add_vif(s, "green3", 0x13, green, hv3, 3);
    return green;
}

/* Fails unless 'text' has 'line' (without its newline) as a whole line. */
static void
assert_line(const char *text, const char *line)
{
    char *needle = xasprintf("\n%s\n", line);
    char *haystack = xasprintf("\n%s", text);

    if (!strstr(haystack, needle)) {
        fail_msg("missing flow: %s\nin:\n%s", line, text);
    }
    free(needle);
    free(haystack);
}

/* EtherIP send, flood and receive on hv1, exactly: every flow that names
 * segment green, EtherIP, or the uplink. */
static void
test_etherip_exact_flows(void **state)
{
    static const char expected[] =
    "table=0, priority=100, cookie=0xb2, in_port=10,ip,nw_proto=97,nw_src=192.0.2.12 actions=pop_etherip,goto_table:8\n"
    "table=0, priority=100, cookie=0xb3, in_port=10,ip,nw_proto=97,nw_src=192.0.2.13 actions=pop_etherip,goto_table:8\n"
    "table=0, priority=100, cookie=0x101, in_port=3 actions=set_field:0x3->metadata,goto_table:1\n"
    "table=0, priority=90, cookie=0, in_port=10,ip,nw_proto=97 actions=drop\n"
    "table=8, priority=100, cookie=0xa3, in_port=10,tun_id=7,tun_dst=192.0.2.11 actions=set_field:0x3->metadata,goto_table:20\n"
    "table=8, priority=100, cookie=0xa3, in_port=10,tun_id=7,tun_dst=239.1.1.7 actions=set_field:0x3->metadata,goto_table:20\n"
    "table=10, priority=100, cookie=0x101, metadata=0x3,dl_dst=52:54:00:00:00:11 actions=output:3\n"
    "table=10, priority=100, cookie=0x102, metadata=0x3,dl_dst=52:54:00:00:00:12 actions=clone(push_etherip(vnet_id=7,eth_src=02:00:00:00:00:11,eth_dst=02:00:00:00:00:12,ip_src=192.0.2.11,ip_dst=192.0.2.12),output:10)\n"
    "table=10, priority=100, cookie=0x103, metadata=0x3,dl_dst=52:54:00:00:00:13 actions=clone(push_etherip(vnet_id=7,eth_src=02:00:00:00:00:11,eth_dst=02:00:00:00:00:13,ip_src=192.0.2.11,ip_dst=192.0.2.13),output:10)\n"
    "table=10, priority=50, cookie=0xa3, metadata=0x3 actions=output:3,clone(push_etherip(vnet_id=7,eth_src=02:00:00:00:00:11,eth_dst=01:00:5e:01:01:07,ip_src=192.0.2.11,ip_dst=239.1.1.7),output:10)\n"
    "table=20, priority=100, cookie=0x101, metadata=0x3,dl_dst=52:54:00:00:00:11 actions=output:3\n"
    "table=20, priority=50, cookie=0xa3, metadata=0x3,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=output:3\n";
    struct scenario *s = *state;
    char *text;

    add_green(s);
    text = compile_to_string(&s->intent, s->hv1);

    /* The lines of interest, in the canonical order. */
    struct ds got = DS_EMPTY_INITIALIZER;
    const char *line = text;
    while (*line) {
        const char *end = strchr(line, '\n');
        char *copy = xmemdup0(line, end - line + 1);
        if (strstr(copy, "0x3") || strstr(copy, "in_port=10,ip")
            || strstr(copy, "etherip")) {
            ds_put_cstr(&got, copy);
        }
        free(copy);
        line = end + 1;
    }
    assert_string_equal(ds_cstr(&got), expected);
    /* No learning without a limit: no LEARN or LEARNED_OUT table. */
    assert_null(strstr(text, "table=19"));
    assert_null(strstr(text, "table=22"));
    ds_destroy(&got);
    free(text);
    assert_flows_parse(&s->intent, s->hv1);
}

/* With head-end replication a flood goes once to each other member host,
 * and nothing listens to a group. */
static void
test_etherip_head_end_replication(void **state)
{
    struct scenario *s = *state;
    struct vnet_segment *green = add_green(s);
    char *text;

    green->head_end_replication = true;
    text = compile_to_string(&s->intent, s->hv2);
    assert_line(text, "table=10, priority=50, cookie=0xa3, metadata=0x3 actions=output:3,clone(push_etherip(vnet_id=7,eth_src=02:00:00:00:00:12,eth_dst=02:00:00:00:00:11,ip_src=192.0.2.12,ip_dst=192.0.2.11),output:10),clone(push_etherip(vnet_id=7,eth_src=02:00:00:00:00:12,eth_dst=02:00:00:00:00:13,ip_src=192.0.2.12,ip_dst=192.0.2.13),output:10)");
    assert_null(strstr(text, "239.1.1.7"));
    assert_line(text, "table=8, priority=100, cookie=0xa3, in_port=10,tun_id=7,tun_dst=192.0.2.12 actions=set_field:0x3->metadata,goto_table:20");
    free(text);
    assert_flows_parse(&s->intent, s->hv2);
}

/* A host with a jumbo underlay says so in its EtherIP pushes, which drop
 * what exceeds it; the others keep the action's default of 1500. */
static void
test_etherip_underlay_mtu(void **state)
{
    struct scenario *s = *state;
    char *text;

    add_green(s);
    s->hv2->underlay_mtu = 9000;
    text = compile_to_string(&s->intent, s->hv2);
    assert_line(text, "table=10, priority=100, cookie=0x101, metadata=0x3,dl_dst=52:54:00:00:00:11 actions=clone(push_etherip(vnet_id=7,eth_src=02:00:00:00:00:12,eth_dst=02:00:00:00:00:11,ip_src=192.0.2.12,ip_dst=192.0.2.11,mtu=9000),output:10)");
    free(text);
    assert_flows_parse(&s->intent, s->hv2);
    text = compile_to_string(&s->intent, s->hv1);
    assert_null(strstr(text, "mtu="));
    free(text);
}

/* A VNI and a VNET id with the same number never cross: VXLAN's accept
 * flow names the VXLAN port, EtherIP's the uplink. */
static void
test_etherip_and_vxlan_ids_do_not_cross(void **state)
{
    struct scenario *s = *state;
    struct vnet_segment *green = add_green(s);
    char *text;

    green->wire_id = 5000 & 0xfff;
    s->blue->wire_id = 5000 & 0xfff;
    text = compile_to_string(&s->intent, s->hv1);
    assert_line(text, "table=8, priority=100, cookie=0xa2, in_port=11,tun_id=904 actions=set_field:0x2->metadata,goto_table:20");
    assert_line(text, "table=8, priority=100, cookie=0xa3, in_port=10,tun_id=904,tun_dst=192.0.2.11 actions=set_field:0x3->metadata,goto_table:20");
    assert_null(strstr(text, "table=8, priority=100, cookie=0xa3, tun_id"));
    free(text);
}

/* Learning and the gateway, on hv1, the gateway host of green (untagged),
 * and on hv2, which reaches the physical network through hv1. */
static void
test_etherip_learning_and_gateway(void **state)
{
    struct scenario *s = *state;
    struct vnet_segment *green = add_green(s);
    char *text;

    green->mac_limit = 4;
    green->gateway_host = s->hv1;
    text = compile_to_string(&s->intent, s->hv1);
    /* From the physical network: filtered, then into the segment. */
    assert_line(text, "table=0, priority=90, cookie=0xb2, in_port=10,dl_src=02:00:00:00:00:12 actions=drop");
    assert_line(text, "table=0, priority=90, cookie=0xb2, in_port=10,dl_dst=02:00:00:00:00:12 actions=drop");
    assert_line(text, "table=0, priority=90, cookie=0xb1, in_port=10,dl_src=02:00:00:00:00:11 actions=drop");
    assert_line(text, "table=0, priority=90, cookie=0xb3, in_port=10,arp,arp_tpa=192.0.2.13 actions=drop");
    assert_line(text, "table=0, priority=90, cookie=0, in_port=10,udp,tp_dst=4789 actions=drop");
    assert_line(text, "table=0, priority=90, cookie=0, in_port=10,ip,nw_proto=97 actions=drop");
    assert_line(text, "table=0, priority=80, cookie=0xa3, in_port=10,vlan_tci=0x0000/0x1000 actions=set_field:0->in_port,set_field:0x3->metadata,set_field:0x1->reg1,resubmit(,19),goto_table:10");
    /* Learning: members' MACs are not learned; the rest is, up to 4. */
    assert_line(text, "table=19, priority=100, cookie=0x102, metadata=0x3,dl_src=52:54:00:00:00:12 actions=drop");
    assert_line(text, "table=19, priority=50, cookie=0xa3, metadata=0x3 actions=learn(table=21,idle_timeout=300,priority=100,cookie=0xa3,limit=4,OXM_OF_METADATA[],NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],load:NXM_NX_TUN_IPV4_SRC[]->NXM_NX_REG0[])");
    assert_line(text, "table=8, priority=100, cookie=0xa3, in_port=10,tun_id=7,tun_dst=192.0.2.11 actions=set_field:0->in_port,set_field:0x3->metadata,resubmit(,19),goto_table:20");
    /* Broadcast floods to the gateway too, unless it came from there. */
    assert_line(text, "table=10, priority=61, cookie=0xa3, metadata=0x3,reg1=0x1,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=output:3,clone(push_etherip(vnet_id=7,eth_src=02:00:00:00:00:11,eth_dst=01:00:5e:01:01:07,ip_src=192.0.2.11,ip_dst=239.1.1.7),output:10)");
    assert_line(text, "table=10, priority=60, cookie=0xa3, metadata=0x3,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=output:3,clone(push_etherip(vnet_id=7,eth_src=02:00:00:00:00:11,eth_dst=01:00:5e:01:01:07,ip_src=192.0.2.11,ip_dst=239.1.1.7),output:10),output:10");
    /* Unknown unicast: what was learned, else flood. */
    assert_line(text, "table=10, priority=50, cookie=0xa3, metadata=0x3 actions=set_field:0xffffffff->reg0,resubmit(,21),goto_table:22");
    assert_line(text, "table=22, priority=100, cookie=0xa3, metadata=0x3,reg0=0,reg1=0 actions=output:10");
    assert_line(text, "table=22, priority=100, cookie=0xa3, metadata=0x3,reg0=0,reg1=0x1 actions=drop");
    assert_line(text, "table=22, priority=100, cookie=0xa3, metadata=0x3,reg0=0xc000020c actions=clone(push_etherip(vnet_id=7,eth_src=02:00:00:00:00:11,eth_dst=02:00:00:00:00:12,ip_src=192.0.2.11,ip_dst=192.0.2.12),output:10)");
    assert_line(text, "table=22, priority=40, cookie=0xa3, metadata=0x3 actions=output:3,clone(push_etherip(vnet_id=7,eth_src=02:00:00:00:00:11,eth_dst=01:00:5e:01:01:07,ip_src=192.0.2.11,ip_dst=239.1.1.7),output:10),output:10");
    /* From the wire: broadcast and unknown unicast also go out the
     * gateway. */
    assert_line(text, "table=20, priority=50, cookie=0xa3, metadata=0x3,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=output:3,output:10");
    assert_line(text, "table=20, priority=40, cookie=0xa3, metadata=0x3 actions=output:10");
    /* The controller never writes LEARNED. */
    assert_null(strstr(text, "\ntable=21, "));
    free(text);
    assert_flows_parse(&s->intent, s->hv1);

    /* hv2 is no gateway: no filters, no gateway output, and what it
     * learned from hv1 goes back to hv1. */
    text = compile_to_string(&s->intent, s->hv2);
    assert_null(strstr(text, "table=0, priority=80"));
    assert_null(strstr(text, "dl_src=02:00:00:00:00"));
    assert_line(text, "table=22, priority=100, cookie=0xa3, metadata=0x3,reg0=0xc000020b actions=clone(push_etherip(vnet_id=7,eth_src=02:00:00:00:00:12,eth_dst=02:00:00:00:00:11,ip_src=192.0.2.12,ip_dst=192.0.2.11),output:10)");
    assert_null(strstr(text, "reg0=0,"));
    free(text);
    assert_flows_parse(&s->intent, s->hv2);

    /* Tagged: the gateway pushes and pops the tag, and filters nothing
     * else. */
    green->gateway_tag = 30;
    text = compile_to_string(&s->intent, s->hv1);
    assert_line(text, "table=0, priority=80, cookie=0xa3, in_port=10,dl_vlan=30 actions=pop_vlan,set_field:0->in_port,set_field:0x3->metadata,set_field:0x1->reg1,resubmit(,19),goto_table:10");
    assert_line(text, "table=20, priority=40, cookie=0xa3, metadata=0x3 actions=push_vlan:0x8100,set_field:4126->vlan_vid,output:10");
    assert_null(strstr(text, "tp_dst=4789"));
    free(text);
    assert_flows_parse(&s->intent, s->hv1);
}

/* A gateway host with no VIF on the segment still carries it, and the
 * members' hosts flood to it. */
static void
test_etherip_gateway_without_members(void **state)
{
    struct scenario *s = *state;
    struct vnet_segment *green = add_green(s);
    struct vnet_host *hv4 = add_host(s, "hv4", 4);
    char *text;

    hv4->mac = (struct eth_addr) { .ea = { 2, 0, 0, 0, 0, 0x14 } };
    green->head_end_replication = true;
    green->gateway_host = hv4;
    text = compile_to_string(&s->intent, hv4);
    assert_line(text, "table=20, priority=50, cookie=0xa3, metadata=0x3,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=output:10");
    assert_line(text, "table=8, priority=100, cookie=0xa3, in_port=10,tun_id=7,tun_dst=192.0.2.14 actions=set_field:0->in_port,set_field:0x3->metadata,goto_table:20");
    free(text);
    text = compile_to_string(&s->intent, s->hv1);
    assert_non_null(strstr(text, "ip_dst=192.0.2.14),output:10)\n"));
    free(text);
}

/* A router between a VLAN and an EtherIP segment: hv1 routes into EtherIP
 * toward green2's host with the segment's own encapsulation, and the
 * router's MAC, the source of routed frames from every host, is not
 * learned on the EtherIP segment. */
static void
test_router_into_etherip(void **state)
{
    struct scenario *s = *state;
    struct vnet_segment *green = add_green(s);
    struct vnet_router *r = vnet_intent_add_router(&s->intent, "r2", 0xd0);
    struct eth_addr rmac = { .ea = { 0x02, 0, 0, 0, 0x02, 0x03 } };
    char *text;

    green->mac_limit = 10;
    readdress_for_r1(s);
    vnet_router_add_port(r, 0xd3, green, rmac, htonl(0x0a0000fe), 24);
    rmac.ea[5] = 0x01;
    vnet_router_add_port(r, 0xd1, s->red, rmac, htonl(0x0a0100fe), 24);
    text = compile_to_string(&s->intent, s->hv1);
    assert_line(text, "table=30, priority=100, cookie=0x102, "
                "metadata=0x100000001,ip,nw_dst=10.0.0.18 "
                "actions=gwmac(src=02:00:00:00:02:03,dst=52:54:00:00:00:12,"
                "dec_ttl),clone(push_etherip(vnet_id=7,"
                "eth_src=02:00:00:00:00:11,eth_dst=02:00:00:00:00:12,"
                "ip_src=192.0.2.11,ip_dst=192.0.2.12),output:10)");
    assert_line(text, "table=19, priority=100, cookie=0xd3, "
                "metadata=0x3,dl_src=02:00:00:00:02:03 actions=drop");
    assert_line(text, "table=10, priority=110, cookie=0xd3, "
                "metadata=0x3,dl_dst=02:00:00:00:02:03,ip "
                "actions=set_field:0x100000001->metadata,goto_table:30");
    assert_flows_parse(&s->intent, s->hv1);
    free(text);
}

int
main(void)
{
#define T(NAME) cmocka_unit_test_setup_teardown(NAME, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_exact_flows_of_a_host),
        T(test_every_flow_parses_as_openflow13),
        T(test_segments_are_isolated),
        T(test_unbound_and_unadmitted_vifs),
        T(test_flows_grow_with_local_needs_only),
        T(test_vm_move_updates_both_hosts),
        T(test_flood_replication),
        T(test_no_wire_until_ports_are_known),
        T(test_external_vtep),
        T(test_router_exact_flows),
        T(test_router_routes_both_ways),
        T(test_router_no_route_without_common_router),
        T(test_router_decrements_ttl_once),
        T(test_router_flows_only_where_needed),
        T(test_router_into_etherip),
        T(test_etherip_exact_flows),
        T(test_etherip_head_end_replication),
        T(test_etherip_underlay_mtu),
        T(test_etherip_and_vxlan_ids_do_not_cross),
        T(test_etherip_learning_and_gateway),
        T(test_etherip_gateway_without_members),
    };
#undef T

    return cmocka_run_group_tests_name("flow-compiler", tests, NULL, NULL);
}
