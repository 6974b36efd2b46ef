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

#include <config.h>
#include "controller.h"
#include <string.h>
#if HAVE_DECL_MALLOC_TRIM
#include <malloc.h>
#endif
#include "bindings.h"
#include "desired-flows.h"
#include "flow-compiler.h"
#include "flow-table.h"
#include "hash.h"
#include "host-flows.h"
#include "intent-diff.h"
#include "intent-idl.h"
#include "lib/vswitch-idl.h"
#include "listener.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/hmap.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "pipeline.h"
#include "schema/vnet-idl.h"
#include "smap.h"
#include "switch.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(controller);

/* VNET_Global options:bindings_grace when unset or invalid, in seconds. */
#define DEFAULT_BINDINGS_GRACE 10

/* A session with one host's Open_vSwitch database. */
struct host_db {
    struct hmap_node hmap_node;   /* In 'host_dbs', by remote. */
    char *remote;
    char *host_name;              /* The Host row's name, for messages. */
    long long int created_msec;
    long long int lost_msec;      /* When the connection went away, or 0. */
    bool expired;                 /* Away for longer than the grace: its
                                   * bindings no longer count. */
    struct ovsdb_idl *idl;
    unsigned int seqno;
    struct vnet_binding binding;

    /* What the last compilation gave this host's switch. */
    struct vnet_host_flows flows;
    const struct ofctl_switch *compiled_sw;
    struct desired_flows compiled;
};

/* A Prometheus histogram of durations in seconds. */
static const double histogram_bounds[] = {
    0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10,
};
struct histogram {
    uint64_t counts[ARRAY_SIZE(histogram_bounds)];  /* Not cumulative. */
    uint64_t count;
    double sum;
};

static void
histogram_observe(struct histogram *h, long long int msec)
{
    double seconds = msec / 1000.0;

    for (size_t i = 0; i < ARRAY_SIZE(histogram_bounds); i++) {
        if (seconds <= histogram_bounds[i]) {
            h->counts[i]++;
            break;
        }
    }
    h->count++;
    h->sum += seconds;
}

static void
histogram_format(const struct histogram *h, const char *name,
                 const char *help, struct ds *s)
{
    uint64_t cumulative = 0;

    ds_put_format(s, "# HELP %s %s\n# TYPE %s histogram\n", name, help,
                  name);
    for (size_t i = 0; i < ARRAY_SIZE(histogram_bounds); i++) {
        cumulative += h->counts[i];
        ds_put_format(s, "%s_bucket{le=\"%g\"} %"PRIu64"\n", name,
                      histogram_bounds[i], cumulative);
    }
    ds_put_format(s, "%s_bucket{le=\"+Inf\"} %"PRIu64"\n", name, h->count);
    ds_put_format(s, "%s_sum %.6f\n%s_count %"PRIu64"\n", name, h->sum,
                  name, h->count);
}

struct vnet_controller {
    struct ovsdb_idl *idl;        /* The VNET database. */
    unsigned int seqno;
    struct hmap host_dbs;         /* Contains "struct host_db"s. */
    bool recompute;
    bool settled;                 /* Compiled from complete knowledge once:
                                   * see knowledge_is_complete(). */
    uint64_t switches_signature;  /* Which switches were connected. */
    struct vnet_intent *intent;   /* As last compiled, or NULL. */
    bool full;                    /* Compile the next from scratch. */

    /* What compilations did: in all, and the last one. */
    uint64_t n_recomputes, n_full;
    uint64_t n_hosts_compiled, n_flows_compiled;
    size_t last_hosts, last_hosts_of, last_flows;
    bool last_full;
    long long int last_compile_msec;
    struct ovsdb_idl_txn *txn;    /* Realization feedback in flight. */

    /* Metrics. */
    struct histogram compile_seconds;
    struct histogram sync_seconds;  /* From compiling an nb_cfg to every
                                     * host confirming it. */
    int64_t sync_gen;
    long long int sync_start_msec;
};

