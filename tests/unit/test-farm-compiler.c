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

/* Unit tests for farms and subnets (vnet-controller/farm-compiler.c). */

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

/* Farm acme (index 1): subnets web 10.1.1.0/24 and db 10.1.2.0/24, web may
 * reach db.  Farm globex (index 2): subnet app 10.2.1.0/24.
 *
 *   hv1 (MAC 02:00:00:00:00:11): w1 (port 1), d1 (port 2); uplink 10
 *   hv2 (MAC 02:00:00:00:00:12): w2 (port 1), g2 (port 3); uplink 10 */
struct scenario {
    struct vnet_intent intent;
    struct vnet_farm *acme, *globex;
    struct vnet_subnet *web, *db, *app;
    struct vnet_host *hv1, *hv2;
    struct vnet_vif *w1, *d1, *w2, *g2;
};

static struct eth_addr
mac(int a, int b)
{
    return (struct eth_addr) { .ea = { 0x52, 0x54, 0, 0x0f, a, b } };
}

static struct vnet_host *
add_host(struct scenario *s, const char *name, int n)
{
    struct vnet_host *h = vnet_intent_add_host(&s->intent, name, 0xb0 + n,
                                               htonl(0xc0000200 + 10 + n));
    h->mac = (struct eth_addr) { .ea = { 0x02, 0, 0, 0, 0, 0x10 + n } };
    h->uplink_ofport = u16_to_ofp(10);
    return h;
}

static struct vnet_subnet *
add_subnet(struct scenario *s, const char *name, const struct vnet_farm *f,
           int index)
{
    ovs_be32 net = htonl(0x0a000000 | f->index << 16 | index << 8);
    return vnet_intent_add_subnet(
        &s->intent, name, 0xc00 + f->index * 16 + index, f, index, net,
        htonl(0xffffff00), net | htonl(1),
        (struct eth_addr) { .ea = { 0x0a, 0, 0, f->index, 0, index } });
}

static struct vnet_vif *
add_vif(struct scenario *s, const char *name, int n,
        const struct vnet_subnet *subnet, const struct vnet_host *host,
        int port)
{
    struct vnet_vif *v = vnet_intent_add_vif(
        &s->intent, name, 0xf0 + n, mac(subnet->index, n),
        subnet->net | htonl(10 + n), NULL);
    v->subnet = subnet;
    vnet_vif_bind(v, host, u16_to_ofp(port));
    return v;
}

