package main

import (
	"fmt"
	"io"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/stacks"
	"github.com/portkey-eks/portkey-eks/stacks/automation"
	"github.com/portkey-eks/portkey-eks/stacks/estimate"
)

// handoffFacts reads from the stack file what the handoff block takes from configuration
// rather than outputs: the region, the connectivity modes, the private DNS name and the
// listener port (with its default resolved).
func handoffFacts(dir, stack string) (estimate.Facts, error) {
	sf, err := stacks.LoadStackFile(dir, stack)
	if err != nil {
		return estimate.Facts{}, err
	}
	cfg, _ := stacks.Decode(sf.Input(false))
	return estimate.Facts{
		Stack:          stack,
		Region:         cfg.Region,
		Inbound:        cfg.Inbound.Mode,
		Outbound:       cfg.ControlPlane.Connectivity,
		PrivateDNSName: cfg.Inbound.PrivateDNSName,
		ListenerPort:   cfg.Exposure.Port,
	}, nil
}

// runHandoff implements `portkey-eks outputs --handoff`: it reads the live stack's
// outputs (secrets masked) and prints what the install guide says to send the Portkey
// team for the stack's connectivity modes.
func runHandoff(program pulumi.RunFunc, verb string, f opFlags, stdout, stderr io.Writer) int {
	if verb != string(automation.OpOutputs) {
		fmt.Fprintf(stderr, "portkey-eks %s: --handoff is a flag of outputs only\n", verb)
		return automation.ExitUsage
	}
	facts, err := handoffFacts(f.dir, f.stack)
	if err != nil {
		fmt.Fprintf(stderr, "portkey-eks %s: %v\n", verb, err)
		return automation.ExitUsage
	}
	opts := f.options(io.Discard, stderr)
	opts.JSON = false
	driver, err := automation.New(program, opts)
	if err != nil {
		fmt.Fprintf(stderr, "portkey-eks %s: %v\n", verb, err)
		return automation.ExitCode(err)
	}
	ctx, stop := cancelOnInterrupt(verb, stderr)
	defer stop()
	sum, err := driver.Outputs(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "portkey-eks %s: %v\n", verb, err)
		return automation.ExitCode(err)
	}
	fmt.Fprint(stdout, estimate.Handoff(sum.Outputs, facts))
	return automation.ExitOK
}
