#!/bin/sh
# Prints the benchmarks' class path: this checkout's compiled classes (target/classes of every module
# the benchmarks use) and their dependencies from ~/.m2. Needs nothing installed: the reactor build
# resolves our own modules to their target/classes, so it works on a fresh machine after
# `mvn -B -o -q -pl karaf-assembly,benchmarks -am package -DskipTests` (or any build that compiled them).
# Usage, from anywhere in the checkout:  CP=$(benchmarks/classpath.sh)
set -eu
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
mvn -B -o -q -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile="$out" >/dev/null
printf '%s:%s\n' "$PWD/benchmarks/target/classes" "$(cat "$out")"