static int
setup(void **state)
{
    struct scenario *s = xzalloc(sizeof *s);

    vnet_intent_init(&s->intent);
    s->acme = vnet_intent_add_farm(&s->intent, "acme", 0xa1, 1);
    s->globex = vnet_intent_add_farm(&s->intent, "globex", 0xa2, 2);
    s->web = add_subnet(s, "web", s->acme, 1);
    s->db = add_subnet(s, "db", s->acme, 2);
    s->app = add_subnet(s, "app", s->globex, 1);
    vnet_intent_add_policy(&s->intent, 0xe1, s->web, s->db);
    s->hv1 = add_host(s, "hv1", 1);
    s->hv2 = add_host(s, "hv2", 2);
    s->w1 = add_vif(s, "w1", 1, s->web, s->hv1, 1);
    s->d1 = add_vif(s, "d1", 2, s->db, s->hv1, 2);
    s->w2 = add_vif(s, "w2", 3, s->web, s->hv2, 1);
    s->g2 = add_vif(s, "g2", 4, s->app, s->hv2, 3);
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

/* The flows of 'host' in 'table' only. */
static char *
table_to_string(const struct vnet_intent *intent,
                const struct vnet_host *host, int table)
{
    char *all = compile_to_string(intent, host);
    char *prefix = xasprintf("table=%d, ", table);
    struct ds s = DS_EMPTY_INITIALIZER;

    for (char *line = all; *line; ) {
        char *end = strchr(line, '\n');
        if (!strncmp(line, prefix, strlen(prefix))) {
            ds_put_buffer(&s, line, end - line + 1);
        }
        line = end + 1;
    }
    free(prefix);
    free(all);
    return ds_steal_cstr(&s);
}

static void
assert_table(const struct scenario *s, const struct vnet_host *host,
             int table, const char *expected)
{
    char *text = table_to_string(&s->intent, host, table);
    assert_string_equal(text, expected);
    free(text);
}

/* A VIF in a subnet enters with its subnet's key, never a segment's, and
 * after admission continues in the farm tables. */
static void
test_vif_ingress(void **state)
{
    struct scenario *s = *state;
    char *text = compile_to_string(&s->intent, s->hv1);

    assert_non_null(strstr(text, "table=0, priority=100, cookie=0xf1, "
                           "in_port=1 actions=set_field:0x1000001000001->"
                           "metadata,goto_table:1\n"));
    assert_non_null(strstr(text, "table=2, priority=100, cookie=0xf1, "
                           "in_port=1 actions=goto_table:40\n"));
    /* Segment keys are (mode + 1) << 24 | wire_id: below 2^32. */
    assert_true(vnet_subnet_key(0xffffff, 0xffffff) > UINT32_MAX);
    assert_true(vnet_subnet_key(0, 0) > UINT32_MAX);
    assert_true(vnet_subnet_key(1, 2) != vnet_subnet_key(2, 1));
    free(text);
}

/* Table 40: ARP requests, IP broadcast/multicast, IP unicast; the rest of
 * a subnet's frames (non-IP) is dropped by a flow of its own. */
static void
test_sort_and_non_ip_drop(void **state)
{
    struct scenario *s = *state;

    assert_table(s, s->hv1, 40,
        "table=40, priority=100, cookie=0xc11, metadata=0x1000001000001,arp,arp_op=1 actions=goto_table:41\n"
        "table=40, priority=100, cookie=0xc12, metadata=0x1000001000002,arp,arp_op=1 actions=goto_table:41\n"
        "table=40, priority=90, cookie=0xc11, metadata=0x1000001000001,ip,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=goto_table:44\n"
        "table=40, priority=90, cookie=0xc12, metadata=0x1000001000002,ip,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=goto_table:44\n"
        "table=40, priority=80, cookie=0xc11, metadata=0x1000001000001,ip actions=goto_table:42\n"
        "table=40, priority=80, cookie=0xc12, metadata=0x1000001000002,ip actions=goto_table:42\n"
        "table=40, priority=10, cookie=0xc11, metadata=0x1000001000001 actions=drop\n"
        "table=40, priority=10, cookie=0xc12, metadata=0x1000001000002 actions=drop\n"
        "table=40, priority=0, cookie=0 actions=drop\n");
}

/* Table 48 holds what learn() found on the LAN; what it did not find is
 * dropped there by the controller's miss flow, and counted. */
static void
test_learned_bindings_miss(void **state)
{
    struct scenario *s = *state;

    assert_table(s, s->hv1, 48,
                 "table=48, priority=0, cookie=0 actions=drop\n");
}

/* Table 41: ARP answered from bindings, the gateway by its MAC; the rest
 * of the subnet solicited on the LAN from the host's MAC. */
static void
test_arp_from_bindings(void **state)
{
    struct scenario *s = *state;
    char *text = table_to_string(&s->intent, s->hv1, 41);

    assert_non_null(strstr(text,
        "table=41, priority=100, cookie=0xc11, metadata=0x1000001000001,"
        "arp,arp_tpa=10.1.1.1 actions=move:NXM_OF_ETH_SRC[]->"
        "NXM_OF_ETH_DST[],set_field:0a:00:00:01:00:01->eth_src,"
        "set_field:2->arp_op,move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],"
        "set_field:0a:00:00:01:00:01->arp_sha,move:NXM_OF_ARP_SPA[]->"
        "NXM_OF_ARP_TPA[],set_field:10.1.1.1->arp_spa,IN_PORT\n"));
    /* w2, on hv2, by its own (virtual) MAC. */
    assert_non_null(strstr(text,
        "table=41, priority=100, cookie=0xf3, metadata=0x1000001000001,"
        "arp,arp_tpa=10.1.1.13 actions=move:NXM_OF_ETH_SRC[]->"
        "NXM_OF_ETH_DST[],set_field:52:54:00:0f:01:03->eth_src,"));
    assert_non_null(strstr(text,
        "table=41, priority=50, cookie=0xc11, metadata=0x1000001000001,"
        "arp,arp_tpa=10.1.1.0/255.255.255.0 actions=set_field:"
        "02:00:00:00:00:11->eth_src,set_field:02:00:00:00:00:11->arp_sha,"
        "output:10\n"));
    /* web's ARP never answers for db's VIFs: other subnets are reached
     * through the gateway. */
    assert_null(strstr(text, "metadata=0x1000001000001,arp,arp_tpa=10.1.2."));
    /* 2 subnets here: gateway and solicitation each, their VIFs (web 2,
     * db 1), and the table's drop. */
    size_t n = 0;
    for (const char *p = text; (p = strchr(p, '\n')); p++) {
        n++;
    }
    assert_int_equal(n, 8);
    free(text);
}

/* Table 42: the four substitution points' first two, and the policy.
 * web -> db is allowed one way: the sender commits the connection so that
 * db's replies (and only replies) pass. */
static void
test_route_points_1_and_2(void **state)
{
    struct scenario *s = *state;

    assert_table(s, s->hv1, 42,
        /* web: to d1 (local, other subnet: point 1, commit), to w1
         * (local, same subnet), to w2 (remote, same subnet: point 2). */
        "table=42, priority=100, cookie=0xf1, metadata=0x1000001000001,ip,nw_dst=10.1.1.11 actions=output:1\n"
        "table=42, priority=100, cookie=0xf3, metadata=0x1000001000001,ip,nw_dst=10.1.1.13 actions=gwmac(src=02:00:00:00:00:11,dst=02:00:00:00:00:12),output:10\n"
        "table=42, priority=100, cookie=0xf2, metadata=0x1000001000001,ip,nw_dst=10.1.2.12 actions=ct(commit,zone=250),gwmac(src=0a:00:00:01:00:02,dst=52:54:00:0f:02:02,dec_ttl),output:2\n"
        /* db: replies only to web, through conntrack. */
        "table=42, priority=100, cookie=0xf1, metadata=0x1000001000002,ip,nw_dst=10.1.1.11,ct_state=+trk+est actions=gwmac(src=0a:00:00:01:00:01,dst=52:54:00:0f:01:01,dec_ttl),output:1\n"
        "table=42, priority=100, cookie=0xf1, metadata=0x1000001000002,ip,nw_dst=10.1.1.11,ct_state=-trk actions=ct(table=42,zone=250)\n"
        "table=42, priority=100, cookie=0xf3, metadata=0x1000001000002,ip,nw_dst=10.1.1.13,ct_state=+trk+est actions=gwmac(src=02:00:00:00:00:11,dst=02:00:00:00:00:12,dec_ttl),output:10\n"
        "table=42, priority=100, cookie=0xf3, metadata=0x1000001000002,ip,nw_dst=10.1.1.13,ct_state=-trk actions=ct(table=42,zone=250)\n"
        "table=42, priority=100, cookie=0xf2, metadata=0x1000001000002,ip,nw_dst=10.1.2.12 actions=output:2\n"
        /* The rest of each subnet: bindings learned on the LAN. */
        "table=42, priority=50, cookie=0xc11, metadata=0x1000001000001,ip,nw_dst=10.1.1.0/255.255.255.0 actions=goto_table:48\n"
        "table=42, priority=50, cookie=0xc12, metadata=0x1000001000002,ip,nw_dst=10.1.2.0/255.255.255.0 actions=goto_table:48\n"
        "table=42, priority=0, cookie=0 actions=drop\n");
}

/* Table 45 on hv2 (point 3): from a web peer, its virtual MAC; from db
 * (which may only answer web), the gateway's; from vnet hosts for an
 * address without a binding, nothing; from a machine outside vnet, its own
 * MAC, learned. */
static void
test_receive_point_3(void **state)
{
    struct scenario *s = *state;

    assert_table(s, s->hv2, 45,
        "table=45, priority=100, cookie=0, arp actions=goto_table:47\n"
        "table=45, priority=100, cookie=0xf1, ip,nw_src=10.1.1.11,nw_dst=10.1.1.13 actions=gwmac(src=52:54:00:0f:01:01,dst=52:54:00:0f:01:03),output:1\n"
        "table=45, priority=90, cookie=0xf3, ip,nw_src=10.1.2.0/255.255.255.0,nw_dst=10.1.1.13 actions=gwmac(src=0a:00:00:01:00:01,dst=52:54:00:0f:01:03),output:1\n"
        "table=45, priority=60, cookie=0xb1, ip,dl_src=02:00:00:00:00:11,nw_src=10.1.1.0/255.255.255.0,nw_dst=10.1.1.13 actions=drop\n"
        "table=45, priority=50, cookie=0xf3, ip,nw_src=10.1.1.0/255.255.255.0,nw_dst=10.1.1.13 actions=learn(table=48,idle_timeout=60,priority=100,cookie=0xc11,eth_type=0x800,NXM_OF_IP_DST[]=NXM_OF_IP_SRC[],load:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],load:0x020000000012->NXM_OF_ETH_SRC[],output:NXM_OF_IN_PORT[]),set_field:52:54:00:0f:01:03->eth_dst,output:1\n"
        "table=45, priority=50, cookie=0xf4, ip,nw_src=10.2.1.0/255.255.255.0,nw_dst=10.2.1.14 actions=learn(table=48,idle_timeout=60,priority=100,cookie=0xc21,eth_type=0x800,NXM_OF_IP_DST[]=NXM_OF_IP_SRC[],load:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],load:0x020000000012->NXM_OF_ETH_SRC[],output:NXM_OF_IN_PORT[]),set_field:52:54:00:0f:01:04->eth_dst,output:3\n"
        "table=45, priority=0, cookie=0 actions=drop\n");
}

/* Table 44 (point 4): broadcast to the subnet's group, only where the
 * subnet has VIFs on other hosts; IP multicast with TTL > 1 to the farm's
 * group, and through the gateway to the local VIFs of reachable subnets. */
static void
test_flood_point_4(void **state)
{
    struct scenario *s = *state;
    char *text = table_to_string(&s->intent, s->hv1, 44);

    assert_non_null(strstr(text,
        "table=44, priority=100, cookie=0xc11, metadata=0x1000001000001,ip,"
        "dl_dst=ff:ff:ff:ff:ff:ff actions=output:1,gwmac(src=02:00:00:00:00:"
        "11,dst=03:00:0a:01:01:00),output:10\n"));
    assert_non_null(strstr(text,
        "table=44, priority=100, cookie=0xc11, metadata=0x1000001000001,ip,"
        "dl_dst=01:00:5e:00:00:00/ff:ff:ff:80:00:00 actions=output:1,"
        "clone(gwmac(src=0a:00:00:01:00:02,dst=01:00:5e:00:00:00,dec_ttl),"
        "move:NXM_OF_IP_DST[0..22]->NXM_OF_ETH_DST[0..22],output:2),"
        "gwmac(src=02:00:00:00:00:11,dst=03:00:0a:01:01:00,farm_dst=07:00:"
        "00:00:00:01),output:10\n"));
    assert_non_null(strstr(text,
        "table=44, priority=110, cookie=0xc11, metadata=0x1000001000001,ip,"
        "dl_dst=01:00:5e:00:00:00/ff:ff:ff:80:00:00,nw_ttl=1 actions="
        "output:1,gwmac(src=02:00:00:00:00:11,dst=03:00:0a:01:01:00),"
        "output:10\n"));
    /* db has no VIF on another host: its broadcast stays here, and web is
     * not reachable from db, so its multicast does not cross. */
    assert_non_null(strstr(text,
        "table=44, priority=100, cookie=0xc12, metadata=0x1000001000002,ip,"
        "dl_dst=ff:ff:ff:ff:ff:ff actions=output:2\n"));
    free(text);
}

/* Groups from the wire: hv2 takes web's group (w2) and acme's and globex's
 * farm groups, and not db's group (no db VIF there). */
static void
test_groups_only_where_members_are(void **state)
{
    struct scenario *s = *state;
    char *text = table_to_string(&s->intent, s->hv2, 0);

    assert_non_null(strstr(text, "in_port=10,vlan_tci=0x0000/0x1000,"
                           "dl_dst=03:00:0a:01:01:00 actions=goto_table:46"));
    assert_null(strstr(text, "dl_dst=03:00:0a:01:02:00"));
    assert_non_null(strstr(text, "dl_dst=07:00:00:00:00:01 "));
    assert_non_null(strstr(text, "dl_dst=07:00:00:00:00:02 "));
    free(text);

    /* hv2's web VIF gets web's broadcast from w1 with w1's MAC back. */
    text = table_to_string(&s->intent, s->hv2, 46);
    assert_non_null(strstr(text,
        "table=46, priority=100, cookie=0xf1, dl_dst=03:00:0a:01:01:00,ip,"
        "nw_src=10.1.1.11 actions=gwmac(src=52:54:00:0f:01:01,dst=ff:ff:ff:"
        "ff:ff:ff),output:1\n"));
    free(text);
}

/* Policy: without it, subnets of a farm are apart; with both directions,
 * no conntrack at all. */
static void
test_policy(void **state)
{
    struct scenario *s = *state;
    char *text;

    /* Both ways: plain flows. */
    vnet_intent_add_policy(&s->intent, 0xe2, s->db, s->web);
    text = compile_to_string(&s->intent, s->hv1);
    assert_null(strstr(text, "ct("));
    assert_non_null(strstr(text, "metadata=0x1000001000002,ip,"
                           "nw_dst=10.1.1.11 actions=gwmac(src=0a:00:00:01:"
                           "00:01,dst=52:54:00:0f:01:01,dec_ttl),output:1\n"));
    free(text);

    /* None: nothing between web and db, either way, on either host. */
    s->intent.policies.n = 0;
    text = compile_to_string(&s->intent, s->hv1);
    assert_null(strstr(text, "metadata=0x1000001000002,ip,nw_dst=10.1.1."));
    assert_null(strstr(text, "metadata=0x1000001000001,ip,nw_dst=10.1.2."));
    free(text);
    text = compile_to_string(&s->intent, s->hv2);
    assert_null(strstr(text, "nw_src=10.1.2.0/255.255.255.0"));
    free(text);
}

/* Farms reach each other only while both request peering. */
static void
test_peering_needs_both_sides(void **state)
{
    struct scenario *s = *state;
    char *text;

    text = compile_to_string(&s->intent, s->hv1);
    assert_null(strstr(text, "nw_dst=10.2.1.14"));
    free(text);

    vnet_intent_add_peering(&s->intent, 0xd1, s->acme, s->globex);
    text = compile_to_string(&s->intent, s->hv1);
    assert_null(strstr(text, "nw_dst=10.2.1.14"));
    free(text);

    vnet_intent_add_peering(&s->intent, 0xd2, s->globex, s->acme);
    text = compile_to_string(&s->intent, s->hv1);
    /* From web and from db: across the gateway, between host MACs. */
    assert_non_null(strstr(text, "metadata=0x1000001000001,ip,"
                           "nw_dst=10.2.1.14 actions=gwmac(src=02:00:00:00:"
                           "00:11,dst=02:00:00:00:00:12,dec_ttl),"
                           "output:10\n"));
    assert_non_null(strstr(text, "metadata=0x1000001000002,ip,"
                           "nw_dst=10.2.1.14 actions=gwmac(src=02:00:00:00:"
                           "00:11,dst=02:00:00:00:00:12,dec_ttl),"
                           "output:10\n"));
    free(text);
    text = compile_to_string(&s->intent, s->hv2);
    assert_non_null(strstr(text, "ip,nw_src=10.1.1.0/255.255.255.0,"
                           "nw_dst=10.2.1.14 actions=gwmac(src=0a:00:00:02:"
                           "00:01,dst=52:54:00:0f:01:04),output:3\n"));
    free(text);

    /* Revoked by one side: gone again. */
    s->intent.peerings.n = 1;
    text = compile_to_string(&s->intent, s->hv1);
    assert_null(strstr(text, "nw_dst=10.2.1.14"));
    free(text);
}

/* No VM MAC leaves a host: every action that outputs to the uplink (port
 * 10) rewrites both MACs with gwmac first, to host MACs or groups. */
static void
test_no_vm_mac_on_the_wire(void **state)
{
    struct scenario *s = *state;
    struct vnet_flows flows;

    vnet_intent_add_peering(&s->intent, 0xd1, s->acme, s->globex);
    vnet_intent_add_peering(&s->intent, 0xd2, s->globex, s->acme);
    for (int h = 0; h < 2; h++) {
        vnet_flows_init(&flows);
        vnet_compile_host(&s->intent, h ? s->hv2 : s->hv1, &flows);
        for (size_t i = 0; i < flows.n; i++) {
            const char *a = flows.flows[i].actions;
            const char *out = strstr(a, "output:10");
            if (!out || strstr(flows.flows[i].match, "arp")) {
                continue;
            }
            const char *gw = strstr(a, "gwmac(src=02:00:00:00:00:1");
            if (!gw || gw > out) {
                fail_msg("to the wire without host MACs: %s actions=%s",
                         flows.flows[i].match, a);
            }
        }
        vnet_flows_destroy(&flows);
    }
}

/* Each compiled flow is valid OpenFlow 1.3 as OVS parses it. */
static void
test_every_flow_parses_as_openflow13(void **state)
{
    struct scenario *s = *state;

    vnet_intent_add_peering(&s->intent, 0xd1, s->acme, s->globex);
    vnet_intent_add_peering(&s->intent, 0xd2, s->globex, s->acme);
    for (int h = 0; h < 2; h++) {
        assert_true(assert_flows_parse(&s->intent,
                                       h ? s->hv2 : s->hv1) > 40);
    }
}

/* A moved VIF: the old host forgets it, the new one delivers it, and the
 * others send it to the new host's MAC. */
static void
test_vm_move(void **state)
{
    struct scenario *s = *state;
    struct vnet_host *hv3 = add_host(s, "hv3", 3);
    char *text;

    vnet_vif_bind(s->w2, hv3, u16_to_ofp(7));
    text = compile_to_string(&s->intent, s->hv1);
    assert_non_null(strstr(text, "nw_dst=10.1.1.13 actions=gwmac(src=02:00:"
                           "00:00:00:11,dst=02:00:00:00:00:13),output:10\n"));
    assert_null(strstr(text, "dst=02:00:00:00:00:12"));
    free(text);
    text = compile_to_string(&s->intent, hv3);
    assert_non_null(strstr(text, "in_port=7 actions=set_field:"
                           "0x1000001000001->metadata,goto_table:1\n"));
    free(text);
    text = compile_to_string(&s->intent, s->hv2);
    assert_null(strstr(text, "52:54:00:0f:01:03"));
    free(text);
}

/* Flows grow with a host's own VIFs and the peers they may reach, not with
 * the datacenter: 1000 VIFs of another farm on 50 other hosts change
 * nothing on hv1; 10 more web VIFs elsewhere add a fixed number each. */
static void
test_flows_grow_with_reachable_peers_only(void **state)
{
    struct scenario *s = *state;
    struct vnet_flows flows;
    size_t before, after_other, after_web;
    char name[16];

    vnet_flows_init(&flows);
    vnet_compile_host(&s->intent, s->hv1, &flows);
    before = flows.n;

    struct vnet_farm *big = vnet_intent_add_farm(&s->intent, "big", 0xa9, 9);
    struct vnet_subnet *sub[4];
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "big%d", i);
        sub[i] = add_subnet(s, name, big, i + 1);
    }
    for (int i = 0; i < 50; i++) {
        snprintf(name, sizeof name, "h%d", i);
        struct vnet_host *h = add_host(s, name, 20 + i);
        for (int j = 0; j < 20; j++) {
            struct vnet_vif *v;
            snprintf(name, sizeof name, "v%d.%d", i, j);
            v = vnet_intent_add_vif(&s->intent, name, 0x1000 + i * 20 + j,
                                    mac(i, j), sub[j % 4]->net
                                    | htonl(10 + i * 5 + j / 4), NULL);
            v->subnet = sub[j % 4];
            vnet_vif_bind(v, h, u16_to_ofp(1 + j));
        }
    }
    vnet_compile_host(&s->intent, s->hv1, &flows);
    after_other = flows.n;
    assert_int_equal(after_other, before);

    for (int i = 0; i < 10; i++) {
        snprintf(name, sizeof name, "web%d", i);
        add_vif(s, name, 100 + i, s->web, s->hv2, 20 + i);
    }
    vnet_compile_host(&s->intent, s->hv1, &flows);
    after_web = flows.n;
    /* Per web peer on another host: its ARP binding (41); its route from
     * web and, as db may answer web, two from db (42); w1's receive flow
     * from it (45); its subnet-group broadcast and multicast and its
     * farm-group multicast to w1 (46). */
    assert_int_equal(after_web - before, 10 * 8);
    vnet_flows_destroy(&flows);
}

