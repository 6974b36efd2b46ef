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
#include "switch.h"
#include "bitmap.h"
#include "flow-table.h"
#include "hash.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/hmap.h"
#include "openvswitch/ofp-actions.h"
#include "openvswitch/ofp-bundle.h"
#include "openvswitch/ofp-errors.h"
#include "openvswitch/ofp-flow.h"
#include "openvswitch/ofp-msgs.h"
#include "openvswitch/ofp-print.h"
#include "openvswitch/ofp-protocol.h"
#include "openvswitch/ofp-util.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/rconn.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(ofctl_switch);

/* A flow_mod sent and not yet confirmed by a barrier or commit reply. */
struct pending_mod {
    struct hmap_node xid_node;  /* In ofctl_switch's 'pending', by xid. */
    ovs_be32 xid;
    enum ofctl_change_type type;
    struct ofctl_flow *flow;    /* Owned copy: the caller may edit the desired
                                 * table while the flow_mod is in flight. */
    bool failed;                /* The switch replied with an error. */
};

struct ofctl_switch {
    uint64_t dpid;
    char *name;
    struct rconn *rconn;        /* NULL when disconnected. */
    enum ofctl_switch_state state;

    struct ofctl_flow_table desired;
    struct ofctl_flow_table installed;

    bool has_desired;           /* Committed at least once? */
    uint64_t desired_gen;       /* Generation of the last commit. */
    uint64_t confirmed_gen;     /* Newest generation the switch confirmed. */
    bool need_update;           /* Desired changed since the last diff? */
    bool rejected;              /* The last update left out flows that the
                                 * switch rejected. */

    ovs_be32 dump_xid;          /* OFPST_FLOW request, while dumping. */
    ovs_be32 barrier_xid;       /* Barrier in flight, while updating. */
    uint64_t update_gen;        /* Generation the update will confirm. */
    struct hmap pending;        /* Contains "struct pending_mod"s. */

    /* An update goes out as one atomic bundle unless the last bundle
     * failed: then the flow_mods go one by one, so that the switch installs
     * all it accepts and names each flow it rejects. */
    bool bundle_failed;         /* Send the next update without one. */
    bool update_bundled;        /* The update in flight is a bundle. */
    uint32_t bundle_id;         /* Id of the newest bundle. */
    ovs_be32 open_xid;          /* Its open request. */
    ovs_be32 commit_xid;        /* Its commit request. */

    struct ofctl_switch_stats stats;

    /* Tables whose flows the switch writes itself (with learn()): the
     * session neither reads nor changes them. */
    unsigned long *learned_tables;
};

static const enum ofp_version version = OFP13_VERSION;

static void
set_default_name(struct ofctl_switch *sw)
{
    free(sw->name);
    sw->name = xasprintf("%016"PRIx64, sw->dpid);
}

struct ofctl_switch *
ofctl_switch_create(uint64_t dpid)
{
    struct ofctl_switch *sw = xzalloc(sizeof *sw);

    sw->dpid = dpid;
    set_default_name(sw);
    sw->state = OFCTL_SWITCH_DISCONNECTED;
    ofctl_flow_table_init(&sw->desired);
    ofctl_flow_table_init(&sw->installed);
    sw->learned_tables = bitmap_allocate(UINT8_MAX + 1);
    hmap_init(&sw->pending);
    return sw;
}

static void
pending_clear(struct ofctl_switch *sw)
{
    struct pending_mod *pm;

    HMAP_FOR_EACH_POP (pm, xid_node, &sw->pending) {
        ofctl_flow_destroy(pm->flow);
        free(pm);
    }
}

void
ofctl_switch_destroy(struct ofctl_switch *sw)
{
    if (sw) {
        ofctl_switch_disconnect(sw);
        ofctl_flow_table_destroy(&sw->desired);
        ofctl_flow_table_destroy(&sw->installed);
        hmap_destroy(&sw->pending);
        free(sw->learned_tables);
        free(sw->name);
        free(sw);
    }
}

static ovs_be32
send_msg(struct ofctl_switch *sw, struct ofpbuf *msg)
{
    ovs_be32 xid = ((const struct ofp_header *) msg->data)->xid;

    rconn_send(sw->rconn, msg, NULL);
    return xid;
}

