#!/bin/bash
# Runs IpvsApplyBenchmark inside user-mode-linux (a real IPVS kernel; this machine's has none).
# Usage: benchmarks/ipvs-in-uml.sh [services] [destinations] [rounds]
# Needs: apt-get install user-mode-linux busybox-static ipvsadm; mvn -pl benchmarks -am package -DskipTests first.
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/benchmarks/target/uml
mkdir -p "$WORK"
CP=$(benchmarks/classpath.sh)
UML_TIMEOUT=${UML_TIMEOUT:-900} exec bundles/ipvs/src/test/uml/run-in-uml.sh "$WORK" \
  "$(readlink -f "$(command -v java)")" -Xmx1g -XX:+UseSerialGC -cp "$CP" \
  org.keepalivedj.benchmarks.ipvs.IpvsApplyBenchmark "$@"
