package stacks

import (
	"fmt"
	"slices"

	awseks "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// checkDeployedVersion refuses a cluster.version that EKS would refuse as an update of the
// stack's cluster, when that cluster exists already: it asks EKS for the cluster's current
// version (the truth, even after an upgrade made outside this program) and applies
// CheckKubernetesUpgrade. It runs in preview and up, before any resource is registered, so
// a two-minor jump fails at once naming the key instead of half-way through an update. A
// cluster that does not exist yet (the first up) is not checked; neither is cluster.mode
// existing, whose version this program does not manage.
func checkDeployedVersion(ctx *pulumi.Context, c Config) error {
	if c.Cluster.Mode != ModeNew {
		return nil
	}
	list, err := awseks.GetClusters(ctx)
	if err != nil {
		return fmt.Errorf("listing EKS clusters, to check cluster.version against the deployed cluster: %w", err)
	}
	if !slices.Contains(list.Names, c.Cluster.Name) {
		return nil
	}
	found, err := awseks.LookupCluster(ctx, &awseks.LookupClusterArgs{Name: c.Cluster.Name})
	if err != nil {
		return fmt.Errorf("looking up EKS cluster %q, to check cluster.version against it: %w", c.Cluster.Name, err)
	}
	if p := CheckKubernetesUpgrade(found.Version, c.Cluster.Version); p != nil {
		return Problems{*p}
	}
	return nil
}
