package stacks

import (
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/components/cluster"
)

// How long an update tries to reach the Kubernetes API before it gives up with one line
// naming the keys to change (instead of a provider timeout on every Kubernetes resource).
const (
	apiProbeWithin = 2 * time.Minute
	apiProbeDial   = 10 * time.Second
)

// Program is the Pulumi program of the portkey-eks project: it loads and validates the
// stack's configuration, then deploys everything with Deploy and exports the outputs.
// Bad configuration fails with every problem listed, before any resource is registered:
// that includes a missing secret and a placeholder the stack file ships (see Placeholders).
//
// main.go runs it with pulumi.Run; the portkey-eks CLI runs it inline through the
// Automation API.
func Program(ctx *pulumi.Context) error {
	return run(ctx, false)
}

// SynthProgram is Program for an offline synth under mocks (stacks/synth): secrets may be
// synth's placeholders and the stack file's placeholders are allowed (StackFile.ForSynth
// reports them as warnings). Never deploy with it.
func SynthProgram(ctx *pulumi.Context) error {
	return run(ctx, true)
}

func run(ctx *pulumi.Context, offline bool) error {
	cfg, secrets, err := loadConfig(ctx, offline)
	if err != nil {
		return err
	}
	if err := checkDeployedVersion(ctx, cfg); err != nil {
		return err
	}
	var opts deployOptions
	if !offline {
		opts.checkAPI = cluster.APIReachable(apiProbeWithin, apiProbeDial, APIAccessHint(cfg))
	}
	outputs, err := deploy(ctx, cfg, secrets, opts)
	if err != nil {
		return err
	}
	for name, v := range outputs {
		ctx.Export(name, v)
	}
	return nil
}

// APIAccessHint says which config keys open a way to the cluster's API endpoint for whoever
// runs `pulumi up`; it ends the error of an update that cannot reach the API.
func APIAccessHint(c Config) string {
	private := "run up from a network the private endpoint admits (cluster.privateAccessCidrs: a VPN or peered network; cluster.privateAccessSecurityGroupIds: a CI runner or CodeBuild project in the VPC)"
	if c.Cluster.Mode == ModeExisting {
		return "the existing cluster " + c.Cluster.Name + " must admit this machine on its API endpoint (its public access CIDRs or cluster security group)"
	}
	if !c.Cluster.EndpointPublicAccess {
		return "the public endpoint is off: " + private + ", or set cluster.endpointPublicAccess true with this machine's egress address in cluster.publicAccessCidrs"
	}
	return "add this machine's egress address to cluster.publicAccessCidrs (now " + strings.Join(c.Cluster.PublicAccessCidrs, ", ") + "), or " + private
}
