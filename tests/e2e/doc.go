// Package e2e runs the user's real path (issue 12) on this machine, everything but AWS
// itself: the portkey-eks CLI on copies of the committed project files, configured with
// README's `pulumi config` steps, through the real engine (bin/pulumi), the real
// pulumi-kubernetes provider (bin/pulumi-resource-kubernetes) and a real loopback control
// plane (internal/testcluster, nodes simulated by kwok), with the fake AWS and EKS plugins
// of tests/fakecloud and small charts of its own (testdata/charts) served from a
// 127.0.0.1 Helm repository.
//
// The tests are in the _test files; without the binaries they skip (CI=true: fail).
package e2e
