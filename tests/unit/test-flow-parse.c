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

/* Unit tests for ofctl/flow-table: parsing desired flows from ovs-ofctl
 * syntax, formatting them back, comparing actions as the switch sees them,
 * and applying confirmed changes to an installed table. */

#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "flow-table.h"
#include "openvswitch/dynamic-string.h"

/* Parses each of the 'n' flows in 'strs' into 't', asserting success. */
static void
add_strs(struct ofctl_flow_table *t, const char *strs[], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *error = ofctl_flow_table_add_str(t, strs[i]);
        if (error) {
            fail_msg("%s", error);
        }
    }
}

/* Returns the only flow in 't'. */
static const struct ofctl_flow *
only_flow(const struct ofctl_flow_table *t)
{
    const struct ofctl_flow *flow;

    assert_int_equal(ofctl_flow_table_count(t), 1);
    HMAP_FOR_EACH (flow, hmap_node, &t->flows) {
        return flow;
    }
    return NULL;
}

static void
assert_formats_as(const struct ofctl_flow *flow, const char *expected)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    ofctl_flow_format(flow, &s);
    assert_string_equal(ds_cstr(&s), expected);
    ds_destroy(&s);
}

static void
test_parse_and_format_round_trip(void **state OVS_UNUSED)
{
    struct ofctl_flow_table t;

    ofctl_flow_table_init(&t);
    add_strs(&t, (const char *[]) {
        "table=3,priority=100,cookie=0x2a,ip,in_port=1,nw_src=10.0.0.1 "
        "actions=mod_dl_src:50:54:00:00:00:09,output:2"}, 1);
    assert_formats_as(only_flow(&t),
                      "table=3, cookie=0x2a, priority=100,ip,in_port=1,"
                      "nw_src=10.0.0.1 actions=mod_dl_src:50:54:00:00:00:09,"
                      "output:2");
    ofctl_flow_table_destroy(&t);
}

static void
test_defaults_are_table_0_and_default_priority(void **state OVS_UNUSED)
{
    struct ofctl_flow_table t;
    const struct ofctl_flow *flow;

    ofctl_flow_table_init(&t);
    add_strs(&t, (const char *[]) { "actions=drop" }, 1);
    flow = only_flow(&t);
    assert_int_equal(flow->table_id, 0);
    assert_int_equal(flow->priority, 32768);
    assert_true(flow->cookie == 0);
    assert_formats_as(flow, "table=0, priority=32768 actions=drop");
    ofctl_flow_table_destroy(&t);
}

static void
test_bad_flows_are_rejected_whole(void **state OVS_UNUSED)
{
    struct ofctl_flow_table t;
    char *error;

    ofctl_flow_table_init(&t);
    error = ofctl_flow_table_add_str(&t, "in_port=1,actions=frobnicate");
    assert_non_null(error);
    assert_non_null(strstr(error, "frobnicate"));
    free(error);

    error = ofctl_flow_table_add_str(&t, "idle_timeout=5,actions=drop");
    assert_non_null(error);
    assert_non_null(strstr(error, "timeouts"));
    free(error);

    assert_int_equal(ofctl_flow_table_count(&t), 0);
    ofctl_flow_table_destroy(&t);
}

/* A flow read back from the switch says mod_vlan_vid as OpenFlow 1.3 does,
 * as a set_field: that is the same flow, not one to modify. */
static void
test_actions_compare_as_the_switch_sees_them(void **state OVS_UNUSED)
{
    struct ofctl_flow_table a, b, c;
    struct ovs_list changes = OVS_LIST_INITIALIZER(&changes);

    ofctl_flow_table_init(&a);
    ofctl_flow_table_init(&b);
    ofctl_flow_table_init(&c);
    add_strs(&a, (const char *[]) {
        "in_port=1,actions=mod_vlan_vid:5,output:3" }, 1);
    add_strs(&b, (const char *[]) {
        "in_port=1,actions=push_vlan:0x8100,set_field:4101->vlan_vid,"
        "output:3" }, 1);
    add_strs(&c, (const char *[]) {
        "in_port=1,actions=mod_vlan_vid:6,output:3" }, 1);

    assert_true(ofctl_flow_actions_equal(only_flow(&a), only_flow(&b)));
    assert_false(ofctl_flow_actions_equal(only_flow(&a), only_flow(&c)));

    ofctl_flow_table_diff(&a, &b, &changes);
    assert_true(ovs_list_is_empty(&changes));
    ofctl_flow_table_diff(&a, &c, &changes);
    assert_int_equal(ovs_list_size(&changes), 1);
    ofctl_changes_destroy(&changes);

    ofctl_flow_table_destroy(&a);
    ofctl_flow_table_destroy(&b);
    ofctl_flow_table_destroy(&c);
}

