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
#include "listener.h"
#include <errno.h>
#include <stdlib.h>
#include "hash.h"
#include "openvswitch/hmap.h"
#include "openvswitch/list.h"
#include "openvswitch/ofp-msgs.h"
#include "openvswitch/ofp-switch.h"
#include "openvswitch/ofp-util.h"
#include "openvswitch/ofpbuf.h"
#include "openvswitch/rconn.h"
#include "openvswitch/vconn.h"
#include "openvswitch/vlog.h"
#include "socket-util.h"
#include "switch.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(ofctl_listener);

/* Seconds of silence before probing a switch with an echo request (and as
 * long again before giving up on it). */
#define PROBE_INTERVAL 5

/* A listening socket. */
struct listener_socket {
    struct ovs_list list_node;
    struct pvconn *pvconn;
};

/* A switch that connected but has not yet said which datapath it is. */
struct unidentified {
    struct ovs_list list_node;
    struct rconn *rconn;
    ovs_be32 features_xid;      /* 0 until the request is sent. */
};

/* A session, in the listener's table. */
struct session {
    struct hmap_node dpid_node;
    struct ofctl_switch *sw;
};

struct ofctl_listener {
    struct ovs_list sockets;        /* Contains "struct listener_socket"s. */
    struct ovs_list unidentified;   /* Contains "struct unidentified"s. */
    struct hmap sessions;           /* Contains "struct session"s. */
};

struct ofctl_listener *
ofctl_listener_create(void)
{
    struct ofctl_listener *l = xmalloc(sizeof *l);

    ovs_list_init(&l->sockets);
    ovs_list_init(&l->unidentified);
    hmap_init(&l->sessions);
    return l;
}

static void
unidentified_destroy(struct unidentified *u)
{
    ovs_list_remove(&u->list_node);
    rconn_destroy(u->rconn);
    free(u);
}

void
ofctl_listener_destroy(struct ofctl_listener *l)
{
    struct listener_socket *ls;
    struct unidentified *u;
    struct session *s;

    if (!l) {
        return;
    }
    LIST_FOR_EACH_POP (ls, list_node, &l->sockets) {
        pvconn_close(ls->pvconn);
        free(ls);
    }
    LIST_FOR_EACH_SAFE (u, list_node, &l->unidentified) {
        unidentified_destroy(u);
    }
    HMAP_FOR_EACH_POP (s, dpid_node, &l->sessions) {
        ofctl_switch_destroy(s->sw);
        free(s);
    }
    hmap_destroy(&l->sessions);
    free(l);
}

/* Starts listening on 'target' (e.g. "ptcp:6653", "pssl:6653",
 * "punix:FILE") for OpenFlow 1.3 switches.  Returns 0 or a positive errno
 * value. */
int
ofctl_listener_listen(struct ofctl_listener *l, const char *target)
{
    struct pvconn *pvconn;
    int error;

    error = pvconn_open(target, 1u << OFP13_VERSION, DSCP_DEFAULT, &pvconn);
    if (error) {
        return error;
    }

    struct listener_socket *ls = xmalloc(sizeof *ls);
    ls->pvconn = pvconn;
    ovs_list_push_back(&l->sockets, &ls->list_node);
    VLOG_INFO("%s: listening for switches", target);
    return 0;
}

static struct session *
find_session(const struct ofctl_listener *l, uint64_t dpid)
{
    struct session *s;

    HMAP_FOR_EACH_WITH_HASH (s, dpid_node, hash_uint64(dpid), &l->sessions) {
        if (ofctl_switch_get_dpid(s->sw) == dpid) {
            return s;
        }
    }
    return NULL;
}

/* 'u' said it is datapath 'dpid': hand its connection to that session. */
static void
identify(struct ofctl_listener *l, struct unidentified *u, uint64_t dpid)
{
    struct session *s = find_session(l, dpid);

    if (!s) {
        s = xmalloc(sizeof *s);
        s->sw = ofctl_switch_create(dpid);
        hmap_insert(&l->sessions, &s->dpid_node, hash_uint64(dpid));
    }
    ofctl_switch_connect(s->sw, u->rconn);
    ovs_list_remove(&u->list_node);
    free(u);
}

/* Runs one unidentified connection: asks for its features, answers its echo
 * requests, and hands it over once the features reply names its datapath.
 * Returns false if 'u' was consumed. */
