#!/bin/bash
# Captures adverts that keepalived 2.2.7 sends with auth_type AH (IPsec AH, protocol 51), as golden vectors for IpsecAhGoldenTest.
# Usage: capture.sh /usr/sbin/keepalived > golden-ah.txt   (as root; see README.md here)
# For each conf in confs/: node A (namespace ahcapA) runs keepalived as MASTER; tcpdump in node B
# (ahcapB, the other end of a veth pair) records its first adverts.
set -euo pipefail
KA=${1:-/usr/sbin/keepalived}
HERE=$(cd "$(dirname "$0")" && pwd)
A=ahcapA B=ahcapB IFA=aha IFB=ahb
. "$HERE/../capture-lab.sh"
capture_lab
capture_header "node A 192.0.2.1"
capture_confs 'ip proto 51'
