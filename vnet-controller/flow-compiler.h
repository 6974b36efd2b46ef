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

#ifndef VNET_FLOW_COMPILER_H
#define VNET_FLOW_COMPILER_H 1

/* The flow compiler: intent plus bindings in, the flows of one host's br-vnet
 * out.  Pure: it reads a struct vnet_intent and writes a struct vnet_flows,
 * and touches nothing else, so every rule is unit-tested without a switch.
 *
 * The tables, their stages, owners and misses are declared in pipeline.c.
 * The feature compilers (compilers.h) fill their stages' tables: L2
 * segments (l2-compiler.c) the core's and the learning stage's, routers
 * (router-compiler.c) the routing stage's, farms (farm-compiler.c) the
 * farm's.  vnet_compile_host() (compiler.c) compiles a host from scratch;
 * the controller maintains hosts' flows incrementally (host-flows.h).  The
 * miss flows come from the declaration (vnet_pipeline_add_misses()).
 *
 * Each flow's cookie is that of the intent row that made it (0 for the
 * drops), so that a flow can be traced back to policy. */

#include "flows.h"
#include "intent.h"
#include "pipeline.h"

void vnet_compile_host(const struct vnet_intent *, const struct vnet_host *,
                       struct vnet_flows *);

#endif /* flow-compiler.h */
