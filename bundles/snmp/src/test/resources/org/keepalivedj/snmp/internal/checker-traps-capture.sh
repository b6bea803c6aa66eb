#!/bin/bash
# Captures the checker notifications keepalived 2.2.7 sends on checker-walk.conf with enable_traps,
# in a kernel with IPVS. Run from the repository root (see SnmpCheckerWalkTest):
#   bundles/ipvs/src/test/uml/run-in-uml.sh /tmp/snmp-uml \
#     bundles/snmp/src/test/resources/org/keepalivedj/snmp/internal/checker-traps-capture.sh /tmp/snmp-uml
# It sets up what checker-walk-capture.sh sets up, with snmptrapd on UDP 127.0.0.1:11162 behind snmpd,
# waits until every real server has a verdict, stops the listener on 8081, and writes
# OUT/checker-traps.keepalived-2.2.7.txt (snmptrapd's log). The last four notifications are the ones
# for the listener stopping; the ones before are the start-up's (how many depends on whether the
# listener answered the first checks).
source "$(dirname "$0")/capture-lab.sh" "$@"
start_snmptrapd
start_snmpd 'trap2sink 127.0.0.1:11162 public'
python3 -m http.server --bind 10.9.0.1 8081 > "$OUT/http.log" 2>&1 &
HTTP=$!
start_keepalived checker-walk.conf 's#^  enable_snmp_checker#  enable_snmp_checker\n  enable_traps#'
cp $R/keepalived.conf "$OUT/"
await_verdicts
sleep 8
# then the listener stops: 10.9.0.1:8081 and the group's server (checked on 8081) go down
kill $HTTP
sleep 12
cp "$OUT/snmptrapd.log" "$OUT/checker-traps.keepalived-2.2.7.txt"
stop_keepalived
