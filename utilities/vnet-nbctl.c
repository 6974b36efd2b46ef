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
 * limitations under the License. */

/* vnet-nbctl: the operator's front-end to the VNET database.
 *
 * Built on OVS's db-ctl-base in the manner of ovn-nbctl: every command line
 * ("--"-separated commands) runs as one OVSDB transaction, and a command
 * that finds bad input reports it with ctl_error(), which stops the whole
 * line before anything is committed.  Pure checks (address syntax, the
 * address plan, ranges) live in vnet-nbctl-check.c; this file holds the
 * checks that need the database (duplicates, overlaps, references). */

#include <config.h>

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "command-line.h"
#include "db-ctl-base.h"
#include "dirs.h"
#include "fatal-signal.h"
#include "hash.h"
#include "openvswitch/hmap.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovsdb-data.h"
#include "ovsdb-idl.h"
#include "openvswitch/poll-loop.h"
#include "process.h"
#include "schema/vnet-idl.h"
#include "sset.h"
#include "stream.h"
#include "stream-ssl.h"
#include "svec.h"
#include "table.h"
#include "timeval.h"
#include "util.h"
#include "vnet-nbctl-check.h"

VLOG_DEFINE_THIS_MODULE(vnet_nbctl);

/* --db: The database server to contact. */
static const char *db;

/* --oneline: Write each command's output as a single line? */
static bool oneline;

/* --dry-run: Do not commit any changes. */
static bool dry_run;

/* --timeout: Time to wait for a connection to 'db'. */
static unsigned int timeout;

/* --wait=hv: wait until every host has applied the change. */
static bool wait_hv;

/* Format for table output. */
static struct table_style table_style = {
    TF_TABLE, CF_STRING, true, JSSF_SORT, 0
};

/* The IDL and the current transaction, for vnet_nbctl_exit() only. */
static struct ovsdb_idl *the_idl;
static struct ovsdb_idl_txn *the_idl_txn;

OVS_NO_RETURN static void vnet_nbctl_exit(int status);
OVS_NO_RETURN static void usage(void);
static void parse_options(int argc, char *argv[], struct shash *local);
static bool do_vnet_nbctl(const char *args, struct ctl_command *, size_t n,
                          struct ovsdb_idl *);

/* A command's context: db-ctl-base's, plus the global row and an index of
 * VIF names and addresses that makes loading many VIFs in one invocation
 * linear rather than quadratic.  Generic db commands may change VIFs behind
 * the index's back; db-ctl-base tells us through invalidate_cache_cb. */
struct nbctl_context {
    struct ctl_context base;
    const struct vnetrec_vnet_global *global;
    bool vif_index_valid;
    struct hmap vif_index;      /* Contains "struct vif_key"s. */
};

/* An entry of the VIF index: a VIF's name (with a null 'scope'), or one of
 * its addresses within its farm or segment.  The strings are the IDL's own,
 * so building the index copies nothing. */
struct vif_key {
    struct hmap_node node;
    const struct uuid *scope;
    const char *key;
    const struct vnetrec_vif *vif;
};

static struct nbctl_context *
nbctl_context_cast(struct ctl_context *ctx)
{
    return CONTAINER_OF(ctx, struct nbctl_context, base);
}

static void
vif_index_clear(struct ctl_context *ctx)
{
    struct nbctl_context *nc = nbctl_context_cast(ctx);
    struct vif_key *vk;

    HMAP_FOR_EACH_POP (vk, node, &nc->vif_index) {
        free(vk);
    }
    nc->vif_index_valid = false;
}

/* The scope within which a VIF's MAC and IPs must be unique: its farm, or
 * its segment. */
static const struct uuid *
vif_scope(const struct vnetrec_vif *vif)
{
    if (vif->subnet) {
        return &vif->subnet->farm->header_.uuid;
    }
    return vif->segment ? &vif->segment->header_.uuid : NULL;
}

static uint32_t
vif_key_hash(const struct uuid *scope, const char *key)
{
    return hash_string(key, scope ? uuid_hash(scope) : 0);
}

static struct vif_key *
vif_index_find(struct nbctl_context *nc, const struct uuid *scope,
               const char *key)
{
    struct vif_key *vk;

    HMAP_FOR_EACH_WITH_HASH (vk, node, vif_key_hash(scope, key),
                             &nc->vif_index) {
        if (!strcmp(vk->key, key)
            && (scope ? vk->scope && uuid_equals(vk->scope, scope)
                      : !vk->scope)) {
            return vk;
        }
    }
    return NULL;
}

static void
vif_index_insert(struct nbctl_context *nc, const struct uuid *scope,
                 const char *key, const struct vnetrec_vif *vif)
{
    struct vif_key *vk = xmalloc(sizeof *vk);

    vk->scope = scope;
    vk->key = key;
    vk->vif = vif;
    hmap_insert(&nc->vif_index, &vk->node, vif_key_hash(scope, key));
}

static void
vif_index_delete(struct nbctl_context *nc, const struct uuid *scope,
                 const char *key)
{
    struct vif_key *vk = vif_index_find(nc, scope, key);

    if (vk) {
        hmap_remove(&nc->vif_index, &vk->node);
        free(vk);
    }
}

static void
vif_index_add(struct nbctl_context *nc, const struct vnetrec_vif *vif)
{
    const struct uuid *scope = vif_scope(vif);

    vif_index_insert(nc, NULL, vif->name, vif);
    if (scope) {
        vif_index_insert(nc, scope, vif->mac, vif);
        for (size_t i = 0; i < vif->n_ips; i++) {
            vif_index_insert(nc, scope, vif->ips[i], vif);
        }
    }
}

static void
vif_index_remove(struct nbctl_context *nc, const struct vnetrec_vif *vif)
{
    const struct uuid *scope = vif_scope(vif);

    vif_index_delete(nc, NULL, vif->name);
    if (scope) {
        vif_index_delete(nc, scope, vif->mac);
        for (size_t i = 0; i < vif->n_ips; i++) {
            vif_index_delete(nc, scope, vif->ips[i]);
        }
    }
}

static void
vif_index_build(struct nbctl_context *nc)
{
    if (!nc->vif_index_valid) {
        const struct vnetrec_vif *vif;

        VNETREC_VIF_FOR_EACH (vif, nc->base.idl) {
            vif_index_add(nc, vif);
        }
        nc->vif_index_valid = true;
    }
}

static const struct vnetrec_vif *
vif_index_find_addr(struct nbctl_context *nc, const struct uuid *scope,
                    const char *addr)
{
    struct vif_key *vk = vif_index_find(nc, scope, addr);
    return vk ? vk->vif : NULL;
}

/* Row lookup by name or UUID.  On failure with 'must_exist', reports
 * "WHAT "ID" does not exist" and returns NULL. */
static const struct ovsdb_idl_row *
get_row(struct ctl_context *ctx, const struct ovsdb_idl_table_class *table,
        const char *what, const char *id, bool must_exist)
{
    const struct ovsdb_idl_row *row = NULL;
    char *error = ctl_get_row(ctx, table, id, false, &row);

    if (error) {
        ctl_error(ctx, "%s: %s", ctx->argv[0], error);
        free(error);
        return NULL;
    }
    if (!row && must_exist) {
        ctl_error(ctx, "%s: %s \"%s\" does not exist", ctx->argv[0], what,
                  id);
    }
    return row;
}

/* Casts an IDL row to the struct that contains it, keeping NULL. */
#define ROW_CAST(STRUCT, ROW)                                           \
    ((ROW) ? CONTAINER_OF(ROW, const struct STRUCT, header_) : NULL)

#define GET(TYPE, TABLE, WHAT, CTX, ID, MUST_EXIST)                     \
    ROW_CAST(vnetrec_##TYPE, get_row(CTX, &vnetrec_table_##TABLE, WHAT,  \
                                     ID, MUST_EXIST))

static const struct vnetrec_farm *
get_farm(struct ctl_context *ctx, const char *id, bool must_exist)
{
    return GET(farm, farm, "farm", ctx, id, must_exist);
}

static const struct vnetrec_subnet *
get_subnet(struct ctl_context *ctx, const char *id, bool must_exist)
{
    return GET(subnet, subnet, "subnet", ctx, id, must_exist);
}

static const struct vnetrec_segment *
get_segment(struct ctl_context *ctx, const char *id, bool must_exist)
{
    return GET(segment, segment, "segment", ctx, id, must_exist);
}

static const struct vnetrec_host *
get_host(struct ctl_context *ctx, const char *id, bool must_exist)
{
    return GET(host, host, "host", ctx, id, must_exist);
}

static const struct vnetrec_router *
get_router(struct ctl_context *ctx, const char *id, bool must_exist)
{
    return GET(router, router, "router", ctx, id, must_exist);
}

static const struct vnetrec_firewall_group *
get_fw_group(struct ctl_context *ctx, const char *id, bool must_exist)
{
    return GET(firewall_group, firewall_group, "firewall group", ctx, id,
               must_exist);
}

static const struct vnetrec_address_set *
get_address_set(struct ctl_context *ctx, const char *id, bool must_exist)
{
    return GET(address_set, address_set, "address set", ctx, id,
               must_exist);
}

static const struct vnetrec_qos *
get_qos(struct ctl_context *ctx, const char *id, bool must_exist)
{
    return GET(qos, qos, "QoS", ctx, id, must_exist);
}

static const struct vnetrec_vif *
get_vif(struct ctl_context *ctx, const char *id, bool must_exist)
{
    struct nbctl_context *nc = nbctl_context_cast(ctx);
    const struct vnetrec_vif *vif;

    vif_index_build(nc);
    struct vif_key *vk = vif_index_find(nc, NULL, id);
    vif = vk ? vk->vif : NULL;
    if (!vif) {
        struct uuid uuid;
        if (uuid_from_string(&uuid, id)) {
            vif = vnetrec_vif_get_for_uuid(ctx->idl, &uuid);
        }
    }
    if (!vif && must_exist) {
        ctl_error(ctx, "%s: VIF \"%s\" does not exist", ctx->argv[0], id);
    }
    return vif;
}

/* Reports bad input: "COMMAND: FIELD: REASON", and frees 'reason'. */
static void
bad_input(struct ctl_context *ctx, const char *field, char *reason)
{
    ctl_error(ctx, "%s: %s: %s", ctx->argv[0], field, reason);
    free(reason);
}

static bool
may_exist(const struct ctl_context *ctx)
{
    return shash_find(&ctx->options, "--may-exist") != NULL;
}

static bool
if_exists(const struct ctl_context *ctx)
{
    return shash_find(&ctx->options, "--if-exists") != NULL;
}

/* The address plan, with defaults for empty columns. */
static struct vnet_plan
get_plan(const struct vnetrec_vnet_global *g)
{
    struct vnet_plan plan;
    char *error = vnet_parse_prefix(g->address_plan
                                    ? g->address_plan
                                    : VNET_PLAN_DEFAULT_BASE, &plan.base);
    if (error) {
        /* Only a generic "set" can store a bad plan; fall back. */
        free(error);
        error = vnet_parse_prefix(VNET_PLAN_DEFAULT_BASE, &plan.base);
        ovs_assert(!error);
    }
    plan.farm_bits = (g->farm_bits
                      ? *g->farm_bits : VNET_PLAN_DEFAULT_FARM_BITS);
    plan.subnet_bits = (g->subnet_bits
                        ? *g->subnet_bits : VNET_PLAN_DEFAULT_SUBNET_BITS);
    return plan;
}

/* A farm's addresses: its customer prefix, or its slot of the plan. */
static bool
farm_prefix(const struct vnet_plan *plan, const struct vnetrec_farm *farm,
            struct vnet_prefix *prefix)
{
    char *error = (farm->prefix
                   ? vnet_parse_prefix(farm->prefix, prefix)
                   : vnet_plan_farm_prefix(plan, farm->index, prefix));
    if (error) {
        free(error);
        return false;
    }
    return true;
}

/* MTUs.  A VM may be placed on, or move to, any host, so the smallest
 * underlay MTU of all hosts bounds every network (vnet(5),
 * Host.underlay_mtu). */
static int
underlay_mtu(struct ctl_context *ctx)
{
    const struct vnetrec_host *host;
    int mtu = INT_MAX;

    VNETREC_HOST_FOR_EACH (host, ctx->idl) {
        mtu = MIN(mtu, (host->n_underlay_mtu ? *host->underlay_mtu
                        : VNET_DEFAULT_UNDERLAY_MTU));
    }
    return mtu == INT_MAX ? VNET_DEFAULT_UNDERLAY_MTU : mtu;
}

/* The largest IP packet a VM of 'seg' can send: its encapsulation's
 * overhead comes out of the underlay's.  vnet never fragments. */
static int
segment_mtu(int underlay, const struct vnetrec_segment *seg)
{
    enum vnet_segment_mode mode;
    char *error = vnet_parse_segment_mode(seg->mode, &mode);

    if (error) {
        free(error);            /* The schema's enum makes this impossible. */
        return underlay;
    }
    return underlay - vnet_segment_mode_overhead(mode);
}

/* A router neither fragments nor sends "fragmentation needed", so the VMs
 * that route through it need the smallest MTU of its segments. */
static int
router_mtu(int underlay, const struct vnetrec_router *router)
{
    int mtu = underlay;

    for (size_t i = 0; i < router->n_interfaces; i++) {
        mtu = MIN(mtu, segment_mtu(underlay,
                                   router->interfaces[i]->segment));
    }
    return mtu;
}

/* Helpers for tables of output. */
static struct table *
new_table(struct ctl_context *ctx, const char *const *headings)
{
    struct table *t = xmalloc(sizeof *t);

    table_init(t);
    for (; *headings; headings++) {
        table_add_column(t, "%s", *headings);
    }
    ctx->table = t;
    return t;
}

static void
add_text(struct table *t, const char *text)
{
    table_add_cell(t)->text = xstrdup(text ? text : "");
}

static void
add_int(struct table *t, int64_t n)
{
    struct cell *cell = table_add_cell(t);

    cell->json = json_integer_create(n);
    cell->type = &ovsdb_type_integer;
}

static void
add_optional_int(struct table *t, const int64_t *n)
{
    if (n) {
        add_int(t, *n);
    } else {
        add_text(t, "");
    }
}

static void
add_strings(struct table *t, char **strings, size_t n)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < n; i++) {
        ds_put_format(&s, "%s%s", i ? " " : "", strings[i]);
    }
    table_add_cell(t)->text = ds_steal_cstr(&s);
}

/* Rows sorted by name, for stable output. */
struct named_row {
    const char *name;
    const void *row;
};

static int
compare_named_rows(const void *a_, const void *b_)
{
    const struct named_row *a = a_, *b = b_;
    return strcmp(a->name, b->name);
}

static struct named_row *
sort_rows(struct named_row *rows, size_t n)
{
    qsort(rows, n, sizeof *rows, compare_named_rows);
    return rows;
}

#define SORTED(STRUCT, FOR_EACH, IDL, ROWS, N)                          \
    do {                                                                \
        const struct STRUCT *row_;                                      \
        size_t allocated_ = 0;                                          \
        (ROWS) = NULL;                                                  \
        (N) = 0;                                                        \
        FOR_EACH (row_, IDL) {                                          \
            if ((N) >= allocated_) {                                    \
                (ROWS) = x2nrealloc(ROWS, &allocated_, sizeof *(ROWS)); \
            }                                                           \
            (ROWS)[(N)++] = (struct named_row) { row_->name, row_ };    \
        }                                                               \
        sort_rows(ROWS, N);                                             \
    } while (0)

/* Partial-set updates (update_*_addvalue) reach the IDL's copy of a row
 * only at commit, so a later command on the same line would not see them.
 * These write the whole new set instead. */
