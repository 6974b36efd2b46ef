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

/* vnet-controller: the OpenFlow 1.3 controller of vnet's hosts.
 *
 * Hosts' br-vnet bridges connect to it ("ovs-vsctl set-controller br-vnet
 * tcp:MGMT:6653"); it keeps one ofctl_switch session per datapath and brings
 * each switch's flows to the desired table the flow compiler computes for
 * that host, sending only the flow_mods that differ. */

#include <config.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include "command-line.h"
#include "controller.h"
#include "daemon.h"
#include "fatal-signal.h"
#include "flow-table.h"
#include "listener.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "pipeline.h"
#include "sset.h"
#include "stream.h"
#include "status-http.h"
#include "stream-ssl.h"
#include "switch.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(vnet_controller);

/* OpenFlow targets to listen on ("--listen"). */
static struct sset listen_targets = SSET_INITIALIZER(&listen_targets);

/* Where to put the unixctl socket ("--unixctl"), NULL for the default. */
static char *unixctl_path;

/* The VNET database ("--db"). */
static const char *vnet_db;

/* The HTTP status endpoint ("--http=[ADDRESS:]PORT"), off if NULL. */
static const char *http_target;

#define DEFAULT_LISTEN "ptcp:6653"
#define DEFAULT_DB "unix:/var/run/vnet/vnet_db.sock"

struct controller {
    struct ofctl_listener *listener;
    struct vnet_controller *core;
    struct status_http *http;     /* NULL if not serving HTTP. */
    bool exiting;
};

static unixctl_cb_func vnet_controller_exit;
static unixctl_cb_func vnet_controller_status;
static unixctl_cb_func vnet_controller_hosts;
static unixctl_cb_func vnet_controller_flows;
static unixctl_cb_func vnet_controller_recompute;
static unixctl_cb_func vnet_controller_pipeline_show;

OVS_NO_RETURN static void usage(void);

static void
parse_options(int argc, char *argv[])
{
    enum {
        OPT_LISTEN = UCHAR_MAX + 1,
        OPT_DB,
        OPT_HTTP,
        OPT_UNIXCTL,
        OPT_PEER_CA_CERT,
        OPT_BOOTSTRAP_CA_CERT,
        VLOG_OPTION_ENUMS,
        DAEMON_OPTION_ENUMS,
        SSL_OPTION_ENUMS,
    };
    static const struct option long_options[] = {
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"db", required_argument, NULL, OPT_DB},
        {"http", required_argument, NULL, OPT_HTTP},
        {"unixctl", required_argument, NULL, OPT_UNIXCTL},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        VLOG_LONG_OPTIONS,
        DAEMON_LONG_OPTIONS,
        STREAM_SSL_LONG_OPTIONS,
        {"peer-ca-cert", required_argument, NULL, OPT_PEER_CA_CERT},
        {"bootstrap-ca-cert", required_argument, NULL, OPT_BOOTSTRAP_CA_CERT},
        {NULL, 0, NULL, 0},
    };
    char *short_options = ovs_cmdl_long_options_to_short_options(long_options);

    for (;;) {
        int c = getopt_long(argc, argv, short_options, long_options, NULL);
        if (c == -1) {
            break;
        }

        switch (c) {
        case OPT_LISTEN:
            sset_add(&listen_targets, optarg);
            break;

        case OPT_DB:
            vnet_db = optarg;
            break;

        case OPT_HTTP:
            http_target = optarg;
            break;

        case OPT_UNIXCTL:
            unixctl_path = optarg;
            break;

        case 'h':
            usage();

        case 'V':
            ovs_print_version(0, 0);
            exit(EXIT_SUCCESS);

        VLOG_OPTION_HANDLERS
        DAEMON_OPTION_HANDLERS
        STREAM_SSL_OPTION_HANDLERS

        case OPT_PEER_CA_CERT:
            stream_ssl_set_peer_ca_cert_file(optarg);
            break;

        case OPT_BOOTSTRAP_CA_CERT:
            stream_ssl_set_ca_cert_file(optarg, true);
            break;

        case '?':
            exit(EXIT_FAILURE);

        default:
            abort();
        }
    }
    free(short_options);

    if (optind != argc) {
        ovs_fatal(0, "%s: unexpected argument; use --help for usage",
                  argv[optind]);
    }
    if (!vnet_db) {
        vnet_db = DEFAULT_DB;
    }
    if (sset_is_empty(&listen_targets)) {
        sset_add(&listen_targets, DEFAULT_LISTEN);
    }
}

