#!/usr/bin/env bash
# Measures the real-path test suite (issue "Real-path tests"): the wall time of its packages
# with warm build caches, each run fresh (-count=1), and, with --cold, the cost of building
# its tools from nothing into a throwaway directory (about 30 minutes; nothing in bin/ changes).
#
# Usage: tools/measure/realpath.sh [--cold]
# Prints one line per measurement; docs/performance.md records the figures.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
export CI=true # a missing tool fails instead of skipping, so a figure is never of a skipped run

make -s pulumi-cli k8s-tools >/dev/null
go test -count=1 -run XXX ./tests/e2e/ ./tests/fakecloud/... ./internal/testcluster/... >/dev/null # compile first

for pkg in ./internal/testcluster/... ./tests/fakecloud/... ./tests/e2e/; do
  start=$(date +%s.%N)
  go test -count=1 "$pkg" >/dev/null
  end=$(date +%s.%N)
  printf 'warm %-32s %6.1f s\n' "$pkg" "$(echo "$end - $start" | bc)"
done

if [[ "${1:-}" == "--cold" ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  export GOCACHE="$tmp/gocache"
  git clone -q "$repo" "$tmp/repo"
  for script in tools/k8s/build.sh tools/pulumi-kubernetes/build.sh; do
    start=$(date +%s)
    (cd "$tmp/repo" && "$script" >/dev/null)
    printf 'cold %-32s %6d s\n' "$script" "$(( $(date +%s) - start ))"
  done
  du -sh "$tmp/repo/bin" | awk '{print "cold bin/ size " $1}'
fi