static void
vif_set_groups(const struct vnetrec_vif *vif,
               const struct vnetrec_firewall_group *add,
               const struct vnetrec_firewall_group *remove)
{
    struct vnetrec_firewall_group **groups
        = xmalloc((vif->n_firewall_groups + 1) * sizeof *groups);
    size_t n = 0;

    for (size_t i = 0; i < vif->n_firewall_groups; i++) {
        if (vif->firewall_groups[i] != remove
            && vif->firewall_groups[i] != add) {
            groups[n++] = vif->firewall_groups[i];
        }
    }
    if (add) {
        groups[n++] = CONST_CAST(struct vnetrec_firewall_group *, add);
    }
    vnetrec_vif_set_firewall_groups(vif, groups, n);
    free(groups);
}

static void
group_set_rules(const struct vnetrec_firewall_group *group,
                const struct vnetrec_firewall_rule *add,
                const struct vnetrec_firewall_rule *remove)
{
    struct vnetrec_firewall_rule **rules
        = xmalloc((group->n_rules + 1) * sizeof *rules);
    size_t n = 0;

    for (size_t i = 0; i < group->n_rules; i++) {
        if (group->rules[i] != remove) {
            rules[n++] = group->rules[i];
        }
    }
    if (add) {
        rules[n++] = CONST_CAST(struct vnetrec_firewall_rule *, add);
    }
    vnetrec_firewall_group_set_rules(group, rules, n);
    free(rules);
}

static void
router_set_interfaces(const struct vnetrec_router *router,
                      const struct vnetrec_router_interface *add,
                      const struct vnetrec_router_interface *remove)
{
    struct vnetrec_router_interface **ifs
        = xmalloc((router->n_interfaces + 1) * sizeof *ifs);
    size_t n = 0;

    for (size_t i = 0; i < router->n_interfaces; i++) {
        if (router->interfaces[i] != remove) {
            ifs[n++] = router->interfaces[i];
        }
    }
    if (add) {
        ifs[n++] = CONST_CAST(struct vnetrec_router_interface *, add);
    }
    vnetrec_router_set_interfaces(router, ifs, n);
    free(ifs);
}

/* Global commands. */

static void
nbctl_init(struct ctl_context *ctx OVS_UNUSED)
{
    /* do_vnet_nbctl() creates the VNET_Global row if it is missing. */
}

static void
nbctl_sync(struct ctl_context *ctx OVS_UNUSED)
{
    /* With --wait=hv, do_vnet_nbctl() does the waiting. */
}

static void
nbctl_plan_show(struct ctl_context *ctx)
{
    static const char *const headings[] = {
        "plan", "farm_bits", "subnet_bits", "farms", "subnets_per_farm",
        "hosts_per_subnet", NULL
    };
    struct vnet_plan plan = get_plan(nbctl_context_cast(ctx)->global);
    struct vnet_plan_limits limits = vnet_plan_limits(&plan);
    struct table *t = new_table(ctx, headings);
    char *base = vnet_format_prefix(&plan.base);

    table_add_row(t);
    add_text(t, base);
    add_int(t, plan.farm_bits);
    add_int(t, plan.subnet_bits);
    add_int(t, limits.farms);
    add_int(t, limits.subnets_per_farm);
    add_int(t, limits.hosts_per_subnet);
    free(base);
}

static void
nbctl_plan_set(struct ctl_context *ctx)
{
    const struct vnetrec_vnet_global *g = nbctl_context_cast(ctx)->global;
    struct vnet_plan plan = get_plan(g);
    uint64_t n;
    char *error;

    if (vnetrec_farm_first(ctx->idl)) {
        ctl_error(ctx, "%s: plan: the address plan cannot change while "
                  "farms exist", ctx->argv[0]);
        return;
    }
    error = vnet_parse_prefix(ctx->argv[1], &plan.base);
    if (error) {
        bad_input(ctx, "prefix", error);
        return;
    }
    if (ctx->argc > 2) {
        error = vnet_parse_uint(ctx->argv[2], 0, 24, &n);
        if (error) {
            bad_input(ctx, "farm_bits", error);
            return;
        }
        plan.farm_bits = n;
    }
    if (ctx->argc > 3) {
        error = vnet_parse_uint(ctx->argv[3], 0, 24, &n);
        if (error) {
            bad_input(ctx, "subnet_bits", error);
            return;
        }
        plan.subnet_bits = n;
    }
    error = vnet_plan_check(&plan);
    if (error) {
        bad_input(ctx, "plan", error);
        return;
    }

    char *base = vnet_format_prefix(&plan.base);
    int64_t farm_bits = plan.farm_bits, subnet_bits = plan.subnet_bits;
    vnetrec_vnet_global_set_address_plan(g, base);
    vnetrec_vnet_global_set_farm_bits(g, &farm_bits, 1);
    vnetrec_vnet_global_set_subnet_bits(g, &subnet_bits, 1);
    free(base);
}

static bool
parse_admission_policy(struct ctl_context *ctx, const char *s,
                       bool allow_default)
{
    if (!strcmp(s, "open") || !strcmp(s, "approval")
        || (allow_default && !strcmp(s, "default"))) {
        return true;
    }
    bad_input(ctx, "policy",
              xasprintf("\"%s\" is not open%s approval%s", s,
                        allow_default ? "," : " or",
                        allow_default ? " or default" : ""));
    return false;
}

static void
nbctl_admission_policy_set(struct ctl_context *ctx)
{
    const char *policy = ctx->argv[ctx->argc - 1];

    if (!parse_admission_policy(ctx, policy, ctx->argc > 2)) {
        return;
    }
    const char *value = strcmp(policy, "default") ? policy : NULL;
    if (ctx->argc == 2) {
        vnetrec_vnet_global_set_admission_policy(
            nbctl_context_cast(ctx)->global, value);
        return;
    }

    const char *kind = ctx->argv[1], *name = ctx->argv[2];
    if (!strcmp(kind, "farm")) {
        const struct vnetrec_farm *farm = get_farm(ctx, name, true);
        if (farm) {
            vnetrec_farm_set_admission_policy(farm, value);
        }
    } else if (!strcmp(kind, "segment")) {
        const struct vnetrec_segment *seg = get_segment(ctx, name, true);
        if (seg) {
            vnetrec_segment_set_admission_policy(seg, value);
        }
    } else {
        bad_input(ctx, "scope",
                  xasprintf("\"%s\" is not farm or segment", kind));
    }
}

/* Farms. */

static void
nbctl_farm_add(struct ctl_context *ctx)
{
    const struct vnetrec_vnet_global *g = nbctl_context_cast(ctx)->global;
    const char *name = ctx->argv[1];
    const char *prefix_s = shash_find_data(&ctx->options, "--prefix");
    struct vnet_plan plan = get_plan(g);
    struct vnet_prefix prefix;
    uint64_t index;
    char *error;

    if (get_farm(ctx, name, false)) {
        if (!may_exist(ctx)) {
            ctl_error(ctx, "%s: farm %s already exists", ctx->argv[0], name);
        }
        return;
    }
    if (!name[0]) {
        bad_input(ctx, "name", xstrdup("must not be empty"));
        return;
    }

    error = vnet_parse_uint(ctx->argv[2], 0, vnet_plan_limits(&plan).farms
                            - 1, &index);
    if (error) {
        bad_input(ctx, "index", error);
        return;
    }
    if (prefix_s) {
        error = vnet_parse_prefix(prefix_s, &prefix);
        if (!error) {
            error = vnet_check_farm_prefix(&plan, &prefix);
        }
        if (error) {
            bad_input(ctx, "prefix", error);
            return;
        }
    } else {
        error = vnet_plan_farm_prefix(&plan, index, &prefix);
        ovs_assert(!error);
    }

    const struct vnetrec_farm *other;
    VNETREC_FARM_FOR_EACH (other, ctx->idl) {
        struct vnet_prefix other_prefix;

        if (other->index == index) {
            bad_input(ctx, "index", xasprintf("%"PRIu64" is already farm %s",
                                              index, other->name));
            return;
        }
        if (farm_prefix(&plan, other, &other_prefix)
            && vnet_prefix_overlaps(&prefix, &other_prefix)) {
            char *a = vnet_format_prefix(&prefix);
            char *b = vnet_format_prefix(&other_prefix);
            bad_input(ctx, "prefix", xasprintf("%s overlaps farm %s (%s)",
                                               a, other->name, b));
            free(a);
            free(b);
            return;
        }
    }

    const struct vnetrec_farm *farm = vnetrec_farm_insert(ctx->txn);
    vnetrec_farm_set_name(farm, name);
    vnetrec_farm_set_index(farm, index);
    vnetrec_farm_set_owner(farm, ctx->argc > 3 ? ctx->argv[3] : "");
    if (prefix_s) {
        char *s = vnet_format_prefix(&prefix);
        vnetrec_farm_set_prefix(farm, s);
        free(s);
    }
}

static void
nbctl_farm_del(struct ctl_context *ctx)
{
    const struct vnetrec_farm *farm = get_farm(ctx, ctx->argv[1],
                                               !if_exists(ctx));
    if (!farm) {
        return;
    }

    const struct vnetrec_subnet *subnet;
    size_t n_subnets = 0;
    VNETREC_SUBNET_FOR_EACH (subnet, ctx->idl) {
        n_subnets += subnet->farm == farm;
    }
    if (n_subnets) {
        ctl_error(ctx, "%s: farm %s still has %"PRIuSIZE" subnet(s); delete "
                  "them first", ctx->argv[0], farm->name, n_subnets);
        return;
    }

    /* A farm that goes away revokes its peerings, on both sides. */
    const struct vnetrec_peering *peering;
    VNETREC_PEERING_FOR_EACH_SAFE (peering, ctx->idl) {
        if (peering->farm == farm || peering->peer == farm) {
            vnetrec_peering_delete(peering);
        }
    }
    vnetrec_farm_delete(farm);
}

static const char *
effective_admission(const struct vnetrec_vnet_global *g, const char *local)
{
    return (local ? local
            : g->admission_policy ? g->admission_policy : "open");
}

static void
nbctl_farm_list(struct ctl_context *ctx)
{
    static const char *const headings[] = {
        "name", "index", "owner", "prefix", "admission", NULL
    };
    const struct vnetrec_vnet_global *g = nbctl_context_cast(ctx)->global;
    struct vnet_plan plan = get_plan(g);
    struct table *t = new_table(ctx, headings);
    struct named_row *rows;
    size_t n;

    SORTED(vnetrec_farm, VNETREC_FARM_FOR_EACH, ctx->idl, rows, n);
    for (size_t i = 0; i < n; i++) {
        const struct vnetrec_farm *farm = rows[i].row;
        struct vnet_prefix prefix;
        char *prefix_s = (farm_prefix(&plan, farm, &prefix)
                          ? vnet_format_prefix(&prefix) : xstrdup("?"));

        table_add_row(t);
        add_text(t, farm->name);
        add_int(t, farm->index);
        add_text(t, farm->owner);
        add_text(t, prefix_s);
        add_text(t, effective_admission(g, farm->admission_policy));
        free(prefix_s);
    }
    free(rows);
}

/* Subnets. */

static void
nbctl_subnet_add(struct ctl_context *ctx)
{
    const struct vnetrec_vnet_global *g = nbctl_context_cast(ctx)->global;
    const char *name = ctx->argv[2];
    const char *gw_ip_s = shash_find_data(&ctx->options, "--gateway-ip");
    const char *gw_mac_s = shash_find_data(&ctx->options, "--gateway-mac");
    struct vnet_plan plan = get_plan(g);
    struct vnet_prefix farm_net, subnet_net;
    uint64_t index;
    char *error;

    const struct vnetrec_farm *farm = get_farm(ctx, ctx->argv[1], true);
    if (!farm) {
        return;
    }
    const struct vnetrec_subnet *existing = get_subnet(ctx, name, false);
    if (existing) {
        if (!may_exist(ctx)) {
            ctl_error(ctx, "%s: subnet %s already exists", ctx->argv[0],
                      name);
        } else if (existing->farm != farm) {
            ctl_error(ctx, "%s: subnet %s exists in farm %s, not %s",
                      ctx->argv[0], name, existing->farm->name, farm->name);
        }
        return;
    }
    if (!name[0]) {
        bad_input(ctx, "name", xstrdup("must not be empty"));
        return;
    }

    error = vnet_parse_prefix(ctx->argv[3], &subnet_net);
    if (error) {
        bad_input(ctx, "cidr", error);
        return;
    }
    if (!farm_prefix(&plan, farm, &farm_net)) {
        ctl_error(ctx, "%s: farm: %s has addresses outside the plan",
                  ctx->argv[0], farm->name);
        return;
    }
    error = vnet_check_subnet(&plan, &farm_net, &subnet_net, &index);
    if (error) {
        bad_input(ctx, "cidr", error);
        return;
    }

    const struct vnetrec_subnet *other;
    VNETREC_SUBNET_FOR_EACH (other, ctx->idl) {
        struct vnet_prefix other_net;
        char *other_error = vnet_parse_prefix(other->cidr, &other_net);

        if (other_error) {
            free(other_error);
            continue;
        }
        if (vnet_prefix_overlaps(&subnet_net, &other_net)) {
            bad_input(ctx, "cidr", xasprintf("%s overlaps subnet %s (%s)",
                                             ctx->argv[3], other->name,
                                             other->cidr));
            return;
        }
    }

    uint32_t gw = subnet_net.addr + 1;
    if (gw_ip_s) {
        error = vnet_parse_ipv4(gw_ip_s, &gw);
        if (!error) {
            error = vnet_check_vif_ip(&subnet_net, 0, gw);
        }
        if (error) {
            bad_input(ctx, "gateway-ip",
                      xasprintf("%s %s", gw_ip_s, error));
            free(error);
            return;
        }
    }
    struct eth_addr gw_mac = vnet_gateway_mac(farm->index, index);
    if (gw_mac_s) {
        error = vnet_parse_mac(gw_mac_s, &gw_mac);
        if (error) {
            bad_input(ctx, "gateway-mac", error);
            return;
        }
    }

    char *gw_s = xasprintf("%"PRIu32".%"PRIu32".%"PRIu32".%"PRIu32,
                           gw >> 24, (gw >> 16) & 0xff, (gw >> 8) & 0xff,
                           gw & 0xff);
    char *mac_s = xasprintf(ETH_ADDR_FMT, ETH_ADDR_ARGS(gw_mac));
    char *cidr_s = vnet_format_prefix(&subnet_net);
    const struct vnetrec_subnet *subnet = vnetrec_subnet_insert(ctx->txn);
    vnetrec_subnet_set_name(subnet, name);
    vnetrec_subnet_set_farm(subnet, farm);
    vnetrec_subnet_set_index(subnet, index);
    vnetrec_subnet_set_cidr(subnet, cidr_s);
    vnetrec_subnet_set_gateway_ip(subnet, gw_s);
    vnetrec_subnet_set_gateway_mac(subnet, mac_s);
    free(gw_s);
    free(mac_s);
    free(cidr_s);
}

static size_t
count_vifs(struct ctl_context *ctx, const struct vnetrec_subnet *subnet,
           const struct vnetrec_segment *segment)
{
    const struct vnetrec_vif *vif;
    size_t n = 0;

    VNETREC_VIF_FOR_EACH (vif, ctx->idl) {
        n += (subnet && vif->subnet == subnet)
             || (segment && vif->segment == segment);
    }
    return n;
}

static void
nbctl_subnet_del(struct ctl_context *ctx)
{
    const struct vnetrec_subnet *subnet = get_subnet(ctx, ctx->argv[1],
                                                     !if_exists(ctx));
    if (!subnet) {
        return;
    }
    size_t n_vifs = count_vifs(ctx, subnet, NULL);
    if (n_vifs) {
        ctl_error(ctx, "%s: subnet %s still has %"PRIuSIZE" VIF(s); delete "
                  "them first", ctx->argv[0], subnet->name, n_vifs);
        return;
    }

    /* The farm owner's policies about the subnet go with it. */
    const struct vnetrec_subnet_policy *policy;
    VNETREC_SUBNET_POLICY_FOR_EACH_SAFE (policy, ctx->idl) {
        if (policy->src == subnet || policy->dst == subnet) {
            vnetrec_subnet_policy_delete(policy);
        }
    }
    vnetrec_subnet_delete(subnet);
}

