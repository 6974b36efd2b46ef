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

/* Unit tests for ofctl/flow-table: the desired-vs-installed diff. */

#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>
#include "byte-order.h"
#include "flow.h"
#include "flow-table.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofpbuf.h"

/* Adds a flow matching in_port='in_port' whose only action outputs to
 * 'out_port'. */
static struct ofctl_flow *
add_flow(struct ofctl_flow_table *t, uint8_t table_id, uint16_t priority,
         uint64_t cookie, ofp_port_t in_port, ofp_port_t out_port)
{
    struct ofpbuf ofpacts;
    struct match match;
    struct ofctl_flow *flow;

    match_init_catchall(&match);
    match_set_in_port(&match, in_port);
    ofpbuf_init(&ofpacts, 64);
    ofpact_put_OUTPUT(&ofpacts)->port = out_port;
    flow = ofctl_flow_table_add(t, table_id, priority, htonll(cookie), &match,
                                ofpacts.data, ofpacts.size);
    ofpbuf_uninit(&ofpacts);
    return flow;
}

/* Counts the changes of each type in 'changes'. */
static void
count_changes(const struct ovs_list *changes, int *adds, int *mods,
              int *dels)
{
    const struct ofctl_change *c;

    *adds = *mods = *dels = 0;
    LIST_FOR_EACH (c, list_node, changes) {
        *(c->type == OFCTL_CHANGE_ADD ? adds
          : c->type == OFCTL_CHANGE_MODIFY ? mods : dels) += 1;
    }
}

static void
diff_counts(const struct ofctl_flow_table *desired,
            const struct ofctl_flow_table *installed,
            int adds, int mods, int dels)
{
    struct ovs_list changes = OVS_LIST_INITIALIZER(&changes);
    int a, m, d;

    ofctl_flow_table_diff(desired, installed, &changes);
    count_changes(&changes, &a, &m, &d);
    assert_int_equal(a, adds);
    assert_int_equal(m, mods);
    assert_int_equal(d, dels);
    ofctl_changes_destroy(&changes);
}

static void
test_identical_tables_need_nothing(void **state OVS_UNUSED)
{
    struct ofctl_flow_table desired, installed;

    ofctl_flow_table_init(&desired);
    ofctl_flow_table_init(&installed);
    for (int i = 1; i <= 100; i++) {
        add_flow(&desired, i % 4, 100, i, u16_to_ofp(i), u16_to_ofp(i + 1));
        add_flow(&installed, i % 4, 100, i, u16_to_ofp(i), u16_to_ofp(i + 1));
    }
    diff_counts(&desired, &installed, 0, 0, 0);
    ofctl_flow_table_destroy(&desired);
    ofctl_flow_table_destroy(&installed);
}

static void
test_empty_switch_gets_every_flow(void **state OVS_UNUSED)
{
    struct ofctl_flow_table desired, installed;

    ofctl_flow_table_init(&desired);
    ofctl_flow_table_init(&installed);
    for (int i = 1; i <= 10; i++) {
        add_flow(&desired, 0, 100, 1, u16_to_ofp(i), u16_to_ofp(20));
    }
    diff_counts(&desired, &installed, 10, 0, 0);
    diff_counts(&installed, &desired, 0, 0, 10);
    ofctl_flow_table_destroy(&desired);
    ofctl_flow_table_destroy(&installed);
}

static void
test_changed_actions_are_one_modify(void **state OVS_UNUSED)
{
    struct ovs_list changes = OVS_LIST_INITIALIZER(&changes);
    struct ofctl_flow_table desired, installed;
    struct ofctl_change *c;

    ofctl_flow_table_init(&desired);
    ofctl_flow_table_init(&installed);
    add_flow(&installed, 0, 100, 7, u16_to_ofp(1), u16_to_ofp(2));
    add_flow(&desired, 0, 100, 7, u16_to_ofp(1), u16_to_ofp(3));
    ofctl_flow_table_diff(&desired, &installed, &changes);
    assert_int_equal(ovs_list_size(&changes), 1);
    c = CONTAINER_OF(ovs_list_front(&changes), struct ofctl_change,
                     list_node);
    assert_int_equal(c->type, OFCTL_CHANGE_MODIFY);
    assert_int_equal(ofpact_get_OUTPUT(c->flow->ofpacts)->port,
                     u16_to_ofp(3));
    ofctl_changes_destroy(&changes);
    ofctl_flow_table_destroy(&desired);
    ofctl_flow_table_destroy(&installed);
}

static void
test_changed_cookie_is_a_modify(void **state OVS_UNUSED)
{
    struct ofctl_flow_table desired, installed;

    ofctl_flow_table_init(&desired);
    ofctl_flow_table_init(&installed);
    add_flow(&installed, 0, 100, 7, u16_to_ofp(1), u16_to_ofp(2));
    add_flow(&desired, 0, 100, 8, u16_to_ofp(1), u16_to_ofp(2));
    diff_counts(&desired, &installed, 0, 1, 0);
    ofctl_flow_table_destroy(&desired);
    ofctl_flow_table_destroy(&installed);
}

/* Priority and table are part of a flow's identity: the same match at another
 * priority or in another table is another flow. */
