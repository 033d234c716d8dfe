#!/usr/bin/env bash
# Builds the control-plane binaries the tests and `make run` use, from the Go module proxy:
#   kube-apiserver, kube-controller-manager (the garbage collector, the namespace controller) + kubectl
#   from k8s.io/kubernetes, etcd from go.etcd.io/etcd/server/v3,
#   helm from the helm.sh/helm module.
# Installs them where fabric8 kube-api-test looks (~/.kubeapitest/k8s/<version>-linux-amd64/) and
# links them into .local/bin/ of the checkout. A version stamp makes a second run a no-op.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
K8S_VERSION="${K8S_VERSION:-$(cat "$ROOT/hack/k8s-version")}" # the one place the version is written
ETCD_VERSION="${ETCD_VERSION:-3.6.16}"
HELM_VERSION="${HELM_VERSION:-3.19.5}"
DEST="${KUBEAPITEST_DIR:-$HOME/.kubeapitest}/k8s/${K8S_VERSION}-linux-amd64"
WORK="${XDG_CACHE_HOME:-$HOME/.cache}/dli-operator/go-build-k8s"
STAMP="$DEST/.dli-operator-stamp"
WANT="k8s=$K8S_VERSION kcm=1 etcd=$ETCD_VERSION helm=$HELM_VERSION"

log() { printf '[build-k8s] %s\n' "$*" >&2; }
die() { printf '[build-k8s] ERROR: %s\n' "$*" >&2; exit 1; }

link_bins() {
  mkdir -p "$ROOT/.local/bin"
  for b in kube-apiserver kube-controller-manager etcd kubectl helm; do ln -sf "$DEST/$b" "$ROOT/.local/bin/$b"; done
}

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" ]]; then
  for b in kube-apiserver kube-controller-manager etcd kubectl helm; do [[ -x "$DEST/$b" ]] || die "$DEST/$b missing although stamped; delete $STAMP"; done
  link_bins
  log "up to date ($WANT) in $DEST"
  exit 0
fi

command -v go >/dev/null || die "go is not on PATH"
mkdir -p "$DEST" "$WORK"
export GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0

# go get lists every module it downloads; keep the log to what matters.
go_quiet() { # dir, go args...
  local dir="$1"; shift
  (cd "$dir" && go "$@" 2>&1) | { grep -vE '^go: (downloading|added|upgraded|finding) ' || true; }
  return "${PIPESTATUS[0]}"
}

# A throw-away main module per binary; go get fetches what building the package needs.
new_module() { # dir
  rm -rf "$1"; mkdir -p "$1"
  (cd "$1" && go mod init dli-operator.local/build >/dev/null 2>&1)
}

build_k8s() {
  local dir="$WORK/kubernetes" gomod
  log "kubernetes v$K8S_VERSION: resolving k8s.io/kubernetes module"
  new_module "$dir"
  gomod=$(cd "$dir" && go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p') \
    || die "cannot download k8s.io/kubernetes@v$K8S_VERSION"
  [[ -f "$gomod" ]] || die "no go.mod for k8s.io/kubernetes@v$K8S_VERSION"
  # Every staging module is replaced by ./staging/... upstream; point each at its published v0.x.
  local minor_patch="${K8S_VERSION#1.}"
  grep -E '^\s*k8s\.io/[a-z0-9-]+ => \./staging/' "$gomod" | awk '{print $1}' | sort -u > "$dir/staging.txt"
  [[ -s "$dir/staging.txt" ]] || die "found no staging modules in $gomod"
  {
    echo "require k8s.io/kubernetes v$K8S_VERSION"
    while read -r m; do echo "replace $m => $m v0.$minor_patch"; done < "$dir/staging.txt"
  } >> "$dir/go.mod"
  log "kubernetes: $(wc -l < "$dir/staging.txt") staging modules pinned to v0.$minor_patch; fetching dependencies"
  go_quiet "$dir" get "k8s.io/kubernetes/cmd/kube-apiserver@v$K8S_VERSION" "k8s.io/kubernetes/cmd/kube-controller-manager@v$K8S_VERSION" \
    "k8s.io/kubernetes/cmd/kubectl@v$K8S_VERSION" || die "go get of kube-apiserver/kube-controller-manager/kubectl failed (see above)"
  log "kubernetes: compiling kube-apiserver (the slow part, ~10-20 min on 2 cores)"
  (cd "$dir" && go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v$K8S_VERSION -X k8s.io/client-go/pkg/version.gitVersion=v$K8S_VERSION" \
    -o "$DEST/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver) || die "building kube-apiserver failed"
  log "kubernetes: compiling kube-controller-manager (shares most packages with kube-apiserver)"
  (cd "$dir" && go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v$K8S_VERSION -X k8s.io/client-go/pkg/version.gitVersion=v$K8S_VERSION" \
    -o "$DEST/kube-controller-manager" k8s.io/kubernetes/cmd/kube-controller-manager) || die "building kube-controller-manager failed"
  log "kubernetes: compiling kubectl"
  (cd "$dir" && go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v$K8S_VERSION -X k8s.io/client-go/pkg/version.gitVersion=v$K8S_VERSION" \
    -o "$DEST/kubectl" k8s.io/kubernetes/cmd/kubectl) || die "building kubectl failed"
}

build_etcd() {
  local dir="$WORK/etcd"
  log "etcd v$ETCD_VERSION: fetching go.etcd.io/etcd/server/v3"
  new_module "$dir"
  go_quiet "$dir" get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION" || die "go get go.etcd.io/etcd/server/v3@v$ETCD_VERSION failed"
  log "etcd: compiling"
  (cd "$dir" && go build -trimpath -ldflags "-s -w" -o "$DEST/etcd" go.etcd.io/etcd/server/v3) || die "building etcd failed"
}

build_helm() {
  local dir="$WORK/helm"
  log "helm v$HELM_VERSION: fetching helm.sh/helm/v3"
  new_module "$dir"
  go_quiet "$dir" get "helm.sh/helm/v3/cmd/helm@v$HELM_VERSION" || die "go get helm.sh/helm/v3@v$HELM_VERSION failed"
  log "helm: compiling"
  (cd "$dir" && go build -trimpath -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION" \
    -o "$DEST/helm" helm.sh/helm/v3/cmd/helm) || die "building helm failed"
}

start=$(date +%s)
rm -f "$STAMP"
build_etcd
build_helm
build_k8s
echo "$WANT" > "$STAMP"
link_bins
log "done in $(( $(date +%s) - start ))s: $(du -sh "$DEST" | cut -f1) in $DEST"
"$DEST/kube-apiserver" --version >&2