static void
nbctl_subnet_list(struct ctl_context *ctx)
{
    static const char *const headings[] = {
        "name", "farm", "index", "cidr", "gateway_ip", "gateway_mac", "mtu",
        NULL
    };
    const struct vnetrec_farm *farm = NULL;
    struct named_row *rows;
    size_t n;

    if (ctx->argc > 1) {
        farm = get_farm(ctx, ctx->argv[1], true);
        if (!farm) {
            return;
        }
    }
    struct table *t = new_table(ctx, headings);
    int mtu = underlay_mtu(ctx);        /* MAC rewriting adds nothing. */
    SORTED(vnetrec_subnet, VNETREC_SUBNET_FOR_EACH, ctx->idl, rows, n);
    for (size_t i = 0; i < n; i++) {
        const struct vnetrec_subnet *subnet = rows[i].row;

        if (farm && subnet->farm != farm) {
            continue;
        }
        table_add_row(t);
        add_text(t, subnet->name);
        add_text(t, subnet->farm->name);
        add_int(t, subnet->index);
        add_text(t, subnet->cidr);
        add_text(t, subnet->gateway_ip);
        add_text(t, subnet->gateway_mac);
        add_int(t, mtu);
    }
    free(rows);
}

/* Segments. */

static void
nbctl_segment_add(struct ctl_context *ctx)
{
    const char *name = ctx->argv[1];
    const char *group_s = shash_find_data(&ctx->options, "--multicast-group");
    bool head_end = shash_find(&ctx->options, "--head-end") != NULL;
    enum vnet_segment_mode mode;
    uint64_t key;
    uint32_t group;
    char *error;

    if (get_segment(ctx, name, false)) {
        if (!may_exist(ctx)) {
            ctl_error(ctx, "%s: segment %s already exists", ctx->argv[0],
                      name);
        }
        return;
    }
    if (!name[0]) {
        bad_input(ctx, "name", xstrdup("must not be empty"));
        return;
    }
    error = vnet_parse_segment_mode(ctx->argv[2], &mode);
    if (error) {
        bad_input(ctx, "mode", error);
        return;
    }
    error = vnet_check_segment_key(mode, ctx->argv[3], &key);
    if (error) {
        bad_input(ctx, "id", error);
        return;
    }
    if (mode == VNET_SEG_ETHERIP) {
        if (!group_s == !head_end) {
            bad_input(ctx, "flooding",
                      xstrdup("an etherip segment needs exactly one of "
                              "--multicast-group=GROUP and --head-end"));
            return;
        }
        if (group_s) {
            error = vnet_check_multicast_group(group_s, &group);
            if (error) {
                bad_input(ctx, "multicast-group", error);
                return;
            }
        }
    } else if (group_s || head_end) {
        bad_input(ctx, group_s ? "multicast-group" : "head-end",
                  xasprintf("only etherip segments take it, not %s",
                            ctx->argv[2]));
        return;
    }

    const struct vnetrec_segment *other;
    VNETREC_SEGMENT_FOR_EACH (other, ctx->idl) {
        if (!strcmp(other->mode, ctx->argv[2]) && other->wire_id == key) {
            bad_input(ctx, "id",
                      xasprintf("%s %"PRIu64" is already segment %s",
                                ctx->argv[2], key, other->name));
            return;
        }
    }

    const struct vnetrec_segment *seg = vnetrec_segment_insert(ctx->txn);
    vnetrec_segment_set_name(seg, name);
    vnetrec_segment_set_mode(seg, ctx->argv[2]);
    vnetrec_segment_set_wire_id(seg, key);
    vnetrec_segment_set_multicast_group(seg, group_s);
    vnetrec_segment_set_head_end_replication(seg, head_end);
}

static void
nbctl_segment_del(struct ctl_context *ctx)
{
    const struct vnetrec_segment *seg = get_segment(ctx, ctx->argv[1],
                                                    !if_exists(ctx));
    if (!seg) {
        return;
    }
    size_t n_vifs = count_vifs(ctx, NULL, seg);
    if (n_vifs) {
        ctl_error(ctx, "%s: segment %s still has %"PRIuSIZE" VIF(s); delete "
                  "them first", ctx->argv[0], seg->name, n_vifs);
        return;
    }
    const struct vnetrec_router *router;
    VNETREC_ROUTER_FOR_EACH (router, ctx->idl) {
        for (size_t i = 0; i < router->n_interfaces; i++) {
            if (router->interfaces[i]->segment == seg) {
                ctl_error(ctx, "%s: segment %s is joined to router %s; "
                          "delete the interface first", ctx->argv[0],
                          seg->name, router->name);
                return;
            }
        }
    }
    vnetrec_segment_delete(seg);
}

static void
nbctl_segment_list(struct ctl_context *ctx)
{
    static const char *const headings[] = {
        "name", "mode", "id", "flooding", "gateway_host", "gateway_tag",
        "admission", "mtu", NULL
    };
    const struct vnetrec_vnet_global *g = nbctl_context_cast(ctx)->global;
    struct table *t = new_table(ctx, headings);
    int underlay = underlay_mtu(ctx);
    struct named_row *rows;
    size_t n;

    SORTED(vnetrec_segment, VNETREC_SEGMENT_FOR_EACH, ctx->idl, rows, n);
    for (size_t i = 0; i < n; i++) {
        const struct vnetrec_segment *seg = rows[i].row;

        table_add_row(t);
        add_text(t, seg->name);
        add_text(t, seg->mode);
        add_int(t, seg->wire_id);
        add_text(t, (seg->multicast_group ? seg->multicast_group
                     : seg->head_end_replication ? "head-end" : ""));
        add_text(t, seg->gateway_host ? seg->gateway_host->name : "");
        add_optional_int(t, seg->gateway_tag);
        add_text(t, effective_admission(g, seg->admission_policy));
        add_int(t, segment_mtu(underlay, seg));
    }
    free(rows);
}

static void
nbctl_segment_set_gateway(struct ctl_context *ctx)
{
    const struct vnetrec_segment *seg = get_segment(ctx, ctx->argv[1], true);
    const struct vnetrec_host *host = seg ? get_host(ctx, ctx->argv[2], true)
                                          : NULL;
    uint64_t tag = 0;

    if (!host) {
        return;
    }
    if (ctx->argc > 3) {
        char *error = vnet_parse_uint(ctx->argv[3], 1, 4094, &tag);
        if (error) {
            bad_input(ctx, "tag", error);
            return;
        }
    }
    int64_t tag64 = tag;
    vnetrec_segment_set_gateway_host(seg, host);
    vnetrec_segment_set_gateway_tag(seg, &tag64, ctx->argc > 3);
}

static void
nbctl_segment_del_gateway(struct ctl_context *ctx)
{
    const struct vnetrec_segment *seg = get_segment(ctx, ctx->argv[1], true);

    if (seg) {
        vnetrec_segment_set_gateway_host(seg, NULL);
        vnetrec_segment_set_gateway_tag(seg, NULL, 0);
    }
}

/* Hosts. */

static void
nbctl_host_add(struct ctl_context *ctx)
{
    const char *name = ctx->argv[1];
    const char *remote = ctx->argc > 4 ? ctx->argv[4] : "";
    const char *uplink = ctx->argc > 5 ? ctx->argv[5] : "";
    const char *mtu_s = shash_find_data(&ctx->options, "--underlay-mtu");
    struct eth_addr mac;
    uint64_t mtu = 0;
    uint32_t ip;
    char *error;

    if (get_host(ctx, name, false)) {
        if (!may_exist(ctx)) {
            ctl_error(ctx, "%s: host %s already exists", ctx->argv[0], name);
        }
        return;
    }
    if (!name[0]) {
        bad_input(ctx, "name", xstrdup("must not be empty"));
        return;
    }
    error = vnet_parse_ipv4(ctx->argv[2], &ip);
    if (!error && (!ip || (ip >> 28) >= 0xe)) {
        error = xasprintf("%s is not a unicast address", ctx->argv[2]);
    }
    if (error) {
        bad_input(ctx, "encap_ip", error);
        return;
    }
    error = vnet_parse_mac(ctx->argv[3], &mac);
    if (error) {
        bad_input(ctx, "mac", error);
        return;
    }
    if (remote[0] && stream_verify_name(remote)) {
        bad_input(ctx, "ovsdb_remote",
                  xasprintf("\"%s\" is not an OVSDB remote (e.g. "
                            "tcp:IP:PORT, ssl:IP:PORT, unix:FILE)", remote));
        return;
    }
    if (mtu_s) {
        error = vnet_parse_uint(mtu_s, 1280, 9216, &mtu);
        if (error) {
            bad_input(ctx, "underlay_mtu", error);
            return;
        }
    }

    char *mac_s = xasprintf(ETH_ADDR_FMT, ETH_ADDR_ARGS(mac));
    const struct vnetrec_host *other;
    VNETREC_HOST_FOR_EACH (other, ctx->idl) {
        if (!strcmp(other->encap_ip, ctx->argv[2])) {
            bad_input(ctx, "encap_ip", xasprintf("%s is already host %s",
                                                 ctx->argv[2], other->name));
            free(mac_s);
            return;
        }
        if (!strcmp(other->mac, mac_s)) {
            bad_input(ctx, "mac", xasprintf("%s is already host %s",
                                            mac_s, other->name));
            free(mac_s);
            return;
        }
    }

    const struct vnetrec_host *host = vnetrec_host_insert(ctx->txn);
    vnetrec_host_set_name(host, name);
    vnetrec_host_set_encap_ip(host, ctx->argv[2]);
    vnetrec_host_set_mac(host, mac_s);
    vnetrec_host_set_ovsdb_remote(host, remote);
    vnetrec_host_set_uplink(host, uplink);
    if (mtu) {
        int64_t mtu64 = mtu;
        vnetrec_host_set_underlay_mtu(host, &mtu64, 1);
    }
    free(mac_s);
}

static void
nbctl_host_del(struct ctl_context *ctx)
{
    const struct vnetrec_host *host = get_host(ctx, ctx->argv[1],
                                               !if_exists(ctx));
    if (!host) {
        return;
    }
    const struct vnetrec_segment *seg;
    VNETREC_SEGMENT_FOR_EACH (seg, ctx->idl) {
        if (seg->gateway_host == host) {
            ctl_error(ctx, "%s: host %s is the gateway of segment %s; "
                      "remove the gateway first", ctx->argv[0], host->name,
                      seg->name);
            return;
        }
    }
    vnetrec_host_delete(host);
}

static void
nbctl_host_list(struct ctl_context *ctx)
{
    static const char *const headings[] = {
        "name", "encap_ip", "mac", "ovsdb_remote", "uplink", "underlay_mtu",
        "hv_cfg", NULL
    };
    struct table *t = new_table(ctx, headings);
    struct named_row *rows;
    size_t n;

    SORTED(vnetrec_host, VNETREC_HOST_FOR_EACH, ctx->idl, rows, n);
    for (size_t i = 0; i < n; i++) {
        const struct vnetrec_host *host = rows[i].row;

        table_add_row(t);
        add_text(t, host->name);
        add_text(t, host->encap_ip);
        add_text(t, host->mac);
        add_text(t, host->ovsdb_remote);
        add_text(t, host->uplink);
        add_optional_int(t, host->underlay_mtu);
        add_int(t, host->hv_cfg);
    }
    free(rows);
}

/* VIFs. */

/* Resolves NETWORK: "subnet:NAME", "segment:NAME", or a NAME that only one
 * of the two tables has. */
static bool
get_network(struct ctl_context *ctx, const char *id,
            const struct vnetrec_subnet **subnet,
            const struct vnetrec_segment **segment)
{
    *subnet = NULL;
    *segment = NULL;
    if (!strncmp(id, "subnet:", 7)) {
        *subnet = get_subnet(ctx, id + 7, true);
    } else if (!strncmp(id, "segment:", 8)) {
        *segment = get_segment(ctx, id + 8, true);
    } else {
        *subnet = get_subnet(ctx, id, false);
        *segment = get_segment(ctx, id, false);
        if (*subnet && *segment) {
            bad_input(ctx, "network",
                      xasprintf("\"%s\" names both a subnet and a segment; "
                                "write subnet:%s or segment:%s", id, id, id));
            return false;
        } else if (!*subnet && !*segment) {
            bad_input(ctx, "network",
                      xasprintf("no subnet or segment is named \"%s\"", id));
            return false;
        }
    }
    return *subnet || *segment;
}

static char *parse_interface_ip(const char *, uint32_t *ip,
                                struct vnet_prefix *);

/* Returns the router interface on 'segment' whose MAC is 'mac_s' or, if
 * 'mac_s' is NULL, whose address is 'ip', and its router in '*routerp'. */
static const struct vnetrec_router_interface *
find_router_interface(struct ctl_context *ctx,
                      const struct vnetrec_segment *segment,
                      const char *mac_s, uint32_t ip,
                      const struct vnetrec_router **routerp)
{
    const struct vnetrec_router *router;

    VNETREC_ROUTER_FOR_EACH (router, ctx->idl) {
        for (size_t i = 0; i < router->n_interfaces; i++) {
            const struct vnetrec_router_interface *ri = router->interfaces[i];
            struct vnet_prefix net;
            uint32_t ri_ip = 0;
            bool match;

            if (ri->segment != segment) {
                continue;
            }
            if (mac_s) {
                match = !strcmp(ri->mac, mac_s);
            } else {
                char *error = parse_interface_ip(ri->ip, &ri_ip, &net);
                match = !error && ri_ip == ip;
                free(error);
            }
            if (match) {
                *routerp = router;
                return ri;
            }
        }
    }
    return NULL;
}

