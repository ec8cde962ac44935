package cluster

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	awseks "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi-eks/sdk/v2/go/eks"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/validate"
)

// RequiredLogTypes are the control-plane log types NewCluster insists on: the API server
// requests, the audit log and the IAM authenticator (who did what, as whom).
var RequiredLogTypes = []string{"api", "audit", "authenticator"}

// LogTypes are all EKS control-plane log types.
var LogTypes = []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}

// ExistingCluster names an EKS cluster that already exists; NewCluster then creates no
// cluster, node group or add-on, only a Kubernetes provider for it.
type ExistingCluster struct {
	// Name is the cluster's name.
	Name string
}

// AddonVersions overrides the EKS add-on versions of AddonVersionTable one by one (such
// as v1.20.1-eksbuild.1). An empty version takes the table's pin for the cluster's
// Kubernetes version; nothing is resolved at deploy time.
type AddonVersions struct {
	// VpcCni is the vpc-cni add-on's version.
	VpcCni string
	// CoreDNS is the coredns add-on's version.
	CoreDNS string
	// KubeProxy is the kube-proxy add-on's version.
	KubeProxy string
	// PodIdentityAgent is the eks-pod-identity-agent add-on's version (with PodIdentity).
	PodIdentityAgent string
	// MetricsServer is the metrics-server add-on's version (with MetricsServer).
	MetricsServer string
}

// ClusterArgs configures a Cluster. With Existing set, the fields that shape a new
// cluster (Name to PodIdentity) must stay empty.
type ClusterArgs struct {
	// Existing adopts an existing cluster instead of creating one.
	Existing *ExistingCluster

	// Name is the new cluster's name (also its kubernetes.io/cluster/<Name> tag).
	Name string
	// Version is the Kubernetes version, pinned (such as "1.35").
	Version string
	// VpcID is the VPC of the cluster.
	VpcID pulumi.StringInput
	// PrivateSubnetIDs are the subnets of the control plane's network interfaces and of
	// every node group (all AZs).
	PrivateSubnetIDs pulumi.StringArrayInput
	// EndpointPublicAccess opens the public API endpoint to PublicAccessCidrs (which
	// must then be set); the private endpoint is always on.
	EndpointPublicAccess bool
	// PublicAccessCidrs are the CIDRs allowed to reach the public endpoint.
	PublicAccessCidrs []string
	// PrivateAccessCidrs and PrivateAccessSecurityGroupIDs are admitted to the private API
	// endpoint: one HTTPS (443) ingress rule each on the cluster security group, which
	// otherwise admits only itself. They are how whoever runs `pulumi up` reaches a cluster
	// whose public endpoint is off: a VPN or peered network, or a CI runner or CodeBuild
	// project in the VPC. Neither may be 0.0.0.0/0.
	PrivateAccessCidrs            []string
	PrivateAccessSecurityGroupIDs []string
	// CheckAPIReachable, when set, is called during `pulumi up` (never in preview, never
	// under mocks) with the API server URL before the Kubernetes provider is used; its
	// error fails the update at once with that message, instead of every Kubernetes
	// resource timing out. Use APIReachable for a TCP probe.
	CheckAPIReachable func(server string) error
	// AdminArns are IAM role or user ARNs given cluster-admin access entries, one each,
	// whoever runs the program. The principal that creates the cluster gets cluster admin
	// from EKS (its bootstrap entry): do not list it, EKS refuses a second entry for it.
	AdminArns []string
	// SecretsKmsKeyArn is the KMS key for envelope encryption of Kubernetes secrets;
	// empty creates a key with rotation.
	SecretsKmsKeyArn string
	// LogTypes are the control-plane log types sent to CloudWatch Logs; they must
	// include RequiredLogTypes.
	LogTypes []string
	// LogRetentionDays is the retention of the control-plane log group
	// (/aws/eks/<Name>/cluster), which the component creates before the cluster so it is
	// not left without expiry; 0 leaves the group to EKS.
	LogRetentionDays int
	// NodeGroups are the managed node groups (at least one).
	NodeGroups []NodeGroup
	// Addons overrides add-on versions of AddonVersionTable.
	Addons AddonVersions
	// PodIdentity installs the eks-pod-identity-agent add-on.
	PodIdentity bool
	// MetricsServer installs the EKS metrics-server add-on (the resource metrics API a
	// HorizontalPodAutoscaler reads); it is Cluster.Addons["metrics-server"].
	MetricsServer bool
	// Protect protects the cluster and the secrets key from deletion by Pulumi.
	Protect bool
	// Tags are added to every AWS resource.
	Tags map[string]string
}