struct vnet_controller *
vnet_controller_create(const char *vnet_db)
{
    struct vnet_controller *c = xzalloc(sizeof *c);

    c->idl = ovsdb_idl_create(vnet_db, &vnetrec_idl_class, true, true);
    /* The controller writes these itself: its own writes must not make it
     * compile everything again. */
    ovsdb_idl_omit_alert(c->idl, &vnetrec_vnet_global_col_hv_cfg);
    ovsdb_idl_omit_alert(c->idl, &vnetrec_vnet_global_col_hv_cfg_timestamp);
    ovsdb_idl_omit_alert(c->idl, &vnetrec_host_col_hv_cfg);
    ovsdb_idl_omit_alert(c->idl, &vnetrec_host_col_hv_cfg_timestamp);
    hmap_init(&c->host_dbs);
    c->recompute = true;
    c->full = true;
    return c;
}

static void
host_db_destroy(struct host_db *db)
{
    ovsdb_idl_destroy(db->idl);
    vnet_binding_destroy(&db->binding);
    vnet_host_flows_destroy(&db->flows);
    desired_flows_destroy(&db->compiled);
    free(db->remote);
    free(db->host_name);
    free(db);
}

void
vnet_controller_destroy(struct vnet_controller *c)
{
    struct host_db *db;

    if (!c) {
        return;
    }
    HMAP_FOR_EACH_POP (db, hmap_node, &c->host_dbs) {
        host_db_destroy(db);
    }
    hmap_destroy(&c->host_dbs);
    if (c->txn) {
        ovsdb_idl_txn_destroy(c->txn);
    }
    if (c->intent) {
        vnet_intent_destroy(c->intent);
        free(c->intent);
    }
    ovsdb_idl_destroy(c->idl);
    free(c);
}

static struct host_db *
find_host_db(const struct hmap *host_dbs, const char *remote)
{
    struct host_db *db;

    HMAP_FOR_EACH_WITH_HASH (db, hmap_node, hash_string(remote, 0),
                             host_dbs) {
        if (!strcmp(db->remote, remote)) {
            return db;
        }
    }
    return NULL;
}

/* Opens a session to the database of every Host row with a remote, and
 * closes those of hosts that are gone. */
static void
sync_host_dbs(struct vnet_controller *c)
{
    const struct vnetrec_host *host;
    struct hmap old = HMAP_INITIALIZER(&old);
    struct host_db *db;

    hmap_swap(&old, &c->host_dbs);
    VNETREC_HOST_FOR_EACH (host, c->idl) {
        if (!host->ovsdb_remote[0]
            || find_host_db(&c->host_dbs, host->ovsdb_remote)) {
            continue;
        }
        db = find_host_db(&old, host->ovsdb_remote);
        if (db) {
            hmap_remove(&old, &db->hmap_node);
        } else {
            db = xzalloc(sizeof *db);
            db->remote = xstrdup(host->ovsdb_remote);
            db->host_name = xstrdup(host->name);
            db->created_msec = time_msec();
            db->idl = ovsdb_idl_create(db->remote, &ovsrec_idl_class, false,
                                       true);
            vnet_binding_register_columns(db->idl);
            vnet_binding_init(&db->binding);
            vnet_host_flows_init(&db->flows);
            desired_flows_init(&db->compiled);
            VLOG_INFO("host %s: connecting to its database at %s",
                      host->name, db->remote);
        }
        hmap_insert(&c->host_dbs, &db->hmap_node,
                    hash_string(db->remote, 0));
    }
    HMAP_FOR_EACH_POP (db, hmap_node, &old) {
        host_db_destroy(db);
        c->recompute = true;
    }
    hmap_destroy(&old);
}

/* How long a host's database may stay silent before the controller stops
 * relying on the host's last bindings: at a start, how long it waits for
 * them (knowledge_is_complete()), and later how long a host database that
 * went away keeps them (host_db_track()).  VNET_Global
 * options:bindings_grace, in seconds. */
static long long int
bindings_grace_msec(const struct vnet_controller *c)
{
    const struct vnetrec_vnet_global *g = vnetrec_vnet_global_first(c->idl);
    const char *value = g ? smap_get(&g->options, "bindings_grace") : NULL;
    unsigned int seconds;

    if (!value || !str_to_uint(value, 10, &seconds) || seconds > 3600) {
        if (value) {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 1);
            VLOG_WARN_RL(&rl, "options:bindings_grace \"%s\" is not 0 to "
                         "3600 seconds; using %d", value,
                         DEFAULT_BINDINGS_GRACE);
        }
        seconds = DEFAULT_BINDINGS_GRACE;
    }
    return seconds * 1000LL;
}