static void
nbctl_vif_add(struct ctl_context *ctx)
{
    struct nbctl_context *nc = nbctl_context_cast(ctx);
    const struct vnetrec_subnet *subnet;
    const struct vnetrec_segment *segment;
    const char *name = ctx->argv[2];
    struct eth_addr mac;
    char *error;

    if (!get_network(ctx, ctx->argv[1], &subnet, &segment)) {
        return;
    }
    const struct vnetrec_vif *existing = get_vif(ctx, name, false);
    if (existing) {
        if (!may_exist(ctx)) {
            ctl_error(ctx, "%s: VIF %s already exists", ctx->argv[0], name);
        } else if (existing->subnet != subnet
                   || existing->segment != segment) {
            ctl_error(ctx, "%s: VIF %s exists on another network",
                      ctx->argv[0], name);
        }
        return;
    }
    if (!name[0]) {
        bad_input(ctx, "name", xstrdup("must not be empty"));
        return;
    }

    const struct uuid *scope = (subnet ? &subnet->farm->header_.uuid
                                : &segment->header_.uuid);
    const char *scope_kind = subnet ? "farm" : "segment";
    const char *scope_name = subnet ? subnet->farm->name : segment->name;

    error = vnet_parse_mac(ctx->argv[3], &mac);
    if (error) {
        bad_input(ctx, "mac", error);
        return;
    }
    char *mac_s = xasprintf(ETH_ADDR_FMT, ETH_ADDR_ARGS(mac));
    const struct vnetrec_vif *dup = vif_index_find_addr(nc, scope, mac_s);
    if (dup) {
        bad_input(ctx, "mac", xasprintf("%s is already VIF %s in %s %s",
                                        mac_s, dup->name, scope_kind,
                                        scope_name));
        free(mac_s);
        return;
    }
    if (subnet) {
        /* A VM with a notional gateway's MAC would break the illusion of
         * the gateway (the MAC-rewriting scheme shows it to the farm's
         * VMs). */
        const struct vnetrec_subnet *gw;
        VNETREC_SUBNET_FOR_EACH (gw, ctx->idl) {
            if (gw->farm == subnet->farm
                && !strcasecmp(gw->gateway_mac, mac_s)) {
                bad_input(ctx, "mac", xasprintf("%s is the gateway MAC of "
                                                "subnet %s", mac_s,
                                                gw->name));
                free(mac_s);
                return;
            }
        }
    }
    const struct vnetrec_router *router;
    if (segment && find_router_interface(ctx, segment, mac_s, 0, &router)) {
        bad_input(ctx, "mac", xasprintf("%s is router %s's MAC on segment "
                                        "%s", mac_s, router->name,
                                        segment->name));
        free(mac_s);
        return;
    }

    size_t n_ips = ctx->argc - 4;
    char **ips = ctx->argv + 4;
    if (subnet && !n_ips) {
        bad_input(ctx, "ip", xasprintf("a VIF in subnet %s needs an "
                                       "address", subnet->name));
        free(mac_s);
        return;
    }

    struct vnet_prefix subnet_net;
    uint32_t gateway = 0;
    if (subnet) {
        error = vnet_parse_prefix(subnet->cidr, &subnet_net);
        if (!error) {
            error = vnet_parse_ipv4(subnet->gateway_ip, &gateway);
        }
        if (error) {
            free(error);
            ctl_error(ctx, "%s: subnet %s has a bad cidr or gateway_ip",
                      ctx->argv[0], subnet->name);
            free(mac_s);
            return;
        }
    }

    struct sset seen = SSET_INITIALIZER(&seen);
    for (size_t i = 0; i < n_ips; i++) {
        uint32_t ip;

        error = vnet_parse_ipv4(ips[i], &ip);
        if (!error && subnet) {
            char *reason = vnet_check_vif_ip(&subnet_net, gateway, ip);
            if (reason) {
                error = xasprintf("%s %s", ips[i], reason);
                free(reason);
            }
        }
        if (!error && (dup = vif_index_find_addr(nc, scope, ips[i]))) {
            error = xasprintf("%s is already VIF %s in %s %s", ips[i],
                              dup->name, scope_kind, scope_name);
        }
        if (!error && segment
            && find_router_interface(ctx, segment, NULL, ip, &router)) {
            error = xasprintf("%s is router %s's address on segment %s",
                              ips[i], router->name, segment->name);
        }
        if (!error && !sset_add(&seen, ips[i])) {
            error = xasprintf("%s is given twice", ips[i]);
        }
        if (error) {
            bad_input(ctx, "ip", error);
            sset_destroy(&seen);
            free(mac_s);
            return;
        }
    }
    sset_destroy(&seen);

    const struct vnetrec_vnet_global *g = nc->global;
    const char *policy = effective_admission(
        g, subnet ? subnet->farm->admission_policy
                  : segment->admission_policy);

    const struct vnetrec_vif *vif = vnetrec_vif_insert(ctx->txn);
    vnetrec_vif_set_name(vif, name);
    vnetrec_vif_set_mac(vif, mac_s);
    vnetrec_vif_set_ips(vif, (const char **) ips, n_ips);
    vnetrec_vif_set_subnet(vif, subnet);
    vnetrec_vif_set_segment(vif, segment);
    vnetrec_vif_set_admission(vif, (!strcmp(policy, "open")
                                    ? "admitted" : "pending"));
    vif_index_add(nc, vif);
    free(mac_s);
}

static void
nbctl_vif_del(struct ctl_context *ctx)
{
    const struct vnetrec_vif *vif = get_vif(ctx, ctx->argv[1],
                                            !if_exists(ctx));
    if (vif) {
        vif_index_remove(nbctl_context_cast(ctx), vif);
        vnetrec_vif_delete(vif);
    }
}

static const char *
vif_network_name(const struct vnetrec_vif *vif)
{
    return (vif->subnet ? vif->subnet->name
            : vif->segment ? vif->segment->name : "");
}

static void
nbctl_vif_list(struct ctl_context *ctx)
{
    static const char *const headings[] = {
        "name", "network", "mac", "ips", "admission", "host",
        "firewall_groups", "qos", NULL
    };
    const struct vnetrec_subnet *subnet = NULL;
    const struct vnetrec_segment *segment = NULL;
    struct named_row *rows;
    size_t n;

    if (ctx->argc > 1 && !get_network(ctx, ctx->argv[1], &subnet, &segment)) {
        return;
    }
    struct table *t = new_table(ctx, headings);
    SORTED(vnetrec_vif, VNETREC_VIF_FOR_EACH, ctx->idl, rows, n);
    for (size_t i = 0; i < n; i++) {
        const struct vnetrec_vif *vif = rows[i].row;

        if ((subnet && vif->subnet != subnet)
            || (segment && vif->segment != segment)) {
            continue;
        }
        table_add_row(t);
        add_text(t, vif->name);
        add_text(t, vif_network_name(vif));
        add_text(t, vif->mac);
        add_strings(t, vif->ips, vif->n_ips);
        add_text(t, vif->admission);
        add_text(t, vif->host ? vif->host->name : "");

        struct svec groups = SVEC_EMPTY_INITIALIZER;
        for (size_t j = 0; j < vif->n_firewall_groups; j++) {
            svec_add(&groups, vif->firewall_groups[j]->name);
        }
        svec_sort(&groups);
        add_strings(t, groups.names, groups.n);
        svec_destroy(&groups);
        add_text(t, vif->qos ? vif->qos->name : "");
    }
    free(rows);
}

static void
nbctl_vif_set_admission(struct ctl_context *ctx, const char *state)
{
    const struct vnetrec_vif *vif = get_vif(ctx, ctx->argv[1], true);

    if (vif) {
        vnetrec_vif_set_admission(vif, state);
    }
}

static void
nbctl_vif_admit(struct ctl_context *ctx)
{
    nbctl_vif_set_admission(ctx, "admitted");
}

static void
nbctl_vif_reject(struct ctl_context *ctx)
{
    nbctl_vif_set_admission(ctx, "rejected");
}

static void
nbctl_vif_set_qos(struct ctl_context *ctx)
{
    const struct vnetrec_vif *vif = get_vif(ctx, ctx->argv[1], true);
    const struct vnetrec_qos *qos = NULL;

    if (!vif || (ctx->argc > 2 && !(qos = get_qos(ctx, ctx->argv[2], true)))) {
        return;
    }
    vnetrec_vif_set_qos(vif, qos);
}

static void
nbctl_vif_add_fw_group(struct ctl_context *ctx)
{
    const struct vnetrec_vif *vif = get_vif(ctx, ctx->argv[1], true);
    const struct vnetrec_firewall_group *group
        = vif ? get_fw_group(ctx, ctx->argv[2], true) : NULL;

    if (group) {
        vif_set_groups(vif, group, NULL);
    }
}

static void
nbctl_vif_del_fw_group(struct ctl_context *ctx)
{
    const struct vnetrec_vif *vif = get_vif(ctx, ctx->argv[1], true);
    const struct vnetrec_firewall_group *group
        = vif ? get_fw_group(ctx, ctx->argv[2], true) : NULL;

    if (group) {
        vif_set_groups(vif, NULL, group);
    }
}

/* Inter-subnet policies. */

static const struct vnetrec_subnet_policy *
find_policy(struct ctl_context *ctx, const struct vnetrec_subnet *src,
            const struct vnetrec_subnet *dst)
{
    const struct vnetrec_subnet_policy *policy;

    VNETREC_SUBNET_POLICY_FOR_EACH (policy, ctx->idl) {
        if (policy->src == src && policy->dst == dst) {
            return policy;
        }
    }
    return NULL;
}

static void
nbctl_policy_add(struct ctl_context *ctx)
{
    const struct vnetrec_subnet *src = get_subnet(ctx, ctx->argv[1], true);
    const struct vnetrec_subnet *dst = src ? get_subnet(ctx, ctx->argv[2],
                                                        true) : NULL;
    if (!dst) {
        return;
    }
    if (src == dst) {
        bad_input(ctx, "dst", xasprintf("%s is the source subnet itself "
                                        "(a subnet always reaches itself)",
                                        dst->name));
        return;
    }
    if (src->farm != dst->farm) {
        bad_input(ctx, "dst",
                  xasprintf("%s is in farm %s, not %s (between farms, use "
                            "peering)", dst->name, dst->farm->name,
                            src->farm->name));
        return;
    }
    if (find_policy(ctx, src, dst)) {
        if (!may_exist(ctx)) {
            ctl_error(ctx, "%s: policy %s -> %s already exists",
                      ctx->argv[0], src->name, dst->name);
        }
        return;
    }
    const struct vnetrec_subnet_policy *policy
        = vnetrec_subnet_policy_insert(ctx->txn);
    vnetrec_subnet_policy_set_src(policy, src);
    vnetrec_subnet_policy_set_dst(policy, dst);
}

static void
nbctl_policy_del(struct ctl_context *ctx)
{
    bool must_exist = !if_exists(ctx);
    const struct vnetrec_subnet *src = get_subnet(ctx, ctx->argv[1],
                                                  must_exist);
    const struct vnetrec_subnet *dst = (src
                                        ? get_subnet(ctx, ctx->argv[2],
                                                     must_exist)
                                        : NULL);
    const struct vnetrec_subnet_policy *policy
        = dst ? find_policy(ctx, src, dst) : NULL;

    if (policy) {
        vnetrec_subnet_policy_delete(policy);
    } else if (dst && must_exist) {
        ctl_error(ctx, "%s: policy %s -> %s does not exist", ctx->argv[0],
                  src->name, dst->name);
    }
}

static int
compare_policies(const void *a_, const void *b_)
{
    const struct vnetrec_subnet_policy *const *a = a_, *const *b = b_;
    int cmp = strcmp((*a)->src->farm->name, (*b)->src->farm->name);

    cmp = cmp ? cmp : strcmp((*a)->src->name, (*b)->src->name);
    return cmp ? cmp : strcmp((*a)->dst->name, (*b)->dst->name);
}

/* The policies of 'farm' (of all farms if NULL), sorted. */
static const struct vnetrec_subnet_policy **
sorted_policies(struct ctl_context *ctx, const struct vnetrec_farm *farm,
                size_t *n)
{
    const struct vnetrec_subnet_policy *policy, **policies = NULL;
    size_t allocated = 0;

    *n = 0;
    VNETREC_SUBNET_POLICY_FOR_EACH (policy, ctx->idl) {
        if (!farm || policy->src->farm == farm) {
            if (*n >= allocated) {
                policies = x2nrealloc(policies, &allocated, sizeof *policies);
            }
            policies[(*n)++] = policy;
        }
    }
    qsort(policies, *n, sizeof *policies, compare_policies);
    return policies;
}

static void
nbctl_policy_list(struct ctl_context *ctx)
{
    static const char *const headings[] = { "farm", "src", "dst", NULL };
    const struct vnetrec_farm *farm = NULL;
    size_t n;

    if (ctx->argc > 1 && !(farm = get_farm(ctx, ctx->argv[1], true))) {
        return;
    }
    const struct vnetrec_subnet_policy **policies
        = sorted_policies(ctx, farm, &n);
    struct table *t = new_table(ctx, headings);
    for (size_t i = 0; i < n; i++) {
        table_add_row(t);
        add_text(t, policies[i]->src->farm->name);
        add_text(t, policies[i]->src->name);
        add_text(t, policies[i]->dst->name);
    }
    free(policies);
}

/* Inter-farm peering. */

static const struct vnetrec_peering *
find_peering(struct ctl_context *ctx, const struct vnetrec_farm *farm,
             const struct vnetrec_farm *peer)
{
    const struct vnetrec_peering *p;

    VNETREC_PEERING_FOR_EACH (p, ctx->idl) {
        if (p->farm == farm && p->peer == peer) {
            return p;
        }
    }
    return NULL;
}

static void
nbctl_peering_request(struct ctl_context *ctx)
{
    const struct vnetrec_farm *farm = get_farm(ctx, ctx->argv[1], true);
    const struct vnetrec_farm *peer = farm ? get_farm(ctx, ctx->argv[2],
                                                      true) : NULL;
    if (!peer) {
        return;
    }
    if (farm == peer) {
        bad_input(ctx, "peer", xasprintf("%s is the requesting farm itself",
                                         peer->name));
        return;
    }
    if (find_peering(ctx, farm, peer)) {
        if (!may_exist(ctx)) {
            ctl_error(ctx, "%s: farm %s already requests peering with %s",
                      ctx->argv[0], farm->name, peer->name);
        }
        return;
    }
    const struct vnetrec_peering *p = vnetrec_peering_insert(ctx->txn);
    vnetrec_peering_set_farm(p, farm);
    vnetrec_peering_set_peer(p, peer);
}

static void
nbctl_peering_revoke(struct ctl_context *ctx)
{
    bool must_exist = !if_exists(ctx);
    const struct vnetrec_farm *farm = get_farm(ctx, ctx->argv[1],
                                               must_exist);
    const struct vnetrec_farm *peer = farm ? get_farm(ctx, ctx->argv[2],
                                                      must_exist) : NULL;
    const struct vnetrec_peering *p = peer ? find_peering(ctx, farm, peer)
                                           : NULL;
    if (p) {
        vnetrec_peering_delete(p);
    } else if (peer && must_exist) {
        ctl_error(ctx, "%s: farm %s does not request peering with %s",
                  ctx->argv[0], farm->name, peer->name);
    }
}

static int
compare_peerings(const void *a_, const void *b_)
{
    const struct vnetrec_peering *const *a = a_, *const *b = b_;
    int cmp = strcmp((*a)->farm->name, (*b)->farm->name);

    return cmp ? cmp : strcmp((*a)->peer->name, (*b)->peer->name);
}

/* The peering requests that involve 'farm' (all if NULL), sorted. */
static const struct vnetrec_peering **
sorted_peerings(struct ctl_context *ctx, const struct vnetrec_farm *farm,
                bool either_side, size_t *n)
{
    const struct vnetrec_peering *p, **ps = NULL;
    size_t allocated = 0;

    *n = 0;
    VNETREC_PEERING_FOR_EACH (p, ctx->idl) {
        if (!farm || p->farm == farm || (either_side && p->peer == farm)) {
            if (*n >= allocated) {
                ps = x2nrealloc(ps, &allocated, sizeof *ps);
            }
            ps[(*n)++] = p;
        }
    }
    qsort(ps, *n, sizeof *ps, compare_peerings);
    return ps;
}

static void
nbctl_peering_list(struct ctl_context *ctx)
{
    static const char *const headings[] = { "farm", "peer", "state", NULL };
    const struct vnetrec_farm *farm = NULL;
    size_t n;

    if (ctx->argc > 1 && !(farm = get_farm(ctx, ctx->argv[1], true))) {
        return;
    }
    const struct vnetrec_peering **ps = sorted_peerings(ctx, farm, true, &n);
    struct table *t = new_table(ctx, headings);
    for (size_t i = 0; i < n; i++) {
        table_add_row(t);
        add_text(t, ps[i]->farm->name);
        add_text(t, ps[i]->peer->name);
        add_text(t, (find_peering(ctx, ps[i]->peer, ps[i]->farm)
                     ? "effective" : "requested"));
    }
    free(ps);
}

/* Firewall groups and rules. */

static void
nbctl_fw_group_add(struct ctl_context *ctx)
{
    const char *name = ctx->argv[1];

    if (get_fw_group(ctx, name, false)) {
        if (!may_exist(ctx)) {
            ctl_error(ctx, "%s: firewall group %s already exists",
                      ctx->argv[0], name);
        }
        return;
    }
    if (!name[0] || name[0] == '@' || name[0] == '$') {
        bad_input(ctx, "name", xasprintf("\"%s\" must be non-empty and not "
                                         "start with @ or $", name));
        return;
    }
    vnetrec_firewall_group_set_name(vnetrec_firewall_group_insert(ctx->txn),
                                    name);
}