/* Applying every change of a diff to the installed table, as the switch
 * confirms them, leaves nothing more to do. */
static void
test_applied_diff_converges(void **state OVS_UNUSED)
{
    struct ofctl_flow_table desired, installed;
    struct ovs_list changes = OVS_LIST_INITIALIZER(&changes);
    const struct ofctl_change *change;

    ofctl_flow_table_init(&desired);
    ofctl_flow_table_init(&installed);
    add_strs(&installed, (const char *[]) {
        "priority=10,in_port=1,actions=output:2",
        "priority=10,in_port=2,actions=output:1",
        "priority=0,actions=drop" }, 3);
    add_strs(&desired, (const char *[]) {
        "priority=10,in_port=1,actions=output:3",
        "priority=10,in_port=3,actions=output:1",
        "cookie=0x7,priority=0,actions=drop" }, 3);

    ofctl_flow_table_diff(&desired, &installed, &changes);
    assert_int_equal(ovs_list_size(&changes), 4);
    LIST_FOR_EACH (change, list_node, &changes) {
        ofctl_flow_table_apply(&installed, change->type, change->flow);
    }
    ofctl_changes_destroy(&changes);

    assert_int_equal(ofctl_flow_table_count(&installed), 3);
    ofctl_flow_table_diff(&desired, &installed, &changes);
    assert_true(ovs_list_is_empty(&changes));

    ofctl_flow_table_destroy(&desired);
    ofctl_flow_table_destroy(&installed);
}

/* The installed table keeps its own copies: the desired flow may go away
 * after its change is applied. */
static void
test_apply_copies_the_flow(void **state OVS_UNUSED)
{
    struct ofctl_flow_table desired, installed;

    ofctl_flow_table_init(&desired);
    ofctl_flow_table_init(&installed);
    add_strs(&desired, (const char *[]) { "in_port=1,actions=output:2" }, 1);
    ofctl_flow_table_apply(&installed, OFCTL_CHANGE_ADD, only_flow(&desired));
    ofctl_flow_table_destroy(&desired);
    assert_formats_as(only_flow(&installed),
                      "table=0, priority=32768,in_port=1 actions=output:2");

    /* Deleting a flow the table does not hold changes nothing. */
    struct ofctl_flow_table other;
    ofctl_flow_table_init(&other);
    add_strs(&other, (const char *[]) { "in_port=9,actions=drop" }, 1);
    ofctl_flow_table_apply(&installed, OFCTL_CHANGE_DELETE, only_flow(&other));
    assert_int_equal(ofctl_flow_table_count(&installed), 1);
    ofctl_flow_table_apply(&other, OFCTL_CHANGE_DELETE, only_flow(&other));
    assert_int_equal(ofctl_flow_table_count(&other), 0);

    ofctl_flow_table_destroy(&other);
    ofctl_flow_table_destroy(&installed);
}

static void
test_sort_is_by_table_then_priority(void **state OVS_UNUSED)
{
    struct ofctl_flow_table t;
    const struct ofctl_flow **flows;

    ofctl_flow_table_init(&t);
    add_strs(&t, (const char *[]) {
        "table=1,priority=5,actions=drop",
        "table=0,priority=1,actions=drop",
        "table=0,priority=9,in_port=2,actions=drop",
        "table=0,priority=9,in_port=1,actions=drop" }, 4);
    flows = ofctl_flow_table_sort(&t);
    assert_formats_as(flows[0],
                      "table=0, priority=9,in_port=1 actions=drop");
    assert_formats_as(flows[1],
                      "table=0, priority=9,in_port=2 actions=drop");
    assert_formats_as(flows[2], "table=0, priority=1 actions=drop");
    assert_formats_as(flows[3], "table=1, priority=5 actions=drop");
    free(flows);
    ofctl_flow_table_destroy(&t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_format_round_trip),
        cmocka_unit_test(test_defaults_are_table_0_and_default_priority),
        cmocka_unit_test(test_bad_flows_are_rejected_whole),
        cmocka_unit_test(test_actions_compare_as_the_switch_sees_them),
        cmocka_unit_test(test_applied_diff_converges),
        cmocka_unit_test(test_apply_copies_the_flow),
        cmocka_unit_test(test_sort_is_by_table_then_priority),
    };

    return cmocka_run_group_tests_name("ofctl-flow-parse", tests, NULL, NULL);
}