// Cluster is an EKS cluster with its node groups, add-ons and a Kubernetes provider, or
// an existing cluster looked up by name.
type Cluster struct {
	pulumi.ResourceState

	// ClusterName is the EKS cluster's name.
	ClusterName pulumi.StringOutput
	// KubernetesVersion is the control plane's Kubernetes version (such as "1.35"), as EKS
	// reports it; the node groups follow it.
	KubernetesVersion pulumi.StringOutput
	// Endpoint is the Kubernetes API server URL.
	Endpoint pulumi.StringOutput
	// CertificateAuthority is the API server's base64 CA bundle.
	CertificateAuthority pulumi.StringOutput
	// Kubeconfig is a kubeconfig (JSON) using `aws eks get-token`; secret.
	Kubeconfig pulumi.StringOutput
	// OidcProviderArn is the ARN of the cluster's IAM OIDC provider (for IRSA trust
	// policies). For an existing cluster it is computed from the account and the issuer;
	// the provider must exist for IRSA to work.
	OidcProviderArn pulumi.StringOutput
	// OidcProviderUrl is the OIDC issuer URL (https://oidc.eks.<region>.amazonaws.com/id/<id>).
	OidcProviderUrl pulumi.StringOutput
	// OidcIssuer is the issuer without https://, as IRSA trust conditions use it.
	OidcIssuer pulumi.StringOutput
	// ClusterSecurityGroupID is the security group EKS creates for the cluster
	// (vpcConfig.clusterSecurityGroupId): on the control plane's network interfaces and
	// the managed nodes'.
	ClusterSecurityGroupID pulumi.StringOutput
	// NodeSecurityGroupID is the security group on the nodes' network interfaces, and so
	// the source of pod traffic (the VPC CNI gives pods the node's groups): allow it on
	// what the pods must reach. The launch templates attach the cluster security group,
	// so today it equals ClusterSecurityGroupID; use this one when you mean the nodes.
	NodeSecurityGroupID pulumi.StringOutput
	// NodeRoleArn is the node role's ARN (empty for an existing cluster).
	NodeRoleArn pulumi.StringOutput
	// SecretsKmsKeyArn is the key encrypting Kubernetes secrets (empty for an existing
	// cluster).
	SecretsKmsKeyArn pulumi.StringOutput
	// AccountID is the AWS account the cluster is in.
	AccountID pulumi.StringOutput
	// DeployerArn is the IAM principal running this deployment (an assumed role resolved
	// to its role ARN). It depends on who runs the program, so it is not recorded in the
	// component's outputs and nothing created depends on it.
	DeployerArn pulumi.StringOutput
	// Provider is a Kubernetes provider for the cluster: give it to every Kubernetes
	// resource.
	Provider *kubernetes.Provider
	// NodeGroups are the managed node groups (pulumi-eks components); make workloads that
	// must run, such as Helm releases that wait for readiness, depend on them.
	NodeGroups []pulumi.Resource
	// Addons are the EKS add-ons, by add-on name.
	Addons map[string]pulumi.Resource
}