/* Starts over on the current connection: forgets what is in flight and reads
 * the switch's flows again. */
static void
start_dump(struct ofctl_switch *sw)
{
    struct ofputil_flow_stats_request fsr = {
        .aggregate = false,
        .table_id = OFPTT_ALL,
        .out_port = OFPP_ANY,
        .out_group = OFPG_ANY,
    };

    pending_clear(sw);
    ofctl_flow_table_clear(&sw->installed);
    match_init_catchall(&fsr.match);
    sw->dump_xid = send_msg(sw, ofputil_encode_flow_stats_request(
                                &fsr, ofputil_protocol_from_ofp_version(
                                    version)));
    sw->state = OFCTL_SWITCH_DUMPING;
}

/* Hands 'rconn', a connection to this session's switch whose features reply
 * has been read, to 'sw', which takes ownership of it and drops the
 * connection it had, if any. */
void
ofctl_switch_connect(struct ofctl_switch *sw, struct rconn *rconn)
{
    ofctl_switch_disconnect(sw);
    sw->rconn = rconn;
    sw->bundle_failed = false;
    sw->stats.n_connects++;
    VLOG_INFO("%s: connected (%s)", sw->name, rconn_get_target(rconn));
    start_dump(sw);
}

void
ofctl_switch_disconnect(struct ofctl_switch *sw)
{
    if (sw->rconn) {
        VLOG_INFO("%s: disconnected", sw->name);
        rconn_destroy(sw->rconn);
        sw->rconn = NULL;
    }
    /* What was in flight may or may not have taken effect: the next
     * connection's dump will say. */
    pending_clear(sw);
    sw->state = OFCTL_SWITCH_DISCONNECTED;
}

/* Whether the flow at 'priority' in 'table_id' belongs to the switch
 * rather than to the session. */
static bool
is_learned(const struct ofctl_switch *sw, uint8_t table_id,
           uint16_t priority)
{
    return priority && bitmap_is_set(sw->learned_tables, table_id);
}

/* Leaves the flows that the switch itself writes into table 'table_id',
 * learn()'s, to the switch: the session forgets what it read of them and
 * from now on neither reads nor changes them.  They are told apart by
 * their priority: above 0.  The table's priority-0 flow, its miss, stays
 * the session's, so that what nothing learned is dropped and counted. */
void
ofctl_switch_set_learned_table(struct ofctl_switch *sw, uint8_t table_id)
{
    struct ofctl_flow *flow;

    if (bitmap_is_set(sw->learned_tables, table_id)) {
        return;
    }
    bitmap_set1(sw->learned_tables, table_id);
    HMAP_FOR_EACH_SAFE (flow, hmap_node, &sw->installed.flows) {
        if (is_learned(sw, flow->table_id, flow->priority)) {
            ofctl_flow_table_remove(&sw->installed, flow);
        }
    }
    sw->need_update = true;
}

/* Reads the switch's flows again and reconciles, as after a reconnect but
 * without dropping the connection. */
void
ofctl_switch_resync(struct ofctl_switch *sw)
{
    if (sw->rconn && rconn_is_connected(sw->rconn)) {
        start_dump(sw);
    }
}

/* Sends the flow_mod for 'change', inside bundle 'bundle_id' if it is
 * nonzero. */
