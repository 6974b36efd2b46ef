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

/* Unit tests for utilities/vnet-nbctl-check: address syntax, the address
 * plan and its limits, ranges. */

#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "vnet-nbctl-check.h"

/* Asserts that 'error' is a failure whose text is exactly 'expected', and
 * frees it. */
static void
assert_error(char *error, const char *expected)
{
    assert_non_null(error);
    assert_string_equal(error, expected);
    free(error);
}

static struct vnet_plan
plan(const char *base, int farm_bits, int subnet_bits)
{
    struct vnet_plan p = { .farm_bits = farm_bits,
                           .subnet_bits = subnet_bits };
    assert_null(vnet_parse_prefix(base, &p.base));
    return p;
}

static struct vnet_prefix
prefix(const char *s)
{
    struct vnet_prefix p;
    assert_null(vnet_parse_prefix(s, &p));
    return p;
}

static void
test_parse_ipv4(void **state OVS_UNUSED)
{
    uint32_t ip;

    assert_null(vnet_parse_ipv4("10.1.2.3", &ip));
    assert_int_equal(ip, 0x0a010203);
    assert_error(vnet_parse_ipv4("10.1.2", &ip),
                 "\"10.1.2\" is not an IPv4 address");
    assert_error(vnet_parse_ipv4("10.1.2.256", &ip),
                 "\"10.1.2.256\" is not an IPv4 address");
    assert_error(vnet_parse_ipv4("10.1.2.3 ", &ip),
                 "\"10.1.2.3 \" is not an IPv4 address");
}

static void
test_parse_prefix(void **state OVS_UNUSED)
{
    struct vnet_prefix p;

    assert_null(vnet_parse_prefix("10.1.0.0/16", &p));
    assert_int_equal(p.addr, 0x0a010000);
    assert_int_equal(p.plen, 16);
    assert_null(vnet_parse_prefix("0.0.0.0/0", &p));
    assert_int_equal(p.plen, 0);
    assert_error(vnet_parse_prefix("10.1.0.0", &p),
                 "\"10.1.0.0\" is not a CIDR (A.B.C.D/N)");
    assert_error(vnet_parse_prefix("10.1.0.0/33", &p),
                 "\"10.1.0.0/33\": prefix length must be 0 to 32");
    assert_error(vnet_parse_prefix("10.1.0.0/x", &p),
                 "\"10.1.0.0/x\": prefix length must be 0 to 32");
    assert_error(vnet_parse_prefix("10.1.1.0/16", &p),
                 "\"10.1.1.0/16\" has host bits set (the network is "
                 "10.1.0.0/16)");
    assert_null(vnet_parse_prefix_or_ip("10.1.1.7", &p));
    assert_int_equal(p.plen, 32);
}

static void
test_parse_mac(void **state OVS_UNUSED)
{
    struct eth_addr mac;

    assert_null(vnet_parse_mac("52:54:00:AB:cd:01", &mac));
    assert_int_equal(mac.ea[3], 0xab);
    assert_error(vnet_parse_mac("52:54:00:ab:cd", &mac),
                 "\"52:54:00:ab:cd\" is not an Ethernet address "
                 "(xx:xx:xx:xx:xx:xx)");
    assert_error(vnet_parse_mac("52:54:00:ab:cd:0g", &mac),
                 "\"52:54:00:ab:cd:0g\" is not an Ethernet address "
                 "(xx:xx:xx:xx:xx:xx)");
    assert_error(vnet_parse_mac("01:00:5e:00:00:01", &mac),
                 "01:00:5e:00:00:01 is a multicast address");
    assert_error(vnet_parse_mac("ff:ff:ff:ff:ff:ff", &mac),
                 "ff:ff:ff:ff:ff:ff is a multicast address");
    assert_error(vnet_parse_mac("00:00:00:00:00:00", &mac),
                 "00:00:00:00:00:00 is the all-zeros address");
}

static void
test_parse_numbers(void **state OVS_UNUSED)
{
    uint64_t n;
    int lo, hi;

    assert_null(vnet_parse_uint("4094", 1, 4094, &n));
    assert_int_equal(n, 4094);
    assert_error(vnet_parse_uint("4095", 1, 4094, &n),
                 "4095 is out of range 1 to 4094");
    assert_error(vnet_parse_uint("-1", 0, 10, &n), "\"-1\" is not a number");
    assert_error(vnet_parse_uint("12a", 0, 100, &n),
                 "\"12a\" is not a number");
    assert_error(vnet_parse_uint("99999999999999999999", 0, 100, &n),
                 "99999999999999999999 is out of range 0 to 100");

    assert_null(vnet_parse_port_range("80", &lo, &hi));
    assert_int_equal(lo, 80);
    assert_int_equal(hi, 80);
    assert_null(vnet_parse_port_range("1000-2000", &lo, &hi));
    assert_int_equal(lo, 1000);
    assert_int_equal(hi, 2000);
    assert_error(vnet_parse_port_range("0", &lo, &hi),
                 "\"0\" is not a port (1 to 65535) or port range (P-Q)");
    assert_error(vnet_parse_port_range("2000-1000", &lo, &hi),
                 "\"2000-1000\" is an empty range");
}

