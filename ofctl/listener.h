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

#ifndef OFCTL_LISTENER_H
#define OFCTL_LISTENER_H 1

/* The passive side of OpenFlow: the controller listens, switches connect.
 *
 * Each accepted connection is asked for its features; the datapath id in
 * the reply names the ofctl_switch session the connection belongs to, created
 * on first contact and kept across disconnections, so that a switch that
 * comes back finds its desired table waiting.  A second connection from the
 * same datapath replaces the first. */

#include <stddef.h>
#include <stdint.h>

struct ofctl_switch;

struct ofctl_listener *ofctl_listener_create(void);
void ofctl_listener_destroy(struct ofctl_listener *);
int ofctl_listener_listen(struct ofctl_listener *, const char *target);

void ofctl_listener_run(struct ofctl_listener *);
void ofctl_listener_wait(struct ofctl_listener *);

struct ofctl_switch *ofctl_listener_find(const struct ofctl_listener *,
                                         uint64_t dpid);
struct ofctl_switch *ofctl_listener_lookup(const struct ofctl_listener *,
                                           const char *name);
struct ofctl_switch **ofctl_listener_get_switches(
    const struct ofctl_listener *, size_t *n);
size_t ofctl_listener_n_pending(const struct ofctl_listener *);

#endif /* ofctl/listener.h */
