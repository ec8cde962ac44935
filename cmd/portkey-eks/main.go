// Command portkey-eks synthesises and deploys the portkey-eks stacks.
//
//	portkey-eks synth --stack dev [--dir .] [--out build/synth/dev]
//	portkey-eks preview|up|refresh|destroy|drift|outputs --stack NAME [--dir .] [flags]
//	portkey-eks verify --stack NAME [--json] [--through-lb] [--request]
//
// synth runs the real program under Pulumi mocks: no cloud, no credentials, no pulumi CLI.
// The other verbs run the same program inline through the Pulumi Automation API.
//
// Exit status: 0 success; 1 failure (verify: a check failed or could not run); 2 bad usage or
// configuration; 3 drift found (drift).
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `usage: portkey-eks <command> --stack NAME [flags]

commands:
  synth     run the program under mocks and write what pulumi up would create
  preview   show what up would change
  up        create or update the stack
  refresh   read the real state of the stack's resources
  destroy   delete the stack's resources
  drift     report drift between the stack and the cloud (exit 3 on drift)
  outputs   print the stack's outputs (secrets masked)
  verify    check that the deployed gateway works (rollout, health, load balancer, control plane)

run 'portkey-eks <command> -h' for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	switch verb := args[0]; verb {
	case "synth":
		return runSynth(args[1:], stdout, stderr)
	case "verify":
		return runVerify(args[1:], stdout, stderr)
	case "preview", "up", "refresh", "destroy", "drift", "outputs":
		return runOperation(verb, args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "portkey-eks: unknown command %q\n\n%s", verb, usage)
		return 2
	}
}
