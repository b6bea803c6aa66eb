#!/bin/bash
# Captures adverts that keepalived 2.4 signs with auth_hmac, as golden vectors for HmacTrailerGoldenTest.
# Usage: capture.sh /path/to/keepalived-2.4 > golden-hmac.txt   (as root; see README.md here)
# For each conf in confs/: node A (namespace hmaccapA) runs keepalived as MASTER; tcpdump in node B
# (hmaccapB, the other end of a veth pair) records its first adverts.
set -euo pipefail
KA=${1:?path to a keepalived 2.4 binary}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/hmaccap.XXXXXX)
A=hmaccapA B=hmaccapB
cleanup() {
    [ -f "$WORK/ka.pid" ] && kill "$(cat "$WORK/ka.pid")" 2>/dev/null || true
    ip netns del $A 2>/dev/null || true
    ip netns del $B 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
ip netns add $A
ip netns add $B
ip link add hmaca netns $A type veth peer name hmacb netns $B
ip -n $A link set hmaca address 02:00:00:00:00:01
ip -n $B link set hmacb address 02:00:00:00:00:02
ip -n $A addr add 192.0.2.1/24 dev hmaca
ip -n $B addr add 192.0.2.2/24 dev hmacb
ip -n $A addr add fe80::1/64 dev hmaca nodad
ip -n $B addr add fe80::2/64 dev hmacb nodad
ip -n $A addr add 2001:db8::1/64 dev hmaca nodad
ip -n $B addr add 2001:db8::2/64 dev hmacb nodad
ip -n $A link set lo up; ip -n $B link set lo up
ip -n $A link set hmaca up; ip -n $B link set hmacb up
# ip -n $A addr flush dev hmaca scope link would also drop fe80::1; keep only ours by removing the EUI-64 one
sleep 1
for a in $(ip -n $A -6 addr show dev hmaca scope link | awk '/inet6/ {print $2}' | grep -v '^fe80::1/'); do
    ip -n $A addr del "$a" dev hmaca
done
echo "# keepalived: $($KA --version 2>&1 | head -1)"
echo "# captured: $(date -u +%Y-%m-%dT%H:%M:%SZ) by capture.sh (node A 192.0.2.1 / fe80::1, MAC 02:00:00:00:00:01)"
for conf in "$HERE"/confs/*.conf; do
    name=$(basename "$conf" .conf)
    ip netns exec $B timeout 20 tcpdump -i hmacb -nn -x -c 3 -U 'ip proto 112 or ip6 proto 112' > "$WORK/dump" 2>/dev/null &
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
