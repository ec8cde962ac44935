// Command pulumi-resource-aws is the fake AWS Pulumi provider plugin of the real-path
// tests (see tests/fakecloud/provider). Put its directory first on $PATH and the engine
// uses it instead of the real pulumi-aws plugin.
package main

import (
	"fmt"
	"os"

	"github.com/portkey-eks/portkey-eks/tests/fakecloud/provider"
)

func main() {
	if err := provider.ServeAWS(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
