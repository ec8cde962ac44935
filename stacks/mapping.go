package stacks

import (
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/components/autoscaler"
	"github.com/portkey-eks/portkey-eks/components/cache"
	"github.com/portkey-eks/portkey-eks/components/cluster"
	"github.com/portkey-eks/portkey-eks/components/gateway"
	"github.com/portkey-eks/portkey-eks/components/identity"
	"github.com/portkey-eks/portkey-eks/components/lbcontroller"
	"github.com/portkey-eks/portkey-eks/components/loadbalancer"
	"github.com/portkey-eks/portkey-eks/components/logstore"
	"github.com/portkey-eks/portkey-eks/components/network"
	"github.com/portkey-eks/portkey-eks/components/privatelink"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// The mapping functions below turn the configuration and the outputs of the components
// created before into one component's Args. They register nothing, so each is tested on
// its own (mapping_test.go) with component values built from literals; deploy only calls
// them in order.

// LoadBalancerControllerServiceAccount is the controller's service account in kube-system.
const LoadBalancerControllerServiceAccount = "aws-load-balancer-controller"

// networkArgs is a new VPC, or the existing VPC's IDs (none of the new-VPC settings apply).
func networkArgs(cfg Config, tags map[string]string) *network.NetworkArgs {
	n := cfg.Network
	if n.Mode == ModeExisting {
		return &network.NetworkArgs{
			Existing: &network.ExistingVpc{
				VpcID:            n.VpcID,
				PublicSubnetIDs:  n.PublicSubnetIDs,
				PrivateSubnetIDs: n.PrivateSubnetIDs,
			},
			ClusterName: cfg.Cluster.Name,
			Tags:        tags,
		}
	}
	return &network.NetworkArgs{
		Cidr:                  n.Cidr,
		AvailabilityZones:     n.AvailabilityZones,
		AzCount:               n.AzCount,
		NatGateways:           n.NatGateways,
		FlowLogs:              n.FlowLogs,
		FlowLogsRetentionDays: n.FlowLogsRetention,
		S3GatewayEndpoint:     n.S3GatewayEndpoint,
		ClusterName:           cfg.Cluster.Name,
		Tags:                  tags,
	}
}

// logBucketArgs is the log bucket; it needs nothing else.
func logBucketArgs(cfg Config, tags map[string]string) *logstore.LogBucketArgs {
	l := cfg.LogStore
	a := &logstore.LogBucketArgs{
		BucketPrefix:            l.BucketPrefix,
		Encryption:              l.Encryption,
		Versioning:              l.Versioning,
		RetentionDays:           l.RetentionDays,
		TransitionToIaDays:      l.TransitionToIaDays,
		TransitionToGlacierDays: l.TransitionToGlacierDays,
		NoncurrentVersionDays:   l.NoncurrentVersionDays,
		Protect:                 l.Protect,
		Tags:                    tags,
	}
	if l.KmsKeyArn != "" {
		a.KmsKeyArn = pulumi.String(l.KmsKeyArn)
	}
	return a
}

// clusterArgs is a new cluster in the network's private subnets, or an existing cluster
// looked up by name (none of the new-cluster settings apply).
func clusterArgs(cfg Config, tags map[string]string, net *network.Network, checkAPI func(string) error) *cluster.ClusterArgs {
	c := cfg.Cluster
	if c.Mode == ModeExisting {
		return &cluster.ClusterArgs{Existing: &cluster.ExistingCluster{Name: c.Name}, CheckAPIReachable: checkAPI, Tags: tags}
	}
	a := &cluster.ClusterArgs{
		Name:                          c.Name,
		Version:                       c.Version,
		VpcID:                         net.VpcID,
		PrivateSubnetIDs:              net.PrivateSubnetIDs,
		EndpointPublicAccess:          c.EndpointPublicAccess,
		PublicAccessCidrs:             c.PublicAccessCidrs,
		PrivateAccessCidrs:            c.PrivateAccessCidrs,
		PrivateAccessSecurityGroupIDs: c.PrivateAccessSGs,
		CheckAPIReachable:             checkAPI,
		AdminArns:                     c.AdminArns,
		SecretsKmsKeyArn:              c.SecretsKmsKeyArn,
		LogTypes:                      c.LogTypes,
		LogRetentionDays:              c.LogRetentionDays,
		Addons: cluster.AddonVersions{
			VpcCni:           c.Addons.VpcCni,
			CoreDNS:          c.Addons.CoreDNS,
			KubeProxy:        c.Addons.KubeProxy,
			PodIdentityAgent: c.Addons.PodIdentityAgent,
			MetricsServer:    c.Addons.MetricsServer,
		},
		PodIdentity: cfg.Identity.Mode == vocab.PodIdentity,
		// The gateway's HorizontalPodAutoscaler reads the resource metrics API.
		MetricsServer: cfg.Gateway.Autoscaling.Enabled,
		Tags:          tags,
	}
	for _, ng := range c.NodeGroups {
		g := cluster.NodeGroup{
			Name: ng.Name, InstanceTypes: ng.InstanceTypes, AmiType: ng.AmiType, CapacityType: ng.CapacityType,
			MinSize: ng.MinSize, DesiredSize: ng.DesiredSize, MaxSize: ng.MaxSize, DiskSizeGiB: ng.DiskSizeGiB,
			Labels: ng.Labels,
		}
		for _, t := range ng.Taints {
			g.Taints = append(g.Taints, cluster.Taint{Key: t.Key, Value: t.Value, Effect: t.Effect})
		}
		a.NodeGroups = append(a.NodeGroups, g)
	}
	return a
}

// clientSecurityGroups are the groups the gateway's pods carry: with managed node groups
// and the VPC CNI, pods use their node's interface, which has the EKS cluster security
// group (the cluster component's NodeSecurityGroupID is that same group).
func clientSecurityGroups(cl *cluster.Cluster) []pulumi.StringInput {
	return []pulumi.StringInput{cl.ClusterSecurityGroupID}
}

// cacheArgs is the cache in the network's private subnets, reachable from the cluster's
// pods. Its security group and replication group wait for the VPC only. The AUTH token
// goes to the cache only with ElastiCache and token authentication.
func cacheArgs(cfg Config, secrets Secrets, tags map[string]string, net *network.Network, cl *cluster.Cluster) *cache.CacheArgs {
	c := cfg.Cache
	a := &cache.CacheArgs{
		Mode:                   c.Mode,
		Engine:                 c.Engine,
		EngineVersion:          c.EngineVersion,
		NodeType:               c.NodeType,
		TLS:                    c.TLS,
		ClusterMode:            c.ClusterMode,
		Shards:                 c.Shards,
		ReplicasPerShard:       c.ReplicasPerShard,
		AuthMode:               c.AuthMode,
		SnapshotRetentionDays:  c.SnapshotRetentionDays,
		SnapshotWindow:         c.SnapshotWindow,
		MaintenanceWindow:      c.MaintenanceWindow,
		FinalSnapshot:          c.FinalSnapshot,
		Protect:                c.Protect,
		Port:                   c.Port,
		VpcID:                  net.VpcID,
		SubnetIDs:              net.PrivateSubnetIDs,
		ClientSecurityGroupIDs: clientSecurityGroups(cl),
		Tags:                   tags,
	}
	if c.Mode == vocab.CacheElastiCache && c.AuthMode == vocab.CacheAuthToken {
		a.AuthToken = secrets.CacheAuthToken
	}
	return a
}

// usesCacheIAM reports whether the gateway authenticates to ElastiCache with IAM.
func usesCacheIAM(cfg Config) bool {
	return cfg.Cache.Mode == vocab.CacheElastiCache && cfg.Cache.AuthMode == vocab.CacheAuthIAM
}

// gatewayPolicyArgs are the gateway role's permissions: the log bucket (and its KMS key
// with customer-managed encryption), Bedrock when enabled, and elasticache:Connect with
// IAM authentication to the cache.
func gatewayPolicyArgs(cfg Config, logs *logstore.LogBucket, kv *cache.Cache) identity.GatewayPolicyArgs {
	a := identity.GatewayPolicyArgs{
		BucketArn: logs.BucketArn,
		Bedrock: identity.BedrockAccess{
			Enabled:   cfg.Identity.Bedrock.Enabled,
			ModelArns: cfg.Identity.Bedrock.ModelArns,
			AllModels: cfg.Identity.Bedrock.AllModels,
		},
	}
	if cfg.LogStore.Encryption == vocab.EncryptionKMS {
		a.KmsKeyArn = logs.KmsKeyArn
	}
	if usesCacheIAM(cfg) {
		a.ElastiCacheReplicationGroupArn = kv.ReplicationGroupArn
		a.ElastiCacheUserArn = kv.UserArn
	}
	return a
}

// gatewayServiceAccounts are the service accounts the gateway's role trusts: the
// gateway's, and the data service's when it is enabled.
func gatewayServiceAccounts(cfg Config) []string {
	sas := []string{cfg.Gateway.ServiceAccountName}
	if cfg.Gateway.DataService.Enabled {
		sas = append(sas, cfg.Gateway.DataService.ServiceAccountName)
	}
	return sas
}

// gatewayRoleArgs is the gateway's IAM role, trusted through the stack's identity mode by
// the gateway's service accounts in its namespace.
func gatewayRoleArgs(cfg Config, tags map[string]string, cl *cluster.Cluster, policies map[string]pulumi.StringInput) *identity.ServiceAccountRoleArgs {
	description := "Portkey gateway in " + cfg.Cluster.Name + ": S3 log store"
	if cfg.Identity.Bedrock.Enabled {
		description += ", Bedrock"
	}
	return &identity.ServiceAccountRoleArgs{
		Mode:                   cfg.Identity.Mode,
		RoleName:               cfg.Identity.RoleName,
		Description:            description,
		PermissionsBoundaryArn: cfg.Identity.PermissionsBoundaryArn,
		ClusterName:            cl.ClusterName,
		OidcProviderArn:        cl.OidcProviderArn,
		OidcIssuer:             cl.OidcIssuer,
		Namespace:              cfg.Gateway.Namespace,
		ServiceAccounts:        gatewayServiceAccounts(cfg),
		Policies:               policies,
		Tags:                   tags,
	}
}

// workloadDependencies are what a workload's pods need before they start: the node
// groups, the workload's role and its pod identity associations, and with Pod Identity
// the agent add-on.
func workloadDependencies(cfg Config, cl *cluster.Cluster, role *identity.ServiceAccountRole) []pulumi.Resource {
	deps := append(slices.Clone(cl.NodeGroups), role)
	deps = append(deps, role.Associations...)
	if cfg.Identity.Mode == vocab.PodIdentity {
		if agent, ok := cl.Addons[cluster.AddonPodIdentityAgent]; ok {
			deps = append(deps, agent)
		}
	}
	return deps
}

// gatewayTeardownDependencies are what must outlive every Kubernetes object of the gateway
// on destroy (Pulumi deletes dependents first): the EKS add-ons vpc-cni, coredns and
// kube-proxy, and the LB controller's release when the stack installs one (deploy adds it).
// The controller removes the finalizers of the TargetGroupBinding, an ALB Ingress and a
// LoadBalancer Service only after it has deleted their targets, load balancer, security
// groups and rules; it needs the CNI (pod networking), CoreDNS (AWS API names) and
// kube-proxy (the API server's Service address) to run. Without this order destroy hangs
// on those finalizers, or leaves ENIs and security groups that then block deleting the
// VPC. deploy gives them to the gateway component, so its whole subtree (namespace,
// release, TargetGroupBinding) is deleted first, without putting the add-ons on the
// release's create path. An existing cluster has no add-ons here.
func gatewayTeardownDependencies(cl *cluster.Cluster) []pulumi.Resource {
	var deps []pulumi.Resource
	for _, name := range []string{cluster.AddonVpcCni, cluster.AddonCoreDNS, cluster.AddonKubeProxy} {
		if a, ok := cl.Addons[name]; ok {
			deps = append(deps, a)
		}
	}
	return deps
}

// installsLoadBalancerController reports whether this stack installs the controller: when
// asked, on a cluster it creates.
func installsLoadBalancerController(cfg Config) bool {
	return cfg.Cluster.LoadBalancerController.Install && cfg.Cluster.Mode == ModeNew
}

// lbControllerRoleArgs is the controller's IAM role with the controller's reference
// policy document, trusted through the stack's identity mode.
func lbControllerRoleArgs(cfg Config, tags map[string]string, cl *cluster.Cluster, policy string) *identity.ServiceAccountRoleArgs {
	return systemRoleArgs(cfg, tags, cl, "aws-lb-controller", "AWS Load Balancer Controller", lbcontroller.Namespace,
		LoadBalancerControllerServiceAccount, "aws-load-balancer-controller", policy)
}

// systemRoleArgs is the IAM role <cluster>-<suffix> of a cluster controller running as one
// service account (the LB controller, the Cluster Autoscaler), with one inline policy,
// trusted through the stack's identity mode.
func systemRoleArgs(cfg Config, tags map[string]string, cl *cluster.Cluster, suffix, what, namespace, serviceAccount, policyName, policy string) *identity.ServiceAccountRoleArgs {
	return &identity.ServiceAccountRoleArgs{
		Mode:                   cfg.Identity.Mode,
		RoleName:               cfg.Cluster.Name + "-" + suffix,
		Description:            what + " in " + cfg.Cluster.Name,
		PermissionsBoundaryArn: cfg.Identity.PermissionsBoundaryArn,
		ClusterName:            cl.ClusterName,
		OidcProviderArn:        cl.OidcProviderArn,
		OidcIssuer:             cl.OidcIssuer,
		Namespace:              namespace,
		ServiceAccounts:        []string{serviceAccount},
		Policies:               map[string]pulumi.StringInput{policyName: pulumi.String(policy)},
		Tags:                   tags,
	}
}

// lbControllerArgs is the controller's Helm release; the service account carries the
// role's ARN only with IRSA (Pod Identity names the role in its association).
func lbControllerArgs(cfg Config, net *network.Network, cl *cluster.Cluster, role *identity.ServiceAccountRole) *lbcontroller.LoadBalancerControllerArgs {
	l := cfg.Cluster.LoadBalancerController
	a := &lbcontroller.LoadBalancerControllerArgs{
		ClusterName:        cl.ClusterName,
		Region:             cfg.Region,
		VpcID:              net.VpcID,
		ServiceAccountName: LoadBalancerControllerServiceAccount,
		ChartVersion:       l.ChartVersion,
		ChartRepository:    l.ChartRepository,
		Replicas:           l.Replicas,
		Provider:           cl.Provider,
		DependsOn:          workloadDependencies(cfg, cl, role),
		// Deleting a CRD deletes every object of its kind: keep them on a cluster this
		// program does not own; on its own cluster, destroy leaves nothing behind.
		RetainCRDsOnDelete: cfg.Cluster.Mode == ModeExisting,
	}
	if cfg.Identity.Mode == vocab.IRSA {
		a.IRSARoleArn = role.RoleArn
	}
	return a
}

// ClusterAutoscalerServiceAccount is the Cluster Autoscaler's service account in kube-system.
const ClusterAutoscalerServiceAccount = autoscaler.DefaultServiceAccountName

// autoscalerRoleArgs is the Cluster Autoscaler's IAM role with its least-privilege policy
// (scaling only the groups tagged as the cluster's), trusted through the stack's identity mode.
func autoscalerRoleArgs(cfg Config, tags map[string]string, cl *cluster.Cluster, policy string) *identity.ServiceAccountRoleArgs {
	return systemRoleArgs(cfg, tags, cl, "cluster-autoscaler", "Cluster Autoscaler", autoscaler.Namespace,
		ClusterAutoscalerServiceAccount, "cluster-autoscaler", policy)
}

// autoscalerArgs is the Cluster Autoscaler's Helm release for the cluster's Kubernetes
// version; the service account carries the role's ARN only with IRSA.
func autoscalerArgs(cfg Config, cl *cluster.Cluster, role *identity.ServiceAccountRole) *autoscaler.ClusterAutoscalerArgs {
	a := cfg.Cluster.Autoscaler
	args := &autoscaler.ClusterAutoscalerArgs{
		ClusterName:           cl.ClusterName,
		Region:                cfg.Region,
		KubernetesVersion:     cfg.Cluster.Version,
		ChartVersion:          a.ChartVersion,
		ChartRepository:       a.ChartRepository,
		ImageRepository:       a.ImageRepository,
		ImageTag:              a.ImageTag,
		ServiceAccountName:    ClusterAutoscalerServiceAccount,
		Expander:              a.Expander,
		ScaleDownDisabled:     !a.ScaleDownEnabled,
		ScaleDownUnneededTime: a.ScaleDownUnneededTime,
		Provider:              cl.Provider,
		DependsOn:             workloadDependencies(cfg, cl, role),
	}
	if cfg.Identity.Mode == vocab.IRSA {
		args.IRSARoleArn = role.RoleArn
	}
	return args
}

// baseOutputs are the stack outputs every stack has.
func baseOutputs(cfg Config, net *network.Network, cl *cluster.Cluster, logs *logstore.LogBucket, kv *cache.Cache, gwRole *identity.ServiceAccountRole) map[string]pulumi.Input {
	return map[string]pulumi.Input{
		"region":            pulumi.String(cfg.Region),
		"accountId":         cl.AccountID,
		"vpcId":             net.VpcID,
		"privateSubnetIds":  net.PrivateSubnetIDs,
		"clusterName":       cl.ClusterName,
		"kubernetesVersion": cl.KubernetesVersion,
		"clusterEndpoint":   cl.Endpoint,
		"kubeconfig":        pulumi.ToSecret(cl.Kubeconfig),
		"oidcProviderArn":   cl.OidcProviderArn,
		"logBucketName":     logs.BucketName,
		"logBucketArn":      logs.BucketArn,
		"gatewayRoleArn":    gwRole.RoleArn,
		"cacheStore":        kv.CacheStore,
		"redisUrl":          kv.RedisURL,
		"gatewayNamespace":  pulumi.String(cfg.Gateway.Namespace),
		"identityMode":      pulumi.String(cfg.Identity.Mode),
		"exposureType":      pulumi.String(cfg.Exposure.Type),
		"controlPlaneRoute": pulumi.String(cfg.ControlPlane.Connectivity),
	}
}

// controlPlaneEndpointArgs is the outbound interface endpoint to the control plane, in the
// private subnets, reachable from the cluster's pods.
func controlPlaneEndpointArgs(cfg Config, tags map[string]string, net *network.Network, cl *cluster.Cluster) *privatelink.ControlPlaneEndpointArgs {
	cp := cfg.ControlPlane
	return &privatelink.ControlPlaneEndpointArgs{
		ServiceName:            cp.ServiceName,
		ServiceRegion:          cp.ServiceRegion,
		Region:                 cfg.Region,
		VpcID:                  net.VpcID,
		SubnetIDs:              net.PrivateSubnetIDs,
		ClientSecurityGroupIDs: clientSecurityGroups(cl),
		DeferPrivateDNS:        cp.DeferPrivateDNS,
		Tags:                   tags,
	}
}

// exposureArgs is how clients reach the gateway, before the load balancer exists (deploy
// adds the NLB's target group and DNS name).
func exposureArgs(cfg Config) gateway.ExposureArgs {
	e := cfg.Exposure
	return gateway.ExposureArgs{
		Type:           e.Type,
		Scheme:         e.Scheme,
		AllowedCidrs:   admittedCidrs(cfg),
		CertificateArn: e.CertificateArn,
		Hostname:       e.Hostname,
		Port:           e.Port,
	}
}

// nlbArgs is the gateway's NLB: in the public subnets when internet-facing, else the
// private ones, with targets in the cluster security group.
func nlbArgs(cfg Config, tags map[string]string, net *network.Network, cl *cluster.Cluster) *loadbalancer.NetworkLoadBalancerArgs {
	e := cfg.Exposure
	subnets := net.PrivateSubnetIDs
	if e.Scheme == vocab.SchemeInternetFacing {
		subnets = net.PublicSubnetIDs
	}
	return &loadbalancer.NetworkLoadBalancerArgs{
		Internal:                 e.Scheme == vocab.SchemeInternal,
		VpcID:                    net.VpcID,
		SubnetIDs:                subnets,
		VpcCidr:                  net.VpcCidr,
		AllowedCidrs:             admittedCidrs(cfg),
		Port:                     e.Port,
		CertificateArn:           e.CertificateArn,
		TargetPort:               vocab.GatewayPort,
		NodeSecurityGroupID:      cl.ClusterSecurityGroupID,
		DeletionProtection:       e.DeletionProtection,
		ExemptPrivateLinkTraffic: cfg.Inbound.Mode == InboundPrivateLink,
		Tags:                     tags,
	}
}

// endpointServiceArgs is the inbound endpoint service in front of the NLB.
func endpointServiceArgs(cfg Config, tags map[string]string, nlb *loadbalancer.NetworkLoadBalancer) *privatelink.GatewayEndpointServiceArgs {
	in := cfg.Inbound
	acceptance := in.AcceptanceRequired
	return &privatelink.GatewayEndpointServiceArgs{
		LoadBalancerArn:    nlb.LoadBalancerArn,
		AcceptanceRequired: &acceptance,
		AllowedPrincipals:  in.AllowedPrincipals,
		PrivateDNSName:     in.PrivateDNSName,
		VerifyPrivateDNS:   in.VerifyPrivateDNS,
		SupportedRegions:   in.SupportedRegions,
		Tags:               tags,
	}
}

// addEndpointServiceOutputs adds what the Portkey team needs to connect to the endpoint
// service.
func addEndpointServiceOutputs(outputs map[string]pulumi.Input, cfg Config, nlb *loadbalancer.NetworkLoadBalancer, svc *privatelink.GatewayEndpointService) {
	outputs["endpointServiceName"] = svc.ServiceName
	outputs["endpointServiceId"] = svc.ServiceID
	outputs["endpointServicePort"] = nlb.ListenerPort
	outputs["endpointServiceDnsNames"] = svc.DNSNames
	if cfg.Inbound.PrivateDNSName != "" {
		outputs["endpointServicePrivateDnsName"] = svc.PrivateDNSName
		outputs["privateDnsVerificationName"] = svc.PrivateDNSVerificationName
		outputs["privateDnsVerificationValue"] = svc.PrivateDNSVerificationValue
	}
}

// gatewayCacheArgs is the cache component's environment for the gateway, unchanged.
func gatewayCacheArgs(kv *cache.Cache) gateway.CacheArgs {
	return gateway.CacheArgs{Mode: kv.Mode, Environment: kv.Environment, SecretEnvironment: kv.SecretEnvironment}
}

// gatewayReleaseArgs is the gateway's Helm release: the configuration's gateway section,
// the secrets, and what the cluster, cache, log bucket, role and load balancer made.
func gatewayReleaseArgs(cfg Config, secrets Secrets, cl *cluster.Cluster, kv *cache.Cache, logs *logstore.LogBucket, gwRole *identity.ServiceAccountRole, exposure gateway.ExposureArgs, deps []pulumi.Resource) *gateway.GatewayReleaseArgs {
	g := cfg.Gateway
	createNamespace := g.CreateNamespace
	return &gateway.GatewayReleaseArgs{
		Provider:         cl.Provider,
		Namespace:        g.Namespace,
		CreateNamespace:  &createNamespace,
		ReleaseName:      g.ReleaseName,
		ChartVersion:     g.ChartVersion,
		ChartRepository:  g.ChartRepository,
		TimeoutSeconds:   g.TimeoutSeconds,
		ServiceName:      g.ServiceName,
		OrganisationID:   g.OrganisationID,
		ClientAuthKey:    secrets.ClientAuthKey,
		RegistryServer:   g.RegistryServer,
		RegistryUsername: secrets.RegistryUsername,
		RegistryPassword: secrets.RegistryPassword,
		Images: gateway.Images{
			GatewayRepository: g.Images.GatewayRepository, GatewayTag: g.Images.GatewayTag,
			DataServiceRepository: g.Images.DataServiceRepository, DataServiceTag: g.Images.DataServiceTag,
			RedisRepository: g.Images.RedisRepository, RedisTag: g.Images.RedisTag,
			PullPolicy: g.Images.PullPolicy,
		},
		Cache:    gatewayCacheArgs(kv),
		LogStore: gateway.LogStoreArgs{Bucket: logs.BucketName, Region: pulumi.String(cfg.Region)},
		Identity: gateway.IdentityArgs{
			Mode:                      cfg.Identity.Mode,
			RoleArn:                   gwRole.RoleArn,
			GatewayServiceAccount:     g.ServiceAccountName,
			DataServiceServiceAccount: g.DataService.ServiceAccountName,
		},
		DataService: gateway.DataService{Enabled: g.DataService.Enabled, Replicas: g.DataService.Replicas},
		Replicas:    g.Replicas,
		Autoscaling: gateway.Autoscaling{
			Enabled: g.Autoscaling.Enabled, MinReplicas: g.Autoscaling.MinReplicas, MaxReplicas: g.Autoscaling.MaxReplicas,
			TargetCPUPercent: g.Autoscaling.TargetCPUPercent, TargetMemoryPercent: g.Autoscaling.TargetMemPercent,
		},
		Resources: gateway.Resources{
			CPURequest: g.Resources.CPURequest, MemoryRequest: g.Resources.MemoryRequest,
			CPULimit: g.Resources.CPULimit, MemoryLimit: g.Resources.MemoryLimit,
		},
		ControlPlanePrivateLink: cfg.ControlPlane.Connectivity == ConnectivityPrivateLink,
		Exposure:                exposure,
		DependsOn:               deps,
	}
}

// admittedCidrs is who the load balancer admits on its listener: the configured client
// CIDRs (for an ALB, the new VPC's CIDR when none are configured), plus the control plane's
// addresses with inbound ipAllowlist.
func admittedCidrs(cfg Config) []string {
	cidrs := slices.Clone(cfg.Exposure.AllowedCidrs)
	if len(cidrs) == 0 && cfg.Exposure.Type == vocab.ExposureALB && cfg.Network.Mode == ModeNew {
		cidrs = []string{cfg.Network.Cidr}
	}
	if cfg.Inbound.Mode == InboundIPAllowlist {
		for _, c := range cfg.Inbound.AllowlistCidrs {
			if !slices.Contains(cidrs, c) {
				cidrs = append(cidrs, c)
			}
		}
	}
	return cidrs
}
