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

#ifndef VNET_STATUS_HTTP_H
#define VNET_STATUS_HTTP_H 1

/* The controller's HTTP status endpoint, served by libevent in a thread of
 * its own so that a slow scraper never stalls the OpenFlow loop:
 *
 *   GET /healthz   "ok" (200) while the controller is healthy, else 503
 *   GET /metrics   Prometheus text format
 *
 * The main thread publishes a snapshot of both; the server thread only ever
 * reads the latest snapshot, under a mutex. */

#include <stdbool.h>

struct status_http;

struct status_http *status_http_start(const char *address, int port,
                                      char **errorp);
void status_http_publish(struct status_http *, const char *metrics,
                         bool healthy, const char *health_reason);
void status_http_stop(struct status_http *);

#endif /* status-http.h */