/* Notes whether 'db' lost its server, and for how long.  A host whose
 * database has been away for longer than the grace is presumed gone: its
 * VIFs become unbound, so that a VM restarted on another host is reached
 * there (a VIF that two hosts claim stays with the first), and its own
 * switch keeps what it has.  Returns true if that changed. */
static bool
host_db_track(struct host_db *db, long long int grace)
{
    bool was_expired = db->expired;

    if (ovsdb_idl_is_connected(db->idl)
        || !ovsdb_idl_has_ever_connected(db->idl)) {
        db->lost_msec = 0;
        db->expired = false;
    } else if (!db->lost_msec) {
        db->lost_msec = time_msec();
    } else if (!db->expired && time_msec() >= db->lost_msec + grace) {
        VLOG_WARN("host %s: database away for %lld ms: its VIFs are "
                  "unbound until it returns", db->host_name,
                  time_msec() - db->lost_msec);
        db->expired = true;
    }
    return db->expired != was_expired;
}

static struct host_db *
host_db_of_host(const struct vnet_controller *c, const char *name)
{
    struct host_db *db;

    HMAP_FOR_EACH (db, hmap_node, &c->host_dbs) {
        if (db->binding.host && !strcmp(db->binding.host, name)) {
            return db;
        }
    }
    return NULL;
}

static const struct vnet_binding *
binding_of_host(const struct vnet_controller *c, const char *name)
{
    const struct host_db *db = host_db_of_host(c, name);
    return db && !db->expired ? &db->binding : NULL;
}

static int64_t
nb_cfg(const struct vnet_controller *c)
{
    const struct vnetrec_vnet_global *g = vnetrec_vnet_global_first(c->idl);
    return g ? g->nb_cfg : 0;
}

/* Compiles the intent into every connected host's desired table.  Only what
 * changed since the last compilation is compiled again (host-flows.h),
 * except for the first and after "recompute". */
static void
compile(struct vnet_controller *c, struct ofctl_listener *listener)
{
    long long int start = time_msec();
    struct vnet_intent *intent = xmalloc(sizeof *intent);
    bool full = c->full || !c->intent;
    const struct vnet_binding *b;
    struct vnet_compile_pass pass;
    struct vnet_intent_diff diff;
    struct vnet_host *host;

    vnet_intent_init(intent);
    vnet_intent_from_idl(c->idl, intent);
    HMAP_FOR_EACH (host, hmap_node, &intent->hosts) {
        b = binding_of_host(c, host->name);
        if (b) {
            vnet_binding_apply(b, host, intent);
        }
    }
    vnet_intent_diff_init(&diff);
    if (!full) {
        vnet_intent_diff_compute(c->intent, intent, &diff);
    }
    vnet_compile_pass_init(&pass, intent, full ? NULL : &diff);

    c->last_hosts = c->last_hosts_of = c->last_flows = 0;
    HMAP_FOR_EACH (host, hmap_node, &intent->hosts) {
        struct host_db *db = host_db_of_host(c, host->name);
        struct ofctl_switch *sw;
        bool changed;

        sw = db && db->binding.datapath_id && !db->expired
             ? ofctl_listener_find(listener, db->binding.datapath_id) : NULL;
        if (!sw) {
            if (db) {
                /* It misses this pass: the next compiles it all. */
                vnet_host_flows_clear(&db->flows);
            }
            continue;
        }
        ofctl_switch_set_name(sw, host->name);
        vnet_host_flows_update(&db->flows, &pass, host);
        c->last_hosts_of++;
        if (db->flows.n_compiled) {
            c->last_hosts++;
            c->last_flows += db->flows.n_compiled;
        }
        if (db->compiled_sw != sw || !ofctl_switch_has_desired(sw)) {
            /* A new session, whose desired table is empty.  The switch
             * keeps what learn() writes in the learned tables. */
            for (size_t i = 0; i < vnet_pipeline_n_tables; i++) {
                const struct vnet_table_decl *t = &vnet_pipeline_tables[i];
                if (t->owner == VNET_OWNER_LEARNED) {
                    ofctl_switch_set_learned_table(sw, t->id);
                }
            }
            db->compiled_sw = sw;
            changed = desired_flows_put_all(&db->compiled,
                                            ofctl_switch_desired(sw),
                                            &db->flows);
        } else {
            changed = desired_flows_update(&db->compiled,
                                           ofctl_switch_desired(sw),
                                           db->flows.changes,
                                           db->flows.n_changes);
        }
        vnet_host_flows_clear_changes(&db->flows);
        if (changed) {
            ofctl_switch_commit(sw, nb_cfg(c));
        } else {
            ofctl_switch_commit_unchanged(sw, nb_cfg(c));
        }
    }
    vnet_compile_pass_destroy(&pass);
    vnet_intent_diff_destroy(&diff);
    if (c->intent) {
        vnet_intent_destroy(c->intent);
        free(c->intent);
    }
    c->intent = intent;
    c->full = false;
#if HAVE_DECL_MALLOC_TRIM
    /* A compilation allocates and frees a string for every flow it
     * compiles.  Left to itself, glibc's heap fragmented under that, and
     * each compilation ran slower than the last: at 10,000 VIFs one add
     * took twice the CPU after 25 adds.  Consolidating the free chunks
     * after each compilation keeps it flat. */
    malloc_trim(0);
#endif

    c->n_recomputes++;
    c->n_full += full;
    c->last_full = full;
    c->n_hosts_compiled += c->last_hosts;
    c->n_flows_compiled += c->last_flows;
    c->last_compile_msec = time_msec() - start;
    histogram_observe(&c->compile_seconds, c->last_compile_msec);
    if (nb_cfg(c) != c->sync_gen) {
        c->sync_gen = nb_cfg(c);
        c->sync_start_msec = start;
    }
}

