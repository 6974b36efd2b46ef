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

#ifndef VNET_INTENT_IDL_H
#define VNET_INTENT_IDL_H 1

/* Reads the operator's intent out of the VNET database (through its IDL)
 * into the compiler's model.  Bindings, which come from the hosts, are
 * applied separately. */

#include <stdint.h>
#include "intent.h"

struct ovsdb_idl;
struct uuid;

void vnet_intent_from_idl(const struct ovsdb_idl *, struct vnet_intent *);

uint32_t vnet_segment_key(enum vnet_segment_mode, uint32_t wire_id);
uint64_t vnet_cookie_from_uuid(const struct uuid *);

#endif /* intent-idl.h */
