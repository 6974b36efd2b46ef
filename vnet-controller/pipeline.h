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

#ifndef VNET_PIPELINE_H
#define VNET_PIPELINE_H 1

/* br-vnet's pipeline, declared once, as data: every table's id, name,
 * purpose, stage, owner and miss, and what the metadata and registers
 * carry between tables.  The compilers name tables by these ids; the
 * tables' miss flows, and the set of tables whose learned flows the
 * controller's sync leaves alone, are generated from the declaration
 * (pipeline.c), and "ovs-appctl -t vnet-controller pipeline/show" prints
 * it, as DESIGN.md shows it. */

#include <stddef.h>
#include <stdint.h>

struct ds;
struct vnet_flows;

enum vnet_table {
    VNET_T_CLASSIFY = 0,
    VNET_T_PORT_SECURITY = 1,
    VNET_T_ADMISSION = 2,
    VNET_T_TUNNEL_ID = 8,
    VNET_T_L2_FROM_VIF = 10,
    VNET_T_LEARN = 19,
    VNET_T_L2_FROM_WIRE = 20,
    VNET_T_LEARNED = 21,
    VNET_T_LEARNED_OUT = 22,
    VNET_T_ROUTING = 30,
    VNET_T_FARM_FROM_VIF = 40,
    VNET_T_FARM_ARP = 41,
    VNET_T_FARM_ROUTE = 42,
    VNET_T_FARM_FLOOD = 44,
    VNET_T_FARM_FROM_WIRE = 45,
    VNET_T_FARM_GROUP = 46,
    VNET_T_FARM_ARP_WIRE = 47,
    VNET_T_FARM_LEARNED = 48,
};

/* A set of tables that one feature's compiler fills.  A host has a stage
 * when one of the stage's tables holds a flow or is gone to (goto_table,
 * resubmit); the core is on every host. */
enum vnet_stage {
    VNET_STAGE_CORE,            /* Classification, port security,
                                 * admission, L2 segments. */
    VNET_STAGE_LEARNING,        /* EtherIP segments' MAC learning. */
    VNET_STAGE_ROUTING,         /* Distributed routers. */
    VNET_STAGE_FARM,            /* Farms and subnets (MAC rewriting). */
};

/* Who writes a table's flows. */
enum vnet_table_owner {
    VNET_OWNER_COMPILED,        /* The controller, from intent. */
    VNET_OWNER_LEARNED,         /* learn() in the switch, except the miss:
                                 * the controller's sync leaves the rest
                                 * alone. */
};

/* What becomes of a packet that no flow of the table matches. */
enum vnet_table_miss {
    VNET_MISS_DROP,             /* A priority-0 flow drops it, counted. */
    VNET_MISS_RETURN,           /* Only ever resubmitted to: the caller's
                                 * actions go on, so nothing is dropped
                                 * and there is no miss flow. */
};

/* The priority of every table's miss flow. */
#define VNET_PRIORITY_MISS 0

struct vnet_table_decl {
    enum vnet_table id;
    const char *name;
    enum vnet_stage stage;
    enum vnet_table_owner owner;
    enum vnet_table_miss miss;
    const char *purpose;
};

/* A field that carries state from one table to a later one. */
struct vnet_field_decl {
    const char *field;          /* As ovs-ofctl names it. */
    const char *carries;
};

extern const struct vnet_table_decl vnet_pipeline_tables[];
extern const size_t vnet_pipeline_n_tables;
extern const struct vnet_field_decl vnet_pipeline_fields[];
extern const size_t vnet_pipeline_n_fields;

const struct vnet_table_decl *vnet_pipeline_find(uint8_t table_id);

/* A set of tables: those that flows are in or go to. */
struct vnet_tables {
    uint64_t bits[4];
};

void vnet_tables_note(struct vnet_tables *, const struct vnet_flows *);
void vnet_tables_or(struct vnet_tables *, const struct vnet_tables *);

void vnet_pipeline_add_misses(struct vnet_flows *);
void vnet_pipeline_add_misses_for(const struct vnet_tables *,
                                  struct vnet_flows *);
void vnet_pipeline_format(struct ds *);

#endif /* pipeline.h */
