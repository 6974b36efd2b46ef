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

/* Unit tests for ofctl/flow-table: a desired flow, installed by a flow_mod
 * and read back by a flow dump, is the same flow.
 *
 * This is what lets a reconnecting controller send nothing to a switch that
 * is already right: if the match or the actions came back in another form
 * (OpenFlow 1.3 has fewer ways to say some things than ofpacts do), every
 * reconnect would rewrite those flows.  The switch's part is played by the
 * same OVS encoders and decoders ovs-vswitchd uses. */

#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "flow-table.h"
#include "util.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofp-errors.h"
#include "openvswitch/ofp-flow.h"
#include "openvswitch/ofp-msgs.h"
#include "openvswitch/ofp-protocol.h"
#include "openvswitch/ofpbuf.h"

/* Flows of the kinds vnet's pipeline uses. */
static const char *const pipeline_flows[] = {
    /* Classification and port security. */
    "table=0,priority=100,in_port=1,dl_src=50:54:00:00:00:01,"
    "vlan_tci=0x0000/0x1fff,actions=write_metadata:0x5,goto_table:1",
    "table=0,priority=110,in_port=1,vlan_tci=0x1000/0x1000,actions=drop",
    "table=0,priority=100,in_port=1,arp,dl_src=50:54:00:00:00:01,"
    "arp_spa=10.0.1.1,arp_sha=50:54:00:00:00:01,actions=goto_table:1",
    "table=0,priority=100,in_port=1,ip,dl_src=50:54:00:00:00:01,"
    "nw_src=10.0.1.1,actions=load:0x7->NXM_NX_REG0[],resubmit(,1)",
    "table=0,priority=100,in_port=3,dl_vlan=100,"
    "actions=strip_vlan,set_field:0x64->metadata,goto_table:2",
    "table=0,priority=100,in_port=4,tun_id=0x1234,"
    "actions=set_field:0x1234->metadata,goto_table:2",
    /* L2 lookup and output. */
    "table=2,priority=50,metadata=0x64,dl_dst=50:54:00:00:00:02,"
    "actions=output:2",
    "table=2,priority=40,metadata=0x64,"
    "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00,"
    "actions=output:1,output:2,mod_vlan_vid:100,output:3",
    "table=2,priority=50,metadata=0x1234,dl_dst=50:54:00:00:00:09,"
    "actions=set_tunnel:0x1234,set_field:192.0.2.12->tun_dst,output:4",
    "table=2,priority=30,reg0=0x7,ipv6,ipv6_src=2001:db8::/64,"
    "actions=push_vlan:0x8100,set_field:4196->vlan_vid,output:3",
    /* Firewall. */
    "table=3,priority=10,ct_state=-trk,ip,actions=ct(table=4,zone=5)",
    "table=4,priority=10,ct_state=+new+trk,tcp,tp_dst=22,"
    "actions=ct(commit,zone=5),resubmit(,5)",
    "table=5,priority=0,actions=drop",
};

/* Plays the switch: decodes the flow_mod that installs 'flow', as
 * ovs-vswitchd would, and appends the flow stats a dump would report for it
 * to 'replies'. */
static void
switch_install_and_report(const struct ofctl_flow *flow,
                          struct ovs_list *replies)
{
    enum ofputil_protocol p = ofputil_protocol_from_ofp_version(OFP13_VERSION);
    struct ofputil_flow_mod fm = {
        .command = OFPFC_ADD,
        .priority = flow->priority,
        .table_id = flow->table_id,
        .new_cookie = flow->cookie,
        .buffer_id = UINT32_MAX,
        .out_port = OFPP_ANY,
        .out_group = OFPG_ANY,
        .ofpacts = flow->ofpacts,
        .ofpacts_len = flow->ofpacts_len,
    };
    struct ofputil_flow_mod decoded;
    struct ofpbuf ofpacts, *msg;
    enum ofperr error;

    fm.match = flow->match;
    msg = ofputil_encode_flow_mod(&fm, p);
    ofpbuf_init(&ofpacts, 64);
    error = ofputil_decode_flow_mod(&decoded, msg->data, p, NULL, NULL,
                                    &ofpacts, OFPP_MAX, 255);
    assert_int_equal(error, 0);