static void
test_prefix_relations(void **state OVS_UNUSED)
{
    struct vnet_prefix a = prefix("10.1.0.0/16"), b = prefix("10.1.2.0/24");
    struct vnet_prefix c = prefix("10.2.0.0/16");

    assert_true(vnet_prefix_contains(&a, &b));
    assert_false(vnet_prefix_contains(&b, &a));
    assert_true(vnet_prefix_overlaps(&a, &b));
    assert_true(vnet_prefix_overlaps(&b, &a));
    assert_false(vnet_prefix_overlaps(&a, &c));
    assert_int_equal(vnet_prefix_broadcast(&b), 0x0a0102ff);
}

/* The HP paper's plan, 10.<farm>.<subnet>.<host>. */
static void
test_default_plan(void **state OVS_UNUSED)
{
    struct vnet_plan p = plan("10.0.0.0/8", 8, 8);
    struct vnet_plan_limits limits = vnet_plan_limits(&p);
    struct vnet_prefix farm, subnet = prefix("10.7.3.0/24");
    uint64_t index;

    assert_null(vnet_plan_check(&p));
    assert_int_equal(limits.farms, 256);
    assert_int_equal(limits.subnets_per_farm, 256);
    assert_int_equal(limits.hosts_per_subnet, 253);

    assert_null(vnet_plan_farm_prefix(&p, 7, &farm));
    assert_int_equal(farm.addr, 0x0a070000);
    assert_int_equal(farm.plen, 16);
    assert_error(vnet_plan_farm_prefix(&p, 256, &farm),
                 "256 is beyond the address plan's 256 farms (0 to 255)");

    assert_null(vnet_plan_farm_prefix(&p, 7, &farm));
    assert_null(vnet_check_subnet(&p, &farm, &subnet, &index));
    assert_int_equal(index, 3);

    subnet = prefix("10.8.3.0/24");
    assert_error(vnet_check_subnet(&p, &farm, &subnet, &index),
                 "10.8.3.0/24 is outside the farm's 10.7.0.0/16");
    subnet = prefix("10.7.2.0/23");
    assert_error(vnet_check_subnet(&p, &farm, &subnet, &index),
                 "10.7.2.0/23 must be a /24 (the farm's /16 plus 8 subnet "
                 "bits)");
}

/* A customer's class B with the default subnet bits, and a plan with
 * other field widths. */
static void
test_other_plans(void **state OVS_UNUSED)
{
    struct vnet_plan p = plan("10.0.0.0/8", 8, 8);
    struct vnet_prefix farm = prefix("172.16.0.0/16");
    struct vnet_prefix subnet = prefix("172.16.9.0/24");
    uint64_t index;

    assert_null(vnet_check_farm_prefix(&p, &farm));
    assert_null(vnet_check_subnet(&p, &farm, &subnet, &index));
    assert_int_equal(index, 9);
    farm = prefix("172.16.0.0/23");
    assert_error(vnet_check_farm_prefix(&p, &farm),
                 "172.16.0.0/23 is too long for 8 subnet bits and at least "
                 "2 host bits (/22 at most)");

    p = plan("100.64.0.0/10", 10, 6);
    struct vnet_plan_limits limits = vnet_plan_limits(&p);
    assert_null(vnet_plan_check(&p));
    assert_int_equal(limits.farms, 1024);
    assert_int_equal(limits.subnets_per_farm, 64);
    assert_int_equal(limits.hosts_per_subnet, 61);
    assert_null(vnet_plan_farm_prefix(&p, 1023, &farm));
    assert_int_equal(farm.addr, 0x647ff000);
    assert_int_equal(farm.plen, 20);

    p = plan("10.0.0.0/8", 12, 11);
    assert_error(vnet_plan_check(&p),
                 "/8 plus 12 farm bits plus 11 subnet bits leaves 1 host "
                 "bits (at least 2 needed)");
}

