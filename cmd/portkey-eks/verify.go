package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/portkey-eks/portkey-eks/components/gateway"
	"github.com/portkey-eks/portkey-eks/components/lbcontroller"
	"github.com/portkey-eks/portkey-eks/stacks"
	"github.com/portkey-eks/portkey-eks/stacks/automation"
	"github.com/portkey-eks/portkey-eks/stacks/verify"
	"github.com/portkey-eks/portkey-eks/vocab"
)

const verifyUsage = `usage: portkey-eks verify --stack NAME [--dir DIR] [--json] [--through-lb] [--request]

Answers "is my gateway working?" for a deployed stack: the rollout of the gateway and the AWS
Load Balancer Controller, GET /v1/health through the Kubernetes API's service proxy, the load
balancer's targets, the control-plane sync in the gateway's logs and, with PrivateLink, the
endpoints' states. It reads the stack's outputs (the pulumi CLI must be on PATH), talks to
the cluster with the stack's kubeconfig and to AWS with the default credentials.

--request sends one chat completion through the load balancer with the keys in the
environment: PORTKEY_API_KEY (x-portkey-api-key) and PROVIDER_API_KEY (the provider's key);
neither is printed or stored.

Exit status: 0 every check passed; 1 a check failed or could not run; 2 bad usage.

flags:
`

// verifyFlags are the flags of verify (and of up --verify).
type verifyFlags struct {
	stack, dir, kubeconfig string
	json, throughLB        bool
	request                bool
	provider, model        string
}

func parseVerifyFlags(args []string, stderr io.Writer) (verifyFlags, error) {
	var f verifyFlags
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, verifyUsage)
		fs.PrintDefaults()
	}
	fs.StringVar(&f.stack, "stack", "", "stack name; required")
	fs.StringVar(&f.stack, "s", "", "short for --stack")
	fs.StringVar(&f.dir, "dir", ".", "project directory (holds Pulumi.yaml)")
	fs.StringVar(&f.kubeconfig, "kubeconfig", "", "kubeconfig file to use instead of the stack's kubeconfig output")
	fs.BoolVar(&f.json, "json", false, "print one JSON object per check, then a {\"summary\": ...} line")
	fs.BoolVar(&f.throughLB, "through-lb", false, "also GET /v1/health through the load balancer's DNS name (from a machine that reaches it)")
	fs.BoolVar(&f.request, "request", false, "also send a chat completion through the load balancer (keys from PORTKEY_API_KEY and PROVIDER_API_KEY)")
	fs.StringVar(&f.provider, "provider", "openai", "x-portkey-provider of --request")
	fs.StringVar(&f.model, "model", "gpt-4o-mini", "model of --request")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	var err error
	switch {
	case fs.NArg() > 0:
		err = fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case f.stack == "":
		err = errors.New("--stack is required")
	case f.request && (os.Getenv("PORTKEY_API_KEY") == "" || os.Getenv("PROVIDER_API_KEY") == ""):
		err = errors.New("--request needs PORTKEY_API_KEY and PROVIDER_API_KEY in the environment")
	}
	if err != nil {
		fmt.Fprintf(stderr, "portkey-eks verify: %v\n", err)
		fs.Usage()
	}
	return f, err
}

// stackOutputs reads the stack's outputs through the Automation API with the same driver
// options as the other verbs, secrets included (the kubeconfig is one). Nothing it returns
// is printed.
var stackOutputs = func(ctx context.Context, dir, stack string) (map[string]any, error) {
	d, err := automation.New(stacks.Program, automation.Options{ProjectDir: dir, Stack: stack})
	if err != nil {
		return nil, err
	}
	return d.StackOutputs(ctx)
}

// runVerify implements `portkey-eks verify`.
func runVerify(args []string, stdout, stderr io.Writer) int {
	f, err := parseVerifyFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return verify.ExitOK
	}
	if err != nil {
		return verify.ExitUsage
	}
	ctx, stop := cancelOnInterrupt("verify", stderr)
	defer stop()
	return verifyStack(ctx, f, stdout, stderr)
}

// verifyStack verifies the stack f names and prints the report; it returns the exit status.
func verifyStack(ctx context.Context, f verifyFlags, stdout, stderr io.Writer) int {
	outs, err := stackOutputs(ctx, f.dir, f.stack)
	if err != nil {
		fmt.Fprintf(stderr, "portkey-eks verify: %v\n", err)
		return verify.ExitFailed
	}
	t, missing := verify.FromOutputs(outs, verify.Defaults{
		ServiceName:           gateway.FullName,
		ServicePort:           vocab.GatewayPort,
		LBControllerNamespace: lbcontroller.Namespace,
		LBControllerRelease:   lbcontroller.ReleaseName,
	})
	if len(missing) > 0 {
		fmt.Fprintf(stderr, "portkey-eks verify: the stack lacks the outputs %s (run up first); the checks that need them cannot run\n",
			strings.Join(missing, ", "))
	}
	var c verify.Clients
	kubeconfig, err := kubeconfigOf(f.kubeconfig, outs["kubeconfig"])
	if err == nil {
		c.Kube, c.Dynamic, err = verify.NewKubeClients(kubeconfig)
	}
	c.KubeErr = err
	if t.Region != "" {
		elb, ec, err := verify.NewAWSClients(ctx, t.Region)
		if err == nil {
			c.ELBv2, c.EC2 = elb, ec
		}
		c.AWSErr = err
	}
	var o verify.Options
	o.ThroughLB = f.throughLB
	if f.request {
		o.Request = &verify.ChatRequest{Provider: f.provider, Model: f.model,
			ProviderKey: os.Getenv("PROVIDER_API_KEY"), PortkeyKey: os.Getenv("PORTKEY_API_KEY")}
	}
	rep := verify.Run(ctx, t, c, o)
	rep.Stack = f.stack
	if f.json {
		if err := rep.WriteJSON(stdout); err != nil {
			fmt.Fprintf(stderr, "portkey-eks verify: %v\n", err)
			return verify.ExitFailed
		}
	} else {
		fmt.Fprintf(stdout, "verify %s: %s\n\n", f.stack, t)
		rep.WriteText(stdout)
	}
	return rep.ExitCode()
}

// kubeconfigOf is the kubeconfig to use: the file given, else the stack's output (a JSON
// string or an object).
func kubeconfigOf(file string, output any) ([]byte, error) {
	if file != "" {
		return os.ReadFile(file)
	}
	switch v := output.(type) {
	case string:
		if v == "" {
			break
		}
		return []byte(v), nil
	case map[string]any:
		return json.Marshal(v)
	}
	return nil, errors.New("the stack has no kubeconfig output (pass --kubeconfig)")
}