/* Writes nb_cfg back as hv_cfg once every host with a switch has confirmed
 * it: then "vnet-nbctl --wait=hv" returns exactly when the flows are in
 * place.  A host that is down holds it back, as a chassis does in OVN. */
static void
realize(struct vnet_controller *c, struct ofctl_listener *listener)
{
    const struct vnetrec_vnet_global *g = vnetrec_vnet_global_first(c->idl);
    const struct vnetrec_host *host;

    if (c->txn) {
        enum ovsdb_idl_txn_status status = ovsdb_idl_txn_commit(c->txn);
        if (status == TXN_INCOMPLETE) {
            return;
        }
        ovsdb_idl_txn_destroy(c->txn);
        c->txn = NULL;
    }
    if (!g || g->hv_cfg >= g->nb_cfg) {
        return;
    }
    VNETREC_HOST_FOR_EACH (host, c->idl) {
        if (!host->ovsdb_remote[0]) {
            continue;           /* A non-virtualized machine: no switch. */
        }
        const struct vnet_binding *b = binding_of_host(c, host->name);
        const struct ofctl_switch *sw
            = b && b->datapath_id
              ? ofctl_listener_find(listener, b->datapath_id) : NULL;
        if (!sw || ofctl_switch_confirmed_gen(sw) < g->nb_cfg) {
            return;
        }
    }

    if (g->nb_cfg == c->sync_gen) {
        histogram_observe(&c->sync_seconds,
                          time_msec() - c->sync_start_msec);
    }
    c->txn = ovsdb_idl_txn_create(c->idl);
    ovsdb_idl_txn_add_comment(c->txn, "vnet-controller: hv_cfg=%"PRId64,
                              g->nb_cfg);
    vnetrec_vnet_global_set_hv_cfg(g, g->nb_cfg);
    vnetrec_vnet_global_set_hv_cfg_timestamp(g, time_wall_msec());
    VNETREC_HOST_FOR_EACH (host, c->idl) {
        vnetrec_host_set_hv_cfg(host, g->nb_cfg);
    }
    if (ovsdb_idl_txn_commit(c->txn) != TXN_INCOMPLETE) {
        ovsdb_idl_txn_destroy(c->txn);
        c->txn = NULL;
    }
}

/* A value that changes whenever a switch connects, disconnects or changes
 * state, so that a newly connected switch gets its flows. */
static uint64_t
switches_signature(const struct ofctl_listener *listener)
{
    struct ofctl_switch **switches;
    uint64_t sig = 0;
    size_t n;

    switches = ofctl_listener_get_switches(listener, &n);
    for (size_t i = 0; i < n; i++) {
        sig += hash_2words(ofctl_switch_get_dpid(switches[i]),
                           ofctl_switch_is_connected(switches[i]));
    }
    free(switches);
    return sig + n;
}

/* A host database that has not reported yet and may still, within its
 * grace period; NULL if none. */