static void
test_vif_ip(void **state OVS_UNUSED)
{
    struct vnet_prefix subnet = prefix("10.1.2.0/24");
    uint32_t gw = 0x0a010201;

    assert_null(vnet_check_vif_ip(&subnet, gw, 0x0a010202));
    assert_null(vnet_check_vif_ip(&subnet, gw, 0x0a0102fe));
    assert_error(vnet_check_vif_ip(&subnet, gw, 0x0a010300),
                 "is outside the subnet 10.1.2.0/24");
    assert_error(vnet_check_vif_ip(&subnet, gw, 0x0a010200),
                 "is the network address of 10.1.2.0/24");
    assert_error(vnet_check_vif_ip(&subnet, gw, 0x0a0102ff),
                 "is the broadcast address of 10.1.2.0/24");
    assert_error(vnet_check_vif_ip(&subnet, gw, gw),
                 "is the notional gateway of 10.1.2.0/24");
}

static void
test_gateway_mac(void **state OVS_UNUSED)
{
    struct eth_addr mac = vnet_gateway_mac(0x123456, 0x789a);
    static const uint8_t expected[6] = { 0x0a, 0x12, 0x34, 0x56, 0x78, 0x9a };

    assert_memory_equal(mac.ea, expected, 6);
    assert_false(eth_addr_is_multicast(mac));
}

static void
test_segments(void **state OVS_UNUSED)
{
    enum vnet_segment_mode mode;
    uint64_t id;
    uint32_t group;

    assert_null(vnet_parse_segment_mode("etherip", &mode));
    assert_int_equal(mode, VNET_SEG_ETHERIP);
    assert_string_equal(vnet_segment_mode_name(mode), "etherip");
    assert_error(vnet_parse_segment_mode("gre", &mode),
                 "\"gre\" is not vlan, etherip or vxlan");

    assert_null(vnet_check_segment_key(VNET_SEG_VLAN, "1", &id));
    assert_null(vnet_check_segment_key(VNET_SEG_VLAN, "4094", &id));
    assert_error(vnet_check_segment_key(VNET_SEG_VLAN, "0", &id),
                 "0 is out of range 1 to 4094 (vlan)");
    assert_error(vnet_check_segment_key(VNET_SEG_VLAN, "4095", &id),
                 "4095 is out of range 1 to 4094 (vlan)");
    assert_null(vnet_check_segment_key(VNET_SEG_ETHERIP, "0", &id));
    assert_null(vnet_check_segment_key(VNET_SEG_ETHERIP, "4095", &id));
    assert_error(vnet_check_segment_key(VNET_SEG_ETHERIP, "4096", &id),
                 "4096 is out of range 0 to 4095 (etherip)");
    assert_null(vnet_check_segment_key(VNET_SEG_VXLAN, "16777215", &id));
    assert_int_equal(id, 16777215);
    assert_error(vnet_check_segment_key(VNET_SEG_VXLAN, "16777216", &id),
                 "16777216 is out of range 1 to 16777215 (vxlan)");
    assert_error(vnet_check_segment_key(VNET_SEG_VXLAN, "0", &id),
                 "0 is out of range 1 to 16777215 (vxlan)");

    assert_null(vnet_check_multicast_group("239.1.2.3", &group));
    assert_int_equal(group, 0xef010203);
    assert_error(vnet_check_multicast_group("192.0.2.1", &group),
                 "192.0.2.1 is not an IPv4 multicast address (224.0.0.0/4)");
}

/* A full-size frame of each mode fits a 1500-byte underlay exactly: what
 * the system test "a full-MTU TCP transfer" sends. */
static void
test_segment_overhead(void **state OVS_UNUSED)
{
    assert_int_equal(vnet_segment_mode_overhead(VNET_SEG_VLAN), 0);
    assert_int_equal(vnet_segment_mode_overhead(VNET_SEG_VXLAN), 50);
    assert_int_equal(vnet_segment_mode_overhead(VNET_SEG_ETHERIP), 36);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_ipv4),
        cmocka_unit_test(test_parse_prefix),
        cmocka_unit_test(test_parse_mac),
        cmocka_unit_test(test_parse_numbers),
        cmocka_unit_test(test_prefix_relations),
        cmocka_unit_test(test_default_plan),
        cmocka_unit_test(test_other_plans),
        cmocka_unit_test(test_vif_ip),
        cmocka_unit_test(test_gateway_mac),
        cmocka_unit_test(test_segments),
        cmocka_unit_test(test_segment_overhead),
    };
    return cmocka_run_group_tests_name("nbctl-check", tests, NULL, NULL);
}
