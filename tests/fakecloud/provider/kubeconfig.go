package provider

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"gopkg.in/yaml.v3"
)

// KubeconfigEnv names the environment variable holding the path of the kubeconfig of the
// loopback API server (written by the control plane harness).
const KubeconfigEnv = "FAKECLOUD_KUBECONFIG"

// UnreachableServer is the API server of the kubeconfig given when KubeconfigEnv is unset:
// nothing listens there, so Kubernetes resources fail clearly.
const UnreachableServer = "https://127.0.0.1:1"

// Kubeconfig is the kubeconfig an eks:index:Cluster returns.
type Kubeconfig struct {
	// Config is the kubeconfig as an object (the component's `kubeconfig` output).
	Config map[string]any
	// JSON is Config as a JSON string (`kubeconfigJson`).
	JSON string
	// Server and CAData are the current cluster's server URL and certificate authority
	// data (base64), "" when absent.
	Server, CAData string
	// Loopback is true when the kubeconfig came from KubeconfigEnv.
	Loopback bool
}

// LoadKubeconfig reads the kubeconfig named by $FAKECLOUD_KUBECONFIG (YAML or JSON), or
// returns one pointing at UnreachableServer when the variable is unset. A set variable
// naming an unreadable or invalid file is an error.
func LoadKubeconfig() (*Kubeconfig, error) {
	path := os.Getenv(KubeconfigEnv)
	if path == "" {
		return unreachableKubeconfig(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("fakecloud: reading $%s: %w", KubeconfigEnv, err)
	}
	var cfg map[string]any
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		return nil, fmt.Errorf("fakecloud: parsing $%s (%s): %w", KubeconfigEnv, path, err)
	}
	if cfg == nil {
		return nil, fmt.Errorf("fakecloud: $%s (%s) is empty", KubeconfigEnv, path)
	}
	k, err := newKubeconfig(cfg)
	if err != nil {
		return nil, err
	}
	k.Loopback = true
	return k, nil
}

func unreachableKubeconfig() *Kubeconfig {
	cfg := map[string]any{
		"apiVersion": "v1",
		"kind":       "Config",
		"clusters": []any{map[string]any{
			"name":    "fakecloud",
			"cluster": map[string]any{"server": UnreachableServer, "insecure-skip-tls-verify": true},
		}},
		"users":           []any{map[string]any{"name": "fakecloud", "user": map[string]any{"token": "fakecloud-no-cluster"}}},
		"contexts":        []any{map[string]any{"name": "fakecloud", "context": map[string]any{"cluster": "fakecloud", "user": "fakecloud"}}},
		"current-context": "fakecloud",
	}
	k, _ := newKubeconfig(cfg)
	return k
}

func newKubeconfig(cfg map[string]any) (*Kubeconfig, error) {
	b, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("fakecloud: kubeconfig is not JSON-encodable: %w", err)
	}
	k := &Kubeconfig{Config: cfg, JSON: string(b)}
	k.Server, k.CAData = currentCluster(cfg)
	if k.Server == "" {
		return nil, errors.New("fakecloud: kubeconfig has no cluster server")
	}
	return k, nil
}

// currentCluster returns the server and CA data of the current context's cluster (or of
// the first cluster).
func currentCluster(cfg map[string]any) (server, ca string) {
	clusterName := ""
	cur, _ := cfg["current-context"].(string)
	contexts, _ := cfg["contexts"].([]any)
	for _, c := range contexts {
		m, _ := c.(map[string]any)
		if n, _ := m["name"].(string); n == cur {
			if ctx, ok := m["context"].(map[string]any); ok {
				clusterName, _ = ctx["cluster"].(string)
			}
		}
	}
	clusters, _ := cfg["clusters"].([]any)
	for i, c := range clusters {
		m, _ := c.(map[string]any)
		n, _ := m["name"].(string)
		if n != clusterName && (clusterName != "" || i > 0) {
			continue
		}
		cl, _ := m["cluster"].(map[string]any)
		server, _ = cl["server"].(string)
		ca, _ = cl["certificate-authority-data"].(string)
		if clusterName != "" || i == 0 {
			return server, ca
		}
	}
	return server, ca
}
