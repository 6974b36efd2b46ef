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

#ifndef VNET_COMPILER_TEST_H
#define VNET_COMPILER_TEST_H 1

/* Helpers that the flow compiler's unit tests share.  Include after
 * <cmocka.h>. */

#include "flow-compiler.h"
#include "flow-table.h"
#include "pipeline.h"
#include "openvswitch/dynamic-string.h"
#include "util.h"

/* Returns the formatted flows of 'host' (the caller frees it). */
static inline char *
compile_to_string(const struct vnet_intent *intent,
                  const struct vnet_host *host)
{
    struct vnet_flows flows;
    struct ds s = DS_EMPTY_INITIALIZER;

    vnet_flows_init(&flows);
    vnet_compile_host(intent, host, &flows);
    vnet_flows_format(&flows, &s);
    vnet_flows_destroy(&flows);
    return ds_steal_cstr(&s);
}

/* Checks that every flow of 'host' parses as a desired flow in OpenFlow 1.3,
 * that no two have one identity (table, priority and match: a switch would
 * keep only one of them), and that each is in a declared table which, if
 * it drops on a miss, has its miss flow; returns how many there are. */
static inline size_t
assert_flows_parse(const struct vnet_intent *intent,
                   const struct vnet_host *host)
{
    struct ofctl_flow_table identities;
    struct vnet_flows flows;

    ofctl_flow_table_init(&identities);
    vnet_flows_init(&flows);
    vnet_compile_host(intent, host, &flows);
    for (size_t i = 0; i < flows.n; i++) {
        struct ds s = DS_EMPTY_INITIALIZER;

        vnet_flow_format(&flows.flows[i], &s);
        char *error = ofctl_flow_table_add_unique_str(&identities,
                                                      ds_cstr(&s), NULL);
        if (error) {
            fail_msg("%s: %s", ds_cstr(&s), error);
        }
        ds_destroy(&s);
    }

    for (size_t i = 0; i < flows.n; i++) {
        const struct vnet_table_decl *t
            = vnet_pipeline_find(flows.flows[i].table_id);
        bool has_miss = false;

        if (!t) {
            fail_msg("table %d is not declared", flows.flows[i].table_id);
        }
        for (size_t j = 0; j < flows.n; j++) {
            has_miss = has_miss || (flows.flows[j].table_id == t->id
                                    && !flows.flows[j].priority);
        }
        if (t->miss == VNET_MISS_DROP && !has_miss) {
            fail_msg("table %d has flows but no miss flow", t->id);
        }
    }

    size_t n = flows.n;
    vnet_flows_destroy(&flows);
    ofctl_flow_table_destroy(&identities);
    return n;
}

#endif /* compiler-test.h */
