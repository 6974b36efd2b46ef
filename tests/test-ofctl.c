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

/* test-ofctl: drives ofctl/ against a real switch, for tests/ofctl.at.
 *
 * Listens on TARGET for one OpenFlow 1.3 switch, makes the flows in FILE (one
 * ovs-ofctl add-flow line each) its desired table, and exits once the switch
 * has confirmed that table with a barrier.  Each time the switch is in sync
 * it prints the session's counters, e.g.
 *
 *     synced: adds=3 modifies=0 deletes=0 errors=0 desired=3 installed=3
 *
 * With --reconnect it then drops the connection, waits for the switch to
 * connect again and be reconciled, and prints the counters a second time.
 *
 * With --then=FILE2 it makes FILE2 the desired table, as generation 2, while
 * the flow_mods for FILE are still in flight, and exits once generation 2 is
 * confirmed. */

#include <config.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include "command-line.h"
#include "fatal-signal.h"
#include "flow-table.h"
#include "listener.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "switch.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(test_ofctl);

OVS_NO_RETURN static void usage(void);

static void
usage(void)
{
    printf("%s: drives ofctl/ against one switch, for testing\n"
           "usage: %s [OPTIONS] TARGET FILE\n"
           "where TARGET is a passive OpenFlow target (e.g. punix:FILE)\n"
           "and FILE holds the desired flows in ovs-ofctl syntax.\n"
           "\nOptions:\n"
           "  --reconnect      reconnect once after the first sync\n"
           "  --unchanged      after the first sync, commit generation 2\n"
           "                   without editing the desired table\n"
           "  --then=FILE2     switch to FILE2 while FILE is in flight\n"
           "  --learned-table=N  leave table N's learned flows to the switch\n"
           "  --timeout=SECS   give up after SECS seconds\n"
           "  -h, --help       display this help message\n",
           program_name, program_name);
    vlog_usage();
    exit(EXIT_SUCCESS);
}

static void
read_flows(const char *file_name, struct ofctl_flow_table *table)
{
    struct ds line = DS_EMPTY_INITIALIZER;
    int line_number = 0;
    FILE *stream;

    stream = !strcmp(file_name, "-") ? stdin : fopen(file_name, "r");
    if (!stream) {
        ovs_fatal(errno, "%s: open failed", file_name);
    }
    while (!ds_get_preprocessed_line(&line, stream, &line_number)) {
        char *error = ofctl_flow_table_add_str(table, ds_cstr(&line));
        if (error) {
            ovs_fatal(0, "%s:%d: %s", file_name, line_number, error);
        }
    }
    if (stream != stdin) {
        fclose(stream);
    }
    ds_destroy(&line);
}

/* Makes a copy of 'flows' the desired table of 'sw', as generation 'gen'. */
static void
set_desired(struct ofctl_switch *sw, const struct ofctl_flow_table *flows,
            uint64_t gen)
{
    struct ofctl_flow_table *desired = ofctl_switch_desired(sw);
    const struct ofctl_flow *flow;

    ofctl_flow_table_clear(desired);
    HMAP_FOR_EACH (flow, hmap_node, &flows->flows) {
        ofctl_flow_table_apply(desired, OFCTL_CHANGE_ADD, flow);
    }
    ofctl_switch_commit(sw, gen);
}

int
main(int argc, char *argv[])
{
    enum { OPT_RECONNECT = UCHAR_MAX + 1, OPT_UNCHANGED, OPT_THEN,
           OPT_LEARNED_TABLE, VLOG_OPTION_ENUMS };
    static const struct option long_options[] = {
        {"reconnect", no_argument, NULL, OPT_RECONNECT},
        {"unchanged", no_argument, NULL, OPT_UNCHANGED},
        {"then", required_argument, NULL, OPT_THEN},
        {"learned-table", required_argument, NULL, OPT_LEARNED_TABLE},
        {"timeout", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        VLOG_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    char *short_options = ovs_cmdl_long_options_to_short_options(long_options);
    const char *then_file = NULL;
    int learned_table = -1;
    int n_syncs_wanted = 1;
    bool unchanged = false;

    set_program_name(argv[0]);
    fatal_ignore_sigpipe();
    for (;;) {
        int c = getopt_long(argc, argv, short_options, long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case OPT_RECONNECT:
            n_syncs_wanted = 2;
            break;
        case OPT_UNCHANGED:
            n_syncs_wanted = 2;
            unchanged = true;
            break;
        case OPT_THEN:
            then_file = optarg;
            break;
        case OPT_LEARNED_TABLE:
            learned_table = atoi(optarg);
            break;
        case 't':
            time_alarm(atoi(optarg));
            break;
        case 'h':
            usage();
        VLOG_OPTION_HANDLERS
        case '?':
            exit(EXIT_FAILURE);
        default:
            abort();
        }
    }
    free(short_options);
    if (argc - optind != 2) {
        ovs_fatal(0, "exactly two arguments required; use --help for usage");
    }

    struct ofctl_flow_table flows, then_flows;
    ofctl_flow_table_init(&flows);
    ofctl_flow_table_init(&then_flows);
    read_flows(argv[optind + 1], &flows);
    if (then_file) {
        read_flows(then_file, &then_flows);
    }

    struct ofctl_listener *listener = ofctl_listener_create();
    int error = ofctl_listener_listen(listener, argv[optind]);
    if (error) {
        ovs_fatal(error, "%s: cannot listen", argv[optind]);
    }

    struct ofctl_switch *sw = NULL;
    int n_syncs = 0;
    for (;;) {
        ofctl_listener_run(listener);
        if (!sw) {
            size_t n;
            struct ofctl_switch **switches
                = ofctl_listener_get_switches(listener, &n);
            if (n) {
                sw = switches[0];
                if (learned_table >= 0) {
                    ofctl_switch_set_learned_table(sw, learned_table);
                }
                set_desired(sw, &flows, 1);
            }
            free(switches);
        }
        if (sw && then_file
            && ofctl_switch_get_state(sw) == OFCTL_SWITCH_UPDATING) {
            set_desired(sw, &then_flows, 2);
            then_file = NULL;
        }
        if (sw && ofctl_switch_is_synced(sw)) {
            struct ofctl_switch_stats st;
            ofctl_switch_get_stats(sw, &st);
            printf("synced: gen=%"PRIu64" adds=%"PRIu64" modifies=%"PRIu64
                   " deletes=%"PRIu64" errors=%"PRIu64" desired=%"PRIuSIZE
                   " installed=%"PRIuSIZE"\n",
                   ofctl_switch_confirmed_gen(sw),
                   st.n_adds, st.n_modifies, st.n_deletes, st.n_errors,
                   ofctl_flow_table_count(ofctl_switch_desired(sw)),
                   ofctl_flow_table_count(ofctl_switch_installed(sw)));
            fflush(stdout);
            if (++n_syncs >= n_syncs_wanted) {
                break;
            }
            if (unchanged) {
                ofctl_switch_commit_unchanged(sw, 2);
                printf("unchanged commit: gen=2 confirmed=%"PRIu64"\n",
                       ofctl_switch_confirmed_gen(sw));
            } else {
                ofctl_switch_disconnect(sw);
            }
        }
        ofctl_listener_wait(listener);
        poll_block();
    }

    ofctl_listener_destroy(listener);
    ofctl_flow_table_destroy(&flows);
    ofctl_flow_table_destroy(&then_flows);
    return 0;
}
