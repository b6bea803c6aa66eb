#!/bin/bash
# What keepalived 2.2.7 does on an SNMP set of realServerWeight, in a kernel with IPVS, on
# checker-walk.conf. Run from the repository root (see SnmpCheckerWalkTest):
#   bundles/ipvs/src/test/uml/run-in-uml.sh /tmp/snmp-uml \
#     bundles/snmp/src/test/resources/org/keepalivedj/snmp/internal/weight-set-capture.sh /tmp/snmp-uml
# It sets up what checker-walk-capture.sh sets up (snmpd with a read-write community too), waits
# until every real server has a verdict, then tries sets and writes OUT/weight-set.keepalived-2.2.7.txt
# (the answers, ipvsadm -Ln after each change, and keepalived's log lines about weights).
source "$(dirname "$0")/capture-lab.sh" "$@"
start_snmpd 'rwcommunity private 127.0.0.1'
python3 -m http.server --bind 10.9.0.1 8081 > "$OUT/http.log" 2>&1 &
start_keepalived checker-walk.conf
await_verdicts
sleep 2
S() { local c=$1; shift; echo "== snmpset $c $*"; env MIBS= snmpset -v2c -c $c -On -m "" 127.0.0.1:11161 "$@" 2>&1 | head -3; }
G() { echo "== get $*"; env MIBS= snmpget -v2c -c public -On -m "" 127.0.0.1:11161 "$@" 2>&1; }
{
ipvsadm -Ln
G .1.3.6.1.4.1.9586.100.5.3.4.1.7.1.1 .1.3.6.1.4.1.9586.100.5.3.4.1.7.1.2 .1.3.6.1.4.1.9586.100.5.3.4.1.7.2.1
S private .1.3.6.1.4.1.9586.100.5.3.4.1.7.1.1 i 5
G .1.3.6.1.4.1.9586.100.5.3.4.1.7.1.1
ipvsadm -Ln
S public .1.3.6.1.4.1.9586.100.5.3.4.1.7.1.1 i 6
S private .1.3.6.1.4.1.9586.100.5.3.4.1.7.1.1 i -1
S private .1.3.6.1.4.1.9586.100.5.3.4.1.7.1.1 i 0
G .1.3.6.1.4.1.9586.100.5.3.4.1.7.1.1
ipvsadm -Ln
S private .1.3.6.1.4.1.9586.100.5.3.4.1.7.1.1 i 70000
S private .1.3.6.1.4.1.9586.100.5.3.4.1.7.1.1 u 5
S private .1.3.6.1.4.1.9586.100.5.3.4.1.7.1.2 i 9
G .1.3.6.1.4.1.9586.100.5.3.4.1.7.1.2
S private .1.3.6.1.4.1.9586.100.5.3.4.1.7.1.9 i 9
S private .1.3.6.1.4.1.9586.100.5.3.4.1.6.1.1 i 1
S private .1.3.6.1.4.1.9586.100.5.3.3.1.60.1 i 4
S private .1.3.6.1.4.1.9586.100.5.3.4.1.7.2.1 i 4
G .1.3.6.1.4.1.9586.100.5.3.4.1.7.2.1
ipvsadm -Ln
} > "$OUT/weight-set.keepalived-2.2.7.txt" 2>&1
grep -i "weight\|snmp" "$OUT/keepalived.log" | tail -20 >> "$OUT/weight-set.keepalived-2.2.7.txt"
stop_keepalived