static void
usage(void)
{
    printf("%s: vnet's OpenFlow 1.3 controller\n"
           "usage: %s [OPTIONS]\n"
           "\nDatabase options:\n"
           "  --db=REMOTE             the VNET database (default: %s)\n"
           "\nStatus options:\n"
           "  --http=[ADDRESS:]PORT   serve /metrics (Prometheus) and\n"
           "                          /healthz over HTTP (default: off;\n"
           "                          ADDRESS defaults to 127.0.0.1)\n"
           "\nOpenFlow options:\n"
           "  --listen=TARGET         listen for switches on TARGET, e.g.\n"
           "                          ptcp:6653 or pssl:6653 (default: %s);\n"
           "                          may be given more than once\n",
           program_name, program_name, DEFAULT_DB, DEFAULT_LISTEN);
    stream_usage("TARGET", false, true, true);
    printf("  --peer-ca-cert=FILE     CA certificate to send to switches\n");
    daemon_usage();
    vlog_usage();
    printf("\nOther options:\n"
           "  --unixctl=SOCKET        override default control socket name\n"
           "  -h, --help              display this help message\n"
           "  -V, --version           display version information\n");
    exit(EXIT_SUCCESS);
}

/* Starts the HTTP status endpoint at '[ADDRESS:]PORT'. */
static struct status_http *
start_http(const char *target)
{
    const char *colon = strrchr(target, ':');
    char *address = colon ? xmemdup0(target, colon - target)
                          : xstrdup("127.0.0.1");
    const char *port_s = colon ? colon + 1 : target;
    struct status_http *http;
    char *error;
    int port;

    if (!str_to_int(port_s, 10, &port) || port <= 0 || port > 65535) {
        VLOG_FATAL("--http=%s: \"%s\" is not a TCP port", target, port_s);
    }
    http = status_http_start(address, port, &error);
    if (!http) {
        VLOG_FATAL("--http=%s: %s", target, error);
    }
    VLOG_INFO("serving /metrics and /healthz on http://%s:%d", address, port);
    free(address);
    return http;
}

static void
publish_status(struct controller *ctl)
{
    struct ds metrics = DS_EMPTY_INITIALIZER;
    const char *reason;
    bool healthy;

    vnet_controller_format_metrics(ctl->core, ctl->listener, &metrics);
    healthy = vnet_controller_is_healthy(ctl->core, &reason);
    status_http_publish(ctl->http, ds_cstr(&metrics), healthy, reason);
    ds_destroy(&metrics);
}

int
main(int argc, char *argv[])
{
    struct unixctl_server *unixctl;
    struct controller ctl = { .exiting = false };
    long long int next_publish = 0;
    const char *target;
    int retval;

    ovs_cmdl_proctitle_init(argc, argv);
    set_program_name(argv[0]);
    service_start(&argc, &argv);
    parse_options(argc, argv);
    fatal_ignore_sigpipe();

    daemonize_start(false);

    retval = unixctl_server_create(unixctl_path, &unixctl);
    if (retval) {
        exit(EXIT_FAILURE);
    }
    unixctl_command_register("exit", "", 0, 0, vnet_controller_exit, &ctl);
    unixctl_command_register("status", "", 0, 0, vnet_controller_status,
                             &ctl);
    unixctl_command_register("hosts", "", 0, 0, vnet_controller_hosts, &ctl);
    unixctl_command_register("flows", "HOST", 1, 1, vnet_controller_flows,
                             &ctl);
    unixctl_command_register("recompute", "", 0, 0,
                             vnet_controller_recompute, &ctl);
    unixctl_command_register("pipeline/show", "", 0, 0,
                             vnet_controller_pipeline_show, NULL);

    ctl.listener = ofctl_listener_create();
    SSET_FOR_EACH (target, &listen_targets) {
        retval = ofctl_listener_listen(ctl.listener, target);
        if (retval) {
            ovs_fatal(retval, "%s: cannot listen for switches", target);
        }
    }

    ctl.core = vnet_controller_create(vnet_db);
    if (http_target) {
        ctl.http = start_http(http_target);
    }

    daemonize_complete();

    while (!ctl.exiting) {
        ofctl_listener_run(ctl.listener);
        vnet_controller_run(ctl.core, ctl.listener);
        if (ctl.http && time_msec() >= next_publish) {
            publish_status(&ctl);
            next_publish = time_msec() + 1000;
        }

        unixctl_server_run(unixctl);

        ofctl_listener_wait(ctl.listener);
        vnet_controller_wait(ctl.core);
        if (ctl.http) {
            poll_timer_wait_until(next_publish);
        }
        unixctl_server_wait(unixctl);
        if (ctl.exiting) {
            poll_immediate_wake();
        }
        poll_block();
        if (should_service_stop()) {
            ctl.exiting = true;
        }
    }

    status_http_stop(ctl.http);
    vnet_controller_destroy(ctl.core);
    ofctl_listener_destroy(ctl.listener);
    unixctl_server_destroy(unixctl);
    sset_destroy(&listen_targets);
    service_stop();
    return 0;
}