static const struct host_db *
awaited_host_db(const struct vnet_controller *c)
{
    long long int grace = bindings_grace_msec(c);
    const struct host_db *db;

    HMAP_FOR_EACH (db, hmap_node, &c->host_dbs) {
        if (!ovsdb_idl_has_ever_connected(db->idl)
            && time_msec() < db->created_msec + grace) {
            return db;
        }
    }
    return NULL;
}

/* Whether the controller knows enough to change switches.  A compilation
 * from partial knowledge would take flows away that the switches rightly
 * hold, and put them back a moment later: after a start, the intent
 * arrives before the hosts' bindings, and every VIF of a host whose
 * database has not answered yet would look unbound to the others.  So the
 * first compilation waits for the VNET database's contents (the IDL's
 * first update) and for the first update of every host's database, or for
 * the grace after the controller learned of the host, whichever comes
 * first.  Afterwards a host database that goes away keeps its last
 * bindings for the grace (an IDL keeps its contents until the next
 * server's arrive), see host_db_track(). */
static bool
knowledge_is_complete(struct vnet_controller *c)
{
    if (!c->settled && ovsdb_idl_has_ever_connected(c->idl)
        && !awaited_host_db(c)) {
        c->settled = true;
    }
    return c->settled;
}

void
vnet_controller_run(struct vnet_controller *c,
                    struct ofctl_listener *listener)
{
    struct host_db *db;
    uint64_t sig;

    ovsdb_idl_run(c->idl);
    if (ovsdb_idl_get_seqno(c->idl) != c->seqno) {
        c->seqno = ovsdb_idl_get_seqno(c->idl);
        c->recompute = true;
    }
    sync_host_dbs(c);
    long long int grace = bindings_grace_msec(c);
    HMAP_FOR_EACH (db, hmap_node, &c->host_dbs) {
        ovsdb_idl_run(db->idl);
        if (host_db_track(db, grace)) {
            c->recompute = true;
        }
        if (ovsdb_idl_get_seqno(db->idl) != db->seqno) {
            db->seqno = ovsdb_idl_get_seqno(db->idl);
            vnet_binding_from_idl(db->idl, &db->binding);
            c->recompute = true;
        }
    }
    sig = switches_signature(listener);
    if (sig != c->switches_signature) {
        c->switches_signature = sig;
        c->recompute = true;
    }

    if (c->recompute && knowledge_is_complete(c)) {
        c->recompute = false;
        compile(c, listener);
    }
    realize(c, listener);
}

void
vnet_controller_wait(struct vnet_controller *c)
{
    long long int grace = bindings_grace_msec(c);
    struct host_db *db;

    ovsdb_idl_wait(c->idl);
    HMAP_FOR_EACH (db, hmap_node, &c->host_dbs) {
        ovsdb_idl_wait(db->idl);
        /* Wake when a grace ends: a start's wait for the host's first
         * bindings, or the time a lost host database keeps them. */
        if (!c->settled && !ovsdb_idl_has_ever_connected(db->idl)) {
            poll_timer_wait_until(db->created_msec + grace);
        } else if (db->lost_msec && !db->expired) {
            poll_timer_wait_until(db->lost_msec + grace);
        }
    }
    if (c->txn) {
        ovsdb_idl_txn_wait(c->txn);
    }
}

/* Makes the next compilation compile everything from scratch. */
void
vnet_controller_force_recompute(struct vnet_controller *c)
{
    c->recompute = true;
    c->full = true;
}

void
vnet_controller_format_status(const struct vnet_controller *c,
                              struct ds *s)
{
    const struct vnetrec_vnet_global *g = vnetrec_vnet_global_first(c->idl);
    const struct host_db *db;