// NewCluster creates an EKS cluster (pulumi-eks v2 Cluster: authentication mode API with
// access entries, OIDC provider, KMS envelope encryption, control-plane logs, private
// endpoint), its managed node groups through launch templates requiring IMDSv2, the
// add-ons and a Kubernetes provider. With args.Existing it looks the cluster up instead
// and creates only the Kubernetes provider.
func NewCluster(ctx *pulumi.Context, name string, args *ClusterArgs, opts ...pulumi.ResourceOption) (*Cluster, error) {
	if err := args.validate(); err != nil {
		return nil, fmt.Errorf("cluster %q: %w", name, err)
	}
	comp := &Cluster{Addons: map[string]pulumi.Resource{}}
	if err := ctx.RegisterComponentResource("portkey-eks:cluster:Cluster", name, comp, opts...); err != nil {
		return nil, err
	}
	var err error
	if args.Existing != nil {
		err = comp.adopt(ctx, name, args)
	} else {
		err = comp.create(ctx, name, args)
	}
	if err != nil {
		return nil, fmt.Errorf("cluster %q: %w", name, err)
	}
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"clusterName":            comp.ClusterName,
		"kubernetesVersion":      comp.KubernetesVersion,
		"endpoint":               comp.Endpoint,
		"kubeconfig":             comp.Kubeconfig,
		"oidcProviderArn":        comp.OidcProviderArn,
		"oidcProviderUrl":        comp.OidcProviderUrl,
		"oidcIssuer":             comp.OidcIssuer,
		"clusterSecurityGroupId": comp.ClusterSecurityGroupID,
		"nodeSecurityGroupId":    comp.NodeSecurityGroupID,
		"nodeRoleArn":            comp.NodeRoleArn,
		"secretsKmsKeyArn":       comp.SecretsKmsKeyArn,
	}); err != nil {
		return nil, err
	}
	return comp, nil
}

