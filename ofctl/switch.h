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

#ifndef OFCTL_SWITCH_H
#define OFCTL_SWITCH_H 1

/* One OpenFlow 1.3 switch, as the controller keeps it in sync.
 *
 * A session outlives its connections: it is identified by the switch's
 * datapath id, and each time the switch (re)connects it is handed the new
 * connection.  On every connection the session first reads the flows the
 * switch holds (a flow dump) into its installed table, then sends only the
 * flow_mods that turn the installed table into the desired one.  They go
 * out as one atomic bundle (OpenFlow 1.4's, which Open vSwitch also takes
 * in 1.3 as an ONF extension), so that the switch applies the whole update
 * or nothing of it: packets never meet a table that is half one generation
 * and half the next.  After a failed bundle the flow_mods go one by one,
 * followed by a barrier.  The installed table changes only when
 * the switch confirms, so it never claims a flow the switch does not have.
 *
 * The caller owns the content of the desired table: it edits
 * ofctl_switch_desired() and then calls ofctl_switch_commit() with a
 * generation number of its choosing (e.g. the intent's sequence number).
 * ofctl_switch_confirmed_gen() then tells when the switch has confirmed, by a
 * commit or barrier reply, flows at least that new.  A flow the switch
 * rejects does not hold its generation back: it fails the bundle, which is
 * then sent again one flow_mod at a time, and there it is logged, counted in
 * n_errors, left out of the installed table, and tried again with the next
 * commit or connection.  Changes committed while a batch is in flight go out
 * together once it is confirmed, so at most one batch per switch is ever in
 * flight.
 * Until the first commit the session sends no flow_mod at all: a controller
 * that has not yet computed what a switch should hold must not wipe what it
 * holds. */

#include <stdbool.h>
#include <stdint.h>

struct ds;
struct rconn;

enum ofctl_switch_state {
    OFCTL_SWITCH_DISCONNECTED,  /* No connection. */
    OFCTL_SWITCH_DUMPING,       /* Reading the switch's flows. */
    OFCTL_SWITCH_IDLE,          /* Installed table known, nothing in flight. */
    OFCTL_SWITCH_UPDATING,      /* A bundle, or flow_mods and a barrier, in
                                 * flight. */
};

struct ofctl_switch_stats {
    uint64_t n_adds;            /* Flow_mods confirmed, by change. */
    uint64_t n_modifies;
    uint64_t n_deletes;
    uint64_t n_errors;          /* Error replies received. */
    uint64_t n_connects;        /* Connections handed to the session. */
    uint64_t n_barriers;        /* Updates confirmed by a barrier reply... */
    uint64_t n_bundles;         /* ...and by a bundle commit reply. */
};

struct ofctl_switch *ofctl_switch_create(uint64_t dpid);
void ofctl_switch_destroy(struct ofctl_switch *);

void ofctl_switch_connect(struct ofctl_switch *, struct rconn *);
void ofctl_switch_disconnect(struct ofctl_switch *);
void ofctl_switch_resync(struct ofctl_switch *);
void ofctl_switch_set_learned_table(struct ofctl_switch *, uint8_t table_id);

void ofctl_switch_run(struct ofctl_switch *);
void ofctl_switch_wait(struct ofctl_switch *);

struct ofctl_flow_table *ofctl_switch_desired(struct ofctl_switch *);
const struct ofctl_flow_table *ofctl_switch_installed(
    const struct ofctl_switch *);
void ofctl_switch_commit(struct ofctl_switch *, uint64_t gen);
void ofctl_switch_commit_unchanged(struct ofctl_switch *, uint64_t gen);
bool ofctl_switch_has_desired(const struct ofctl_switch *);
uint64_t ofctl_switch_confirmed_gen(const struct ofctl_switch *);
bool ofctl_switch_is_synced(const struct ofctl_switch *);

uint64_t ofctl_switch_get_dpid(const struct ofctl_switch *);
const char *ofctl_switch_get_name(const struct ofctl_switch *);
void ofctl_switch_set_name(struct ofctl_switch *, const char *);
enum ofctl_switch_state ofctl_switch_get_state(const struct ofctl_switch *);
const char *ofctl_switch_state_to_string(enum ofctl_switch_state);
bool ofctl_switch_is_connected(const struct ofctl_switch *);
const char *ofctl_switch_get_target(const struct ofctl_switch *);
void ofctl_switch_get_stats(const struct ofctl_switch *,
                            struct ofctl_switch_stats *);
void ofctl_switch_format(const struct ofctl_switch *, struct ds *);

#endif /* ofctl/switch.h */