/* Hosts without VIFs in subnets get no farm flows, and a subnet VIF never
 * enters a segment's tables. */
static void
test_hosts_without_subnets(void **state)
{
    struct scenario *s = *state;
    struct vnet_host *hv3 = add_host(s, "hv3", 3);
    char *text = compile_to_string(&s->intent, hv3);

    assert_null(strstr(text, "table=4"));
    assert_null(strstr(text, "goto_table:10"));
    free(text);
    text = compile_to_string(&s->intent, s->hv1);
    assert_null(strstr(text, "goto_table:10"));
    assert_null(strstr(text, "goto_table:20"));
    free(text);
}

int
main(void)
{
#define T(NAME) cmocka_unit_test_setup_teardown(NAME, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_vif_ingress),
        T(test_sort_and_non_ip_drop),
        T(test_learned_bindings_miss),
        T(test_arp_from_bindings),
        T(test_route_points_1_and_2),
        T(test_receive_point_3),
        T(test_flood_point_4),
        T(test_groups_only_where_members_are),
        T(test_policy),
        T(test_peering_needs_both_sides),
        T(test_no_vm_mac_on_the_wire),
        T(test_every_flow_parses_as_openflow13),
        T(test_vm_move),
        T(test_flows_grow_with_reachable_peers_only),
        T(test_hosts_without_subnets),
    };
#undef T

    return cmocka_run_group_tests_name("farm-compiler", tests, NULL, NULL);
}
