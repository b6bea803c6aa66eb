# Sourced by ah/capture.sh and hmac/capture.sh: the lab and capture loop of their golden vectors.
# The sourcing script sets KA (the keepalived binary), HERE (its directory, holding confs/), A and B
# (namespace names) and IFA and IFB (the veth ends in A and in B), then calls capture_lab,
# capture_header and capture_confs; everything the lab made is removed at exit.

capture_cleanup() {
    [ -f "$WORK/ka.pid" ] && kill "$(cat "$WORK/ka.pid")" 2>/dev/null || true
    ip netns del $A 2>/dev/null || true
    ip netns del $B 2>/dev/null || true
    rm -rf "$WORK"
}

# Node A (192.0.2.1, MAC 02:00:00:00:00:01) and node B (192.0.2.2, MAC 02:00:00:00:00:02) joined by a veth pair, up.
capture_lab() {
    WORK=$(mktemp -d "/tmp/$A.XXXXXX")
    trap capture_cleanup EXIT
    ip netns add $A
    ip netns add $B
    ip link add $IFA netns $A type veth peer name $IFB netns $B
    ip -n $A link set $IFA address 02:00:00:00:00:01
    ip -n $B link set $IFB address 02:00:00:00:00:02
    ip -n $A addr add 192.0.2.1/24 dev $IFA
    ip -n $B addr add 192.0.2.2/24 dev $IFB
    ip -n $A link set lo up; ip -n $B link set lo up
    ip -n $A link set $IFA up; ip -n $B link set $IFB up
    sleep 1
}

# The file's first lines: the keepalived version and when and from which node it was captured.
capture_header() {
    echo "# keepalived: $($KA --version 2>&1 | head -1)"
    echo "# captured: $(date -u +%Y-%m-%dT%H:%M:%SZ) by capture.sh ($1, MAC 02:00:00:00:00:01)"
}

# For each conf in confs/: keepalived in node A (MASTER at once); the first three adverts that
# tcpdump in node B sees matching the filter ($1), one "packet: HEX" line each.
capture_confs() {
    for conf in "$HERE"/confs/*.conf; do
        name=$(basename "$conf" .conf)
        ip netns exec $B timeout 20 tcpdump -i $IFB -nn -x -c 3 -U "$1" > "$WORK/dump" 2>/dev/null &
        dump=$!
        sleep 1
        ip netns exec $A "$KA" -n -l -D -f "$conf" -p "$WORK/ka.pid" -r "$WORK/vrrp.pid" \
            > "$WORK/ka.log" 2>&1 &
        wait $dump || true
        kill "$(cat "$WORK/ka.pid")" 2>/dev/null || true
        sleep 1
        rm -f "$WORK/ka.pid"
        echo "######## $name  (conf: confs/$name.conf)"
        # the IP packet (header included) as tcpdump -x prints it
        awk '/^[0-9]/ { if (p != "") print "packet: " p; p = "" ; next }
             /0x[0-9a-f]+:/ { for (i = 2; i <= NF; i++) p = p $i }
             END { if (p != "") print "packet: " p }' "$WORK/dump"
    done
}
