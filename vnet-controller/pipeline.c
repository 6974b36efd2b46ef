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

/* br-vnet's pipeline declaration (pipeline.h), and what is generated from
 * it: the tables' miss flows and the pipeline's description. */

#include <config.h>
#include "pipeline.h"
#include <stdlib.h>
#include <string.h>
#include "flows.h"
#include "openvswitch/dynamic-string.h"
#include "util.h"

/* In table order.  A purpose is one line: the flows themselves are
 * described with the compiler that writes them. */
const struct vnet_table_decl vnet_pipeline_tables[] = {
#define T(ID, STAGE, OWNER, MISS, PURPOSE) \
    { VNET_T_##ID, #ID, VNET_STAGE_##STAGE, VNET_OWNER_##OWNER, \
      VNET_MISS_##MISS, PURPOSE }
    T(CLASSIFY, CORE, COMPILED, DROP,
      "in_port: a VIF's segment or subnet; a known host's tunnel or tag; "
      "a gateway's physical side"),
    T(PORT_SECURITY, CORE, COMPILED, DROP,
      "a VIF sends only from its MAC and IPv4 address, untagged"),
    T(ADMISSION, CORE, COMPILED, DROP,
      "only admitted VIFs go on, to their segment or subnet"),
    T(TUNNEL_ID, CORE, COMPILED, DROP,
      "VXLAN VNI or EtherIP VNET id to a segment present here"),
    T(L2_FROM_VIF, CORE, COMPILED, DROP,
      "destination MAC to a local port or a remote host; flood; "
      "a router's MAC to ROUTING"),
    T(LEARN, LEARNING, COMPILED, DROP,
      "learn() the source no member binds, up to the segment's limit"),
    T(L2_FROM_WIRE, CORE, COMPILED, DROP,
      "local delivery only (split horizon), and a gateway's uplink"),
    T(LEARNED, LEARNING, LEARNED, RETURN,
      "learned MACs: the host they are behind into reg0"),
    T(LEARNED_OUT, LEARNING, COMPILED, DROP,
      "reg0 to the way out; not learned: flood"),
    T(ROUTING, ROUTING, COMPILED, DROP,
      "a distributed router's routes, on the sender's host"),
    T(FARM_FROM_VIF, FARM, COMPILED, DROP,
      "sort a subnet VIF's frame: ARP, IP unicast, IP broadcast/multicast"),
    T(FARM_ARP, FARM, COMPILED, DROP,
      "answer ARP from bindings; solicit the rest on the LAN"),
    T(FARM_ROUTE, FARM, COMPILED, DROP,
      "IP unicast that policy allows: local gwmac, or to the peer's host"),
    T(FARM_FLOOD, FARM, COMPILED, DROP,
      "IP broadcast and multicast from a VIF: subnet and farm groups"),
    T(FARM_FROM_WIRE, FARM, COMPILED, DROP,
      "unicast to this host's MAC: restore the MACs"),
    T(FARM_GROUP, FARM, COMPILED, DROP,
      "a subnet or farm group from the wire: local members only"),
    T(FARM_ARP_WIRE, FARM, COMPILED, DROP,
      "ARP from the LAN: answer for local VIFs, take solicited answers"),
    T(FARM_LEARNED, FARM, LEARNED, DROP,
      "bindings learned on the LAN, aged by idle_timeout"),
#undef T
};
const size_t vnet_pipeline_n_tables = ARRAY_SIZE(vnet_pipeline_tables);

const struct vnet_field_decl vnet_pipeline_fields[] = {
    { "metadata", "a segment's key (bits 0-31), a subnet's (bit 48, the "
      "farm in bits 24-47, the subnet in 0-23) or, from L2_FROM_VIF on, a "
      "router's (bit 32, its key in 0-31)" },
    { "reg0", "LEARNED's answer: the underlay IP of the host a MAC is "
      "behind, 0 for the gateway uplink, all-ones for not learned" },
    { "reg1", "0x1: the frame came in through its segment's gateway "
      "uplink, and never goes back out of it" },
};
const size_t vnet_pipeline_n_fields = ARRAY_SIZE(vnet_pipeline_fields);

const struct vnet_table_decl *
vnet_pipeline_find(uint8_t table_id)
{
    for (size_t i = 0; i < vnet_pipeline_n_tables; i++) {
        if (vnet_pipeline_tables[i].id == table_id) {
            return &vnet_pipeline_tables[i];
        }
    }
    return NULL;
}

static const char *
stage_name(enum vnet_stage stage)
{
    switch (stage) {
    case VNET_STAGE_CORE: return "core";
    case VNET_STAGE_LEARNING: return "learning";
    case VNET_STAGE_ROUTING: return "routing";
    case VNET_STAGE_FARM: return "farm";
    }
    OVS_NOT_REACHED();
}

static void
tables_add(struct vnet_tables *tables, unsigned long int table)
{
    if (table <= UINT8_MAX) {
        tables->bits[table / 64] |= UINT64_C(1) << (table % 64);
    }
}

static bool
tables_contain(const struct vnet_tables *tables, uint8_t table)
{
    return (tables->bits[table / 64] >> (table % 64)) & 1;
}

/* Adds to 'tables' the tables that 'flows' are in or continue in.
 * learn()'s table= is where it writes, not where the packet goes. */
void
vnet_tables_note(struct vnet_tables *tables, const struct vnet_flows *flows)
{
    static const char *const verbs[] = { "goto_table:", "resubmit(," };

    for (size_t i = 0; i < flows->n; i++) {
        const char *actions = flows->flows[i].actions;

        tables_add(tables, flows->flows[i].table_id);
        for (size_t j = 0; j < ARRAY_SIZE(verbs); j++) {
            for (const char *p = strstr(actions, verbs[j]); p;
                 p = strstr(p + 1, verbs[j])) {
                tables_add(tables, strtoul(p + strlen(verbs[j]), NULL, 10));
            }
        }
    }
}

void
vnet_tables_or(struct vnet_tables *a, const struct vnet_tables *b)
{
    for (size_t i = 0; i < ARRAY_SIZE(a->bits); i++) {
        a->bits[i] |= b->bits[i];
    }
}

/* Adds the miss flow of every dropping table of every stage that has a
 * table in 'tables', the tables that a host's flows are in or go to, so
 * that a packet that can reach a table and matches nothing there is
 * dropped by a flow whose counters say so, rather than by OpenFlow's
 * silent table miss.  The core is on every host. */
void
vnet_pipeline_add_misses_for(const struct vnet_tables *tables,
                             struct vnet_flows *flows)
{
    bool used[VNET_STAGE_FARM + 1] = { [VNET_STAGE_CORE] = true };

    for (size_t i = 0; i < vnet_pipeline_n_tables; i++) {
        const struct vnet_table_decl *t = &vnet_pipeline_tables[i];
        used[t->stage] = used[t->stage] || tables_contain(tables, t->id);
    }
    for (size_t i = 0; i < vnet_pipeline_n_tables; i++) {
        const struct vnet_table_decl *t = &vnet_pipeline_tables[i];
        if (used[t->stage] && t->miss == VNET_MISS_DROP) {
            vnet_flows_add(flows, t->id, VNET_PRIORITY_MISS, 0, "", "drop");
        }
    }
}

/* Adds the miss flows that 'flows', all of a host's, call for. */
void
vnet_pipeline_add_misses(struct vnet_flows *flows)
{
    struct vnet_tables tables = { .bits = { 0 } };

    vnet_tables_note(&tables, flows);
    vnet_pipeline_add_misses_for(&tables, flows);
}

/* Appends the declaration to 's' as Markdown tables, the form DESIGN.md
 * shows (a test checks that the two agree). */
void
vnet_pipeline_format(struct ds *s)
{
    ds_put_cstr(s, "| table | name | stage | owner | miss | purpose |\n"
                "|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < vnet_pipeline_n_tables; i++) {
        const struct vnet_table_decl *t = &vnet_pipeline_tables[i];
        ds_put_format(s, "| %d | %s | %s | %s | %s | %s |\n", t->id,
                      t->name, stage_name(t->stage),
                      t->owner == VNET_OWNER_COMPILED ? "compiled"
                      : "learned",
                      t->miss == VNET_MISS_DROP ? "drop, counted"
                      : "return to the caller", t->purpose);
    }
    ds_put_cstr(s, "\n| field | carries |\n|---|---|\n");
    for (size_t i = 0; i < vnet_pipeline_n_fields; i++) {
        ds_put_format(s, "| %s | %s |\n", vnet_pipeline_fields[i].field,
                      vnet_pipeline_fields[i].carries);
    }
}
