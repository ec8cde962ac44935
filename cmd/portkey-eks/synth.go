package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/portkey-eks/portkey-eks/stacks"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

// runSynth implements `portkey-eks synth`.
func runSynth(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "", "stack name (reads Pulumi.<stack>.yaml)")
	dir := fs.String("dir", ".", "project directory (holds Pulumi.yaml)")
	out := fs.String("out", "", "output directory (default build/synth/<stack>)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *stack == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: portkey-eks synth --stack NAME [--dir DIR] [--out DIR]")
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
	res, err := synth.Run(stacks.Program, synth.Options{Project: sf.Project, Stack: *stack, Config: cfg, SecretKeys: secretKeys})
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
	return 0
}