static void
test_identity_includes_table_and_priority(void **state OVS_UNUSED)
{
    struct ofctl_flow_table desired, installed;

    ofctl_flow_table_init(&desired);
    ofctl_flow_table_init(&installed);
    add_flow(&installed, 0, 100, 1, u16_to_ofp(1), u16_to_ofp(2));
    add_flow(&desired, 0, 200, 1, u16_to_ofp(1), u16_to_ofp(2));
    add_flow(&desired, 1, 100, 1, u16_to_ofp(1), u16_to_ofp(2));
    diff_counts(&desired, &installed, 2, 0, 1);
    ofctl_flow_table_destroy(&desired);
    ofctl_flow_table_destroy(&installed);
}

static void
test_add_replaces_same_identity(void **state OVS_UNUSED)
{
    struct ofctl_flow_table t;
    struct match match;

    ofctl_flow_table_init(&t);
    add_flow(&t, 0, 100, 1, u16_to_ofp(1), u16_to_ofp(2));
    add_flow(&t, 0, 100, 2, u16_to_ofp(1), u16_to_ofp(5));
    assert_int_equal(ofctl_flow_table_count(&t), 1);

    match_init_catchall(&match);
    match_set_in_port(&match, u16_to_ofp(1));
    struct ofctl_flow *f = ofctl_flow_table_find(&t, 0, 100, &match);
    assert_non_null(f);
    assert_int_equal(ntohll(f->cookie), 2);
    ofctl_flow_table_remove(&t, f);
    assert_int_equal(ofctl_flow_table_count(&t), 0);
    assert_null(ofctl_flow_table_find(&t, 0, 100, &match));
    ofctl_flow_table_destroy(&t);
}

/* add_unique_str() adds a flow of a new identity and refuses one that is
 * taken, leaving the flow there as it was. */
static void
test_add_unique_refuses_same_identity(void **state OVS_UNUSED)
{
    struct ofctl_flow_table t;
    struct ofctl_flow *first, *flow;
    struct match match;
    char *error;

    ofctl_flow_table_init(&t);
    first = add_flow(&t, 0, 100, 1, u16_to_ofp(1), u16_to_ofp(2));

    match_init_catchall(&match);
    match_set_in_port(&match, u16_to_ofp(1));
    error = ofctl_flow_table_add_unique_str(
        &t, "priority=100,cookie=2,in_port=1,actions=output:5", &flow);
    assert_non_null(strstr(error, "another flow has this table"));
    free(error);
    assert_null(flow);
    assert_int_equal(ofctl_flow_table_count(&t), 1);
    assert_ptr_equal(ofctl_flow_table_find(&t, 0, 100, &match), first);
    assert_int_equal(ntohll(first->cookie), 1);

    error = ofctl_flow_table_add_unique_str(
        &t, "priority=101,cookie=2,in_port=1,actions=output:5", &flow);
    assert_null(error);
    assert_non_null(flow);
    assert_int_equal(ofctl_flow_table_count(&t), 2);
    ofctl_flow_table_destroy(&t);
}

/* A mixed change: of 5 installed flows, 3 stay, 1 changes and 1 goes, and 2
 * new ones come.  Deletions are listed before additions. */
static void
test_mixed_change_is_minimal_and_ordered(void **state OVS_UNUSED)
{
    struct ovs_list changes = OVS_LIST_INITIALIZER(&changes);
    struct ofctl_flow_table desired, installed;
    const struct ofctl_change *c;
    bool seen_add = false;

    ofctl_flow_table_init(&desired);
    ofctl_flow_table_init(&installed);
    for (int i = 1; i <= 5; i++) {
        add_flow(&installed, 0, 100, 1, u16_to_ofp(i), u16_to_ofp(9));
    }
    for (int i = 1; i <= 3; i++) {
        add_flow(&desired, 0, 100, 1, u16_to_ofp(i), u16_to_ofp(9));
    }
    add_flow(&desired, 0, 100, 1, u16_to_ofp(4), u16_to_ofp(8));
    add_flow(&desired, 0, 100, 1, u16_to_ofp(6), u16_to_ofp(9));
    add_flow(&desired, 0, 100, 1, u16_to_ofp(7), u16_to_ofp(9));

    diff_counts(&desired, &installed, 2, 1, 1);
    ofctl_flow_table_diff(&desired, &installed, &changes);
    LIST_FOR_EACH (c, list_node, &changes) {
        if (c->type == OFCTL_CHANGE_ADD) {
            seen_add = true;
        }
        assert_false(seen_add && c->type == OFCTL_CHANGE_DELETE);
    }
    ofctl_changes_destroy(&changes);
    ofctl_flow_table_destroy(&desired);
    ofctl_flow_table_destroy(&installed);
}

static void
test_change_type_names(void **state OVS_UNUSED)
{
    assert_string_equal(ofctl_change_type_to_string(OFCTL_CHANGE_ADD), "add");
    assert_string_equal(ofctl_change_type_to_string(OFCTL_CHANGE_MODIFY),
                        "modify");
    assert_string_equal(ofctl_change_type_to_string(OFCTL_CHANGE_DELETE),
                        "delete");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identical_tables_need_nothing),
        cmocka_unit_test(test_empty_switch_gets_every_flow),
        cmocka_unit_test(test_changed_actions_are_one_modify),
        cmocka_unit_test(test_changed_cookie_is_a_modify),
        cmocka_unit_test(test_identity_includes_table_and_priority),
        cmocka_unit_test(test_add_replaces_same_identity),
        cmocka_unit_test(test_add_unique_refuses_same_identity),
        cmocka_unit_test(test_mixed_change_is_minimal_and_ordered),
        cmocka_unit_test(test_change_type_names),
    };

    return cmocka_run_group_tests_name("ofctl-flow-table", tests, NULL, NULL);
}
