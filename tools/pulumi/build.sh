#!/usr/bin/env bash
# Builds the pulumi CLI used by the Automation API driver (stacks/automation) and its
# real-engine tests, from the module proxy, into <repo>/bin/pulumi.
#
# The version is the one of github.com/pulumi/pulumi/pkg/v3 in tools/pulumi/go.mod (it
# matches the pinned sdk/v3 of the main module). The build is skipped when bin/pulumi
# already reports that version, so calling this from `make` on every test run is cheap.
#
# Usage: tools/pulumi/build.sh            (build if missing or at another version)
#        FORCE=1 tools/pulumi/build.sh    (rebuild unconditionally)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/bin/pulumi"

version="$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" { print $2; exit }' "$here/go.mod")"
if [[ -z "$version" ]]; then
  echo "build.sh: cannot find github.com/pulumi/pulumi/pkg/v3 in $here/go.mod" >&2
  exit 1
fi

if [[ -z "${FORCE:-}" && -x "$out" ]]; then
  have="$(PULUMI_SKIP_UPDATE_CHECK=true "$out" version 2>/dev/null || true)"
  if [[ "$have" == "$version" ]]; then
    echo "bin/pulumi $version is up to date"
    exit 0
  fi
  echo "bin/pulumi reports '${have:-nothing}', want $version: rebuilding"
fi

mkdir -p "$repo/bin"
echo "building pulumi CLI $version into bin/pulumi (takes several minutes the first time)"
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
# The version must be stamped in: the Automation API refuses an unversioned CLI.
(cd "$here" && go build -trimpath -o "$tmp" \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
mv -f "$tmp" "$out"
trap - EXIT
echo "built $("$out" version) at $out"
