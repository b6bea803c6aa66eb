#!/bin/bash
# Captures adverts that keepalived 2.2.7 sends with auth_type AH (IPsec AH, protocol 51), as golden vectors for IpsecAhGoldenTest.
# Usage: capture.sh /usr/sbin/keepalived > golden-ah.txt   (as root; see README.md here)
# For each conf in confs/: node A (namespace ahcapA) runs keepalived as MASTER; tcpdump in node B
# (ahcapB, the other end of a veth pair) records its first adverts.
set -euo pipefail
KA=${1:-/usr/sbin/keepalived}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/ahcap.XXXXXX)
A=ahcapA B=ahcapB
cleanup() {
    [ -f "$WORK/ka.pid" ] && kill "$(cat "$WORK/ka.pid")" 2>/dev/null || true
    ip netns del $A 2>/dev/null || true
    ip netns del $B 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
ip netns add $A
ip netns add $B
ip link add aha netns $A type veth peer name ahb netns $B
ip -n $A link set aha address 02:00:00:00:00:01
ip -n $B link set ahb address 02:00:00:00:00:02
ip -n $A addr add 192.0.2.1/24 dev aha
ip -n $B addr add 192.0.2.2/24 dev ahb
ip -n $A link set lo up; ip -n $B link set lo up
ip -n $A link set aha up; ip -n $B link set ahb up
sleep 1
echo "# keepalived: $($KA --version 2>&1 | head -1)"
echo "# captured: $(date -u +%Y-%m-%dT%H:%M:%SZ) by capture.sh (node A 192.0.2.1, MAC 02:00:00:00:00:01)"
for conf in "$HERE"/confs/*.conf; do
    name=$(basename "$conf" .conf)
    ip netns exec $B timeout 20 tcpdump -i ahb -nn -x -c 3 -U 'ip proto 51' > "$WORK/dump" 2>/dev/null &
    dump=$!
    sleep 1
    ip netns exec $A "$KA" -n -l -D -f "$conf" -p "$WORK/ka.pid" -r "$WORK/vrrp.pid" \
        > "$WORK/ka.log" 2>&1 &
    wait $dump || true
    kill "$(cat "$WORK/ka.pid")" 2>/dev/null || true
    sleep 1
    rm -f "$WORK/ka.pid"
    echo "######## $name  (conf: confs/$name.conf)"
    # one "packet: HEX" line per advert: the IP packet (header included) as tcpdump -x prints it
    awk '/^[0-9]/ { if (p != "") print "packet: " p; p = "" ; next }
         /0x[0-9a-f]+:/ { for (i = 2; i <= NF; i++) p = p $i }
         END { if (p != "") print "packet: " p }' "$WORK/dump"
done