    ds_put_format(s, "vnet database: %s\n",
                  ovsdb_idl_is_connected(c->idl) ? "connected"
                  : "not connected");
    if (g) {
        ds_put_format(s, "nb_cfg: %"PRId64"\nhv_cfg: %"PRId64"\n",
                      g->nb_cfg, g->hv_cfg);
    }
    ds_put_format(s, "recomputes: %"PRIu64" (last took %lld ms)\n",
                  c->n_recomputes, c->last_compile_msec);
    if (c->n_recomputes) {
        ds_put_format(s, "last compilation: %s, recompiled %"PRIuSIZE
                      " of %"PRIuSIZE" hosts, %"PRIuSIZE" flows\n",
                      c->last_full ? "full" : "incremental", c->last_hosts,
                      c->last_hosts_of, c->last_flows);
    }
    if (!c->settled) {
        const struct host_db *awaited = awaited_host_db(c);

        if (!ovsdb_idl_has_ever_connected(c->idl)) {
            ds_put_cstr(s, "holding back: waiting for the vnet database\n");
        } else if (awaited) {
            ds_put_format(s, "holding back: waiting for host %s's "
                          "bindings, at most %lld ms more\n",
                          awaited->host_name,
                          awaited->created_msec + bindings_grace_msec(c)
                          - time_msec());
        }
    }
    HMAP_FOR_EACH (db, hmap_node, &c->host_dbs) {
        ds_put_format(s, "host database %s: %s, host %s, dpid %016"PRIx64
                      ", %"PRIuSIZE" VIFs\n", db->remote,
                      ovsdb_idl_is_connected(db->idl) ? "connected"
                      : db->expired ? "not connected, bindings expired"
                      : db->lost_msec ? "not connected, bindings kept"
                      : "not connected",
                      db->binding.host ? db->binding.host : "(not joined)",
                      db->binding.datapath_id,
                      shash_count(&db->binding.vifs));
    }
}

/* Whether the controller can do its job; if not, '*reason' says why. */
bool
vnet_controller_is_healthy(const struct vnet_controller *c,
                           const char **reason)
{
    if (!ovsdb_idl_is_connected(c->idl)) {
        *reason = "vnet database not connected";
        return false;
    }
    *reason = "ok";
    return true;
}

/* Appends the controller's metrics in Prometheus text format. */
void
vnet_controller_format_metrics(const struct vnet_controller *c,
                               const struct ofctl_listener *listener,
                               struct ds *s)
{
    const struct vnetrec_vnet_global *g = vnetrec_vnet_global_first(c->idl);
    struct ofctl_switch **switches;
    const struct host_db *db;
    size_t n;

    ds_put_cstr(s, "# HELP vnet_host_connected Whether the host's br-vnet "
                "has an OpenFlow connection.\n"
                "# TYPE vnet_host_connected gauge\n");
    switches = ofctl_listener_get_switches(listener, &n);
    for (size_t i = 0; i < n; i++) {
        ds_put_format(s, "vnet_host_connected{host=\"%s\",dpid=\"%016"
                      PRIx64"\"} %d\n",
                      ofctl_switch_get_name(switches[i]),
                      ofctl_switch_get_dpid(switches[i]),
                      ofctl_switch_is_connected(switches[i]));
    }
    ds_put_cstr(s, "# HELP vnet_flows Flows per host: desired (compiled) "
                "and installed (confirmed by the switch).\n"
                "# TYPE vnet_flows gauge\n");
    for (size_t i = 0; i < n; i++) {
        const char *name = ofctl_switch_get_name(switches[i]);
        ds_put_format(s, "vnet_flows{host=\"%s\",table=\"desired\"} "
                      "%"PRIuSIZE"\n", name,
                      ofctl_flow_table_count(
                          ofctl_switch_desired(switches[i])));
        ds_put_format(s, "vnet_flows{host=\"%s\",table=\"installed\"} "
                      "%"PRIuSIZE"\n", name,
                      ofctl_flow_table_count(
                          ofctl_switch_installed(switches[i])));
    }
    ds_put_cstr(s, "# HELP vnet_flow_mods_total "
                "Flow changes the switch confirmed.\n"
                "# TYPE vnet_flow_mods_total counter\n");
    for (size_t i = 0; i < n; i++) {
        const char *name = ofctl_switch_get_name(switches[i]);
        struct ofctl_switch_stats st;

        ofctl_switch_get_stats(switches[i], &st);
        ds_put_format(s, "vnet_flow_mods_total{host=\"%s\",command=\"add\"} "
                      "%"PRIu64"\n", name, st.n_adds);
        ds_put_format(s, "vnet_flow_mods_total{host=\"%s\","
                      "command=\"modify\"} %"PRIu64"\n", name,
                      st.n_modifies);
        ds_put_format(s, "vnet_flow_mods_total{host=\"%s\","
                      "command=\"delete\"} %"PRIu64"\n", name,
                      st.n_deletes);
    }
    ds_put_cstr(s, "# HELP vnet_switch_updates_total Updates the switch "
                "confirmed, as one atomic bundle or, after a failed one, "
                "flow_mod by flow_mod with a barrier.\n"
                "# TYPE vnet_switch_updates_total counter\n");
    for (size_t i = 0; i < n; i++) {
        const char *name = ofctl_switch_get_name(switches[i]);
        struct ofctl_switch_stats st;

        ofctl_switch_get_stats(switches[i], &st);
        ds_put_format(s, "vnet_switch_updates_total{host=\"%s\","
                      "confirmed_by=\"bundle\"} %"PRIu64"\n", name,
                      st.n_bundles);
        ds_put_format(s, "vnet_switch_updates_total{host=\"%s\","
                      "confirmed_by=\"barrier\"} %"PRIu64"\n", name,
                      st.n_barriers);
    }
    ds_put_cstr(s, "# HELP vnet_openflow_errors_total OpenFlow error "
                "replies received.\n"
                "# TYPE vnet_openflow_errors_total counter\n");
    for (size_t i = 0; i < n; i++) {
        struct ofctl_switch_stats st;

        ofctl_switch_get_stats(switches[i], &st);
        ds_put_format(s, "vnet_openflow_errors_total{host=\"%s\"} "
                      "%"PRIu64"\n", ofctl_switch_get_name(switches[i]),
                      st.n_errors);
    }
    free(switches);