    struct ofputil_flow_stats fs = {
        .cookie = decoded.new_cookie,
        .table_id = decoded.table_id,
        .priority = decoded.priority,
        .idle_age = -1,
        .hard_age = -1,
        .packet_count = 0,
        .byte_count = 0,
        .ofpacts = decoded.ofpacts,
        .ofpacts_len = decoded.ofpacts_len,
    };
    minimatch_expand(&decoded.match, &fs.match);
    ofputil_append_flow_stats_reply(&fs, replies, NULL);

    minimatch_destroy(&decoded.match);
    ofpbuf_uninit(&ofpacts);
    ofpbuf_delete(msg);
}

/* Plays the controller reading the dump: decodes 'replies' into
 * 'installed'. */
static void
read_dump(struct ovs_list *replies, struct ofctl_flow_table *installed)
{
    struct ofpbuf *reply;

    LIST_FOR_EACH_POP (reply, list_node, replies) {
        /* As received: the header not yet pulled. */
        struct ofpbuf msg = ofpbuf_const_initializer(reply->data,
                                                     reply->size);
        struct ofpbuf ofpacts;

        ofpbuf_init(&ofpacts, 64);
        for (;;) {
            struct ofputil_flow_stats fs;
            int retval = ofputil_decode_flow_stats_reply(&fs, &msg, false,
                                                         &ofpacts);
            if (retval) {
                if (retval != EOF) {
                    fail_msg("bad flow stats reply: %s",
                             ofperr_to_string(retval));
                }
                break;
            }
            ofctl_flow_table_add(installed, fs.table_id, fs.priority,
                                 fs.cookie, &fs.match, fs.ofpacts,
                                 fs.ofpacts_len);
        }
        ofpbuf_uninit(&ofpacts);
        ofpbuf_delete(reply);
    }
}

/* Installs 'flow_str' on the simulated switch, dumps it back, and asserts
 * that the diff between the two is empty. */
static void
assert_survives_dump(const char *flow_str)
{
    struct ofctl_flow_table desired, installed;
    struct ovs_list changes = OVS_LIST_INITIALIZER(&changes);
    struct ovs_list replies;
    struct ofputil_flow_stats_request fsr = {
        .table_id = OFPTT_ALL,
        .out_port = OFPP_ANY,
        .out_group = OFPG_ANY,
    };
    const struct ofctl_flow *flow;
    struct ofpbuf *request;
    char *error;

    ofctl_flow_table_init(&desired);
    ofctl_flow_table_init(&installed);
    error = ofctl_flow_table_add_str(&desired, flow_str);
    if (error) {
        fail_msg("%s", error);
    }

    match_init_catchall(&fsr.match);
    request = ofputil_encode_flow_stats_request(
        &fsr, ofputil_protocol_from_ofp_version(OFP13_VERSION));
    ofpmp_init(&replies, request->data);
    HMAP_FOR_EACH (flow, hmap_node, &desired.flows) {
        switch_install_and_report(flow, &replies);
    }
    read_dump(&replies, &installed);
    ofpbuf_delete(request);

    ofctl_flow_table_diff(&desired, &installed, &changes);
    if (ofctl_flow_table_count(&installed) != 1
        || !ovs_list_is_empty(&changes)) {
        fail_msg("%s: read back as %"PRIuSIZE" flows, %"PRIuSIZE" changes",
                 flow_str, ofctl_flow_table_count(&installed),
                 ovs_list_size(&changes));
    }

    ofctl_changes_destroy(&changes);
    ofctl_flow_table_destroy(&desired);
    ofctl_flow_table_destroy(&installed);
}

static void
test_pipeline_flows_survive_a_dump(void **state OVS_UNUSED)
{
    for (size_t i = 0; i < ARRAY_SIZE(pipeline_flows); i++) {
        assert_survives_dump(pipeline_flows[i]);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pipeline_flows_survive_a_dump),
    };

    return cmocka_run_group_tests_name("ofctl-flow-roundtrip", tests, NULL,
                                       NULL);
}
