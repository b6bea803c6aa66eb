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
python3 -m http.server --bind 10.9.0.1 8081 > "$OUT/http.log" 2>&1 &
HTTP=$!
sed "s#SOCKET#unix:$R/agentx.sock#; s#^  enable_snmp_checker#  enable_snmp_checker\n  enable_traps#" "$HERE/checker-walk.conf" > $R/keepalived.conf
cp $R/keepalived.conf "$OUT/"
/usr/sbin/keepalived -n -l -D -f $R/keepalived.conf -p $R/k.pid -r $R/v.pid -c $R/c.pid > "$OUT/keepalived.log" 2>&1 &
walk() { env MIBS= snmpwalk -v2c -c public -On -m "" 127.0.0.1:11161 .1.3.6.1.4.1.9586.100.5.3.4.1.13; }
for i in $(seq 60); do
  walk > $R/walk.txt 2>&1
  grep -q '^.1.3.6.1.4.1.9586.100.5.3.4.1.13.1.2 = Gauge32: 1$' $R/walk.txt && break
  sleep 0.5
done
sleep 8
# then the listener stops: 10.9.0.1:8081 and the group's server (checked on 8081) go down
kill $HTTP
sleep 12
cp "$OUT/snmptrapd.log" "$OUT/checker-traps.keepalived-2.2.7.txt"
kill "$(cat $R/k.pid)"; sleep 2
