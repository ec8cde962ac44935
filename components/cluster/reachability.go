package cluster

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// APIUnreachablePrefix starts the error CheckAPIReachable functions built by APIReachable
// return, so a caller (the portkey-eks CLI) can find it in an engine's output.
const APIUnreachablePrefix = "Kubernetes API unreachable:"

// APIReachable returns a CheckAPIReachable function that opens a TCP connection to the API
// server, retrying until within has passed (a new endpoint's DNS and network interfaces can
// take a minute). Its error starts with APIUnreachablePrefix and ends with hint, which
// should name the config keys that open a way in.
func APIReachable(within, dialTimeout time.Duration, hint string) func(server string) error {
	return func(server string) error {
		addr, err := hostPort(server)
		if err != nil {
			return fmt.Errorf("%s %v", APIUnreachablePrefix, err)
		}
		deadline := time.Now().Add(within)
		for {
			conn, err := net.DialTimeout("tcp", addr, dialTimeout)
			if err == nil {
				return conn.Close()
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("%s %s cannot be reached from this machine (%v, tried for %s); %s", APIUnreachablePrefix, server, err, within, hint)
			}
			time.Sleep(dialTimeout / 2)
		}
	}
}

// hostPort turns an API server URL into host:port (443 when the URL has no port).
func hostPort(server string) (string, error) {
	u, err := url.Parse(server)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("API server %q is not a URL", server)
	}
	if u.Port() != "" {
		return u.Host, nil
	}
	return net.JoinHostPort(u.Hostname(), "443"), nil
}

// KubeconfigServer returns the server URL of the first cluster in a kubeconfig (JSON, as
// pulumi-eks writes it).
func KubeconfigServer(kubeconfig string) (string, error) {
	var kc struct {
		Clusters []struct {
			Cluster struct {
				Server string `json:"server"`
			} `json:"cluster"`
		} `json:"clusters"`
	}
	if err := json.Unmarshal([]byte(kubeconfig), &kc); err != nil {
		return "", fmt.Errorf("reading the kubeconfig: %w", err)
	}
	if len(kc.Clusters) == 0 || kc.Clusters[0].Cluster.Server == "" {
		return "", errors.New("the kubeconfig names no API server")
	}
	return kc.Clusters[0].Cluster.Server, nil
}

// reachableKubeconfig is the cluster's kubeconfig once the private-access rules exist and,
// during an update, check has found its API server reachable: the Kubernetes provider takes
// it, so every Kubernetes resource waits for both, and an unreachable API fails the update
// with check's message instead of a provider timeout per resource.
func (c *Cluster) reachableKubeconfig(ctx *pulumi.Context, rules []pulumi.Resource, check func(string) error) pulumi.StringOutput {
	deps := []any{c.Kubeconfig}
	for _, r := range rules {
		if cr, ok := r.(pulumi.CustomResource); ok {
			deps = append(deps, cr.ID())
		}
	}
	return pulumi.All(deps...).ApplyT(func(vs []any) (string, error) {
		kubeconfig := vs[0].(string)
		// Never in preview, and never under mocks (no network there: the endpoint is made up).
		if check == nil || ctx.DryRun() || ctx.RunningWithMocks() {
			return kubeconfig, nil
		}
		server, err := KubeconfigServer(kubeconfig)
		if err != nil {
			return "", err
		}
		if err := check(server); err != nil {
			return "", err
		}
		return kubeconfig, nil
	}).(pulumi.StringOutput)
}