/* The first group, by name, with a rule that refers to 'target' (other
 * than 'target' itself) or to 'as'. */
static const struct vnetrec_firewall_group *
group_referring_to(struct ctl_context *ctx,
                   const struct vnetrec_firewall_group *target,
                   const struct vnetrec_address_set *as)
{
    const struct vnetrec_firewall_group *found = NULL;
    struct named_row *rows;
    size_t n;

    SORTED(vnetrec_firewall_group, VNETREC_FIREWALL_GROUP_FOR_EACH,
           ctx->idl, rows, n);
    for (size_t i = 0; i < n && !found; i++) {
        const struct vnetrec_firewall_group *group = rows[i].row;

        for (size_t j = 0; j < group->n_rules && group != target; j++) {
            const struct vnetrec_firewall_rule *rule = group->rules[j];
            if ((target && (rule->src_group == target
                            || rule->dst_group == target))
                || (as && (rule->src_address_set == as
                           || rule->dst_address_set == as))) {
                found = group;
                break;
            }
        }
    }
    free(rows);
    return found;
}

static void
nbctl_fw_group_del(struct ctl_context *ctx)
{
    const struct vnetrec_firewall_group *group
        = get_fw_group(ctx, ctx->argv[1], !if_exists(ctx));
    if (!group) {
        return;
    }

    const struct vnetrec_vif *vif;
    size_t n_vifs = 0;
    VNETREC_VIF_FOR_EACH (vif, ctx->idl) {
        for (size_t i = 0; i < vif->n_firewall_groups; i++) {
            n_vifs += vif->firewall_groups[i] == group;
        }
    }
    if (n_vifs) {
        ctl_error(ctx, "%s: firewall group %s is used by %"PRIuSIZE" VIF(s)",
                  ctx->argv[0], group->name, n_vifs);
        return;
    }

    /* Rules refer to groups weakly: deleting a referenced group would widen
     * or narrow those rules silently, so refuse. */
    const struct vnetrec_firewall_group *other
        = group_referring_to(ctx, group, NULL);
    if (other) {
        ctl_error(ctx, "%s: firewall group %s is referenced by rules of "
                  "group %s", ctx->argv[0], group->name, other->name);
        return;
    }
    for (size_t i = 0; i < group->n_rules; i++) {
        vnetrec_firewall_rule_delete(group->rules[i]);
    }
    vnetrec_firewall_group_delete(group);
}

static void
nbctl_fw_group_list(struct ctl_context *ctx)
{
    static const char *const headings[] = { "name", "rules", "vifs", NULL };
    struct table *t = new_table(ctx, headings);
    struct named_row *rows;
    size_t n;

    SORTED(vnetrec_firewall_group, VNETREC_FIREWALL_GROUP_FOR_EACH,
           ctx->idl, rows, n);
    for (size_t i = 0; i < n; i++) {
        const struct vnetrec_firewall_group *group = rows[i].row;
        const struct vnetrec_vif *vif;
        size_t n_vifs = 0;

        VNETREC_VIF_FOR_EACH (vif, ctx->idl) {
            for (size_t j = 0; j < vif->n_firewall_groups; j++) {
                n_vifs += vif->firewall_groups[j] == group;
            }
        }
        table_add_row(t);
        add_text(t, group->name);
        add_int(t, group->n_rules);
        add_int(t, n_vifs);
    }
    free(rows);
}

/* Parses one side of a rule's match: a CIDR or address ("10.0.0.0/8"), a
 * group ("@web") or an address set ("$admins"), and stores it in 'rule'. */
static bool
parse_fw_endpoint(struct ctl_context *ctx, const char *field,
                  const char *value, const struct vnetrec_firewall_rule *rule,
                  bool is_src)
{
    if (value[0] == '@') {
        const struct vnetrec_firewall_group *g = get_fw_group(ctx, value + 1,
                                                              false);
        if (!g) {
            bad_input(ctx, field, xasprintf("no firewall group \"%s\"",
                                            value + 1));
            return false;
        }
        (is_src ? vnetrec_firewall_rule_set_src_group
                : vnetrec_firewall_rule_set_dst_group)(rule, g);
    } else if (value[0] == '$') {
        const struct vnetrec_address_set *as
            = get_address_set(ctx, value + 1, false);
        if (!as) {
            bad_input(ctx, field, xasprintf("no address set \"%s\"",
                                            value + 1));
            return false;
        }
        (is_src ? vnetrec_firewall_rule_set_src_address_set
                : vnetrec_firewall_rule_set_dst_address_set)(rule, as);
    } else {
        struct vnet_prefix prefix;
        char *error = vnet_parse_prefix_or_ip(value, &prefix);
        if (error) {
            bad_input(ctx, field, error);
            return false;
        }
        (is_src ? vnetrec_firewall_rule_set_src_ip
                : vnetrec_firewall_rule_set_dst_ip)(rule, value);
    }
    return true;
}

static void
nbctl_fw_rule_add(struct ctl_context *ctx)
{
    const struct vnetrec_firewall_group *group
        = get_fw_group(ctx, ctx->argv[1], true);
    const char *direction = ctx->argv[2], *action = ctx->argv[4];
    const char *proto = NULL;
    bool has_ports = false;
    uint64_t priority;
    char *error;

    if (!group) {
        return;
    }
    if (strcmp(direction, "from-vif") && strcmp(direction, "to-vif")) {
        bad_input(ctx, "direction", xasprintf("\"%s\" is not from-vif or "
                                              "to-vif", direction));
        return;
    }
    error = vnet_parse_uint(ctx->argv[3], 0, 32767, &priority);
    if (error) {
        bad_input(ctx, "priority", error);
        return;
    }
    if (strcmp(action, "allow") && strcmp(action, "drop")
        && strcmp(action, "reject")) {
        bad_input(ctx, "action", xasprintf("\"%s\" is not allow, drop or "
                                           "reject", action));
        return;
    }

    /* Rows inserted in a transaction that fails are never committed, so the
     * rule can be filled in while its match is parsed. */
    const struct vnetrec_firewall_rule *rule
        = vnetrec_firewall_rule_insert(ctx->txn);
    vnetrec_firewall_rule_set_direction(rule, direction);
    vnetrec_firewall_rule_set_priority(rule, priority);
    vnetrec_firewall_rule_set_action(rule, action);

    struct sset seen = SSET_INITIALIZER(&seen);
    for (int i = 5; i < ctx->argc; i++) {
        const char *arg = ctx->argv[i];
        const char *eq = strchr(arg, '=');
        char *key = eq ? xmemdup0(arg, eq - arg) : xstrdup(arg);
        const char *value = eq ? eq + 1 : "";
        bool ok = true;

        if (!eq || !value[0]) {
            bad_input(ctx, "match", xasprintf("\"%s\" is not KEY=VALUE",
                                              arg));
            ok = false;
        } else if (!sset_add(&seen, key)) {
            bad_input(ctx, key, xstrdup("is given twice"));
            ok = false;
        } else if (!strcmp(key, "proto")) {
            if (strcmp(value, "tcp") && strcmp(value, "udp")
                && strcmp(value, "icmp") && strcmp(value, "sctp")) {
                bad_input(ctx, "proto", xasprintf("\"%s\" is not tcp, udp, "
                                                  "icmp or sctp", value));
                ok = false;
            } else {
                proto = value;
                vnetrec_firewall_rule_set_protocol(rule, value);
            }
        } else if (!strcmp(key, "src") || !strcmp(key, "dst")) {
            ok = parse_fw_endpoint(ctx, key, value, rule, key[0] == 's');
        } else if (!strcmp(key, "sport") || !strcmp(key, "dport")) {
            int min, max;
            error = vnet_parse_port_range(value, &min, &max);
            if (error) {
                bad_input(ctx, key, error);
                ok = false;
            } else {
                int64_t lo = min, hi = max;
                if (key[0] == 's') {
                    vnetrec_firewall_rule_set_src_port_min(rule, &lo, 1);
                    vnetrec_firewall_rule_set_src_port_max(rule, &hi, 1);
                } else {
                    vnetrec_firewall_rule_set_dst_port_min(rule, &lo, 1);
                    vnetrec_firewall_rule_set_dst_port_max(rule, &hi, 1);
                }
                has_ports = true;
            }
        } else {
            bad_input(ctx, "match", xasprintf("unknown key \"%s\" (proto, "
                                              "src, dst, sport, dport)",
                                              key));
            ok = false;
        }
        free(key);
        if (!ok) {
            sset_destroy(&seen);
            return;
        }
    }
    sset_destroy(&seen);

    if (has_ports && (!proto || !strcmp(proto, "icmp"))) {
        bad_input(ctx, "proto", xstrdup("ports need proto=tcp, udp or sctp"));
        return;
    }
    group_set_rules(group, rule, NULL);
}

static char *
fw_rule_match(const struct vnetrec_firewall_rule *rule)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    if (rule->protocol) {
        ds_put_format(&s, "proto=%s ", rule->protocol);
    }
    for (int side = 0; side < 2; side++) {
        const char *name = side ? "dst" : "src";
        const char *ip = side ? rule->dst_ip : rule->src_ip;
        const struct vnetrec_firewall_group *g = (side ? rule->dst_group
                                                  : rule->src_group);
        const struct vnetrec_address_set *as = (side ? rule->dst_address_set
                                                : rule->src_address_set);
        const int64_t *lo = side ? rule->dst_port_min : rule->src_port_min;
        const int64_t *hi = side ? rule->dst_port_max : rule->src_port_max;

        if (ip) {
            ds_put_format(&s, "%s=%s ", name, ip);
        }
        if (g) {
            ds_put_format(&s, "%s=@%s ", name, g->name);
        }
        if (as) {
            ds_put_format(&s, "%s=$%s ", name, as->name);
        }
        if (lo && hi) {
            ds_put_format(&s, "%cport=%"PRId64, name[0], *lo);
            if (*hi != *lo) {
                ds_put_format(&s, "-%"PRId64, *hi);
            }
            ds_put_char(&s, ' ');
        }
    }
    ds_chomp(&s, ' ');
    return ds_steal_cstr(&s);
}

static int
compare_rules(const void *a_, const void *b_)
{
    const struct vnetrec_firewall_rule *const *a = a_, *const *b = b_;
    int cmp = strcmp((*a)->direction, (*b)->direction);

    if (cmp) {
        return cmp;
    }
    if ((*a)->priority != (*b)->priority) {
        return (*a)->priority > (*b)->priority ? -1 : 1;
    }
    char *ma = fw_rule_match(*a), *mb = fw_rule_match(*b);
    cmp = strcmp(ma, mb);
    free(ma);
    free(mb);
    return cmp;
}

static const struct vnetrec_firewall_rule **
sorted_rules(const struct vnetrec_firewall_group *group)
{
    const struct vnetrec_firewall_rule **rules
        = xmemdup(group->rules, group->n_rules * sizeof *group->rules);
    qsort(rules, group->n_rules, sizeof *rules, compare_rules);
    return rules;
}

static void
nbctl_fw_rule_del(struct ctl_context *ctx)
{
    const struct vnetrec_firewall_group *group
        = get_fw_group(ctx, ctx->argv[1], true);
    uint64_t priority = 0;
    size_t n_deleted = 0;

    if (!group) {
        return;
    }
    if (ctx->argc == 3) {
        ctl_error(ctx, "%s: priority: DIRECTION needs a PRIORITY too",
                  ctx->argv[0]);
        return;
    }
    if (ctx->argc > 3) {
        char *error = vnet_parse_uint(ctx->argv[3], 0, 32767, &priority);
        if (error) {
            bad_input(ctx, "priority", error);
            return;
        }
    }
    struct vnetrec_firewall_rule **keep
        = xmalloc(group->n_rules * sizeof *keep);
    size_t n_keep = 0;
    for (size_t i = 0; i < group->n_rules; i++) {
        struct vnetrec_firewall_rule *rule = group->rules[i];
        if (ctx->argc == 2 || (!strcmp(rule->direction, ctx->argv[2])
                               && rule->priority == priority)) {
            /* Delete the row itself, not only the reference: OVSDB checks
             * references before it collects garbage, so an orphaned rule
             * would still hold its address set in this transaction. */
            vnetrec_firewall_rule_delete(rule);
            n_deleted++;
        } else {
            keep[n_keep++] = rule;
        }
    }
    if (n_deleted) {
        vnetrec_firewall_group_set_rules(group, keep, n_keep);
    }
    free(keep);
    if (!n_deleted && ctx->argc > 2 && !if_exists(ctx)) {
        ctl_error(ctx, "%s: group %s has no %s rule of priority %"PRIu64,
                  ctx->argv[0], group->name, ctx->argv[2], priority);
    }
}

static void
nbctl_fw_rule_list(struct ctl_context *ctx)
{
    static const char *const headings[] = {
        "direction", "priority", "action", "match", NULL
    };
    const struct vnetrec_firewall_group *group
        = get_fw_group(ctx, ctx->argv[1], true);

    if (!group) {
        return;
    }
    struct table *t = new_table(ctx, headings);
    const struct vnetrec_firewall_rule **rules = sorted_rules(group);
    for (size_t i = 0; i < group->n_rules; i++) {
        table_add_row(t);
        add_text(t, rules[i]->direction);
        add_int(t, rules[i]->priority);
        add_text(t, rules[i]->action);
        table_add_cell(t)->text = fw_rule_match(rules[i]);
    }
    free(rules);
}

/* Address sets. */

static void
nbctl_address_set_add(struct ctl_context *ctx)
{
    const char *name = ctx->argv[1];

    if (get_address_set(ctx, name, false)) {
        if (!may_exist(ctx)) {
            ctl_error(ctx, "%s: address set %s already exists", ctx->argv[0],
                      name);
        }
        return;
    }
    if (!name[0] || name[0] == '@' || name[0] == '$') {
        bad_input(ctx, "name", xasprintf("\"%s\" must be non-empty and not "
                                         "start with @ or $", name));
        return;
    }

    struct sset addrs = SSET_INITIALIZER(&addrs);
    for (int i = 2; i < ctx->argc; i++) {
        struct vnet_prefix prefix;
        char *error = vnet_parse_prefix_or_ip(ctx->argv[i], &prefix);

        if (!error && !sset_add(&addrs, ctx->argv[i])) {
            error = xasprintf("%s is given twice", ctx->argv[i]);
        }
        if (error) {
            bad_input(ctx, "address", error);
            sset_destroy(&addrs);
            return;
        }
    }
    const struct vnetrec_address_set *as
        = vnetrec_address_set_insert(ctx->txn);
    vnetrec_address_set_set_name(as, name);
    vnetrec_address_set_set_addresses(as, (const char **) ctx->argv + 2,
                                      ctx->argc - 2);
    sset_destroy(&addrs);
}

static void
nbctl_address_set_del(struct ctl_context *ctx)
{
    const struct vnetrec_address_set *as
        = get_address_set(ctx, ctx->argv[1], !if_exists(ctx));
    if (!as) {
        return;
    }
    const struct vnetrec_firewall_group *group
        = group_referring_to(ctx, NULL, as);
    if (group) {
        ctl_error(ctx, "%s: address set %s is referenced by rules of group "
                  "%s", ctx->argv[0], as->name, group->name);
        return;
    }
    vnetrec_address_set_delete(as);
}

static void
nbctl_address_set_list(struct ctl_context *ctx)
{
    static const char *const headings[] = { "name", "addresses", NULL };
    struct table *t = new_table(ctx, headings);
    struct named_row *rows;
    size_t n;

    SORTED(vnetrec_address_set, VNETREC_ADDRESS_SET_FOR_EACH, ctx->idl,
           rows, n);
    for (size_t i = 0; i < n; i++) {
        const struct vnetrec_address_set *as = rows[i].row;
        struct svec addrs = SVEC_EMPTY_INITIALIZER;

        for (size_t j = 0; j < as->n_addresses; j++) {
            svec_add(&addrs, as->addresses[j]);
        }
        svec_sort(&addrs);
        table_add_row(t);
        add_text(t, as->name);
        add_strings(t, addrs.names, addrs.n);
        svec_destroy(&addrs);
    }
    free(rows);
}

