package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Program is the Pulumi program of the portkey-eks project: it loads and validates the
// stack's configuration, then deploys everything with Deploy and exports the outputs.
// Bad configuration fails with every problem listed, before any resource is registered.
//
// main.go runs it with pulumi.Run; the portkey-eks CLI runs it inline through the
// Automation API and, for synth, under mocks.
func Program(ctx *pulumi.Context) error {
	cfg, secrets, err := LoadConfig(ctx)
	if err != nil {
		return err
	}
	outputs, err := Deploy(ctx, cfg, secrets)
	if err != nil {
		return err
	}
	for name, v := range outputs {
		ctx.Export(name, v)
	}
	return nil
}
