#!/bin/bash
# What keepalived 2.2.7 does on an SNMP set of realServerWeight, in a kernel with IPVS, on
# checker-walk.conf. Run from the repository root (see SnmpCheckerWalkTest):
#   bundles/ipvs/src/test/uml/run-in-uml.sh /tmp/snmp-uml \
#     bundles/snmp/src/test/resources/org/keepalivedj/snmp/internal/weight-set-capture.sh /tmp/snmp-uml
# It sets up what checker-walk-capture.sh sets up (snmpd with a read-write community too), waits
# until every real server has a verdict, then tries sets and writes OUT/weight-set.keepalived-2.2.7.txt
# (the answers, ipvsadm -Ln after each change, and keepalived's log lines about weights).
set -u
HERE=$(cd "$(dirname "$0")" && pwd); OUT=${1:?out}; R=/run/snmp; mkdir -p "$R" "$OUT"
ip link add veth0 type veth peer name veth1
ip link set veth0 address 02:42:0a:09:00:01
ip link set veth0 up; ip link set veth1 up
ip addr add 10.9.0.1/24 dev veth0
printf 'master agentx\nagentXSocket %s/agentx.sock\nagentaddress udp:127.0.0.1:11161\nrocommunity public 127.0.0.1\nrwcommunity private 127.0.0.1\n' $R > $R/snmpd.conf
env MIBS= /usr/sbin/snmpd -f -Lo -C -c $R/snmpd.conf -p $R/snmpd.pid > "$OUT/snmpd.log" 2>&1 &
for i in $(seq 50); do [ -S $R/agentx.sock ] && break; sleep 0.2; done
python3 -m http.server --bind 10.9.0.1 8081 > "$OUT/http.log" 2>&1 &
sed "s#SOCKET#unix:$R/agentx.sock#" "$HERE/checker-walk.conf" > $R/keepalived.conf
/usr/sbin/keepalived -n -l -D -f $R/keepalived.conf -p $R/k.pid -r $R/v.pid -c $R/c.pid > "$OUT/keepalived.log" 2>&1 &
walk() { env MIBS= snmpwalk -v2c -c public -On -m "" 127.0.0.1:11161 .1.3.6.1.4.1.9586.100.5; }
for i in $(seq 60); do
  walk > $R/walk.txt 2>&1
  grep -q '^.1.3.6.1.4.1.9586.100.5.3.4.1.13.1.2 = Gauge32: 1$' $R/walk.txt && break
  sleep 0.5
done
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
kill "$(cat $R/k.pid)"; sleep 2