/* QoS. */

static void
nbctl_qos_add(struct ctl_context *ctx)
{
    const char *name = ctx->argv[1];
    uint64_t rate, burst = 0;
    char *error;

    if (get_qos(ctx, name, false)) {
        if (!may_exist(ctx)) {
            ctl_error(ctx, "%s: QoS %s already exists", ctx->argv[0], name);
        }
        return;
    }
    if (!name[0]) {
        bad_input(ctx, "name", xstrdup("must not be empty"));
        return;
    }
    error = vnet_parse_uint(ctx->argv[2], 1, 100000000, &rate);
    if (error) {
        bad_input(ctx, "rate", error);
        return;
    }
    if (ctx->argc > 3) {
        error = vnet_parse_uint(ctx->argv[3], 0, 100000000, &burst);
        if (error) {
            bad_input(ctx, "burst", error);
            return;
        }
    }
    const struct vnetrec_qos *qos = vnetrec_qos_insert(ctx->txn);
    vnetrec_qos_set_name(qos, name);
    vnetrec_qos_set_rate(qos, rate);
    vnetrec_qos_set_burst(qos, burst);
}

static void
nbctl_qos_del(struct ctl_context *ctx)
{
    const struct vnetrec_qos *qos = get_qos(ctx, ctx->argv[1],
                                            !if_exists(ctx));
    if (!qos) {
        return;
    }
    const struct vnetrec_vif *vif;
    size_t n_vifs = 0;
    VNETREC_VIF_FOR_EACH (vif, ctx->idl) {
        n_vifs += vif->qos == qos;
    }
    if (n_vifs) {
        ctl_error(ctx, "%s: QoS %s is used by %"PRIuSIZE" VIF(s)",
                  ctx->argv[0], qos->name, n_vifs);
        return;
    }
    vnetrec_qos_delete(qos);
}

static void
nbctl_qos_list(struct ctl_context *ctx)
{
    static const char *const headings[] = { "name", "rate", "burst", NULL };
    struct table *t = new_table(ctx, headings);
    struct named_row *rows;
    size_t n;

    SORTED(vnetrec_qos, VNETREC_QOS_FOR_EACH, ctx->idl, rows, n);
    for (size_t i = 0; i < n; i++) {
        const struct vnetrec_qos *qos = rows[i].row;

        table_add_row(t);
        add_text(t, qos->name);
        add_int(t, qos->rate);
        add_int(t, qos->burst);
    }
    free(rows);
}

/* Routers. */

static void
nbctl_router_add(struct ctl_context *ctx)
{
    const char *name = ctx->argv[1];

    if (get_router(ctx, name, false)) {
        if (!may_exist(ctx)) {
            ctl_error(ctx, "%s: router %s already exists", ctx->argv[0],
                      name);
        }
        return;
    }
    if (!name[0]) {
        bad_input(ctx, "name", xstrdup("must not be empty"));
        return;
    }
    vnetrec_router_set_name(vnetrec_router_insert(ctx->txn), name);
}

static void
nbctl_router_del(struct ctl_context *ctx)
{
    const struct vnetrec_router *router = get_router(ctx, ctx->argv[1],
                                                     !if_exists(ctx));
    if (router) {
        /* Delete its interfaces explicitly, so that their segments are
         * free for the rest of the transaction. */
        for (size_t i = 0; i < router->n_interfaces; i++) {
            vnetrec_router_interface_delete(router->interfaces[i]);
        }
        vnetrec_router_delete(router);
    }
}

static void
nbctl_router_list(struct ctl_context *ctx)
{
    static const char *const headings[] = {
        "name", "interfaces", "mtu", NULL
    };
    struct table *t = new_table(ctx, headings);
    int underlay = underlay_mtu(ctx);
    struct named_row *rows;
    size_t n;

    SORTED(vnetrec_router, VNETREC_ROUTER_FOR_EACH, ctx->idl, rows, n);
    for (size_t i = 0; i < n; i++) {
        const struct vnetrec_router *router = rows[i].row;

        table_add_row(t);
        add_text(t, router->name);
        add_int(t, router->n_interfaces);
        add_int(t, router_mtu(underlay, router));
    }
    free(rows);
}

/* Parses "A.B.C.D/N": an interface address with its prefix length. */
static char *
parse_interface_ip(const char *s, uint32_t *ip, struct vnet_prefix *net)
{
    const char *slash = strchr(s, '/');
    uint64_t plen;

    if (!slash) {
        return xasprintf("\"%s\" is not ADDRESS/PREFIXLEN", s);
    }
    char *addr = xmemdup0(s, slash - s);
    char *error = vnet_parse_ipv4(addr, ip);
    free(addr);
    if (!error) {
        error = vnet_parse_uint(slash + 1, 1, 30, &plen);
    }
    if (error) {
        free(error);
        return xasprintf("\"%s\" is not ADDRESS/PREFIXLEN (length 1 to 30)",
                         s);
    }
    net->plen = plen;
    net->addr = *ip & (UINT32_MAX << (32 - plen));
    if (*ip == net->addr || *ip == vnet_prefix_broadcast(net)) {
        return xasprintf("%s is the network or broadcast address", s);
    }
    return NULL;
}

static void
nbctl_router_if_add(struct ctl_context *ctx)
{
    const struct vnetrec_router *router = get_router(ctx, ctx->argv[1],
                                                     true);
    const struct vnetrec_segment *seg = router ? get_segment(ctx,
                                                             ctx->argv[2],
                                                             true) : NULL;
    struct vnet_prefix net;
    struct eth_addr mac;
    uint32_t ip;
    char *error;

    if (!seg) {
        return;
    }
    error = vnet_parse_mac(ctx->argv[3], &mac);
    if (error) {
        bad_input(ctx, "mac", error);
        return;
    }
    error = parse_interface_ip(ctx->argv[4], &ip, &net);
    if (error) {
        bad_input(ctx, "ip", error);
        return;
    }

    const struct vnetrec_router *other;
    VNETREC_ROUTER_FOR_EACH (other, ctx->idl) {
        for (size_t i = 0; i < other->n_interfaces; i++) {
            const struct vnetrec_router_interface *ri = other->interfaces[i];
            struct vnet_prefix ri_net;
            uint32_t ri_ip;

            if (ri->segment == seg) {
                if (other == router && may_exist(ctx)) {
                    return;
                }
                bad_input(ctx, "segment",
                          xasprintf("%s already has an interface on router "
                                    "%s", seg->name, other->name));
                return;
            }
            error = parse_interface_ip(ri->ip, &ri_ip, &ri_net);
            if (!error && other == router
                && vnet_prefix_overlaps(&net, &ri_net)) {
                bad_input(ctx, "ip",
                          xasprintf("%s overlaps the router's interface on "
                                    "segment %s (%s)", ctx->argv[4],
                                    ri->segment->name, ri->ip));
                return;
            }
            free(error);
        }
    }

    /* A VIF of the segment must not answer for the router. */
    struct nbctl_context *nc = nbctl_context_cast(ctx);
    const struct uuid *scope = &seg->header_.uuid;
    char *mac_s = xasprintf(ETH_ADDR_FMT, ETH_ADDR_ARGS(mac));
    char *ip_s = xasprintf(IP_FMT, IP_ARGS(htonl(ip)));
    const struct vnetrec_vif *dup;

    vif_index_build(nc);
    if ((dup = vif_index_find_addr(nc, scope, mac_s))) {
        bad_input(ctx, "mac", xasprintf("%s is already VIF %s in segment %s",
                                        mac_s, dup->name, seg->name));
    } else if ((dup = vif_index_find_addr(nc, scope, ip_s))) {
        bad_input(ctx, "ip", xasprintf("%s is already VIF %s in segment %s",
                                       ip_s, dup->name, seg->name));
    }
    free(ip_s);
    if (dup) {
        free(mac_s);
        return;
    }

    const struct vnetrec_router_interface *ri
        = vnetrec_router_interface_insert(ctx->txn);
    vnetrec_router_interface_set_segment(ri, seg);
    vnetrec_router_interface_set_mac(ri, mac_s);
    vnetrec_router_interface_set_ip(ri, ctx->argv[4]);
    router_set_interfaces(router, ri, NULL);
    free(mac_s);
}

static void
nbctl_router_if_del(struct ctl_context *ctx)
{
    const struct vnetrec_router *router = get_router(ctx, ctx->argv[1],
                                                     true);
    const struct vnetrec_segment *seg = router ? get_segment(ctx,
                                                             ctx->argv[2],
                                                             true) : NULL;
    if (!seg) {
        return;
    }
    for (size_t i = 0; i < router->n_interfaces; i++) {
        if (router->interfaces[i]->segment == seg) {
            const struct vnetrec_router_interface *ri
                = router->interfaces[i];
            router_set_interfaces(router, NULL, ri);
            vnetrec_router_interface_delete(ri);
            return;
        }
    }
    if (!if_exists(ctx)) {
        ctl_error(ctx, "%s: router %s has no interface on segment %s",
                  ctx->argv[0], router->name, seg->name);
    }
}

static int
compare_interfaces(const void *a_, const void *b_)
{
    const struct vnetrec_router_interface *const *a = a_, *const *b = b_;
    return strcmp((*a)->segment->name, (*b)->segment->name);
}

static const struct vnetrec_router_interface **
sorted_interfaces(const struct vnetrec_router *router)
{
    const struct vnetrec_router_interface **ifs
        = xmemdup(router->interfaces,
                  router->n_interfaces * sizeof *router->interfaces);
    qsort(ifs, router->n_interfaces, sizeof *ifs, compare_interfaces);
    return ifs;
}

static void
nbctl_router_if_list(struct ctl_context *ctx)
{
    static const char *const headings[] = { "segment", "mac", "ip", NULL };
    const struct vnetrec_router *router = get_router(ctx, ctx->argv[1],
                                                     true);
    if (!router) {
        return;
    }
    struct table *t = new_table(ctx, headings);
    const struct vnetrec_router_interface **ifs = sorted_interfaces(router);
    for (size_t i = 0; i < router->n_interfaces; i++) {
        table_add_row(t);
        add_text(t, ifs[i]->segment->name);
        add_text(t, ifs[i]->mac);
        add_text(t, ifs[i]->ip);
    }
    free(ifs);
}

/* show: the whole database as a tree. */

static void
show_vifs(struct ds *s, const struct named_row *vifs, size_t n_vifs,
          const struct vnetrec_subnet *subnet,
          const struct vnetrec_segment *segment, const char *indent)
{
    for (size_t i = 0; i < n_vifs; i++) {
        const struct vnetrec_vif *vif = vifs[i].row;

        if ((subnet && vif->subnet != subnet)
            || (segment && vif->segment != segment)) {
            continue;
        }
        ds_put_format(s, "%svif %s %s", indent, vif->name, vif->mac);
        for (size_t j = 0; j < vif->n_ips; j++) {
            ds_put_format(s, " %s", vif->ips[j]);
        }
        ds_put_format(s, " (%s", vif->admission);
        if (vif->host) {
            ds_put_format(s, ", on %s", vif->host->name);
        }
        for (size_t j = 0; j < vif->n_firewall_groups; j++) {
            ds_put_format(s, ", firewall %s", vif->firewall_groups[j]->name);
        }
        if (vif->qos) {
            ds_put_format(s, ", qos %s", vif->qos->name);
        }
        ds_put_cstr(s, ")\n");
    }
}

static void
nbctl_show(struct ctl_context *ctx)
{
    const struct vnetrec_vnet_global *g = nbctl_context_cast(ctx)->global;
    struct vnet_plan plan = get_plan(g);
    struct named_row *rows, *subnets, *vifs;
    size_t n, n_subnets, n_vifs;
    struct ds *s = &ctx->output;
    char *base = vnet_format_prefix(&plan.base);
    int underlay = underlay_mtu(ctx);

    ds_put_format(s, "plan %s farm_bits %d subnet_bits %d, admission %s\n",
                  base, plan.farm_bits, plan.subnet_bits,
                  effective_admission(g, NULL));
    free(base);

    SORTED(vnetrec_subnet, VNETREC_SUBNET_FOR_EACH, ctx->idl, subnets,
           n_subnets);
    SORTED(vnetrec_vif, VNETREC_VIF_FOR_EACH, ctx->idl, vifs, n_vifs);

    SORTED(vnetrec_farm, VNETREC_FARM_FOR_EACH, ctx->idl, rows, n);
    for (size_t i = 0; i < n; i++) {
        const struct vnetrec_farm *farm = rows[i].row;
        struct vnet_prefix prefix;

        ds_put_format(s, "farm %s index %"PRId64, farm->name, farm->index);
        if (farm->owner[0]) {
            ds_put_format(s, " owner %s", farm->owner);
        }
        if (farm_prefix(&plan, farm, &prefix)) {
            char *p = vnet_format_prefix(&prefix);
            ds_put_format(s, " %s", p);
            free(p);
        }
        ds_put_char(s, '\n');
        for (size_t j = 0; j < n_subnets; j++) {
            const struct vnetrec_subnet *subnet = subnets[j].row;
            if (subnet->farm == farm) {
                ds_put_format(s, "    subnet %s %s gateway %s %s mtu %d\n",
                              subnet->name, subnet->cidr, subnet->gateway_ip,
                              subnet->gateway_mac, underlay);
                show_vifs(s, vifs, n_vifs, subnet, NULL, "        ");
            }
        }

        size_t n_policies, n_peerings;
        const struct vnetrec_subnet_policy **policies
            = sorted_policies(ctx, farm, &n_policies);
        for (size_t j = 0; j < n_policies; j++) {
            ds_put_format(s, "    policy %s -> %s\n",
                          policies[j]->src->name, policies[j]->dst->name);
        }
        free(policies);

        const struct vnetrec_peering **ps
            = sorted_peerings(ctx, farm, false, &n_peerings);
        for (size_t j = 0; j < n_peerings; j++) {
            ds_put_format(s, "    peering %s (%s)\n", ps[j]->peer->name,
                          (find_peering(ctx, ps[j]->peer, farm)
                           ? "effective" : "requested"));
        }
        free(ps);
    }
    free(rows);
    free(subnets);

    SORTED(vnetrec_segment, VNETREC_SEGMENT_FOR_EACH, ctx->idl, rows, n);
    for (size_t i = 0; i < n; i++) {
        const struct vnetrec_segment *seg = rows[i].row;

        ds_put_format(s, "segment %s %s %"PRId64, seg->name, seg->mode,
                      seg->wire_id);
        if (seg->multicast_group) {
            ds_put_format(s, " multicast %s", seg->multicast_group);
        } else if (seg->head_end_replication) {
            ds_put_cstr(s, " head-end");
        }
        ds_put_format(s, " mtu %d\n", segment_mtu(underlay, seg));
        if (seg->gateway_host) {
            ds_put_format(s, "    gateway %s", seg->gateway_host->name);
            if (seg->gateway_tag) {
                ds_put_format(s, " tag %"PRId64, *seg->gateway_tag);
            }
            ds_put_char(s, '\n');
        }
        show_vifs(s, vifs, n_vifs, NULL, seg, "    ");
    }
    free(rows);
    free(vifs);

    SORTED(vnetrec_router, VNETREC_ROUTER_FOR_EACH, ctx->idl, rows, n);
    for (size_t i = 0; i < n; i++) {
        const struct vnetrec_router *router = rows[i].row;
        const struct vnetrec_router_interface **ifs
            = sorted_interfaces(router);

        ds_put_format(s, "router %s mtu %d\n", router->name,
                      router_mtu(underlay, router));
        for (size_t j = 0; j < router->n_interfaces; j++) {
            ds_put_format(s, "    interface %s %s %s\n",
                          ifs[j]->segment->name, ifs[j]->mac, ifs[j]->ip);
        }
        free(ifs);
    }
    free(rows);

    SORTED(vnetrec_host, VNETREC_HOST_FOR_EACH, ctx->idl, rows, n);
    for (size_t i = 0; i < n; i++) {
        const struct vnetrec_host *host = rows[i].row;

        ds_put_format(s, "host %s %s %s", host->name, host->encap_ip,
                      host->mac);
        if (host->ovsdb_remote[0]) {
            ds_put_format(s, " %s", host->ovsdb_remote);
        }
        if (host->uplink[0]) {
            ds_put_format(s, " uplink %s", host->uplink);
        }
        if (host->n_underlay_mtu) {
            ds_put_format(s, " underlay_mtu %"PRId64, *host->underlay_mtu);
        }
        ds_put_char(s, '\n');
    }
    free(rows);

    SORTED(vnetrec_firewall_group, VNETREC_FIREWALL_GROUP_FOR_EACH,
           ctx->idl, rows, n);
    for (size_t i = 0; i < n; i++) {
        const struct vnetrec_firewall_group *group = rows[i].row;
        const struct vnetrec_firewall_rule **rules = sorted_rules(group);

        ds_put_format(s, "firewall-group %s\n", group->name);
        for (size_t j = 0; j < group->n_rules; j++) {
            char *match = fw_rule_match(rules[j]);
            ds_put_format(s, "    %s %"PRId64" %s%s%s\n",
                          rules[j]->direction, rules[j]->priority,
                          rules[j]->action, match[0] ? " " : "", match);
            free(match);
        }
        free(rules);
    }
    free(rows);

    SORTED(vnetrec_address_set, VNETREC_ADDRESS_SET_FOR_EACH, ctx->idl,
           rows, n);
    for (size_t i = 0; i < n; i++) {
        const struct vnetrec_address_set *as = rows[i].row;
        struct svec addrs = SVEC_EMPTY_INITIALIZER;

        for (size_t j = 0; j < as->n_addresses; j++) {
            svec_add(&addrs, as->addresses[j]);
        }
        svec_sort(&addrs);
        ds_put_format(s, "address-set %s", as->name);
        for (size_t j = 0; j < addrs.n; j++) {
            ds_put_format(s, " %s", addrs.names[j]);
        }
        ds_put_char(s, '\n');
        svec_destroy(&addrs);
    }
    free(rows);

    SORTED(vnetrec_qos, VNETREC_QOS_FOR_EACH, ctx->idl, rows, n);
    for (size_t i = 0; i < n; i++) {
        const struct vnetrec_qos *qos = rows[i].row;
        ds_put_format(s, "qos %s rate %"PRId64" burst %"PRId64"\n",
                      qos->name, qos->rate, qos->burst);
    }
    free(rows);
}