func (a *ClusterArgs) validate() error {
	if a == nil {
		return fmt.Errorf("no arguments")
	}
	if e := a.Existing; e != nil {
		if err := validate.ClusterName(e.Name); err != nil {
			return fmt.Errorf("existing cluster name %w", err)
		}
		if a.Name != "" || a.Version != "" || a.VpcID != nil || a.PrivateSubnetIDs != nil || len(a.NodeGroups) > 0 ||
			len(a.AdminArns) > 0 || a.SecretsKmsKeyArn != "" || len(a.LogTypes) > 0 || a.EndpointPublicAccess ||
			a.Addons != (AddonVersions{}) || a.PodIdentity || a.MetricsServer || len(a.PrivateAccessCidrs) > 0 || len(a.PrivateAccessSecurityGroupIDs) > 0 {
			return fmt.Errorf("Existing adopts a cluster: leave Name, Version, VpcID, PrivateSubnetIDs, NodeGroups, AdminArns, SecretsKmsKeyArn, LogTypes, EndpointPublicAccess, PrivateAccess*, Addons, PodIdentity and MetricsServer empty (no node group, add-on or security group rule is managed on an existing cluster)")
		}
		return nil
	}
	if err := validate.ClusterName(a.Name); err != nil {
		return fmt.Errorf("Name %w", err)
	}
	if validate.KubernetesVersion(a.Version) != nil {
		return fmt.Errorf("Version %q: pin a Kubernetes version such as 1.35", a.Version)
	}
	if a.VpcID == nil || a.PrivateSubnetIDs == nil {
		return fmt.Errorf("VpcID and PrivateSubnetIDs are required")
	}
	if a.EndpointPublicAccess && len(a.PublicAccessCidrs) == 0 {
		return fmt.Errorf("EndpointPublicAccess needs PublicAccessCidrs: say who may reach the public endpoint (0.0.0.0/0 must be written out)")
	}
	if !a.EndpointPublicAccess && len(a.PublicAccessCidrs) > 0 {
		return fmt.Errorf("PublicAccessCidrs are set but the public endpoint is off")
	}
	for _, c := range a.PublicAccessCidrs {
		if p, err := netip.ParsePrefix(c); err != nil || p.Masked() != p {
			return fmt.Errorf("PublicAccessCidrs: %q is not a CIDR such as 203.0.113.0/24", c)
		}
	}
	for _, c := range a.PrivateAccessCidrs {
		if p, err := netip.ParsePrefix(c); err != nil || p.Masked() != p || p.Bits() == 0 {
			return fmt.Errorf("PrivateAccessCidrs: %q is not a CIDR such as 10.20.0.0/16 (0.0.0.0/0 is refused)", c)
		}
	}
	for _, id := range a.PrivateAccessSecurityGroupIDs {
		if err := validate.SecurityGroupID(id); err != nil {
			return fmt.Errorf("PrivateAccessSecurityGroupIDs: %w", err)
		}
	}
	for _, arn := range a.AdminArns {
		if err := validate.PrincipalARN(arn); err != nil {
			return fmt.Errorf("AdminArns: %w", err)
		}
	}
	if a.SecretsKmsKeyArn != "" {
		if err := validate.KMSKeyARN(a.SecretsKmsKeyArn); err != nil {
			return fmt.Errorf("SecretsKmsKeyArn %w", err)
		}
	}
	for _, lt := range a.LogTypes {
		if !slices.Contains(LogTypes, lt) {
			return fmt.Errorf("LogTypes: %q is not one of %v", lt, LogTypes)
		}
	}
	for _, need := range RequiredLogTypes {
		if !slices.Contains(a.LogTypes, need) {
			return fmt.Errorf("LogTypes %v must include %q (required: %v)", a.LogTypes, need, RequiredLogTypes)
		}
	}
	if a.LogRetentionDays < 0 {
		return fmt.Errorf("LogRetentionDays %d is negative", a.LogRetentionDays)
	}
	if len(a.NodeGroups) == 0 {
		return fmt.Errorf("at least one node group is required")
	}
	names := map[string]bool{}
	for i, ng := range a.NodeGroups {
		if err := ng.validate(); err != nil {
			return fmt.Errorf("NodeGroups[%d]: %w", i, err)
		}
		if names[ng.Name] {
			return fmt.Errorf("NodeGroups[%d]: name %q is used twice", i, ng.Name)
		}
		names[ng.Name] = true
	}
	if a.Addons.PodIdentityAgent != "" && !a.PodIdentity {
		return fmt.Errorf("Addons.PodIdentityAgent is set but PodIdentity is off")
	}
	if a.Addons.MetricsServer != "" && !a.MetricsServer {
		return fmt.Errorf("Addons.MetricsServer is set but MetricsServer is off")
	}
	if _, err := ResolveAddonVersions(a.Version, a.Addons, a.addonNames()); err != nil {
		return fmt.Errorf("add-ons: %w", err)
	}
	return nil
}

// account is what the AWS provider functions say about where the program runs.
type account struct {
	partition, region, id, deployer string
}

// lookupAccount calls getPartition, getRegion and getCallerIdentity and, for an
// assumed-role session, getSessionContext to find the role's ARN.
func lookupAccount(ctx *pulumi.Context) (account, error) {
	partition, err := aws.GetPartition(ctx, &aws.GetPartitionArgs{})
	if err != nil {
		return account{}, err
	}
	region, err := aws.GetRegion(ctx, &aws.GetRegionArgs{})
	if err != nil {
		return account{}, err
	}
	caller, err := aws.GetCallerIdentity(ctx, &aws.GetCallerIdentityArgs{})
	if err != nil {
		return account{}, err
	}
	deployer := caller.Arn
	if IsAssumedRoleArn(deployer) {
		session, err := iam.GetSessionContext(ctx, &iam.GetSessionContextArgs{Arn: caller.Arn})
		if err != nil {
			return account{}, err
		}
		deployer = session.IssuerArn
	}
	return account{partition: partition.Partition, region: region.Name, id: caller.AccountId, deployer: deployer}, nil
}

