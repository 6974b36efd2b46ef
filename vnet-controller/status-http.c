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
#include "status-http.h"
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/thread.h>
#include <string.h>
#include "ovs-thread.h"
#include "util.h"

struct status_http {
    struct event_base *base;
    struct evhttp *http;
    pthread_t thread;

    struct ovs_mutex mutex;
    char *metrics OVS_GUARDED;    /* Latest snapshot. */
    bool healthy OVS_GUARDED;
    char *health_reason OVS_GUARDED;
};

static void
reply(struct evhttp_request *req, int code, const char *reason,
      const char *content_type, const char *body)
{
    struct evbuffer *buf = evbuffer_new();

    evhttp_add_header(evhttp_request_get_output_headers(req),
                      "Content-Type", content_type);
    evbuffer_add(buf, body, strlen(body));
    evhttp_send_reply(req, code, reason, buf);
    evbuffer_free(buf);
}

static void
handle_request(struct evhttp_request *req, void *sh_)
{
    struct status_http *sh = sh_;
    const char *path = evhttp_uri_get_path(evhttp_request_get_evhttp_uri(req));
    char *body;
    bool healthy;

    if (evhttp_request_get_command(req) != EVHTTP_REQ_GET) {
        reply(req, 405, "Method Not Allowed", "text/plain",
              "only GET is served\n");
        return;
    }
    ovs_mutex_lock(&sh->mutex);
    healthy = sh->healthy;
    if (path && !strcmp(path, "/metrics")) {
        body = xstrdup(sh->metrics);
    } else if (path && !strcmp(path, "/healthz")) {
        body = xasprintf("%s\n", healthy ? "ok" : sh->health_reason);
    } else {
        body = NULL;
    }
    ovs_mutex_unlock(&sh->mutex);

    if (!body) {
        reply(req, 404, "Not Found", "text/plain",
              "not found: try /metrics or /healthz\n");
    } else if (!strcmp(path, "/metrics")) {
        reply(req, 200, "OK", "text/plain; version=0.0.4", body);
    } else {
        reply(req, healthy ? 200 : 503,
              healthy ? "OK" : "Service Unavailable", "text/plain", body);
    }
    free(body);
}

static void *
status_http_main(void *sh_)
{
    struct status_http *sh = sh_;

    event_base_dispatch(sh->base);
    return NULL;
}

/* Starts serving on 'address':'port'.  On failure returns NULL and stores a
 * message in '*errorp' (the caller frees it). */
struct status_http *
status_http_start(const char *address, int port, char **errorp)
{
    struct status_http *sh;

    *errorp = NULL;
    if (evthread_use_pthreads()) {
        *errorp = xstrdup("libevent has no pthreads support");
        return NULL;
    }
    sh = xzalloc(sizeof *sh);
    ovs_mutex_init(&sh->mutex);
    sh->metrics = xstrdup("");
    sh->health_reason = xstrdup("starting");
    sh->base = event_base_new();
    sh->http = sh->base ? evhttp_new(sh->base) : NULL;
    if (!sh->http || evhttp_bind_socket(sh->http, address, port)) {
        *errorp = xasprintf("cannot serve HTTP on %s:%d", address, port);
        if (sh->http) {
            evhttp_free(sh->http);
        }
        if (sh->base) {
            event_base_free(sh->base);
        }
        ovs_mutex_destroy(&sh->mutex);
        free(sh->metrics);
        free(sh->health_reason);
        free(sh);
        return NULL;
    }
    evhttp_set_gencb(sh->http, handle_request, sh);
    sh->thread = ovs_thread_create("status_http", status_http_main, sh);
    return sh;
}

void
status_http_publish(struct status_http *sh, const char *metrics,
                    bool healthy, const char *health_reason)
{
    if (!sh) {
        return;
    }
    ovs_mutex_lock(&sh->mutex);
    if (strcmp(sh->metrics, metrics)) {
        free(sh->metrics);
        sh->metrics = xstrdup(metrics);
    }
    sh->healthy = healthy;
    if (strcmp(sh->health_reason, health_reason)) {
        free(sh->health_reason);
        sh->health_reason = xstrdup(health_reason);
    }
    ovs_mutex_unlock(&sh->mutex);
}

void
status_http_stop(struct status_http *sh)
{
    if (!sh) {
        return;
    }
    event_base_loopbreak(sh->base);
    xpthread_join(sh->thread, NULL);
    evhttp_free(sh->http);
    event_base_free(sh->base);
    ovs_mutex_destroy(&sh->mutex);
    free(sh->metrics);
    free(sh->health_reason);
    free(sh);
}
