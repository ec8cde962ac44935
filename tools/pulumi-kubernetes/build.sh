#!/usr/bin/env bash
# Builds the real Kubernetes provider plugin, bin/pulumi-resource-kubernetes, for the
# real-cluster tests, from the Go module proxy. Put bin/ first on the engine's PATH and the
# engine uses this binary instead of downloading one.
#
# Source: github.com/pulumi/pulumi-kubernetes/provider/v4 at the pseudo-version the proxy
# serves ($provider below; the provider tags are not Go-module tags). That module is built
# from a writable copy, because as published it does not build outside its repository:
#   - it replaces github.com/pulumi/pulumi-kubernetes/sdk/v4 with ../sdk: the replace is
#     dropped, so the sdk/v4 it requires (v4.24.0) is used;
#   - it keeps its own pulumi pkg/v3 and sdk/v3 (v3.215.0; newer ones do not compile with it);
#   - pkg/v3's replace of github.com/atotto/clipboard applies only in pkg/v3's own repository,
#     so it is repeated;
#   - main.go embeds schema-embed.json and terraform-mapping-embed.json, which the
#     provider's `go generate` (generate.go next to main.go) writes from schema.json with the
#     version set; it is run here the same way.
# The version stamped in (pkg/version.Version, and the schema's version) is the
# pulumi-kubernetes SDK version the main module's go.mod pins, so the engine, which asks for
# the plugin at the SDK's version, accepts this binary.
#
# The provider's source is never committed; it is fetched from the proxy for each build.
# bin/.pulumi-resource-kubernetes.version records what was built; a match skips the build.
#
# Usage: tools/pulumi-kubernetes/build.sh            (build if missing or at another version)
#        FORCE=1 tools/pulumi-kubernetes/build.sh    (rebuild unconditionally)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/bin/pulumi-resource-kubernetes"
stamp="$repo/bin/.pulumi-resource-kubernetes.version"

mod=github.com/pulumi/pulumi-kubernetes/provider/v4
provider=v4.0.0-20260115033456-f47bc2d6f199
sdk="$(awk '$1 == "github.com/pulumi/pulumi-kubernetes/sdk/v4" { print $2; exit }' "$repo/go.mod")"
if [[ -z "$sdk" ]]; then
  echo "build.sh: cannot find github.com/pulumi/pulumi-kubernetes/sdk/v4 in $repo/go.mod" >&2
  exit 1
fi
version="${sdk#v}" # 4.32.0
want="$version $mod@$provider"

if [[ -z "${FORCE:-}" && -x "$out" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "bin/pulumi-resource-kubernetes $version is up to date"
  exit 0
fi

start=$SECONDS
echo "building pulumi-resource-kubernetes $version from $mod@$provider (takes 6-11 minutes the first time)"
src="$(cd "$here" && go mod download -json "$mod@$provider" | awk -F'"' '$2 == "Dir" { print $4 }')"
if [[ -z "$src" || ! -d "$src" ]]; then
  echo "build.sh: go mod download $mod@$provider gave no directory" >&2
  exit 1
fi

mkdir -p "$repo/bin"
work="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-kubernetes-build.XXXXXX")"
tmp="$out.tmp.$$"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work" "$tmp"' EXIT
cp -R "$src/." "$work/"
chmod -R u+w "$work"

cd "$work"
go mod edit \
  -dropreplace=github.com/pulumi/pulumi-kubernetes/sdk/v4 \
  -require=github.com/pulumi/pulumi-kubernetes/sdk/v4@v4.24.0 \
  -replace=github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
# go.sum gains the sums of sdk/v4 and the clipboard fork; nothing else moves.
go mod tidy
(cd cmd/pulumi-resource-kubernetes && VERSION="$version" go run ./generate.go)
go build -trimpath -o "$tmp" \
  -ldflags "-s -w -X $mod/pkg/version.Version=$version" \
  ./cmd/pulumi-resource-kubernetes
mv -f "$tmp" "$out"
echo "$want" >"$stamp"
echo "built bin/pulumi-resource-kubernetes $version in $((SECONDS - start))s ($(du -h "$out" | cut -f1))"
