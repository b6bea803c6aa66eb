#!/bin/bash
# Captures the notifications keepalived 2.2.7 sends on first-check.conf (a virtual server whose only
# real server never answers: it fails its first check), in a kernel with IPVS. Run from the
# repository root (see SnmpCheckerWalkTest):
#   bundles/ipvs/src/test/uml/run-in-uml.sh /tmp/snmp-uml \
#     bundles/snmp/src/test/resources/org/keepalivedj/snmp/internal/first-check-traps-capture.sh /tmp/snmp-uml
# Writes OUT/first-check-traps.keepalived-2.2.7.txt (snmptrapd's log) after 15 s.
set -u
HERE=$(cd "$(dirname "$0")" && pwd); OUT=${1:?out}; R=/run/snmp; mkdir -p "$R" "$OUT"
ip link add veth0 type veth peer name veth1
ip link set veth0 address 02:42:0a:09:00:01
ip link set veth0 up; ip link set veth1 up
ip addr add 10.9.0.1/24 dev veth0
printf 'disableAuthorization yes\n' > $R/snmptrapd.conf
env MIBS= /usr/sbin/snmptrapd -f -Lo -On -m "" -C -c $R/snmptrapd.conf -p $R/snmptrapd.pid udp:127.0.0.1:11162 > "$OUT/snmptrapd.log" 2>&1 &
printf 'master agentx\nagentXSocket %s/agentx.sock\nagentaddress udp:127.0.0.1:11161\nrocommunity public 127.0.0.1\ntrap2sink 127.0.0.1:11162 public\n' $R > $R/snmpd.conf
env MIBS= /usr/sbin/snmpd -f -Lo -C -c $R/snmpd.conf -p $R/snmpd.pid > "$OUT/snmpd.log" 2>&1 &
for i in $(seq 50); do [ -S $R/agentx.sock ] && break; sleep 0.2; done
sed "s#SOCKET#unix:$R/agentx.sock#" "$HERE/first-check.conf" > $R/keepalived.conf
/usr/sbin/keepalived -n -l -D -f $R/keepalived.conf -p $R/k.pid -r $R/v.pid -c $R/c.pid > "$OUT/keepalived.log" 2>&1 &
sleep 15
cp "$OUT/snmptrapd.log" "$OUT/first-check-traps.keepalived-2.2.7.txt"
kill "$(cat $R/k.pid)"; sleep 2
