#!/bin/bash
# Captures keepalived 2.2.7's walk of KEEPALIVED-MIB for checker-walk.conf, in a kernel with IPVS.
# Run from the repository root (see SnmpCheckerWalkTest):
#   bundles/ipvs/src/test/uml/run-in-uml.sh /tmp/snmp-uml \
#     bundles/snmp/src/test/resources/org/keepalivedj/snmp/internal/checker-walk-capture.sh /tmp/snmp-uml
# It sets up what SnmpLab sets up (veth0 10.9.0.1/24 and veth1), a listener on 10.9.0.1:8081 (nothing
# on 8082), snmpd on its own AgentX socket, keepalived on the config; walks once every real server
# has a verdict and writes OUT/checker-walk.keepalived-2.2.7.txt (plus the logs and ipvsadm -Ln).
source "$(dirname "$0")/capture-lab.sh" "$@"
start_snmpd
python3 -m http.server --bind 10.9.0.1 8081 > "$OUT/http.log" 2>&1 &
start_keepalived checker-walk.conf
await_verdicts
sleep 3
walk > "$OUT/checker-walk.keepalived-2.2.7.txt" 2>&1
ipvsadm -Ln > "$OUT/ipvsadm.txt" 2>&1
stop_keepalived
