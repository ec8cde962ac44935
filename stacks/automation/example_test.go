package automation_test

import (
	"context"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/stacks/automation"
)

// A nightly drift check of the prod stack from another Go program. It needs the pulumi CLI on
// PATH and the backend's credentials, so it is compiled but not run by go test.
func ExampleDriver_Drift() {
	program := func(ctx *pulumi.Context) error {
		ctx.Export("hello", pulumi.String("world"))
		return nil
	}
	d, err := automation.New(program, automation.Options{
		ProjectDir: ".",
		Stack:      "prod",
		JSON:       true, // engine events as JSON lines on stdout, then {"summary": ...}
		EnvVars:    map[string]string{"PULUMI_BACKEND_URL": "s3://acme-pulumi-state"},
		Validate:   func() error { return nil }, // e.g. stacks.ValidateStackDir(".", "prod")
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(automation.ExitCode(err))
	}
	_, err = d.Drift(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err) // a *DriftError lists what drifted
	}
	os.Exit(automation.ExitCode(err)) // 0 no drift, 3 drift, 1 failure, 2 usage or configuration
}
