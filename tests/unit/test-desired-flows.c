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

/* Unit tests for vnet-controller/desired-flows: compiled flows into a
 * switch's desired table, parsing only what changed. */

#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "desired-flows.h"
#include "flow-compiler.h"
#include "flow-table.h"
#include "host-flows.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "util.h"

struct fixture {
    struct desired_flows dfs;
    struct ofctl_flow_table table;
    struct vnet_flows compiled;
};

static int
setup(void **state)
{
    struct fixture *f = xzalloc(sizeof *f);

    desired_flows_init(&f->dfs);
    ofctl_flow_table_init(&f->table);
    vnet_flows_init(&f->compiled);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;

    desired_flows_destroy(&f->dfs);
    ofctl_flow_table_destroy(&f->table);
    vnet_flows_destroy(&f->compiled);
    free(f);
    return 0;
}

/* Makes 'flows' the flows of one part, "", as the incremental compiler
 * would: the change gives the part's flows before, 'f->compiled', and
 * after, 'flows', which become 'f->compiled'.  Returns what
 * desired_flows_update() did. */
static bool
put_flows(struct fixture *f, struct vnet_flows *flows)
{
    struct vnet_part_change change = {
        .name = CONST_CAST(char *, ""),
        .old = f->compiled,
        .flows = flows,
    };
    bool changed;

    changed = desired_flows_update(&f->dfs, &f->table, &change, 1);
    vnet_flows_destroy(&change.old);
    f->compiled = *flows;
    vnet_flows_init(flows);
    return changed;
}

/* Sets 'flows' to the flows "IN_PORT>OUT_PORT" (table 0, priority 100), one
 * for each pair of numbers in 'spec', e.g. "1>2 3>4". */
static void
parse_spec(struct vnet_flows *flows, const char *spec)
{
    int in_port, out_port, n;

    vnet_flows_clear(flows);
    while (sscanf(spec, " %d>%d%n", &in_port, &out_port, &n) == 2) {
        char *match = xasprintf("in_port=%d", in_port);
        char *actions = xasprintf("output:%d", out_port);

        vnet_flows_add(flows, 0, 100, 0x1, match, actions);
        free(match);
        free(actions);
        spec += n;
    }
}

/* Puts the flows of 'spec' (parse_spec()) as put_flows() does. */
static bool
put(struct fixture *f, const char *spec)
{
    struct vnet_flows flows = VNET_FLOWS_INITIALIZER;

    parse_spec(&flows, spec);
    return put_flows(f, &flows);
}

/* The desired table as "IN_PORT>OUT_PORT" pairs in OpenFlow's order. */
static char *
table_string(const struct ofctl_flow_table *table)
{
    const struct ofctl_flow **flows = ofctl_flow_table_sort(table);
    struct ds s = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < ofctl_flow_table_count(table); i++) {
        struct ds flow = DS_EMPTY_INITIALIZER;
        int in_port, out_port;

        ofctl_flow_format(flows[i], &flow);
        assert_true(sscanf(strstr(ds_cstr(&flow), "in_port="),
                           "in_port=%d", &in_port) == 1);
        assert_true(sscanf(strstr(ds_cstr(&flow), "output:"), "output:%d",
                           &out_port) == 1);
        ds_put_format(&s, "%s%d>%d", i ? " " : "", in_port, out_port);
        ds_destroy(&flow);
    }
    free(flows);
    return ds_steal_cstr(&s);
}

/* For the tests of compiler bugs, which desired-flows logs as errors. */
static void
quiet(void)
{
    vlog_set_levels(vlog_module_from_name("desired_flows"),
                    VLF_ANY_DESTINATION, VLL_OFF);
}

static void
assert_table(const struct fixture *f, const char *expected)
{
    char *actual = table_string(&f->table);

    assert_string_equal(actual, expected);
    free(actual);
}

static void
test_first_put_parses_every_flow(void **state)
{
    struct fixture *f = *state;

    assert_true(put(f, "1>2 3>4"));
    assert_table(f, "1>2 3>4");
    assert_int_equal(desired_flows_count(&f->dfs), 2);
}

/* The same flows again change nothing: the table keeps the very flows it
 * had, which were not parsed again. */
static void
test_same_flows_change_nothing(void **state)
{
    struct fixture *f = *state;
    const struct ofctl_flow **before, **after;

    put(f, "1>2 3>4");
    before = ofctl_flow_table_sort(&f->table);
    assert_false(put(f, "3>4 1>2"));
    after = ofctl_flow_table_sort(&f->table);
    assert_ptr_equal(after[0], before[0]);
    assert_ptr_equal(after[1], before[1]);
    assert_table(f, "1>2 3>4");
    free(before);
    free(after);
}

/* A change parses only the flow it adds and removes only the one it drops:
 * the flow both sets share stays the same object. */
