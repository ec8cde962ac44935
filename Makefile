# `make test` is the test command README.md gives and .ci/run calls: gofmt, vet and a build of
# every package (main.go, cmd/ and examples/ included), the
# pulumi CLI for the real-engine tests (built once per machine into bin/, see
# tools/pulumi/build.sh), then every test.
.PHONY: test vet pulumi-cli k8s-tools synth

test: vet pulumi-cli k8s-tools
	go test ./...

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	go vet ./...
	go build ./...

pulumi-cli:
	tools/pulumi/build.sh

# The real-cluster tests' binaries (internal/testcluster): etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kwok and pulumi-resource-kubernetes, built once per
# machine into bin/ (about 20 minutes cold, see tools/k8s/README.md; a no-op afterwards).
k8s-tools:
	tools/k8s/build.sh
	tools/pulumi-kubernetes/build.sh

synth:
	go run ./cmd/portkey-eks synth --stack dev
	go run ./cmd/portkey-eks synth --stack prod
