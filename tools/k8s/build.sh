#!/usr/bin/env bash
# Builds the Kubernetes control plane the real-cluster tests run (internal/testcluster), from
# the Go module proxy, into <repo>/bin/:
#
#   kube-apiserver, kube-controller-manager, kube-scheduler   k8s.io/kubernetes (go.mod here)
#   etcd                                                      go.etcd.io/etcd/server/v3 (etcd/)
#   kwok                                                      sigs.k8s.io/kwok (kwok/)
#
# Versions come from the go.mod files next to this script. Each binary gets a stamp file
# bin/.<name>.version holding the version it was built at; a binary whose stamp matches is
# skipped, so calling this from `make` on every test run is cheap. Cold, on 2 cores, the
# whole set takes about 6 minutes (see tools/k8s/README.md).
#
# Usage: tools/k8s/build.sh                   (build what is missing or at another version)
#        tools/k8s/build.sh etcd kwok         (only these)
#        FORCE=1 tools/k8s/build.sh           (rebuild unconditionally)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="$repo/bin"

# modversion DIR MODULE prints the version of MODULE required in DIR/go.mod.
modversion() {
  local v
  v="$(awk -v m="$2" '($1 == m && $2 ~ /^v/) { print $2; exit } ($1 == "require" && $2 == m) { print $3; exit }' "$1/go.mod")"
  if [[ -z "$v" ]]; then
    echo "build.sh: cannot find $2 in $1/go.mod" >&2
    exit 1
  fi
  echo "$v"
}

# build NAME VERSION MODDIR PACKAGE LDFLAGS builds PACKAGE in the module at MODDIR into
# bin/NAME unless bin/NAME exists with a stamp saying VERSION.
build() {
  local name="$1" version="$2" dir="$3" pkg="$4" ldflags="$5"
  local out="$bin/$name" stamp="$bin/.$name.version"
  if [[ -z "${FORCE:-}" && -x "$out" && -f "$stamp" && "$(cat "$stamp")" == "$version" ]]; then
    echo "bin/$name $version is up to date"
    return
  fi
  mkdir -p "$bin"
  echo "building $name $version into bin/$name"
  local tmp="$out.tmp.$$" start=$SECONDS
  trap 'rm -f "$tmp"' EXIT
  (cd "$dir" && go build -trimpath -o "$tmp" -ldflags "-s -w $ldflags" "$pkg")
  mv -f "$tmp" "$out"
  trap - EXIT
  echo "$version" >"$stamp"
  echo "built bin/$name $version in $((SECONDS - start))s ($(du -h "$out" | cut -f1))"
}

kube="$(modversion "$here" k8s.io/kubernetes)"     # v1.35.4
etcd="$(modversion "$here/etcd" go.etcd.io/etcd/server/v3)" # v3.6.16
kwok="$(modversion "$here/kwok" sigs.k8s.io/kwok)"   # v0.8.0

# What Kubernetes' own hack/lib/version.sh stamps, so `kubectl version`, Helm's
# .Capabilities.KubeVersion and the discovery /version endpoint report a real release.
major="${kube#v}"; major="${major%%.*}"
minor="${kube#v*.}"; minor="${minor%%.*}"
kubeflags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  kubeflags+=" -X $pkg.gitVersion=$kube -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
  kubeflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done

want=("$@")
if [[ ${#want[@]} -eq 0 ]]; then
  want=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)
fi
for name in "${want[@]}"; do
  case "$name" in
    kube-apiserver | kube-controller-manager | kube-scheduler)
      build "$name" "$kube" "$here" "k8s.io/kubernetes/cmd/$name" "$kubeflags" ;;
    etcd)
      build etcd "$etcd" "$here/etcd" . "" ;;
    kwok)
      build kwok "$kwok" "$here/kwok" sigs.k8s.io/kwok/cmd/kwok "-X sigs.k8s.io/kwok/pkg/consts.Version=${kwok#v}" ;;
    *)
      echo "build.sh: unknown binary $name" >&2
      exit 2 ;;
  esac
done
