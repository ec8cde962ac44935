// Command pulumi-resource-eks is the fake pulumi-eks provider plugin of the real-path
// tests (see tests/fakecloud/provider): it constructs eks:index:Cluster and
// eks:index:ManagedNodeGroup from aws:* children that the fake AWS provider creates.
package main

import (
	"fmt"
	"os"

	"github.com/portkey-eks/portkey-eks/tests/fakecloud/provider"
)

func main() {
	if err := provider.ServeEKS(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