static void
vnet_controller_exit(struct unixctl_conn *conn, int argc OVS_UNUSED,
                     const char *argv[] OVS_UNUSED, void *ctl_)
{
    struct controller *ctl = ctl_;

    ctl->exiting = true;
    unixctl_command_reply(conn, NULL);
}

static void
vnet_controller_status(struct unixctl_conn *conn, int argc OVS_UNUSED,
                       const char *argv[] OVS_UNUSED, void *ctl_)
{
    struct controller *ctl = ctl_;
    struct ds s = DS_EMPTY_INITIALIZER;
    size_t n, n_connected = 0, n_synced = 0;
    struct ofctl_switch **switches;
    const char *target;

    switches = ofctl_listener_get_switches(ctl->listener, &n);
    for (size_t i = 0; i < n; i++) {
        n_connected += ofctl_switch_is_connected(switches[i]);
        n_synced += ofctl_switch_is_synced(switches[i]);
    }
    free(switches);

    SSET_FOR_EACH (target, &listen_targets) {
        ds_put_format(&s, "listening: %s\n", target);
    }
    ds_put_format(&s, "hosts: %"PRIuSIZE" known, %"PRIuSIZE" connected, "
                  "%"PRIuSIZE" in sync, %"PRIuSIZE" identifying\n",
                  n, n_connected, n_synced,
                  ofctl_listener_n_pending(ctl->listener));
    vnet_controller_format_status(ctl->core, &s);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

static void
vnet_controller_hosts(struct unixctl_conn *conn, int argc OVS_UNUSED,
                      const char *argv[] OVS_UNUSED, void *ctl_)
{
    struct controller *ctl = ctl_;
    struct ds s = DS_EMPTY_INITIALIZER;
    struct ofctl_switch **switches;
    size_t n;

    switches = ofctl_listener_get_switches(ctl->listener, &n);
    for (size_t i = 0; i < n; i++) {
        ofctl_switch_format(switches[i], &s);
        ds_put_char(&s, '\n');
    }
    free(switches);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

static void
put_flow_table(struct ds *s, const char *title,
               const struct ofctl_flow_table *table)
{
    const struct ofctl_flow **flows = ofctl_flow_table_sort(table);
    size_t n = ofctl_flow_table_count(table);

    ds_put_format(s, "%s (%"PRIuSIZE" flows):\n", title, n);
    for (size_t i = 0; i < n; i++) {
        ds_put_cstr(s, "  ");
        ofctl_flow_format(flows[i], s);
        ds_put_char(s, '\n');
    }
    free(flows);
}

static void
vnet_controller_flows(struct unixctl_conn *conn, int argc OVS_UNUSED,
                      const char *argv[], void *ctl_)
{
    struct controller *ctl = ctl_;
    struct ofctl_switch *sw = ofctl_listener_lookup(ctl->listener, argv[1]);
    struct ds s = DS_EMPTY_INITIALIZER;

    if (!sw) {
        unixctl_command_reply_error(conn, "no such host (give its name or "
                                    "datapath id in hex)");
        return;
    }
    if (ofctl_switch_has_desired(sw)) {
        put_flow_table(&s, "desired", ofctl_switch_desired(sw));
    } else {
        ds_put_cstr(&s, "desired: none yet (the switch is left as it is)\n");
    }
    put_flow_table(&s, "installed", ofctl_switch_installed(sw));
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

/* Compiles every host's flows again, reads every switch's flows again and
 * reconciles them, for when something may have changed a switch behind the
 * controller's back. */
static void
vnet_controller_recompute(struct unixctl_conn *conn, int argc OVS_UNUSED,
                          const char *argv[] OVS_UNUSED, void *ctl_)
{
    struct controller *ctl = ctl_;
    struct ofctl_switch **switches;
    size_t n;

    switches = ofctl_listener_get_switches(ctl->listener, &n);
    for (size_t i = 0; i < n; i++) {
        ofctl_switch_resync(switches[i]);
    }
    free(switches);
    vnet_controller_force_recompute(ctl->core);
    unixctl_command_reply(conn, NULL);
}

static void
vnet_controller_pipeline_show(struct unixctl_conn *conn,
                              int argc OVS_UNUSED,
                              const char *argv[] OVS_UNUSED,
                              void *aux OVS_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    vnet_pipeline_format(&s);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}
