package cluster

import (
	"fmt"

	awseks "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// EKS add-on names.
const (
	AddonVpcCni           = "vpc-cni"
	AddonCoreDNS          = "coredns"
	AddonKubeProxy        = "kube-proxy"
	AddonPodIdentityAgent = "eks-pod-identity-agent"
)

// addons creates the EKS add-ons: vpc-cni, kube-proxy, coredns and, with PodIdentity,
// eks-pod-identity-agent. They take over the self-managed copies EKS installs at creation
// (conflicts resolved by overwriting). coredns is a Deployment that only becomes healthy
// on nodes, so it waits for the node groups; the DaemonSets need only the cluster.
// VpcCniConfiguration is the vpc-cni add-on's configuration: NetworkPolicy enforcement on.
const VpcCniConfiguration = `{"enableNetworkPolicy":"true"}`

func configurationValues(s string) pulumi.StringPtrInput {
	if s == "" {
		return nil
	}
	return pulumi.StringPtr(s)
}

func (c *Cluster) addons(ctx *pulumi.Context, name string, args *ClusterArgs) error {
	type addon struct{ name, version, config string }
	list := []addon{
		// The VPC CNI enforces Kubernetes NetworkPolicies only when asked to; the gateway's
		// NetworkPolicy (which keeps pods off the instance metadata service) relies on it.
		{AddonVpcCni, args.Addons.VpcCni, VpcCniConfiguration},
		{AddonKubeProxy, args.Addons.KubeProxy, ""},
		{AddonCoreDNS, args.Addons.CoreDNS, ""},
	}
	if args.PodIdentity {
		list = append(list, addon{AddonPodIdentityAgent, args.Addons.PodIdentityAgent, ""})
	}
	for _, a := range list {
		version := a.version
		if version == "" {
			mostRecent := true
			v, err := awseks.GetAddonVersion(ctx, &awseks.GetAddonVersionArgs{
				AddonName:         a.name,
				KubernetesVersion: args.Version,
				MostRecent:        &mostRecent,
			})
			if err != nil {
				return fmt.Errorf("finding the latest %s add-on for Kubernetes %s: %w", a.name, args.Version, err)
			}
			version = v.Version
		}
		opts := []pulumi.ResourceOption{pulumi.Parent(c)}
		if a.name == AddonCoreDNS {
			opts = append(opts, pulumi.DependsOn(c.NodeGroups))
		}
		res, err := awseks.NewAddon(ctx, name+"-"+a.name, &awseks.AddonArgs{
			ClusterName:              c.ClusterName,
			AddonName:                pulumi.String(a.name),
			AddonVersion:             pulumi.String(version),
			ResolveConflictsOnCreate: pulumi.String("OVERWRITE"),
			ResolveConflictsOnUpdate: pulumi.String("OVERWRITE"),
			ConfigurationValues:      configurationValues(a.config),
			Tags:                     pulumi.ToStringMap(args.Tags),
		}, opts...)
		if err != nil {
			return err
		}
		c.Addons[a.name] = res
	}
	return nil
}
