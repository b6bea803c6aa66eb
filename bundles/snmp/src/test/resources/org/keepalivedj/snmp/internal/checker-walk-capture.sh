#!/bin/bash
# Captures keepalived 2.2.7's walk of KEEPALIVED-MIB for checker-walk.conf, in a kernel with IPVS.
# Run from the repository root (see SnmpCheckerWalkTest):
#   bundles/ipvs/src/test/uml/run-in-uml.sh /tmp/snmp-uml \
#     bundles/snmp/src/test/resources/org/keepalivedj/snmp/internal/checker-walk-capture.sh /tmp/snmp-uml
# It sets up what SnmpLab sets up (veth0 10.9.0.1/24 and veth1), a listener on 10.9.0.1:8081 (nothing
# on 8082), snmpd on its own AgentX socket, keepalived on the config; walks once every real server
# has a verdict and writes OUT/checker-walk.keepalived-2.2.7.txt (plus the logs and ipvsadm -Ln).
set -u
HERE=$(cd "$(dirname "$0")" && pwd); OUT=${1:?output directory}; R=/run/snmp; mkdir -p "$R" "$OUT"
ip link add veth0 type veth peer name veth1
ip link set veth0 address 02:42:0a:09:00:01
ip link set veth0 up; ip link set veth1 up
ip addr add 10.9.0.1/24 dev veth0
printf 'master agentx\nagentXSocket %s/agentx.sock\nagentaddress udp:127.0.0.1:11161\nrocommunity public 127.0.0.1\n' $R > $R/snmpd.conf
env MIBS= /usr/sbin/snmpd -f -Lo -C -c $R/snmpd.conf -p $R/snmpd.pid > "$OUT/snmpd.log" 2>&1 &
for i in $(seq 50); do [ -S $R/agentx.sock ] && break; sleep 0.2; done
python3 -m http.server --bind 10.9.0.1 8081 > "$OUT/http.log" 2>&1 &
sed "s#SOCKET#unix:$R/agentx.sock#" "$HERE/checker-walk.conf" > $R/keepalived.conf
/usr/sbin/keepalived -n -l -D -f $R/keepalived.conf -p $R/k.pid -r $R/v.pid -c $R/c.pid > "$OUT/keepalived.log" 2>&1 &
walk() { env MIBS= snmpwalk -v2c -c public -On -m "" 127.0.0.1:11161 .1.3.6.1.4.1.9586.100.5; }
# settled: every real server's failed-checks count says it was checked (8082 failed once)
for i in $(seq 60); do
  walk > $R/walk.txt 2>&1
  grep -q '^.1.3.6.1.4.1.9586.100.5.3.4.1.13.1.2 = Gauge32: 1$' $R/walk.txt && break
  sleep 0.5
done
sleep 3
walk > "$OUT/checker-walk.keepalived-2.2.7.txt" 2>&1
ipvsadm -Ln > "$OUT/ipvsadm.txt" 2>&1
kill "$(cat $R/k.pid)"; sleep 2
