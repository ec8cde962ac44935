package provider

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// The SDK's go/pulumi/provider.Main would do what serve does, but that package needs a
// module (go.opentelemetry.io/otel/bridge/opentracing) that is not in this repository's
// go.sum; serve uses only packages that are.

// Serve runs srv as a provider plugin; see serve.
func Serve(srv pulumirpc.ResourceProviderServer) error { return serve(srv) }

// serve runs a provider plugin as the engine expects: the engine's address is the only
// argument, the plugin prints the port of its gRPC server (on 127.0.0.1) and serves until
// the engine goes away or sends SIGINT.
func serve(srv pulumirpc.ResourceProviderServer) error {
	flag.String("tracing", "", "tracing endpoint (ignored)")
	flag.Parse()
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	if args := flag.Args(); len(args) > 0 {
		if err := rpcutil.Healthcheck(ctx, args[0], 5*time.Minute, cancel); err != nil {
			return fmt.Errorf("fakecloud: engine health check: %w", err)
		}
	}
	done := make(chan bool)
	go func() {
		<-ctx.Done()
		close(done)
	}()
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: done,
		Init: func(s *grpc.Server) error {
			pulumirpc.RegisterResourceProviderServer(s, srv)
			return nil
		},
	})
	if err != nil {
		return fmt.Errorf("fakecloud: serving: %w", err)
	}
	fmt.Printf("%d\n", handle.Port)
	return <-handle.Done
}

// ServeAWS serves the fake aws provider (the main of pulumi-resource-aws).
func ServeAWS() error { return serve(plugin.NewProviderServer(NewAWS())) }

// ServeEKS serves the fake eks provider (the main of pulumi-resource-eks).
func ServeEKS() error { return serve(NewEKS()) }
