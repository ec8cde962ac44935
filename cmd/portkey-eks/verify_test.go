package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/portkey-eks/portkey-eks/stacks"
)

func TestVerifyUsage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want int
	}{
		{"no stack", []string{"verify"}, nil, 2},
		{"extra argument", []string{"verify", "--stack", "dev", "extra"}, nil, 2},
		{"request without keys", []string{"verify", "--stack", "dev", "--request"}, map[string]string{"PORTKEY_API_KEY": "", "PROVIDER_API_KEY": ""}, 2},
		{"unknown flag", []string{"verify", "--stack", "dev", "--bogus"}, nil, 2},
		{"help", []string{"verify", "-h"}, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			var out, errb bytes.Buffer
			if got := run(tc.args, &out, &errb); got != tc.want {
				t.Errorf("exit %d, want %d; stderr:\n%s", got, tc.want, errb.String())
			}
		})
	}
	var out, errb bytes.Buffer
	run([]string{"--help"}, &out, &errb)
	if !strings.Contains(errb.String(), "verify    check that the deployed gateway works") {
		t.Errorf("usage does not list verify:\n%s", errb.String())
	}
}

func TestUpVerifyFlagOnlyForUp(t *testing.T) {
	var out, errb bytes.Buffer
	got := operate(stacks.Program, nil, nil, "preview", []string{"--stack", "dev", "--verify"}, &out, &errb)
	if got != 2 || !strings.Contains(errb.String(), "--verify is a flag of up only") {
		t.Errorf("preview --verify: exit %d, stderr %s", got, errb.String())
	}
}

// closedPort is a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestVerifyCannotRun runs verify on outputs (through the stackOutputs seam, no Pulumi)
// whose cluster and AWS endpoint do not answer: every check that needs them is reported as
// cannot run, the exit status is 1, and the kubeconfig secret is never printed.
func TestVerifyCannotRun(t *testing.T) {
	api, aws := closedPort(t), closedPort(t)
	const secretToken = "kubeconfig-token-must-not-print"
	kubeconfig := `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://` + api + `", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: ` + secretToken + `}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`
	t.Setenv("AWS_ACCESS_KEY_ID", "testing")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
	t.Setenv("AWS_ENDPOINT_URL", "http://"+aws)
	t.Setenv("AWS_CONFIG_FILE", os.DevNull)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", os.DevNull)
	saved := stackOutputs
	t.Cleanup(func() { stackOutputs = saved })
	stackOutputs = func(ctx context.Context, dir, stack string) (map[string]any, error) {
		if stack != "prod" {
			return nil, errors.New("no stack " + stack)
		}
		return map[string]any{
			"clusterName": "portkey-prod", "region": "us-east-1", "kubeconfig": kubeconfig,
			"gatewayNamespace": "portkeyai", "gatewayReleaseName": "portkey-ai", "controlPlaneRoute": "privateLink",
			"controlPlaneEndpointId": "vpce-0123456789abcdef0", "endpointServiceId": "vpce-svc-0123456789abcdef0",
			"loadBalancerArn":     "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/portkey/0123456789abcdef",
			"loadBalancerDnsName": "portkey-0123456789abcdef.elb.us-east-1.amazonaws.com",
			"gatewayUrl":          "http://" + closedPort(t),
		}, nil
	}

	var out, errb bytes.Buffer
	if got := run([]string{"verify", "--stack", "prod", "--through-lb"}, &out, &errb); got != 1 {
		t.Errorf("exit %d, want 1; stdout:\n%s\nstderr:\n%s", got, out.String(), errb.String())
	}
	t.Logf("verify --stack prod --through-lb:\n%s", out.String())
	for _, want := range []string{"CANNOT RUN  rollout/gateway", "CANNOT RUN  gateway/health", "CANNOT RUN  controlplane/endpoint ",
		"CANNOT RUN  loadbalancer/health", "next:", "cannot run", "the gateway is NOT verified"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out.String()+errb.String(), secretToken) {
		t.Error("the kubeconfig's token was printed")
	}

	out.Reset()
	errb.Reset()
	if got := run([]string{"verify", "--stack", "prod", "--json"}, &out, &errb); got != 1 {
		t.Errorf("--json: exit %d, want 1", got)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var summary struct {
		Summary struct {
			CannotRun int  `json:"cannotRun"`
			ExitCode  int  `json:"exitCode"`
			OK        bool `json:"ok"`
		} `json:"summary"`
	}
	for _, l := range lines[:len(lines)-1] {
		var r struct{ Check, Verdict string }
		if err := json.Unmarshal([]byte(l), &r); err != nil || r.Check == "" || r.Verdict == "" {
			t.Errorf("check line %q: %v", l, err)
		}
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &summary); err != nil || summary.Summary.OK || summary.Summary.ExitCode != 1 || summary.Summary.CannotRun == 0 {
		t.Errorf("summary %q: %+v %v", lines[len(lines)-1], summary, err)
	}

	// A stack whose outputs cannot be read fails without running any check.
	out.Reset()
	errb.Reset()
	if got := run([]string{"verify", "--stack", "nope"}, &out, &errb); got != 1 || !strings.Contains(errb.String(), "no stack nope") {
		t.Errorf("missing stack: exit %d, stderr %s", got, errb.String())
	}
}
