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

#ifndef VNET_CONTROLLER_H
#define VNET_CONTROLLER_H 1

/* The controller's core loop: the VNET database and every host's database
 * in, compiled flows out to each host's switch session, and the applied
 * sequence number back to the VNET database once every host has confirmed
 * it with a barrier.  Side effects live here; the compiler stays pure. */

#include <stdbool.h>
#include <stdint.h>

struct ds;
struct ofctl_listener;

struct vnet_controller *vnet_controller_create(const char *vnet_db);
void vnet_controller_destroy(struct vnet_controller *);

void vnet_controller_run(struct vnet_controller *, struct ofctl_listener *);
void vnet_controller_wait(struct vnet_controller *);
void vnet_controller_force_recompute(struct vnet_controller *);

void vnet_controller_format_status(const struct vnet_controller *,
                                   struct ds *);
void vnet_controller_format_metrics(const struct vnet_controller *,
                                    const struct ofctl_listener *,
                                    struct ds *);
bool vnet_controller_is_healthy(const struct vnet_controller *,
                                const char **reason);

#endif /* controller.h */