static void
send_flow_mod(struct ofctl_switch *sw, const struct ofctl_change *change,
              uint32_t bundle_id)
{
    const struct ofctl_flow *flow = change->flow;
    struct ofputil_flow_mod fm = {
        .priority = flow->priority,
        .table_id = flow->table_id,
        .buffer_id = UINT32_MAX,
        .out_port = OFPP_ANY,
        .out_group = OFPG_ANY,
        .new_cookie = OVS_BE64_MAX,
        .ofpacts = flow->ofpacts,
        .ofpacts_len = flow->ofpacts_len,
    };

    fm.match = flow->match;
    switch (change->type) {
    case OFCTL_CHANGE_ADD:
        fm.command = OFPFC_ADD;
        fm.new_cookie = flow->cookie;
        break;

    case OFCTL_CHANGE_MODIFY: {
        /* In OpenFlow 1.3 a modify cannot change a flow's cookie; an add
         * replaces the flow with the same identity (keeping its counters)
         * and can. */
        const struct ofctl_flow *old = ofctl_flow_table_find_flow(
            &sw->installed, flow);
        if (old && old->cookie != flow->cookie) {
            fm.command = OFPFC_ADD;
            fm.new_cookie = flow->cookie;
        } else {
            fm.command = OFPFC_MODIFY_STRICT;
        }
        break;
    }

    case OFCTL_CHANGE_DELETE:
        fm.command = OFPFC_DELETE_STRICT;
        fm.ofpacts = NULL;
        fm.ofpacts_len = 0;
        break;
    }

    struct ofpbuf *msg = ofputil_encode_flow_mod(
        &fm, ofputil_protocol_from_ofp_version(version));
    if (bundle_id) {
        /* The bundle message takes the flow_mod's xid, so that an error
         * the commit draws still names the flow. */
        struct ofputil_bundle_add_msg bam = {
            .bundle_id = bundle_id,
            .flags = OFPBF_ATOMIC | OFPBF_ORDERED,
            .msg = msg->data,
        };
        struct ofpbuf *add = ofputil_encode_bundle_add(version, &bam);
        ofpbuf_delete(msg);
        msg = add;
    }

    struct pending_mod *pm = xmalloc(sizeof *pm);
    pm->xid = send_msg(sw, msg);
    pm->type = change->type;
    pm->flow = ofctl_flow_clone(flow);
    pm->failed = false;
    hmap_insert(&sw->pending, &pm->xid_node, hash_int(ntohl(pm->xid), 0));
}

static ovs_be32
send_bundle_ctrl(struct ofctl_switch *sw, uint16_t type)
{
    struct ofputil_bundle_ctrl_msg bc = {
        .bundle_id = sw->bundle_id,
        .type = type,
        .flags = OFPBF_ATOMIC | OFPBF_ORDERED,
    };

    return send_msg(sw, ofputil_encode_bundle_ctrl_request(version, &bc));
}

/* Sends the flow_mods that turn the installed table into the desired one:
 * in one atomic bundle and its commit, so that packets never meet a
 * half-updated table (and ovs-vswitchd publishes its classifier once, not
 * once per flow), or, after a failed bundle, one by one and then a barrier.
 * With nothing to change, the installed table (confirmed by a dump, a
 * barrier or a commit) already is the desired one. */
static void
send_update(struct ofctl_switch *sw)
{
    struct ovs_list changes = OVS_LIST_INITIALIZER(&changes);
    const struct ofctl_change *change;

    sw->need_update = false;
    ofctl_flow_table_diff(&sw->desired, &sw->installed, &changes);
    if (ovs_list_is_empty(&changes)) {
        sw->confirmed_gen = sw->desired_gen;
        sw->rejected = false;
        return;
    }

    sw->update_bundled = !sw->bundle_failed;
    sw->bundle_failed = false;
    if (sw->update_bundled) {
        sw->bundle_id = sw->bundle_id == UINT32_MAX ? 1 : sw->bundle_id + 1;
        sw->open_xid = send_bundle_ctrl(sw, OFPBCT_OPEN_REQUEST);
    }
    LIST_FOR_EACH (change, list_node, &changes) {
        send_flow_mod(sw, change, sw->update_bundled ? sw->bundle_id : 0);
    }
    ofctl_changes_destroy(&changes);

    if (sw->update_bundled) {
        sw->commit_xid = send_bundle_ctrl(sw, OFPBCT_COMMIT_REQUEST);
    } else {
        sw->barrier_xid = send_msg(sw,
                                   ofputil_encode_barrier_request(version));
    }
    sw->update_gen = sw->desired_gen;
    sw->state = OFCTL_SWITCH_UPDATING;
}

static struct pending_mod *
pending_find(const struct ofctl_switch *sw, ovs_be32 xid)
{
    struct pending_mod *pm;

    HMAP_FOR_EACH_WITH_HASH (pm, xid_node, hash_int(ntohl(xid), 0),
                             &sw->pending) {
        if (pm->xid == xid) {
            return pm;
        }
    }
    return NULL;
}

/* A barrier or a commit reply confirms every flow_mod of the update that
 * drew no error. */
