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

#ifndef VNET_COMPILERS_H
#define VNET_COMPILERS_H 1

/* The feature compilers, each of which fills its stage's tables of one
 * host's pipeline (pipeline.c): L2 segments (l2-compiler.c), distributed
 * routers (router-compiler.c) and farms (farm-compiler.c).  Two drivers
 * call them: vnet_compile_host() (compiler.c), which compiles a host from
 * scratch, and the incremental compiler (host-flows.c), part by part.  The
 * feature compilers depend only on the shared modules (flows, pipeline,
 * members, encap), never on each other or on a driver.  Not for use
 * outside vnet-controller/'s compiler. */

#include <stdbool.h>
#include "encap.h"
#include "flows.h"
#include "intent.h"
#include "members.h"
#include "pipeline.h"

struct hmap;

/* l2-compiler.c: a live VIF's classification, port security and
 * admission; a segment's forwarding on a host that holds it; the host-wide
 * filters the held segments call for. */
void vnet_compile_vif(const struct vnet_vif *, struct vnet_flows *);
void vnet_compile_segment(const struct segment_members *,
                          const struct vnet_host *, struct vnet_flows *);
unsigned int vnet_segment_filters(const struct segment_members *,
                                  const struct vnet_host *);
void vnet_compile_filters(const struct vnet_intent *,
                          const struct vnet_host *, unsigned int filters,
                          struct vnet_flows *);

/* router-compiler.c. */
void vnet_compile_routers(const struct vnet_intent *,
                          const struct vnet_host *,
                          const struct hmap *members, struct vnet_flows *);

/* farm-compiler.c: farms and subnets (MAC rewriting). */
void vnet_compile_farms(const struct vnet_intent *, const struct vnet_host *,
                        struct vnet_flows *);

#endif /* compilers.h */
