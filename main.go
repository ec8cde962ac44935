// Command portkey-eks is the Pulumi program that deploys the Portkey AI Gateway data plane
// on Amazon EKS. Run it with `pulumi up -s <stack>`; see README.md.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/stacks"
)

func main() {
	pulumi.Run(stacks.Program)
}
