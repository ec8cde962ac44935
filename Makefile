# The test command README.md gives and .ci/run calls: vet, then every test.
.PHONY: test vet synth

test: vet
	go test ./...

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	go vet ./...

synth:
	go run ./cmd/portkey-eks synth --stack dev
	go run ./cmd/portkey-eks synth --stack prod
