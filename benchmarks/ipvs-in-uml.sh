#!/bin/bash
# Runs IpvsApplyBenchmark inside user-mode-linux (a real IPVS kernel; this machine's has none).
# Usage: benchmarks/ipvs-in-uml.sh [services] [destinations] [rounds]
# Needs: apt-get install user-mode-linux busybox-static ipvsadm; mvn -pl bundles/ipvs,benchmarks -am install first.
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/benchmarks/target/uml
mkdir -p "$WORK"
mvn -q -B -o -f benchmarks/pom.xml dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP=$ROOT/benchmarks/target/classes:$(cat "$WORK/cp.txt")
UML_TIMEOUT=${UML_TIMEOUT:-900} exec bundles/ipvs/src/test/uml/run-in-uml.sh "$WORK" \
  "$(readlink -f "$(command -v java)")" -Xmx1g -XX:+UseSerialGC -cp "$CP" \
  org.keepalivedj.benchmarks.ipvs.IpvsApplyBenchmark "$@"
