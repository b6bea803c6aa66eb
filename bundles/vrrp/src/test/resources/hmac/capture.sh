#!/bin/bash
# Captures adverts that keepalived 2.4 signs with auth_hmac, as golden vectors for HmacTrailerGoldenTest.
# Usage: capture.sh /path/to/keepalived-2.4 > golden-hmac.txt   (as root; see README.md here)
# For each conf in confs/: node A (namespace hmaccapA) runs keepalived as MASTER; tcpdump in node B
# (hmaccapB, the other end of a veth pair) records its first adverts.
set -euo pipefail
KA=${1:?path to a keepalived 2.4 binary}
HERE=$(cd "$(dirname "$0")" && pwd)
A=hmaccapA B=hmaccapB IFA=hmaca IFB=hmacb
. "$HERE/../capture-lab.sh"
capture_lab
ip -n $A addr add fe80::1/64 dev $IFA nodad
ip -n $B addr add fe80::2/64 dev $IFB nodad
ip -n $A addr add 2001:db8::1/64 dev $IFA nodad
ip -n $B addr add 2001:db8::2/64 dev $IFB nodad
# ip -n $A addr flush dev $IFA scope link would also drop fe80::1; keep only ours by removing the EUI-64 one
for a in $(ip -n $A -6 addr show dev $IFA scope link | awk '/inet6/ {print $2}' | grep -v '^fe80::1/'); do
    ip -n $A addr del "$a" dev $IFA
done
capture_header "node A 192.0.2.1 / fe80::1"
capture_confs 'ip proto 112 or ip6 proto 112'