func (c *Cluster) create(ctx *pulumi.Context, name string, args *ClusterArgs) error {
	parent := pulumi.Parent(c)
	acct, err := lookupAccount(ctx)
	if err != nil {
		return err
	}
	tags := pulumi.ToStringMap(args.Tags)

	keyArn := pulumi.String(args.SecretsKmsKeyArn).ToStringOutput()
	if args.SecretsKmsKeyArn == "" {
		key, err := kms.NewKey(ctx, name+"-secrets", &kms.KeyArgs{
			Description:          pulumi.String("Envelope encryption of Kubernetes secrets in EKS cluster " + args.Name),
			EnableKeyRotation:    pulumi.Bool(true),
			DeletionWindowInDays: pulumi.Int(30),
			Tags:                 tags,
		}, parent, pulumi.Protect(args.Protect))
		if err != nil {
			return err
		}
		if _, err := kms.NewAlias(ctx, name+"-secrets", &kms.AliasArgs{
			Name:        pulumi.String("alias/" + args.Name + "-eks-secrets"),
			TargetKeyId: key.KeyId,
		}, parent); err != nil {
			return err
		}
		keyArn = key.Arn
	}

	// The control-plane log group, created first so it gets a retention: EKS would
	// otherwise create it without expiry. The cluster's name is passed through the log
	// group's name, which makes the cluster wait for it without a DependsOn.
	clusterName := pulumi.String(args.Name).ToStringOutput()
	if args.LogRetentionDays > 0 {
		group, err := cloudwatch.NewLogGroup(ctx, name+"-control-plane", &cloudwatch.LogGroupArgs{
			Name:            pulumi.String("/aws/eks/" + args.Name + "/cluster"),
			RetentionInDays: pulumi.Int(args.LogRetentionDays),
			Tags:            tags,
		}, parent)
		if err != nil {
			return err
		}
		clusterName = group.Name.ApplyT(func(string) string { return args.Name }).(pulumi.StringOutput)
	}

	entries := map[string]eks.AccessEntryArgs{}
	// Exactly one entry per listed ARN, whoever runs the program: the set of resources must
	// not depend on the caller. The principal that creates the cluster is admin through EKS's
	// bootstrap entry and must not be listed (EKS refuses a second entry for it).
	for _, arn := range args.AdminArns {
		entries[AccessEntryKey(arn)] = eks.AccessEntryArgs{
			PrincipalArn: pulumi.String(arn),
			Type:         eks.AccessEntryTypeStandard,
			AccessPolicies: map[string]eks.AccessPolicyAssociationInput{
				"clusterAdmin": eks.AccessPolicyAssociationArgs{
					PolicyArn:   pulumi.String(AccessPolicyArn(acct.partition, ClusterAdminAccessPolicy)),
					AccessScope: awseks.AccessPolicyAssociationAccessScopeArgs{Type: pulumi.String("cluster")},
				},
			},
			Tags: tags,
		}
	}

	apiMode := eks.AuthenticationModeApi
	clusterArgs := &eks.ClusterArgs{
		Name:               clusterName,
		Version:            pulumi.String(args.Version),
		VpcId:              args.VpcID.ToStringOutput().ToStringPtrOutput(),
		PrivateSubnetIds:   args.PrivateSubnetIDs,
		AuthenticationMode: &apiMode,
		AccessEntries:      entries,
		CreateOidcProvider: pulumi.Bool(true),
		// Envelope encryption of secrets with the key.
		EncryptionConfigKeyArn: keyArn.ToStringPtrOutput(),
		EnabledClusterLogTypes: pulumi.ToStringArray(args.LogTypes),
		EndpointPrivateAccess:  pulumi.Bool(true),
		EndpointPublicAccess:   pulumi.Bool(args.EndpointPublicAccess),
		SkipDefaultNodeGroup:   pulumi.BoolRef(true),
		// The vpc-cni EKS add-on below manages the CNI; pulumi-eks must not apply its own.
		UseDefaultVpcCni: pulumi.BoolRef(true),
		// An empty, non-nil list: pulumi-eks v2.8.1 creates a default <name>-instanceRole
		// (and, with access entries, an EC2_LINUX entry letting any instance with that role
		// join the cluster) unless instanceRoles is given, even with SkipDefaultNodeGroup
		// (pulumi-eks #1176, fixed in v3 by #1411). Its createCore tests `if
		// (args.instanceRoles)`, which an empty array passes, and validateAuthenticationMode
		// allows an empty instanceRoles with mode API. The managed node groups get their
		// access entries from EKS, for NodeRoleArn.
		InstanceRoles: iam.RoleArray{},
		Tags:          tags,
	}
	if args.EndpointPublicAccess {
		clusterArgs.PublicAccessCidrs = pulumi.ToStringArray(args.PublicAccessCidrs)
	}
	cl, err := eks.NewCluster(ctx, name, clusterArgs, parent, pulumi.Protect(args.Protect))
	if err != nil {
		return err
	}

	c.ClusterName = cl.EksCluster.Name()
	c.KubernetesVersion = cl.EksCluster.Version()
	c.Endpoint = cl.EksCluster.Endpoint()
	c.CertificateAuthority = cl.EksCluster.CertificateAuthority().Data().Elem()
	issuer := cl.EksCluster.Identities().Index(pulumi.Int(0)).Oidcs().Index(pulumi.Int(0)).Issuer().Elem()
	c.OidcProviderUrl = issuer
	c.OidcIssuer = issuer.ApplyT(IssuerHost).(pulumi.StringOutput)
	c.OidcProviderArn = cl.Core.OidcProvider().Arn()
	c.ClusterSecurityGroupID = cl.EksCluster.VpcConfig().ClusterSecurityGroupId().Elem()
	c.NodeSecurityGroupID = c.ClusterSecurityGroupID
	c.SecretsKmsKeyArn = keyArn
	c.DeployerArn = pulumi.String(acct.deployer).ToStringOutput()
	c.AccountID = pulumi.String(acct.id).ToStringOutput()
	c.Kubeconfig = pulumi.ToSecret(cl.KubeconfigJson).(pulumi.StringOutput)

	// Who runs `pulumi up` with the public endpoint off reaches the private one through
	// these rules; the Kubernetes provider waits for them through its kubeconfig.
	type apiSource struct {
		name, from  string
		cidr, group pulumi.StringPtrInput
	}
	var sources []apiSource
	for i, cidr := range args.PrivateAccessCidrs {
		sources = append(sources, apiSource{name: fmt.Sprintf("%s-api-from-cidr-%d", name, i), from: cidr, cidr: pulumi.String(cidr)})
	}
	for i, sg := range args.PrivateAccessSecurityGroupIDs {
		sources = append(sources, apiSource{name: fmt.Sprintf("%s-api-from-sg-%d", name, i), from: sg, group: pulumi.String(sg)})
	}
	var apiRules []pulumi.Resource
	for _, src := range sources {
		r, err := vpc.NewSecurityGroupIngressRule(ctx, src.name, &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId:           c.ClusterSecurityGroupID,
			Description:               pulumi.String("Kubernetes API (private endpoint) from " + src.from),
			IpProtocol:                pulumi.String("tcp"),
			FromPort:                  pulumi.Int(443),
			ToPort:                    pulumi.Int(443),
			CidrIpv4:                  src.cidr,
			ReferencedSecurityGroupId: src.group,
			Tags:                      mergeTags(args.Tags, map[string]string{"Name": src.name}),
		}, parent)
		if err != nil {
			return err
		}
		apiRules = append(apiRules, r)
	}
	providerKubeconfig := c.Kubeconfig
	if len(apiRules) > 0 || args.CheckAPIReachable != nil {
		providerKubeconfig = c.reachableKubeconfig(ctx, apiRules, args.CheckAPIReachable)
	}

	// A provider of our own: pulumi-eks v2 has no usable top-level one.
	c.Provider, err = kubernetes.NewProvider(ctx, name, &kubernetes.ProviderArgs{
		Kubeconfig: providerKubeconfig,
	}, parent)
	if err != nil {
		return err
	}

	nodeRoleArn, err := c.nodeRole(ctx, name, args, acct)
	if err != nil {
		return err
	}
	c.NodeRoleArn = nodeRoleArn
	for _, ng := range args.NodeGroups {
		g, err := c.nodeGroup(ctx, name, args, ng, cl, nodeRoleArn)
		if err != nil {
			return err
		}
		c.NodeGroups = append(c.NodeGroups, g)
	}
	return c.addons(ctx, name, args)
}

