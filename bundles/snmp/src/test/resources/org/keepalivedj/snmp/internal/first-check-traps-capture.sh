#!/bin/bash
# Captures the notifications keepalived 2.2.7 sends on first-check.conf (a virtual server whose only
# real server never answers: it fails its first check), in a kernel with IPVS. Run from the
# repository root (see SnmpCheckerWalkTest):
#   bundles/ipvs/src/test/uml/run-in-uml.sh /tmp/snmp-uml \
#     bundles/snmp/src/test/resources/org/keepalivedj/snmp/internal/first-check-traps-capture.sh /tmp/snmp-uml
# Writes OUT/first-check-traps.keepalived-2.2.7.txt (snmptrapd's log) after 15 s.
source "$(dirname "$0")/capture-lab.sh" "$@"
start_snmptrapd
start_snmpd 'trap2sink 127.0.0.1:11162 public'
start_keepalived first-check.conf
sleep 15
cp "$OUT/snmptrapd.log" "$OUT/first-check-traps.keepalived-2.2.7.txt"
stop_keepalived