static void
finish_update(struct ofctl_switch *sw)
{
    struct pending_mod *pm;

    sw->rejected = false;
    HMAP_FOR_EACH_POP (pm, xid_node, &sw->pending) {
        switch (pm->type) {
        case OFCTL_CHANGE_ADD:
            sw->stats.n_adds++;
            break;
        case OFCTL_CHANGE_MODIFY:
            sw->stats.n_modifies++;
            break;
        case OFCTL_CHANGE_DELETE:
            sw->stats.n_deletes++;
            break;
        }
        if (!pm->failed) {
            ofctl_flow_table_apply(&sw->installed, pm->type, pm->flow);
        } else {
            sw->rejected = true;
        }
        ofctl_flow_destroy(pm->flow);
        free(pm);
    }
    sw->confirmed_gen = sw->update_gen;
    sw->state = OFCTL_SWITCH_IDLE;
    VLOG_DBG("%s: generation %"PRIu64" confirmed", sw->name,
             sw->confirmed_gen);
}

static void
handle_barrier_reply(struct ofctl_switch *sw, const struct ofp_header *oh)
{
    if (sw->state == OFCTL_SWITCH_UPDATING && !sw->update_bundled
        && oh->xid == sw->barrier_xid) {
        sw->stats.n_barriers++;
        finish_update(sw);
    }
}

static void
handle_bundle_reply(struct ofctl_switch *sw, const struct ofp_header *oh)
{
    struct ofputil_bundle_ctrl_msg bc;

    if (sw->state == OFCTL_SWITCH_UPDATING && sw->update_bundled
        && oh->xid == sw->commit_xid
        && !ofputil_decode_bundle_ctrl(oh, &bc)
        && bc.type == OFPBCT_COMMIT_REPLY) {
        sw->stats.n_bundles++;
        finish_update(sw);
    }
}

/* Handles error reply 'oh' to a message of the bundle in flight and returns
 * true, or returns false if 'oh' concerns something else.  A failed commit
 * means that the switch applied none of the bundle: the update is sent
 * again, one flow_mod at a time, which installs what the switch accepts and
 * reports, by name, each flow it rejects (so a switch that cannot do
 * bundles at all still gets its flows).  Errors on the way there are not
 * counted: the retry draws them again. */
static bool
handle_bundle_error(struct ofctl_switch *sw, const struct ofp_header *oh)
{
    if (sw->state != OFCTL_SWITCH_UPDATING || !sw->update_bundled) {
        return false;
    }
    if (oh->xid == sw->commit_xid) {
        VLOG_INFO("%s: bundle for generation %"PRIu64" failed, sending "
                  "the update one flow_mod at a time", sw->name,
                  sw->update_gen);
        pending_clear(sw);
        sw->bundle_failed = true;
        sw->need_update = true;
        sw->state = OFCTL_SWITCH_IDLE;
        return true;
    }
    return oh->xid == sw->open_xid || pending_find(sw, oh->xid);
}

static void
handle_error(struct ofctl_switch *sw, const struct ofp_header *oh)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(30, 60);
    struct pending_mod *pm = pending_find(sw, oh->xid);
    struct ofpbuf payload;
    enum ofperr error;

    if (handle_bundle_error(sw, oh)) {
        return;
    }
    error = ofperr_decode_msg(oh, &payload);
    sw->stats.n_errors++;
    if (pm) {
        struct ds s = DS_EMPTY_INITIALIZER;

        pm->failed = true;
        ofctl_flow_format(pm->flow, &s);
        VLOG_WARN_RL(&rl, "%s: switch rejected %s of flow \"%s\": %s",
                     sw->name, ofctl_change_type_to_string(pm->type),
                     ds_cstr(&s), ofperr_to_string(error));
        ds_destroy(&s);
    } else {
        char *s = ofp_to_string(payload.data, payload.size, NULL, NULL, 1);
        VLOG_WARN_RL(&rl, "%s: switch reported %s for \"%s\"",
                     sw->name, ofperr_to_string(error), s);
        free(s);
    }
    ofpbuf_uninit(&payload);

    if (sw->state == OFCTL_SWITCH_DUMPING && oh->xid == sw->dump_xid) {
        /* Without its flows the session cannot tell what to change; a new
         * connection will try again. */
        ofctl_switch_disconnect(sw);
    }
}