/* Commands. */

static const struct ctl_command_syntax nbctl_commands[] = {
    { "init", 0, 0, "", NULL, nbctl_init, NULL, "", RW },
    { "sync", 0, 0, "", NULL, nbctl_sync, NULL, "", RO },
    { "show", 0, 0, "", NULL, nbctl_show, NULL, "", RO },

    /* Address plan and admission. */
    { "plan-show", 0, 0, "", NULL, nbctl_plan_show, NULL, "", RO },
    { "plan-set", 1, 3, "PREFIX [FARM_BITS [SUBNET_BITS]]", NULL,
      nbctl_plan_set, NULL, "", RW },
    { "admission-policy-set", 1, 3, "[farm FARM|segment SEGMENT] POLICY",
      NULL, nbctl_admission_policy_set, NULL, "", RW },

    /* Farms and subnets. */
    { "farm-add", 2, 3, "FARM INDEX [OWNER]", NULL, nbctl_farm_add, NULL,
      "--may-exist,--prefix=", RW },
    { "farm-del", 1, 1, "FARM", NULL, nbctl_farm_del, NULL, "--if-exists",
      RW },
    { "farm-list", 0, 0, "", NULL, nbctl_farm_list, NULL, "", RO },
    { "subnet-add", 3, 3, "FARM SUBNET CIDR", NULL, nbctl_subnet_add, NULL,
      "--may-exist,--gateway-ip=,--gateway-mac=", RW },
    { "subnet-del", 1, 1, "SUBNET", NULL, nbctl_subnet_del, NULL,
      "--if-exists", RW },
    { "subnet-list", 0, 1, "[FARM]", NULL, nbctl_subnet_list, NULL, "", RO },

    /* Segments. */
    { "segment-add", 3, 3, "SEGMENT MODE ID", NULL, nbctl_segment_add, NULL,
      "--may-exist,--multicast-group=,--head-end", RW },
    { "segment-del", 1, 1, "SEGMENT", NULL, nbctl_segment_del, NULL,
      "--if-exists", RW },
    { "segment-list", 0, 0, "", NULL, nbctl_segment_list, NULL, "", RO },
    { "segment-set-gateway", 2, 3, "SEGMENT HOST [TAG]", NULL,
      nbctl_segment_set_gateway, NULL, "", RW },
    { "segment-del-gateway", 1, 1, "SEGMENT", NULL,
      nbctl_segment_del_gateway, NULL, "", RW },

    /* Hosts. */
    { "host-add", 3, 5, "HOST ENCAP_IP MAC [OVSDB_REMOTE [UPLINK]]", NULL,
      nbctl_host_add, NULL, "--may-exist,--underlay-mtu=", RW },
    { "host-del", 1, 1, "HOST", NULL, nbctl_host_del, NULL, "--if-exists",
      RW },
    { "host-list", 0, 0, "", NULL, nbctl_host_list, NULL, "", RO },

    /* VIFs. */
    { "vif-add", 3, INT_MAX, "NETWORK VIF MAC [IP]...", NULL, nbctl_vif_add,
      NULL, "--may-exist", RW },
    { "vif-del", 1, 1, "VIF", NULL, nbctl_vif_del, NULL, "--if-exists", RW },
    { "vif-list", 0, 1, "[NETWORK]", NULL, nbctl_vif_list, NULL, "", RO },
    { "vif-admit", 1, 1, "VIF", NULL, nbctl_vif_admit, NULL, "", RW },
    { "vif-reject", 1, 1, "VIF", NULL, nbctl_vif_reject, NULL, "", RW },
    { "vif-set-qos", 1, 2, "VIF [QOS]", NULL, nbctl_vif_set_qos, NULL, "",
      RW },
    { "vif-add-fw-group", 2, 2, "VIF GROUP", NULL, nbctl_vif_add_fw_group,
      NULL, "", RW },
    { "vif-del-fw-group", 2, 2, "VIF GROUP", NULL, nbctl_vif_del_fw_group,
      NULL, "", RW },

    /* Policies and peering. */
    { "policy-add", 2, 2, "SRC_SUBNET DST_SUBNET", NULL, nbctl_policy_add,
      NULL, "--may-exist", RW },
    { "policy-del", 2, 2, "SRC_SUBNET DST_SUBNET", NULL, nbctl_policy_del,
      NULL, "--if-exists", RW },
    { "policy-list", 0, 1, "[FARM]", NULL, nbctl_policy_list, NULL, "", RO },
    { "peering-request", 2, 2, "FARM PEER", NULL, nbctl_peering_request,
      NULL, "--may-exist", RW },
    { "peering-revoke", 2, 2, "FARM PEER", NULL, nbctl_peering_revoke, NULL,
      "--if-exists", RW },
    { "peering-list", 0, 1, "[FARM]", NULL, nbctl_peering_list, NULL, "",
      RO },

    /* Firewall. */
    { "fw-group-add", 1, 1, "GROUP", NULL, nbctl_fw_group_add, NULL,
      "--may-exist", RW },
    { "fw-group-del", 1, 1, "GROUP", NULL, nbctl_fw_group_del, NULL,
      "--if-exists", RW },
    { "fw-group-list", 0, 0, "", NULL, nbctl_fw_group_list, NULL, "", RO },
    { "fw-rule-add", 4, INT_MAX,
      "GROUP DIRECTION PRIORITY ACTION [KEY=VALUE]...", NULL,
      nbctl_fw_rule_add, NULL, "", RW },
    { "fw-rule-del", 1, 3, "GROUP [DIRECTION PRIORITY]", NULL,
      nbctl_fw_rule_del, NULL, "--if-exists", RW },
    { "fw-rule-list", 1, 1, "GROUP", NULL, nbctl_fw_rule_list, NULL, "",
      RO },
    { "address-set-add", 1, INT_MAX, "SET [ADDRESS]...", NULL,
      nbctl_address_set_add, NULL, "--may-exist", RW },
    { "address-set-del", 1, 1, "SET", NULL, nbctl_address_set_del, NULL,
      "--if-exists", RW },
    { "address-set-list", 0, 0, "", NULL, nbctl_address_set_list, NULL, "",
      RO },

    /* QoS. */
    { "qos-add", 2, 3, "QOS RATE [BURST]", NULL, nbctl_qos_add, NULL,
      "--may-exist", RW },
    { "qos-del", 1, 1, "QOS", NULL, nbctl_qos_del, NULL, "--if-exists", RW },
    { "qos-list", 0, 0, "", NULL, nbctl_qos_list, NULL, "", RO },

    /* Routers. */
    { "router-add", 1, 1, "ROUTER", NULL, nbctl_router_add, NULL,
      "--may-exist", RW },
    { "router-del", 1, 1, "ROUTER", NULL, nbctl_router_del, NULL,
      "--if-exists", RW },
    { "router-list", 0, 0, "", NULL, nbctl_router_list, NULL, "", RO },
    { "router-if-add", 4, 4, "ROUTER SEGMENT MAC IP/PLEN", NULL,
      nbctl_router_if_add, NULL, "--may-exist", RW },
    { "router-if-del", 2, 2, "ROUTER SEGMENT", NULL, nbctl_router_if_del,
      NULL, "--if-exists", RW },
    { "router-if-list", 1, 1, "ROUTER", NULL, nbctl_router_if_list, NULL,
      "", RO },

    { NULL, 0, 0, NULL, NULL, NULL, NULL, NULL, RO },
};

/* Lets generic db commands ("list Farm", "destroy VIF x") name rows by
 * their name column. */
static const struct ctl_table_class tables[VNETREC_N_TABLES] = {
    [VNETREC_TABLE_FARM].row_ids = {{&vnetrec_farm_col_name, NULL, NULL}},
    [VNETREC_TABLE_SUBNET].row_ids = {{&vnetrec_subnet_col_name, NULL,
                                       NULL}},
    [VNETREC_TABLE_SEGMENT].row_ids = {{&vnetrec_segment_col_name, NULL,
                                        NULL}},
    [VNETREC_TABLE_HOST].row_ids = {{&vnetrec_host_col_name, NULL, NULL}},
    [VNETREC_TABLE_VIF].row_ids = {{&vnetrec_vif_col_name, NULL, NULL}},
    [VNETREC_TABLE_ROUTER].row_ids = {{&vnetrec_router_col_name, NULL,
                                       NULL}},
    [VNETREC_TABLE_FIREWALL_GROUP].row_ids
        = {{&vnetrec_firewall_group_col_name, NULL, NULL}},
    [VNETREC_TABLE_ADDRESS_SET].row_ids
        = {{&vnetrec_address_set_col_name, NULL, NULL}},
    [VNETREC_TABLE_QOS].row_ids = {{&vnetrec_qos_col_name, NULL, NULL}},
};

static void
nbctl_context_init(struct nbctl_context *nc, struct ctl_command *command,
                   struct ovsdb_idl *idl, struct ovsdb_idl_txn *txn,
                   const struct vnetrec_vnet_global *global,
                   struct ovsdb_symbol_table *symtab)
{
    ctl_context_init(&nc->base, command, idl, txn, symtab, vif_index_clear);
    nc->global = global;
    nc->vif_index_valid = false;
    hmap_init(&nc->vif_index);
}

static void
nbctl_context_done(struct nbctl_context *nc, struct ctl_command *command)
{
    ctl_context_done(&nc->base, command);
    hmap_destroy(&nc->vif_index);
}

/* Runs the commands as one transaction.  Returns false if the transaction
 * must be retried on a newer copy of the database. */
static bool
do_vnet_nbctl(const char *args, struct ctl_command *commands,
              size_t n_commands, struct ovsdb_idl *idl)
{
    struct ovsdb_idl_txn *txn;
    enum ovsdb_idl_txn_status status;
    struct ovsdb_symbol_table *symtab;
    struct nbctl_context nc;
    struct ctl_command *c;
    struct shash_node *node;
    int64_t next_cfg = 0;
    char *error = NULL;

    txn = the_idl_txn = ovsdb_idl_txn_create(idl);
    if (dry_run) {
        ovsdb_idl_txn_set_dry_run(txn);
    }
    ovsdb_idl_txn_add_comment(txn, "vnet-nbctl: %s", args);

    const struct vnetrec_vnet_global *g = vnetrec_vnet_global_first(idl);
    if (!g) {
        g = vnetrec_vnet_global_insert(txn);
    }

    /* Every writer verifies and bumps change_seqno, so that two concurrent
     * vnet-nbctl transactions cannot both pass their checks against the
     * same old contents: the later one fails verification and reruns. */
    bool writes = ctl_might_write_to_db(commands, n_commands);
    if (writes) {
        vnetrec_vnet_global_verify_change_seqno(g);
        vnetrec_vnet_global_set_change_seqno(g, g->change_seqno + 1);
    }
    if (wait_hv) {
        vnetrec_vnet_global_verify_nb_cfg(g);
        ovsdb_idl_txn_increment(txn, &g->header_,
                                &vnetrec_vnet_global_col_nb_cfg, true);
        vnetrec_vnet_global_set_nb_cfg_timestamp(g, time_wall_msec());
    }

    symtab = ovsdb_symbol_table_create();
    for (c = commands; c < &commands[n_commands]; c++) {
        ds_init(&c->output);
        c->table = NULL;
    }
    nbctl_context_init(&nc, NULL, idl, txn, g, symtab);
    for (c = commands; c < &commands[n_commands]; c++) {
        ctl_context_init_command(&nc.base, c,
                                 c == &commands[n_commands - 1]);
        if (c->syntax->run) {
            (c->syntax->run)(&nc.base);
        }
        if (nc.base.error) {
            ctl_fatal("%s", nc.base.error);
        }
        ctl_context_done_command(&nc.base, c);

        if (nc.base.try_again) {
            nbctl_context_done(&nc, NULL);
            goto try_again;
        }
    }
    nbctl_context_done(&nc, NULL);

    SHASH_FOR_EACH (node, &symtab->sh) {
        struct ovsdb_symbol *symbol = node->data;
        if (!symbol->created) {
            ctl_fatal("row id \"%s\" is referenced but never created (e.g. "
                      "with \"-- --id=%s create ...\")",
                      node->name, node->name);
        }
        if (!symbol->strong_ref) {
            if (!symbol->weak_ref) {
                VLOG_WARN("row id \"%s\" was created but no reference to it "
                          "was inserted, so it will not actually appear in "
                          "the database", node->name);
            } else {
                VLOG_WARN("row id \"%s\" was created but only a weak "
                          "reference to it was inserted, so it will not "
                          "actually appear in the database", node->name);
            }
        }
    }

    status = ovsdb_idl_txn_commit_block(txn);
    if (wait_hv && status == TXN_SUCCESS) {
        next_cfg = ovsdb_idl_txn_get_increment_new_value(txn);
    }
    if (status == TXN_UNCHANGED || status == TXN_SUCCESS) {
        for (c = commands; c < &commands[n_commands]; c++) {
            if (c->syntax->postprocess) {
                nbctl_context_init(&nc, c, idl, txn, g, symtab);
                (c->syntax->postprocess)(&nc.base);
                if (nc.base.error) {
                    ctl_fatal("%s", nc.base.error);
                }
                nbctl_context_done(&nc, c);
            }
        }
    }
    error = xstrdup(ovsdb_idl_txn_get_error(txn));

    switch (status) {
    case TXN_UNCOMMITTED:
    case TXN_INCOMPLETE:
        OVS_NOT_REACHED();

    case TXN_ABORTED:
        /* Should not happen: we never call ovsdb_idl_txn_abort(). */
        ctl_fatal("transaction aborted");

    case TXN_UNCHANGED:
    case TXN_SUCCESS:
        break;

    case TXN_TRY_AGAIN:
        goto try_again;

    case TXN_ERROR:
        ctl_fatal("transaction error: %s", error);

    case TXN_NOT_LOCKED:
        /* Should not happen: we never call ovsdb_idl_set_lock(). */
        ctl_fatal("database not locked");

    default:
        OVS_NOT_REACHED();
    }
    free(error);

    ovsdb_symbol_table_destroy(symtab);

    for (c = commands; c < &commands[n_commands]; c++) {
        struct ds *ds = &c->output;

        if (c->table) {
            table_print(c->table, &table_style);
        } else if (oneline) {
            ds_chomp(ds, '\n');
            for (size_t j = 0; j < ds->length; j++) {
                int ch = ds->string[j];
                if (ch == '\n') {
                    fputs("\\n", stdout);
                } else if (ch == '\\') {
                    fputs("\\\\", stdout);
                } else {
                    putchar(ch);
                }
            }
            putchar('\n');
        } else {
            fputs(ds_cstr(ds), stdout);
        }
        ds_destroy(&c->output);
        table_destroy(c->table);
        free(c->table);

        shash_destroy_free_data(&c->options);
    }
    free(commands);
    ovsdb_idl_txn_destroy(txn);
    the_idl_txn = NULL;

    /* --wait=hv: wait until every host has applied this change. */
    if (wait_hv && next_cfg) {
        fflush(stdout);
        for (;;) {
            ovsdb_idl_run(idl);
            g = vnetrec_vnet_global_first(idl);
            if (g && g->hv_cfg >= next_cfg) {
                break;
            }
            if (!ovsdb_idl_is_alive(idl)) {
                ctl_fatal("%s: database connection failed while waiting "
                          "for hosts", db);
            }
            ovsdb_idl_wait(idl);
            poll_block();
        }
    }
    /* The IDL is not destroyed: the process exits now, and freeing a copy
     * of the whole database row by row took a quarter of the run time of an
     * invocation on a database of 10,000 VIFs. */
    return true;

try_again:
    /* Our transaction needs to be rerun, or a prerequisite was not met.  Free
     * resources and return so that the caller can try again. */
    ovsdb_idl_txn_abort(txn);
    ovsdb_idl_txn_destroy(txn);
    the_idl_txn = NULL;

    ovsdb_symbol_table_destroy(symtab);
    for (c = commands; c < &commands[n_commands]; c++) {
        ds_destroy(&c->output);
        table_destroy(c->table);
        free(c->table);
    }
    free(error);
    return false;
}