static void
test_change_touches_only_what_changed(void **state)
{
    struct fixture *f = *state;
    struct ofctl_flow *kept;
    const struct ofctl_flow **sorted;

    put(f, "1>2 3>4");
    sorted = ofctl_flow_table_sort(&f->table);
    kept = CONST_CAST(struct ofctl_flow *, sorted[0]);
    free(sorted);

    assert_true(put(f, "1>2 5>6"));
    assert_table(f, "1>2 5>6");
    assert_ptr_equal(ofctl_flow_table_find_flow(&f->table, kept), kept);
}

/* New actions for a match are one flow leaving and one coming: the table
 * ends with only the new one. */
static void
test_new_actions_replace_the_flow(void **state)
{
    struct fixture *f = *state;

    put(f, "1>2");
    assert_true(put(f, "1>7"));
    assert_table(f, "1>7");
    assert_int_equal(desired_flows_count(&f->dfs), 1);
}

/* Two flows with one identity are a compiler bug: the one in the table, or
 * else the first, is kept, and the other goes in once it is alone. */
static void
test_repeated_identity_keeps_one(void **state)
{
    struct fixture *f = *state;

    quiet();
    put(f, "1>2 1>3 1>2");
    assert_table(f, "1>2");
    assert_true(put(f, "4>5 1>3 1>2"));
    assert_table(f, "1>2 4>5");
    assert_true(put(f, "1>3"));
    assert_table(f, "1>3");
}

/* A flow that does not parse is left out; the others go in. */
static void
test_unparsable_flow_is_left_out(void **state)
{
    struct fixture *f = *state;
    struct vnet_flows flows = VNET_FLOWS_INITIALIZER;

    quiet();
    vnet_flows_add(&flows, 0, 100, 0x1, "in_port=1", "output:2");
    vnet_flows_add(&flows, 0, 100, 0x1, "no_such_field=1", "drop");
    assert_true(put_flows(f, &flows));
    assert_table(f, "1>2");
    /* The same again: nothing to parse, nothing changes. */
    vnet_flows_add(&flows, 0, 100, 0x1, "in_port=1", "output:2");
    vnet_flows_add(&flows, 0, 100, 0x1, "no_such_field=1", "drop");
    assert_false(put_flows(f, &flows));
    vnet_flows_destroy(&flows);
}

/* After forget (a new switch session), every flow goes into the new, empty
 * table. */
static void
test_forget_starts_over(void **state)
{
    struct fixture *f = *state;

    put(f, "1>2 3>4");
    ofctl_flow_table_clear(&f->table);
    desired_flows_forget(&f->dfs);
    assert_true(put(f, "1>2 3>4"));
    assert_table(f, "1>2 3>4");
}

/* An update replaces only the parts it names; a flow's identity may move
 * from a part that goes to one that comes, in one update. */
static void
test_parts(void **state)
{
    struct fixture *f = *state;
    struct vnet_flows a, b, b2, c;
    struct vnet_part_change changes[3] = {
        { .name = "a", .old = VNET_FLOWS_INITIALIZER, .flows = &a },
        { .name = "b", .old = VNET_FLOWS_INITIALIZER, .flows = &b },
        { .name = "c", .old = VNET_FLOWS_INITIALIZER, .flows = &c },
    };

    vnet_flows_init(&a);
    vnet_flows_init(&b);
    vnet_flows_init(&b2);
    vnet_flows_init(&c);
    parse_spec(&a, "1>2");
    parse_spec(&b, "3>4");
    parse_spec(&c, "5>6 7>8");
    assert_true(desired_flows_update(&f->dfs, &f->table, changes, 3));
    assert_table(f, "1>2 3>4 5>6 7>8");
    assert_int_equal(desired_flows_count(&f->dfs), 4);

    /* "b" comes first, with the identity of "a"'s flow, and "a" goes. */
    parse_spec(&b2, "1>9 3>4");
    changes[0] = (struct vnet_part_change) {
        .name = "b", .old = b, .flows = &b2,
    };
    changes[1] = (struct vnet_part_change) {
        .name = "a", .old = a, .flows = NULL,
    };
    assert_true(desired_flows_update(&f->dfs, &f->table, changes, 2));
    assert_table(f, "1>9 3>4 5>6 7>8");
    assert_int_equal(desired_flows_count(&f->dfs), 4);

    /* A part whose flows are the same changes nothing. */
    changes[2].old = c;
    assert_false(desired_flows_update(&f->dfs, &f->table, &changes[2], 1));

    vnet_flows_destroy(&a);
    vnet_flows_destroy(&b);
    vnet_flows_destroy(&b2);
    vnet_flows_destroy(&c);
}

int
main(void)
{
#define T(NAME) cmocka_unit_test_setup_teardown(NAME, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_first_put_parses_every_flow),
        T(test_same_flows_change_nothing),
        T(test_change_touches_only_what_changed),
        T(test_new_actions_replace_the_flow),
        T(test_repeated_identity_keeps_one),
        T(test_unparsable_flow_is_left_out),
        T(test_forget_starts_over),
        T(test_parts),
    };

    return cmocka_run_group_tests_name("desired-flows", tests, NULL, NULL);
}