static void
handle_flow_stats_reply(struct ofctl_switch *sw, const struct ofp_header *oh)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    struct ofpbuf b = ofpbuf_const_initializer(oh, ntohs(oh->length));
    uint64_t ofpacts_stub[1024 / 8];
    struct ofpbuf ofpacts = OFPBUF_STUB_INITIALIZER(ofpacts_stub);

    if (sw->state != OFCTL_SWITCH_DUMPING || oh->xid != sw->dump_xid) {
        return;
    }
    for (;;) {
        struct ofputil_flow_stats fs;
        int retval = ofputil_decode_flow_stats_reply(&fs, &b, false,
                                                     &ofpacts);
        if (retval) {
            if (retval != EOF) {
                VLOG_WARN_RL(&rl, "%s: bad flow stats reply (%s)", sw->name,
                             ofperr_to_string(retval));
            }
            break;
        }
        if (!is_learned(sw, fs.table_id, fs.priority)) {
            ofctl_flow_table_add(&sw->installed, fs.table_id, fs.priority,
                                 fs.cookie, &fs.match, fs.ofpacts,
                                 fs.ofpacts_len);
        }
    }
    ofpbuf_uninit(&ofpacts);

    if (!ofpmp_more(oh)) {
        VLOG_INFO("%s: switch holds %"PRIuSIZE" flows", sw->name,
                  ofctl_flow_table_count(&sw->installed));
        sw->state = OFCTL_SWITCH_IDLE;
        sw->need_update = true;
    }
}

static void
handle_msg(struct ofctl_switch *sw, const struct ofp_header *oh)
{
    enum ofptype type;

    if (ofptype_decode(&type, oh)) {
        return;
    }
    switch ((int) type) {
    case OFPTYPE_ECHO_REQUEST:
        send_msg(sw, ofputil_encode_echo_reply(oh));
        break;
    case OFPTYPE_FLOW_STATS_REPLY:
        handle_flow_stats_reply(sw, oh);
        break;
    case OFPTYPE_BARRIER_REPLY:
        handle_barrier_reply(sw, oh);
        break;
    case OFPTYPE_BUNDLE_CONTROL:
        handle_bundle_reply(sw, oh);
        break;
    case OFPTYPE_ERROR:
        handle_error(sw, oh);
        break;
    default:
        /* Port status and other asynchronous messages: the bindings come
         * from the host's OVSDB, not from here. */
        break;
    }
}

/* Whether ofctl_switch_run() sends an update now.  ofctl_switch_wait()
 * wakes at once for exactly this: a session with nothing it may send, such
 * as one whose switch has no desired table yet while the controller waits
 * for its database, must sleep, not spin. */
static bool
update_due(const struct ofctl_switch *sw)
{
    return (sw->state == OFCTL_SWITCH_IDLE && sw->has_desired
            && sw->need_update);
}

void
ofctl_switch_run(struct ofctl_switch *sw)
{
    if (!sw->rconn) {
        return;
    }
    rconn_run(sw->rconn);
    if (!rconn_is_alive(sw->rconn)) {
        ofctl_switch_disconnect(sw);
        return;
    }

    for (int i = 0; i < 50 && sw->rconn; i++) {
        struct ofpbuf *msg = rconn_recv(sw->rconn);
        if (!msg) {
            break;
        }
        handle_msg(sw, msg->data);
        ofpbuf_delete(msg);
    }

    if (update_due(sw)) {
        send_update(sw);
    }
}

void
ofctl_switch_wait(struct ofctl_switch *sw)
{
    if (sw->rconn) {
        rconn_run_wait(sw->rconn);
        rconn_recv_wait(sw->rconn);
        if (update_due(sw)) {
            /* A commit since the last run: send it now, not when the
             * next message happens to arrive. */
            poll_immediate_wake();
        }
    }
}

struct ofctl_flow_table *
ofctl_switch_desired(struct ofctl_switch *sw)
{
    return &sw->desired;
}

const struct ofctl_flow_table *
ofctl_switch_installed(const struct ofctl_switch *sw)
{
    return &sw->installed;
}

/* Declares the desired table, as edited so far, to be generation 'gen', and
 * makes the session bring the switch to it.  If an update is in flight, the
 * next one starts once it is confirmed, so that changes made meanwhile go
 * out together. */
