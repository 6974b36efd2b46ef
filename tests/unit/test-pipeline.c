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

/* Unit tests for the pipeline declaration (vnet-controller/pipeline.c):
 * its consistency, and the miss flows generated from it. */

#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "flow-compiler.h"
#include "openvswitch/dynamic-string.h"
#include "pipeline.h"
#include "util.h"

/* Tables are declared once each, in order, with a name and a purpose; the
 * learned ones are those learn() writes. */
static void
test_declaration_is_consistent(void **state OVS_UNUSED)
{
    for (size_t i = 0; i < vnet_pipeline_n_tables; i++) {
        const struct vnet_table_decl *t = &vnet_pipeline_tables[i];

        assert_true(i == 0 || t->id > vnet_pipeline_tables[i - 1].id);
        assert_ptr_equal(vnet_pipeline_find(t->id), t);
        assert_true(t->name[0] && t->purpose[0]);
        /* A table that drops on a miss has its miss flow even when learn()
         * writes the rest; only a table that is only resubmitted to may go
         * without one. */
        if (t->miss == VNET_MISS_RETURN) {
            assert_int_equal(t->owner, VNET_OWNER_LEARNED);
        }
    }
    assert_ptr_equal(vnet_pipeline_find(VNET_T_FARM_LEARNED)->owner,
                     VNET_OWNER_LEARNED);
    assert_ptr_equal(vnet_pipeline_find(VNET_T_LEARNED)->owner,
                     VNET_OWNER_LEARNED);
    assert_null(vnet_pipeline_find(3));
}

/* Returns the tables of the miss flows that vnet_pipeline_add_misses()
 * adds to 'n' flows given as (table, actions), e.g. "0 1 2 8 10 20". */
static char *
misses_for(const uint8_t *tables, const char *const *actions, size_t n)
{
    struct vnet_flows flows;
    struct ds s = DS_EMPTY_INITIALIZER;

    vnet_flows_init(&flows);
    for (size_t i = 0; i < n; i++) {
        vnet_flows_add(&flows, tables[i], 100, 0, "", actions[i]);
    }
    vnet_pipeline_add_misses(&flows);
    for (size_t i = n; i < flows.n; i++) {
        const struct vnet_flow *f = &flows.flows[i];

        assert_int_equal(f->priority, VNET_PRIORITY_MISS);
        assert_string_equal(f->match, "");
        assert_string_equal(f->actions, "drop");
        ds_put_format(&s, "%s%d", i > n ? " " : "", f->table_id);
    }
    vnet_flows_destroy(&flows);
    return ds_steal_cstr(&s);
}

#define ASSERT_MISSES(TABLES, ACTIONS, EXPECTED)                        \
    do {                                                                \
        char *misses_ = misses_for(TABLES, ACTIONS, ARRAY_SIZE(TABLES)); \
        assert_string_equal(misses_, EXPECTED);                         \
        free(misses_);                                                  \
    } while (0)

/* The core's misses are on every host; a stage's only where a flow is in
 * one of its tables or goes to one, and never a miss flow for a table
 * whose miss returns to the resubmitting caller (21). */
static void
test_misses_follow_stages(void **state OVS_UNUSED)
{
    static const char core[] = "0 1 2 8 10 20";
    {
        static const uint8_t tables[] = { 0 };
        static const char *const actions[] = { "drop" };
        ASSERT_MISSES(tables, actions, core);
    }
    {
        /* Learning: entered only by resubmit and goto_table. */
        static const uint8_t tables[] = { 10 };
        static const char *const actions[] = {
            "set_field:0xffffffff->reg0,resubmit(,21),goto_table:22" };
        ASSERT_MISSES(tables, actions, "0 1 2 8 10 19 20 22");
    }
    {
        /* A router's interface goes to ROUTING, which holds no route. */
        static const uint8_t tables[] = { 10 };
        static const char *const actions[] = {
            "set_field:0x100000001->metadata,goto_table:30" };
        ASSERT_MISSES(tables, actions, "0 1 2 8 10 20 30");
    }
    {
        /* A farm's flow anywhere: all its tables, the learned one too.
         * learn(table=48) writes there; it does not go there. */
        static const uint8_t tables[] = { 45, 10 };
        static const char *const actions[] = {
            "learn(table=48,priority=100,eth_type=0x800),output:1",
            "learn(table=21,priority=100,OXM_OF_METADATA[])" };
        ASSERT_MISSES(tables, actions,
                      "0 1 2 8 10 20 40 41 42 44 45 46 47 48");
    }
}

/* pipeline/show prints one row per table and per field. */
static void
test_format(void **state OVS_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    size_t rows = 0;

    vnet_pipeline_format(&s);
    for (const char *p = ds_cstr(&s); (p = strstr(p, "\n| ")); p++) {
        rows++;
    }
    /* Two header rows, which start with "|---" or "| table"/"| field",
     * count too. */
    assert_int_equal(rows, vnet_pipeline_n_tables + vnet_pipeline_n_fields
                           + 1);
    assert_non_null(strstr(ds_cstr(&s), "\n| 48 | FARM_LEARNED | farm | "
                           "learned | drop, counted | "));
    assert_non_null(strstr(ds_cstr(&s), "\n| 21 | LEARNED | learning | "
                           "learned | return to the caller | "));
    ds_destroy(&s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_declaration_is_consistent),
        cmocka_unit_test(test_misses_follow_stages),
        cmocka_unit_test(test_format),
    };

    return cmocka_run_group_tests_name("pipeline", tests, NULL, NULL);
}