// adopt looks an existing cluster up and builds its kubeconfig and provider.
func (c *Cluster) adopt(ctx *pulumi.Context, name string, args *ClusterArgs) error {
	acct, err := lookupAccount(ctx)
	if err != nil {
		return err
	}
	found, err := awseks.LookupCluster(ctx, &awseks.LookupClusterArgs{Name: args.Existing.Name})
	if err != nil {
		return fmt.Errorf("looking up EKS cluster %q: %w", args.Existing.Name, err)
	}
	if len(found.CertificateAuthorities) == 0 || len(found.Identities) == 0 || len(found.Identities[0].Oidcs) == 0 {
		return fmt.Errorf("EKS cluster %q reports no certificate authority or OIDC issuer", args.Existing.Name)
	}
	ca := found.CertificateAuthorities[0].Data
	issuer := found.Identities[0].Oidcs[0].Issuer
	kubeconfig, err := Kubeconfig(found.Name, found.Endpoint, ca, acct.region)
	if err != nil {
		return err
	}

	c.ClusterName = pulumi.String(found.Name).ToStringOutput()
	c.KubernetesVersion = pulumi.String(found.Version).ToStringOutput()
	c.Endpoint = pulumi.String(found.Endpoint).ToStringOutput()
	c.CertificateAuthority = pulumi.String(ca).ToStringOutput()
	c.OidcProviderUrl = pulumi.String(issuer).ToStringOutput()
	c.OidcIssuer = pulumi.String(IssuerHost(issuer)).ToStringOutput()
	c.OidcProviderArn = pulumi.String(OidcProviderArn(acct.partition, acct.id, issuer)).ToStringOutput()
	c.ClusterSecurityGroupID = pulumi.String(found.VpcConfig.ClusterSecurityGroupId).ToStringOutput()
	c.NodeSecurityGroupID = c.ClusterSecurityGroupID
	c.NodeRoleArn = pulumi.String("").ToStringOutput()
	c.SecretsKmsKeyArn = pulumi.String("").ToStringOutput()
	c.DeployerArn = pulumi.String(acct.deployer).ToStringOutput()
	c.AccountID = pulumi.String(acct.id).ToStringOutput()
	c.Kubeconfig = pulumi.ToSecret(pulumi.String(kubeconfig)).(pulumi.StringOutput)
	providerKubeconfig := c.Kubeconfig
	if args.CheckAPIReachable != nil {
		providerKubeconfig = c.reachableKubeconfig(ctx, nil, args.CheckAPIReachable)
	}
	c.Provider, err = kubernetes.NewProvider(ctx, name, &kubernetes.ProviderArgs{
		Kubeconfig: providerKubeconfig,
	}, pulumi.Parent(c))
	return err
}

// mergeTags returns common plus extra (extra wins).
func mergeTags(common, extra map[string]string) pulumi.StringMap {
	t := maps.Clone(common)
	if t == nil {
		t = map[string]string{}
	}
	maps.Copy(t, extra)
	return pulumi.ToStringMap(t)
}
