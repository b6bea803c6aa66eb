#!/bin/bash
# Captures keepalived 2.2.7's walk of KEEPALIVED-MIB for sorry-walk.conf (its only real server down,
# so the sorry server takes the traffic), in a kernel with IPVS. Run as checker-walk-capture.sh is
# (see SnmpCheckerWalkTest); writes OUT/sorry-walk.keepalived-2.2.7.txt.
set -u
HERE=$(cd "$(dirname "$0")" && pwd); OUT=${1:?output directory}; R=/run/snmp; mkdir -p "$R" "$OUT"
ip link add veth0 type veth peer name veth1
ip link set veth0 address 02:42:0a:09:00:01
ip link set veth0 up; ip link set veth1 up
ip addr add 10.9.0.1/24 dev veth0
printf 'master agentx\nagentXSocket %s/agentx.sock\nagentaddress udp:127.0.0.1:11161\nrocommunity public 127.0.0.1\n' $R > $R/snmpd.conf
env MIBS= /usr/sbin/snmpd -f -Lo -C -c $R/snmpd.conf -p $R/snmpd.pid > "$OUT/snmpd.log" 2>&1 &
for i in $(seq 50); do [ -S $R/agentx.sock ] && break; sleep 0.2; done
sed "s#SOCKET#unix:$R/agentx.sock#" "$HERE/sorry-walk.conf" > $R/keepalived.conf
/usr/sbin/keepalived -n -l -D -f $R/keepalived.conf -p $R/k.pid -r $R/v.pid -c $R/c.pid > "$OUT/keepalived.log" 2>&1 &
walk() { env MIBS= snmpwalk -v2c -c public -On -m "" 127.0.0.1:11161 .1.3.6.1.4.1.9586.100.5; }
# settled: keepalived has put the sorry server in (its real server failed its check)
for i in $(seq 120); do grep -q 'Enabling sorry server' "$OUT/keepalived.log" && break; sleep 0.5; done
sleep 2
walk > "$OUT/sorry-walk.keepalived-2.2.7.txt" 2>&1
ipvsadm -Ln > "$OUT/ipvsadm.txt" 2>&1
kill "$(cat $R/k.pid)"; sleep 2
