package cluster

import (
	awseks "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// EKS add-on names.
const (
	AddonVpcCni           = "vpc-cni"
	AddonCoreDNS          = "coredns"
	AddonKubeProxy        = "kube-proxy"
	AddonPodIdentityAgent = "eks-pod-identity-agent"
	AddonMetricsServer    = "metrics-server"
)

// VpcCniConfiguration is the vpc-cni add-on's configuration: NetworkPolicy enforcement on.
const VpcCniConfiguration = `{"enableNetworkPolicy":"true"}`

func configurationValues(s string) pulumi.StringPtrInput {
	if s == "" {
		return nil
	}
	return pulumi.StringPtr(s)
}

// addonNames are the add-ons a new cluster gets: vpc-cni, kube-proxy, coredns, and with
// PodIdentity and MetricsServer eks-pod-identity-agent and metrics-server.
func (a *ClusterArgs) addonNames() []string {
	list := []string{AddonVpcCni, AddonKubeProxy, AddonCoreDNS}
	if a.PodIdentity {
		list = append(list, AddonPodIdentityAgent)
	}
	if a.MetricsServer {
		list = append(list, AddonMetricsServer)
	}
	return list
}

// addons creates the EKS add-ons at the versions of AddonVersionTable (or args.Addons).
// They take over the self-managed copies of vpc-cni, kube-proxy and coredns that EKS
// installs at creation (bootstrapSelfManagedAddons; conflicts resolved by overwriting), so
// nodes join with EKS's copies first. Every add-on waits for the node groups: coredns and
// metrics-server are Deployments that only become healthy on nodes, and on a Kubernetes
// version bump the order is control plane, then node groups (they follow its version),
// then add-ons.
func (c *Cluster) addons(ctx *pulumi.Context, name string, args *ClusterArgs) error {
	versions, err := ResolveAddonVersions(args.Version, args.Addons, args.addonNames())
	if err != nil {
		return err
	}
	config := map[string]string{
		// The VPC CNI enforces Kubernetes NetworkPolicies only when asked to; the gateway's
		// NetworkPolicy (which keeps pods off the instance metadata service) relies on it.
		AddonVpcCni: VpcCniConfiguration,
	}
	for _, a := range args.addonNames() {
		res, err := awseks.NewAddon(ctx, name+"-"+a, &awseks.AddonArgs{
			ClusterName:              c.ClusterName,
			AddonName:                pulumi.String(a),
			AddonVersion:             pulumi.String(versions[a]),
			ResolveConflictsOnCreate: pulumi.String("OVERWRITE"),
			ResolveConflictsOnUpdate: pulumi.String("OVERWRITE"),
			ConfigurationValues:      configurationValues(config[a]),
			Tags:                     pulumi.ToStringMap(args.Tags),
		}, pulumi.Parent(c), pulumi.DependsOn(c.NodeGroups))
		if err != nil {
			return err
		}
		c.Addons[a] = res
	}
	return nil
}