/* Frees the current transaction and the IDL, then exits with 'status'.  The
 * transaction is aborted, never committed: a failed command line leaves
 * the database as it was. */
static void
vnet_nbctl_exit(int status)
{
    if (the_idl_txn) {
        ovsdb_idl_txn_abort(the_idl_txn);
        ovsdb_idl_txn_destroy(the_idl_txn);
    }
    ovsdb_idl_destroy(the_idl);
    exit(status);
}

static char *
default_db(void)
{
    const char *env = getenv("VNET_DB");

    return (env && env[0]
            ? xstrdup(env)
            : xasprintf("unix:%s/vnet_db.sock", ovs_rundir()));
}

static void
parse_options(int argc, char *argv[], struct shash *local_options)
{
    enum {
        OPT_DB = UCHAR_MAX + 1,
        OPT_ONELINE,
        OPT_NO_SYSLOG,
        OPT_DRY_RUN,
        OPT_WAIT,
        OPT_LOCAL,
        OPT_COMMANDS,
        OPT_OPTIONS,
        VLOG_OPTION_ENUMS,
        TABLE_OPTION_ENUMS,
        SSL_OPTION_ENUMS,
    };
    static const struct option global_long_options[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"no-syslog", no_argument, NULL, OPT_NO_SYSLOG},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"oneline", no_argument, NULL, OPT_ONELINE},
        {"timeout", required_argument, NULL, 't'},
        {"wait", required_argument, NULL, OPT_WAIT},
        {"help", no_argument, NULL, 'h'},
        {"commands", no_argument, NULL, OPT_COMMANDS},
        {"options", no_argument, NULL, OPT_OPTIONS},
        {"version", no_argument, NULL, 'V'},
        VLOG_LONG_OPTIONS,
        TABLE_LONG_OPTIONS,
        STREAM_SSL_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    const int n_global_long_options = ARRAY_SIZE(global_long_options) - 1;
    char *tmp, *short_options;
    struct option *options;
    size_t allocated_options;
    size_t n_options;
    size_t i;

    tmp = ovs_cmdl_long_options_to_short_options(global_long_options);
    short_options = xasprintf("+%s", tmp);
    free(tmp);

    /* We want to parse both global and command-specific options here, but
     * getopt_long() isn't too convenient for the job.  We copy our global
     * options into a dynamic array, then append all of the command-specific
     * options. */
    options = xmemdup(global_long_options, sizeof global_long_options);
    allocated_options = ARRAY_SIZE(global_long_options);
    n_options = n_global_long_options;
    ctl_add_cmd_options(&options, &n_options, &allocated_options, OPT_LOCAL);

    for (;;) {
        int idx;
        int c;

        c = getopt_long(argc, argv, short_options, options, &idx);
        if (c == -1) {
            break;
        }

        switch (c) {
        case OPT_DB:
            db = optarg;
            break;

        case OPT_ONELINE:
            oneline = true;
            break;

        case OPT_NO_SYSLOG:
            vlog_set_levels(&this_module, VLF_SYSLOG, VLL_WARN);
            break;

        case OPT_DRY_RUN:
            dry_run = true;
            break;

        case OPT_WAIT:
            if (!strcmp(optarg, "none")) {
                wait_hv = false;
            } else if (!strcmp(optarg, "hv")) {
                wait_hv = true;
            } else {
                ctl_fatal("--wait: \"%s\" is not none or hv", optarg);
            }
            break;

        case OPT_LOCAL:
            if (shash_find(local_options, options[idx].name)) {
                ctl_fatal("'%s' option specified multiple times",
                          options[idx].name);
            }
            shash_add_nocopy(local_options,
                             xasprintf("--%s", options[idx].name),
                             nullable_xstrdup(optarg));
            break;

        case 'h':
            usage();

        case OPT_COMMANDS:
            ctl_print_commands();
            /* fall through */

        case OPT_OPTIONS:
            ctl_print_options(global_long_options);
            /* fall through */

        case 'V':
            ovs_print_version(0, 0);
            printf("DB Schema %s\n", vnetrec_get_db_version());
            exit(EXIT_SUCCESS);

        case 't':
            if (!str_to_uint(optarg, 10, &timeout) || !timeout) {
                ctl_fatal("--timeout: \"%s\" is not a positive number of "
                          "seconds", optarg);
            }
            break;

        VLOG_OPTION_HANDLERS
        TABLE_OPTION_HANDLERS(&table_style)
        STREAM_SSL_OPTION_HANDLERS

        case '?':
            exit(EXIT_FAILURE);

        default:
            abort();
        }
    }
    free(short_options);

    if (!db) {
        db = default_db();
    }

    for (i = n_global_long_options; options[i].name; i++) {
        free(CONST_CAST(char *, options[i].name));
    }
    free(options);
}

static void
usage(void)
{
    printf("\
%s: VNET database command-line utility\n\
usage: %s [OPTIONS] COMMAND [ARG...]\n\
\n\
General commands:\n\
  init                      create an empty database\n\
  show                      print an overview of the database contents\n\
  sync                      with --wait=hv, wait until every host is current\n\
\n\
Address plan and admission:\n\
  plan-show                 print the address plan and its limits\n\
                            (farms, subnets per farm, hosts per subnet)\n\
  plan-set PREFIX [FARM_BITS [SUBNET_BITS]]\n\
                            set the plan (default 10.0.0.0/8 8 8)\n\
  admission-policy-set [farm FARM|segment SEGMENT] open|approval|default\n\
                            how new VIFs are admitted\n\
\n\
Farm and subnet commands (MAC-rewriting model):\n\
  [--prefix=CIDR] farm-add FARM INDEX [OWNER]\n\
                            create farm INDEX (in the plan, or CIDR)\n\
  farm-del FARM             delete FARM (which must have no subnets)\n\
  farm-list                 print farms\n\
  [--gateway-ip=IP] [--gateway-mac=MAC] subnet-add FARM SUBNET CIDR\n\
                            create SUBNET in FARM\n\
  subnet-del SUBNET         delete SUBNET (which must have no VIFs)\n\
  subnet-list [FARM]        print subnets\n\
\n\
Segment commands (layer 2):\n\
  [--multicast-group=IP|--head-end] segment-add SEGMENT MODE ID\n\
                            create SEGMENT: vlan 1-4094, etherip 0-4095,\n\
                            vxlan 1-16777215\n\
  segment-del SEGMENT       delete SEGMENT (which must have no VIFs)\n\
  segment-list              print segments, with their MTUs\n\
  segment-set-gateway SEGMENT HOST [TAG]\n\
                            bridge SEGMENT to HOST's uplink\n\
  segment-del-gateway SEGMENT\n\
                            stop bridging SEGMENT\n\
\n\
Host commands:\n\
  [--underlay-mtu=N] host-add HOST ENCAP_IP MAC [OVSDB_REMOTE [UPLINK]]\n\
                            create HOST (underlay MTU 1280-9216,\n\
                            default 1500)\n\
  host-del HOST             delete HOST\n\
  host-list                 print hosts\n\
\n\
VIF commands:\n\
  vif-add NETWORK VIF MAC [IP]...\n\
                            create VIF on NETWORK (a subnet or segment;\n\
                            subnet:NAME or segment:NAME if ambiguous)\n\
  vif-del VIF               delete VIF\n\
  vif-list [NETWORK]        print VIFs\n\
  vif-admit VIF             admit VIF\n\
  vif-reject VIF            reject VIF\n\
  vif-set-qos VIF [QOS]     set (or clear) VIF's bandwidth limit\n\
  vif-add-fw-group VIF GROUP\n\
  vif-del-fw-group VIF GROUP\n\
                            apply (or stop applying) GROUP's rules to VIF\n\
\n\
Policy commands:\n\
  policy-add SRC DST        let subnet SRC reach subnet DST (same farm)\n\
  policy-del SRC DST        stop it\n\
  policy-list [FARM]        print policies\n\
  peering-request FARM PEER FARM's owner requests peering with PEER\n\
                            (effective once PEER requests FARM too)\n\
  peering-revoke FARM PEER  withdraw FARM's request\n\
  peering-list [FARM]       print peering requests and their state\n\
\n\
Firewall commands:\n\
  fw-group-add GROUP        create firewall GROUP\n\
  fw-group-del GROUP        delete GROUP\n\
  fw-group-list             print groups\n\
  fw-rule-add GROUP DIRECTION PRIORITY ACTION [KEY=VALUE]...\n\
                            DIRECTION: from-vif|to-vif, PRIORITY: 0-32767,\n\
                            ACTION: allow|drop|reject, KEYs: proto=tcp|\n\
                            udp|icmp|sctp, src=, dst= (CIDR, @GROUP or\n\
                            $ADDRESS_SET), sport=, dport= (P or P-Q)\n\
  fw-rule-del GROUP [DIRECTION PRIORITY]\n\
                            delete GROUP's rules (all, or those matching)\n\
  fw-rule-list GROUP        print GROUP's rules\n\
  address-set-add SET [ADDRESS]...\n\
  address-set-del SET\n\
  address-set-list\n\
\n\
QoS commands:\n\
  qos-add QOS RATE [BURST]  create a limit of RATE kbit/s, BURST kbit\n\
  qos-del QOS               delete QOS\n\
  qos-list                  print limits\n\
\n\
Router commands:\n\
  router-add ROUTER         create distributed ROUTER\n\
  router-del ROUTER         delete ROUTER\n\
  router-list               print routers\n\
  router-if-add ROUTER SEGMENT MAC IP/PLEN\n\
                            join SEGMENT to ROUTER\n\
  router-if-del ROUTER SEGMENT\n\
  router-if-list ROUTER     print ROUTER's interfaces\n\
\n\
%s\
%s\
\n\
Options:\n\
  --db=DATABASE               connect to DATABASE\n\
                              (default: $VNET_DB or unix:%s/vnet_db.sock)\n\
  --wait=none|hv              wait for nothing (default) or until every\n\
                              host has applied the change\n\
  -t, --timeout=SECS          wait at most SECS seconds\n\
  --dry-run                   do not commit changes to database\n\
  --oneline                   print exactly one line of output per command\n\
  -f, --format=FORMAT         list output as table (default), json, csv,\n\
                              html or list\n\
  --may-exist, --if-exists    per command: no error if the row exists or\n\
                              does not\n",
           program_name, program_name, ctl_get_db_cmd_usage(),
           ctl_list_db_tables_usage(), ovs_rundir());
    table_usage();
    vlog_usage();
    printf("\
  --no-syslog             equivalent to --verbose=vnet_nbctl:syslog:warn\n");
    stream_usage("database", true, true, false);
    printf("\n\
Other options:\n\
  -h, --help                  display this help message\n\
  -V, --version               display version information\n");
    exit(EXIT_SUCCESS);
}

int
main(int argc, char *argv[])
{
    struct ovsdb_idl *idl;
    struct ctl_command *commands;
    struct shash local_options;
    unsigned int seqno;
    size_t n_commands;

    set_program_name(argv[0]);
    fatal_ignore_sigpipe();
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_WARN);
    vlog_set_levels_from_string_assert("reconnect:warn");

    ctl_init__(&vnetrec_idl_class, tables, NULL, vnet_nbctl_exit);
    ctl_register_commands(nbctl_commands);

    /* Parse command line. */
    char *args = process_escape_args(argv);
    shash_init(&local_options);
    parse_options(argc, argv, &local_options);
    char *error = ctl_parse_commands(argc - optind, argv + optind,
                                     &local_options, &commands, &n_commands);
    if (error) {
        ctl_fatal("%s", error);
    }
    VLOG(ctl_might_write_to_db(commands, n_commands) ? VLL_INFO : VLL_DBG,
         "Called as %s", args);

    ctl_timeout_setup(timeout);

    /* Initialize IDL. */
    idl = the_idl = ovsdb_idl_create(db, &vnetrec_idl_class, true, false);
    ovsdb_idl_set_leader_only(idl, false);

    /* Execute the commands.
     *
     * 'seqno' is the database sequence number for which we last tried to
     * execute our transaction.  There's no point in trying to commit more
     * than once for any given sequence number, because if the transaction
     * fails it's because the database changed and we need to obtain an
     * up-to-date view of the database before we try the transaction
     * again. */
    seqno = ovsdb_idl_get_seqno(idl);
    for (;;) {
        ovsdb_idl_run(idl);
        if (!ovsdb_idl_is_alive(idl)) {
            int retval = ovsdb_idl_get_last_error(idl);
            ctl_fatal("%s: database connection failed (%s)",
                      db, ovs_retval_to_string(retval));
        }

        if (seqno != ovsdb_idl_get_seqno(idl)) {
            seqno = ovsdb_idl_get_seqno(idl);
            if (do_vnet_nbctl(args, commands, n_commands, idl)) {
                free(args);
                exit(EXIT_SUCCESS);
            }
        }

        if (seqno == ovsdb_idl_get_seqno(idl)) {
            ovsdb_idl_wait(idl);
            poll_block();
        }
    }
}
