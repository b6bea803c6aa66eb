#!/bin/bash
# Sourced by the *-capture.sh scripts, which run in a kernel with IPVS (the user-mode-linux guest):
# the links SnmpLab sets up (veth0 10.9.0.1/24 and veth1), then functions that start snmptrapd, snmpd
# and keepalived 2.2.7 as every capture does, and walk KEEPALIVED-MIB. The script's first argument is
# the output directory OUT; R holds the daemons' files.
set -u
HERE=$(cd "$(dirname "$0")" && pwd); OUT=${1:?output directory}; R=/run/snmp; mkdir -p "$R" "$OUT"
ip link add veth0 type veth peer name veth1
ip link set veth0 address 02:42:0a:09:00:01
ip link set veth0 up; ip link set veth1 up
ip addr add 10.9.0.1/24 dev veth0

# snmptrapd on UDP 127.0.0.1:11162, logging to OUT/snmptrapd.log (start it before snmpd sends to it)
start_snmptrapd() {
  printf 'disableAuthorization yes\n' > $R/snmptrapd.conf
  env MIBS= /usr/sbin/snmptrapd -f -Lo -On -m "" -C -c $R/snmptrapd.conf -p $R/snmptrapd.pid udp:127.0.0.1:11162 > "$OUT/snmptrapd.log" 2>&1 &
}

# snmpd as the AgentX master on its own socket, read community public; each argument is one more
# line of snmpd.conf. Returns once the AgentX socket is there.
start_snmpd() {
  printf 'master agentx\nagentXSocket %s/agentx.sock\nagentaddress udp:127.0.0.1:11161\nrocommunity public 127.0.0.1\n' $R > $R/snmpd.conf
  [ $# -gt 0 ] && printf '%s\n' "$@" >> $R/snmpd.conf
  env MIBS= /usr/sbin/snmpd -f -Lo -C -c $R/snmpd.conf -p $R/snmpd.pid > "$OUT/snmpd.log" 2>&1 &
  for i in $(seq 50); do [ -S $R/agentx.sock ] && break; sleep 0.2; done
}

# keepalived on HERE/CONF with SOCKET made snmpd's AgentX socket (and the sed expression given
# second, if any), logging to OUT/keepalived.log
start_keepalived() {
  sed "s#SOCKET#unix:$R/agentx.sock#${2:+; $2}" "$HERE/$1" > $R/keepalived.conf
  /usr/sbin/keepalived -n -l -D -f $R/keepalived.conf -p $R/k.pid -r $R/v.pid -c $R/c.pid > "$OUT/keepalived.log" 2>&1 &
}

stop_keepalived() {
  kill "$(cat $R/k.pid)"; sleep 2
}

walk() { env MIBS= snmpwalk -v2c -c public -On -m "" 127.0.0.1:11161 .1.3.6.1.4.1.9586.100.5; }

# settled on checker-walk.conf: every real server's failed-checks count says it was checked (8082
# failed once)
await_verdicts() {
  for i in $(seq 60); do
    walk > $R/walk.txt 2>&1
    grep -q '^.1.3.6.1.4.1.9586.100.5.3.4.1.13.1.2 = Gauge32: 1$' $R/walk.txt && break
    sleep 0.5
  done
}