    ds_put_cstr(s, "# HELP vnet_host_database_connected Whether the "
                "controller is connected to the host's OVSDB.\n"
                "# TYPE vnet_host_database_connected gauge\n");
    HMAP_FOR_EACH (db, hmap_node, &c->host_dbs) {
        ds_put_format(s, "vnet_host_database_connected{remote=\"%s\"} %d\n",
                      db->remote, ovsdb_idl_is_connected(db->idl));
    }
    ds_put_format(s, "# HELP vnet_database_connected Whether the VNET "
                  "database is connected.\n"
                  "# TYPE vnet_database_connected gauge\n"
                  "vnet_database_connected %d\n"
                  "# HELP vnet_holding_back Whether the controller waits "
                  "for the VNET database or a host's bindings before it "
                  "changes any switch.\n"
                  "# TYPE vnet_holding_back gauge\n"
                  "vnet_holding_back %d\n",
                  ovsdb_idl_is_connected(c->idl), !c->settled);
    ds_put_format(s, "# HELP vnet_nb_cfg Sequence number requested by "
                  "clients.\n# TYPE vnet_nb_cfg gauge\nvnet_nb_cfg %"PRId64
                  "\n# HELP vnet_hv_cfg Sequence number every host has "
                  "applied.\n# TYPE vnet_hv_cfg gauge\nvnet_hv_cfg %"PRId64
                  "\n", g ? g->nb_cfg : 0, g ? g->hv_cfg : 0);
    ds_put_format(s, "# HELP vnet_recomputes_total Flow compilations, from "
                  "scratch (full) or of what changed (incremental).\n"
                  "# TYPE vnet_recomputes_total counter\n"
                  "vnet_recomputes_total{kind=\"full\"} %"PRIu64"\n"
                  "vnet_recomputes_total{kind=\"incremental\"} %"PRIu64"\n"
                  "# HELP vnet_compiled_hosts_total Hosts whose flows "
                  "compilations compiled, in part or in full.\n"
                  "# TYPE vnet_compiled_hosts_total counter\n"
                  "vnet_compiled_hosts_total %"PRIu64"\n"
                  "# HELP vnet_compiled_flows_total Flows compilations "
                  "compiled.\n"
                  "# TYPE vnet_compiled_flows_total counter\n"
                  "vnet_compiled_flows_total %"PRIu64"\n"
                  "# HELP vnet_last_compiled_hosts Hosts whose flows the "
                  "last compilation compiled.\n"
                  "# TYPE vnet_last_compiled_hosts gauge\n"
                  "vnet_last_compiled_hosts %"PRIuSIZE"\n"
                  "# HELP vnet_last_compiled_flows Flows the last "
                  "compilation compiled.\n"
                  "# TYPE vnet_last_compiled_flows gauge\n"
                  "vnet_last_compiled_flows %"PRIuSIZE"\n",
                  c->n_full, c->n_recomputes - c->n_full,
                  c->n_hosts_compiled, c->n_flows_compiled, c->last_hosts,
                  c->last_flows);
    histogram_format(&c->compile_seconds, "vnet_compile_seconds",
                     "Time to compile every host's flows.", s);
    histogram_format(&c->sync_seconds, "vnet_sync_seconds",
                     "Time from compiling a change to every host "
                     "confirming it.", s);
}