static bool
run_unidentified(struct ofctl_listener *l, struct unidentified *u)
{
    rconn_run(u->rconn);
    if (!rconn_is_alive(u->rconn)) {
        unidentified_destroy(u);
        return false;
    }
    if (!rconn_is_connected(u->rconn)) {
        return true;
    }
    if (!u->features_xid) {
        struct ofpbuf *rq = ofpraw_alloc(OFPRAW_OFPT_FEATURES_REQUEST,
                                         rconn_get_version(u->rconn), 0);
        u->features_xid = ((const struct ofp_header *) rq->data)->xid;
        rconn_send(u->rconn, rq, NULL);
    }

    for (int i = 0; i < 10; i++) {
        struct ofpbuf *msg = rconn_recv(u->rconn);
        if (!msg) {
            break;
        }

        const struct ofp_header *oh = msg->data;
        enum ofptype type;
        if (!ofptype_decode(&type, oh)) {
            if (type == OFPTYPE_ECHO_REQUEST) {
                rconn_send(u->rconn, ofputil_encode_echo_reply(oh), NULL);
            } else if (type == OFPTYPE_FEATURES_REPLY
                       && oh->xid == u->features_xid) {
                struct ofputil_switch_features features;
                struct ofpbuf b = ofpbuf_const_initializer(
                    oh, ntohs(oh->length));

                if (!ofputil_pull_switch_features(&b, &features)) {
                    ofpbuf_delete(msg);
                    identify(l, u, features.datapath_id);
                    return false;
                }
                VLOG_WARN("%s: bad features reply, disconnecting",
                          rconn_get_target(u->rconn));
                ofpbuf_delete(msg);
                unidentified_destroy(u);
                return false;
            }
        }
        ofpbuf_delete(msg);
    }
    return true;
}

void
ofctl_listener_run(struct ofctl_listener *l)
{
    struct listener_socket *ls;
    struct unidentified *u;
    struct session *s;

    LIST_FOR_EACH (ls, list_node, &l->sockets) {
        for (int i = 0; i < 10; i++) {
            struct vconn *vconn;
            int error = pvconn_accept(ls->pvconn, &vconn);
            if (error) {
                if (error != EAGAIN) {
                    static struct vlog_rate_limit rl
                        = VLOG_RATE_LIMIT_INIT(1, 5);
                    VLOG_WARN_RL(&rl, "accept failed (%s)",
                                 ovs_strerror(error));
                }
                break;
            }

            u = xzalloc(sizeof *u);
            u->rconn = rconn_create(PROBE_INTERVAL, 0, DSCP_DEFAULT,
                                    1u << OFP13_VERSION);
            rconn_connect_unreliably(u->rconn, vconn, NULL);
            ovs_list_push_back(&l->unidentified, &u->list_node);
        }
    }

    LIST_FOR_EACH_SAFE (u, list_node, &l->unidentified) {
        run_unidentified(l, u);
    }
    HMAP_FOR_EACH (s, dpid_node, &l->sessions) {
        ofctl_switch_run(s->sw);
    }
}

void
ofctl_listener_wait(struct ofctl_listener *l)
{
    struct listener_socket *ls;
    struct unidentified *u;
    struct session *s;

    LIST_FOR_EACH (ls, list_node, &l->sockets) {
        pvconn_wait(ls->pvconn);
    }
    LIST_FOR_EACH (u, list_node, &l->unidentified) {
        rconn_run_wait(u->rconn);
        rconn_recv_wait(u->rconn);
    }
    HMAP_FOR_EACH (s, dpid_node, &l->sessions) {
        ofctl_switch_wait(s->sw);
    }
}

struct ofctl_switch *
ofctl_listener_find(const struct ofctl_listener *l, uint64_t dpid)
{
    struct session *s = find_session(l, dpid);
    return s ? s->sw : NULL;
}

/* Returns the session named 'name' (see ofctl_switch_set_name()), or whose
 * datapath id is 'name' in hex, or NULL. */
struct ofctl_switch *
ofctl_listener_lookup(const struct ofctl_listener *l, const char *name)
{
    struct session *s;
    char *tail;

    HMAP_FOR_EACH (s, dpid_node, &l->sessions) {
        if (!strcmp(ofctl_switch_get_name(s->sw), name)) {
            return s->sw;
        }
    }

    errno = 0;
    unsigned long long int dpid = strtoull(name, &tail, 16);
    return *name && !*tail && !errno ? ofctl_listener_find(l, dpid) : NULL;
}

static int
compare_dpids(const void *a_, const void *b_)
{
    uint64_t a = ofctl_switch_get_dpid(*(struct ofctl_switch *const *) a_);
    uint64_t b = ofctl_switch_get_dpid(*(struct ofctl_switch *const *) b_);

    return a < b ? -1 : a > b;
}

/* Returns a malloc()ed array of every session, by datapath id, and stores
 * their number in '*n'. */
struct ofctl_switch **
ofctl_listener_get_switches(const struct ofctl_listener *l, size_t *n)
{
    struct ofctl_switch **switches;
    struct session *s;
    size_t i = 0;

    *n = hmap_count(&l->sessions);
    switches = xmalloc((*n + 1) * sizeof *switches);
    HMAP_FOR_EACH (s, dpid_node, &l->sessions) {
        switches[i++] = s->sw;
    }
    qsort(switches, *n, sizeof *switches, compare_dpids);
    return switches;
}

/* Returns the number of connections that have not yet said which datapath
 * they are. */
size_t
ofctl_listener_n_pending(const struct ofctl_listener *l)
{
    return ovs_list_size(&l->unidentified);
}
