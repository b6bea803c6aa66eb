#!/bin/bash
# Captures keepalived 2.2.7's walk of KEEPALIVED-MIB for sorry-walk.conf (its only real server down,
# so the sorry server takes the traffic), in a kernel with IPVS. Run as checker-walk-capture.sh is
# (see SnmpCheckerWalkTest); writes OUT/sorry-walk.keepalived-2.2.7.txt.
source "$(dirname "$0")/capture-lab.sh" "$@"
start_snmpd
start_keepalived sorry-walk.conf
# settled: keepalived has put the sorry server in (its real server failed its check)
for i in $(seq 120); do grep -q 'Enabling sorry server' "$OUT/keepalived.log" && break; sleep 0.5; done
sleep 2
walk > "$OUT/sorry-walk.keepalived-2.2.7.txt" 2>&1
ipvsadm -Ln > "$OUT/ipvsadm.txt" 2>&1
stop_keepalived
