package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/portkey-eks/portkey-eks/stacks"
	"github.com/portkey-eks/portkey-eks/stacks/estimate"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

// runSynth implements `portkey-eks synth`.
func runSynth(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "", "stack name (reads Pulumi.<stack>.yaml)")
	dir := fs.String("dir", ".", "project directory (holds Pulumi.yaml)")
	out := fs.String("out", "", "output directory (default build/synth/<stack>)")
	var assume stringList
	fs.Var(&assume, "assume", "change a usage assumption of the cost estimate: key=value (repeatable; keys and defaults in stacks/estimate/data/prices.json)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *stack == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: portkey-eks synth --stack NAME [--dir DIR] [--out DIR] [--assume key=value ...]")
		return 2
	}
	overrides, err := parseAssume(assume)
	if err != nil {
		fmt.Fprintf(stderr, "portkey-eks synth: %v\n", err)
		return 2
	}
	if *out == "" {
		*out = filepath.Join("build", "synth", *stack)
	}
	sf, err := stacks.LoadStackFile(*dir, *stack)
	if err != nil {
		fmt.Fprintf(stderr, "portkey-eks synth: %v\n", err)
		return 2
	}
	cfg, secretKeys, warnings, err := sf.ForSynth()
	var ps stacks.Problems
	if errors.As(err, &ps) {
		fmt.Fprintf(stderr, "portkey-eks synth: stack %s: %v\n", *stack, ps)
		return 2
	}
	res, err := synth.Run(stacks.SynthProgram, synth.Options{Project: sf.Project, Stack: *stack, Config: cfg, SecretKeys: secretKeys})
	if errors.As(err, &ps) {
		fmt.Fprintf(stderr, "portkey-eks synth: stack %s: %v\n", *stack, ps)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "portkey-eks synth: stack %s: %v\n", *stack, err)
		return 1
	}
	res.Warnings = append(warnings, res.Warnings...)
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(stderr, "portkey-eks synth: %v\n", err)
		return 1
	}
	files, err := synth.Write(res, *out)
	if err != nil {
		fmt.Fprintf(stderr, "portkey-eks synth: writing %s: %v\n", *out, err)
		return 1
	}
	fmt.Fprint(stdout, synth.Summary(res))
	fmt.Fprintf(stdout, "wrote %s: %s, %d values file(s), %d IAM document(s), %s\n", *out, files.Inventory, len(files.Values), len(files.IAM), files.Graph)
	return printEstimates(res, *out, overrides, stdout, stderr)
}

// parseAssume checks the --assume pairs against the cost data's assumptions.
func parseAssume(pairs []string) (map[string]float64, error) {
	prices, err := estimate.Prices()
	if err != nil {
		return nil, err
	}
	return prices.ParseAssumptions(pairs)
}

// printEstimates writes cost.json, deploy-time.json and outputs.json beside the
// inventory and prints the monthly cost table and the cold-deploy critical path.
func printEstimates(res *synth.Result, out string, assume map[string]float64, stdout, stderr io.Writer) int {
	e, err := synth.WriteEstimates(res, out, assume)
	if err != nil {
		fmt.Fprintf(stderr, "portkey-eks synth: estimates: %v\n", err)
		return 1
	}
	fmt.Fprint(stdout, e.Cost.Table())
	fmt.Fprint(stdout, e.Plan.String())
	fmt.Fprintf(stdout, "wrote %s: %s\n", out, strings.Join(e.Files, ", "))
	return 0
}
