// Command kubestub is a stand-in pulumi-resource-kubernetes for the whole-program test of
// tests/fakecloud/program only: it accepts every kubernetes:* resource and stores its
// inputs as its state, so the program runs to the end and every aws:* and eks:* resource
// behind the Kubernetes ones reaches the fakes. It talks to no API server; the real-path
// tests use the real pulumi-kubernetes provider against a loopback control plane instead.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"

	"github.com/portkey-eks/portkey-eks/tests/fakecloud/provider"
)

// stub is the pass-through provider.
type stub struct{ plugin.UnimplementedProvider }

func (stub) Close() error { return nil }

func (stub) GetPluginInfo(context.Context) (plugin.PluginInfo, error) {
	v := semver.MustParse("4.32.0")
	return plugin.PluginInfo{Version: &v}, nil
}

func (stub) CheckConfig(_ context.Context, r plugin.CheckConfigRequest) (plugin.CheckConfigResponse, error) {
	return plugin.CheckConfigResponse{Properties: r.News}, nil
}

func (stub) DiffConfig(context.Context, plugin.DiffConfigRequest) (plugin.DiffConfigResponse, error) {
	return plugin.DiffResult{Changes: plugin.DiffNone}, nil
}

func (stub) Configure(context.Context, plugin.ConfigureRequest) (plugin.ConfigureResponse, error) {
	return plugin.ConfigureResponse{}, nil
}

func (stub) Check(_ context.Context, r plugin.CheckRequest) (plugin.CheckResponse, error) {
	return plugin.CheckResponse{Properties: r.News}, nil
}

func (stub) Diff(_ context.Context, r plugin.DiffRequest) (plugin.DiffResponse, error) {
	if r.OldInputs.DeepEquals(r.NewInputs) {
		return plugin.DiffResult{Changes: plugin.DiffNone}, nil
	}
	return plugin.DiffResult{Changes: plugin.DiffSome}, nil
}

func (stub) Create(_ context.Context, r plugin.CreateRequest) (plugin.CreateResponse, error) {
	if r.Preview {
		return plugin.CreateResponse{Properties: r.Properties}, nil
	}
	return plugin.CreateResponse{ID: resource.ID("k8s-" + provider.Hex(string(r.URN), 12)), Properties: r.Properties, Status: resource.StatusOK}, nil
}

func (stub) Read(_ context.Context, r plugin.ReadRequest) (plugin.ReadResponse, error) {
	return plugin.ReadResponse{ReadResult: plugin.ReadResult{ID: r.ID, Inputs: r.Inputs, Outputs: r.State}, Status: resource.StatusOK}, nil
}

func (stub) Update(_ context.Context, r plugin.UpdateRequest) (plugin.UpdateResponse, error) {
	return plugin.UpdateResponse{Properties: r.NewInputs, Status: resource.StatusOK}, nil
}

func (stub) Delete(context.Context, plugin.DeleteRequest) (plugin.DeleteResponse, error) {
	return plugin.DeleteResponse{Status: resource.StatusOK}, nil
}

func main() {
	if err := provider.Serve(plugin.NewProviderServer(&stub{})); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