void
ofctl_switch_commit(struct ofctl_switch *sw, uint64_t gen)
{
    sw->has_desired = true;
    sw->desired_gen = gen;
    sw->need_update = true;
}

/* Like ofctl_switch_commit(), for a caller that has not edited the desired
 * table since its last commit.  A switch that holds that table already
 * confirms 'gen' at once, without the diff of two whole tables that would
 * find nothing to send; one that does not (an update in flight, a rejected
 * flow to try again) gets an ordinary commit. */
void
ofctl_switch_commit_unchanged(struct ofctl_switch *sw, uint64_t gen)
{
    if (ofctl_switch_is_synced(sw) && !sw->rejected) {
        sw->desired_gen = sw->confirmed_gen = gen;
    } else {
        ofctl_switch_commit(sw, gen);
    }
}

bool
ofctl_switch_has_desired(const struct ofctl_switch *sw)
{
    return sw->has_desired;
}

uint64_t
ofctl_switch_confirmed_gen(const struct ofctl_switch *sw)
{
    return sw->confirmed_gen;
}

/* Returns true if the switch is known to hold exactly the desired table of
 * the last commit (flows it rejected aside). */
bool
ofctl_switch_is_synced(const struct ofctl_switch *sw)
{
    return (sw->state == OFCTL_SWITCH_IDLE && sw->has_desired
            && !sw->need_update && sw->confirmed_gen == sw->desired_gen);
}

uint64_t
ofctl_switch_get_dpid(const struct ofctl_switch *sw)
{
    return sw->dpid;
}

const char *
ofctl_switch_get_name(const struct ofctl_switch *sw)
{
    return sw->name;
}

/* Names 'sw' in log messages, e.g. after the host it belongs to.  A null
 * 'name' restores the default, the datapath id in hex. */
void
ofctl_switch_set_name(struct ofctl_switch *sw, const char *name)
{
    if (name) {
        free(sw->name);
        sw->name = xstrdup(name);
    } else {
        set_default_name(sw);
    }
}

enum ofctl_switch_state
ofctl_switch_get_state(const struct ofctl_switch *sw)
{
    return sw->state;
}

const char *
ofctl_switch_state_to_string(enum ofctl_switch_state state)
{
    switch (state) {
    case OFCTL_SWITCH_DISCONNECTED:
        return "disconnected";
    case OFCTL_SWITCH_DUMPING:
        return "dumping";
    case OFCTL_SWITCH_IDLE:
        return "idle";
    case OFCTL_SWITCH_UPDATING:
        return "updating";
    }
    OVS_NOT_REACHED();
}

bool
ofctl_switch_is_connected(const struct ofctl_switch *sw)
{
    return sw->rconn && rconn_is_connected(sw->rconn);
}

/* Returns the peer's address, or NULL when disconnected. */
const char *
ofctl_switch_get_target(const struct ofctl_switch *sw)
{
    return sw->rconn ? rconn_get_target(sw->rconn) : NULL;
}

void
ofctl_switch_get_stats(const struct ofctl_switch *sw,
                       struct ofctl_switch_stats *stats)
{
    *stats = sw->stats;
}

/* Appends to 's' one line describing 'sw': identity, state, generations and
 * counters. */
void
ofctl_switch_format(const struct ofctl_switch *sw, struct ds *s)
{
    const struct ofctl_switch_stats *st = &sw->stats;

    ds_put_format(s, "%s dpid=%016"PRIx64" state=%s", sw->name, sw->dpid,
                  ofctl_switch_state_to_string(sw->state));
    if (sw->rconn) {
        ds_put_format(s, " peer=%s", rconn_get_target(sw->rconn));
    }
    ds_put_format(s, " desired=%"PRIuSIZE" installed=%"PRIuSIZE,
                  ofctl_flow_table_count(&sw->desired),
                  ofctl_flow_table_count(&sw->installed));
    if (sw->has_desired) {
        ds_put_format(s, " gen=%"PRIu64" confirmed=%"PRIu64,
                      sw->desired_gen, sw->confirmed_gen);
    }
    ds_put_format(s, " adds=%"PRIu64" modifies=%"PRIu64" deletes=%"PRIu64
                  " errors=%"PRIu64" connects=%"PRIu64,
                  st->n_adds, st->n_modifies, st->n_deletes, st->n_errors,
                  st->n_connects);
}
