package stacks

import (
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/components/cache"
	"github.com/portkey-eks/portkey-eks/components/cluster"
	"github.com/portkey-eks/portkey-eks/components/gateway"
	"github.com/portkey-eks/portkey-eks/components/identity"
	"github.com/portkey-eks/portkey-eks/components/lbcontroller"
	"github.com/portkey-eks/portkey-eks/components/loadbalancer"
	"github.com/portkey-eks/portkey-eks/components/logstore"
	"github.com/portkey-eks/portkey-eks/components/network"
	"github.com/portkey-eks/portkey-eks/components/privatelink"
)

// LoadBalancerControllerServiceAccount is the controller's service account in kube-system.
const LoadBalancerControllerServiceAccount = "aws-load-balancer-controller"

// Deploy creates every component for a validated configuration, wires one's outputs into
// another's inputs, and returns the stack outputs. It is the only place components meet.
//
// Only real data dependencies are wired, so the slow parts start as early as they can: the
// log bucket at once, the cache as soon as the VPC exists (in parallel with the ~10 minute
// EKS control plane; only its ingress rules wait for the cluster), and the gateway release
// last, after the node groups, the Load Balancer Controller and its own IAM role.
func Deploy(ctx *pulumi.Context, cfg Config, secrets Secrets) (map[string]pulumi.Input, error) {
	return deploy(ctx, cfg, secrets, deployOptions{})
}

// deployOptions are what Program adds to Deploy for a real update.
type deployOptions struct {
	// checkAPI probes the Kubernetes API before the first Kubernetes resource (see
	// cluster.ClusterArgs.CheckAPIReachable); nil under mocks.
	checkAPI func(server string) error
}

func deploy(ctx *pulumi.Context, cfg Config, secrets Secrets, opts deployOptions) (map[string]pulumi.Input, error) {
	tags := cfg.ResourceTags()
	podIdentity := cfg.Identity.Mode == IdentityPodIdentity

	// Network.
	netArgs := &network.NetworkArgs{
		Cidr:                  cfg.Network.Cidr,
		AvailabilityZones:     cfg.Network.AvailabilityZones,
		AzCount:               cfg.Network.AzCount,
		NatGateways:           cfg.Network.NatGateways,
		FlowLogs:              cfg.Network.FlowLogs,
		FlowLogsRetentionDays: cfg.Network.FlowLogsRetention,
		ClusterName:           cfg.Cluster.Name,
		Tags:                  tags,
	}
	if cfg.Network.Mode == ModeExisting {
		netArgs = &network.NetworkArgs{
			Existing: &network.ExistingVpc{
				VpcID:            cfg.Network.VpcID,
				PublicSubnetIDs:  cfg.Network.PublicSubnetIDs,
				PrivateSubnetIDs: cfg.Network.PrivateSubnetIDs,
			},
			ClusterName: cfg.Cluster.Name,
			Tags:        tags,
		}
	}
	net, err := network.NewNetwork(ctx, "network", netArgs)
	if err != nil {
		return nil, err
	}

	// Log store: needs nothing else.
	logArgs := &logstore.LogBucketArgs{
		BucketPrefix:            cfg.LogStore.BucketPrefix,
		Encryption:              cfg.LogStore.Encryption,
		Versioning:              cfg.LogStore.Versioning,
		RetentionDays:           cfg.LogStore.RetentionDays,
		TransitionToIaDays:      cfg.LogStore.TransitionToIaDays,
		TransitionToGlacierDays: cfg.LogStore.TransitionToGlacierDays,
		NoncurrentVersionDays:   cfg.LogStore.NoncurrentVersionDays,
		Protect:                 cfg.LogStore.Protect,
		Tags:                    tags,
	}
	if cfg.LogStore.KmsKeyArn != "" {
		logArgs.KmsKeyArn = pulumi.String(cfg.LogStore.KmsKeyArn)
	}
	logs, err := logstore.NewLogBucket(ctx, "logs", logArgs)
	if err != nil {
		return nil, err
	}

	// Cluster.
	clArgs := &cluster.ClusterArgs{
		Name:                          cfg.Cluster.Name,
		Version:                       cfg.Cluster.Version,
		VpcID:                         net.VpcID,
		PrivateSubnetIDs:              net.PrivateSubnetIDs,
		EndpointPublicAccess:          cfg.Cluster.EndpointPublicAccess,
		PublicAccessCidrs:             cfg.Cluster.PublicAccessCidrs,
		PrivateAccessCidrs:            cfg.Cluster.PrivateAccessCidrs,
		PrivateAccessSecurityGroupIDs: cfg.Cluster.PrivateAccessSGs,
		CheckAPIReachable:             opts.checkAPI,
		AdminArns:                     cfg.Cluster.AdminArns,
		SecretsKmsKeyArn:              cfg.Cluster.SecretsKmsKeyArn,
		LogTypes:                      cfg.Cluster.LogTypes,
		LogRetentionDays:              cfg.Cluster.LogRetentionDays,
		Addons: cluster.AddonVersions{
			VpcCni:           cfg.Cluster.Addons.VpcCni,
			CoreDNS:          cfg.Cluster.Addons.CoreDNS,
			KubeProxy:        cfg.Cluster.Addons.KubeProxy,
			PodIdentityAgent: cfg.Cluster.Addons.PodIdentityAgent,
		},
		PodIdentity: podIdentity,
		Tags:        tags,
	}
	for _, ng := range cfg.Cluster.NodeGroups {
		g := cluster.NodeGroup{
			Name: ng.Name, InstanceTypes: ng.InstanceTypes, AmiType: ng.AmiType, CapacityType: ng.CapacityType,
			MinSize: ng.MinSize, DesiredSize: ng.DesiredSize, MaxSize: ng.MaxSize, DiskSizeGiB: ng.DiskSizeGiB,
			Labels: ng.Labels,
		}
		for _, t := range ng.Taints {
			g.Taints = append(g.Taints, cluster.Taint{Key: t.Key, Value: t.Value, Effect: t.Effect})
		}
		clArgs.NodeGroups = append(clArgs.NodeGroups, g)
	}
	if cfg.Cluster.Mode == ModeExisting {
		// An existing cluster is only looked up: none of the new-cluster settings apply.
		clArgs = &cluster.ClusterArgs{Existing: &cluster.ExistingCluster{Name: cfg.Cluster.Name}, CheckAPIReachable: opts.checkAPI, Tags: tags}
	}
	cl, err := cluster.NewCluster(ctx, "cluster", clArgs)
	if err != nil {
		return nil, err
	}
	clientSGs := clientSecurityGroups(cl)

	// Cache: its security group and replication group wait for the VPC only.
	cacheArgs := &cache.CacheArgs{
		Mode:                   cfg.Cache.Mode,
		Engine:                 cfg.Cache.Engine,
		EngineVersion:          cfg.Cache.EngineVersion,
		NodeType:               cfg.Cache.NodeType,
		TLS:                    cfg.Cache.TLS,
		ClusterMode:            cfg.Cache.ClusterMode,
		Shards:                 cfg.Cache.Shards,
		ReplicasPerShard:       cfg.Cache.ReplicasPerShard,
		AuthMode:               cfg.Cache.AuthMode,
		SnapshotRetentionDays:  cfg.Cache.SnapshotRetentionDays,
		SnapshotWindow:         cfg.Cache.SnapshotWindow,
		MaintenanceWindow:      cfg.Cache.MaintenanceWindow,
		FinalSnapshot:          cfg.Cache.FinalSnapshot,
		Protect:                cfg.Cache.Protect,
		Port:                   cfg.Cache.Port,
		VpcID:                  net.VpcID,
		SubnetIDs:              net.PrivateSubnetIDs,
		ClientSecurityGroupIDs: clientSGs,
		Tags:                   tags,
	}
	if cfg.Cache.Mode == CacheElastiCache && cfg.Cache.AuthMode == CacheAuthToken {
		cacheArgs.AuthToken = secrets.CacheAuthToken
	}
	kv, err := cache.NewCache(ctx, "cache", cacheArgs)
	if err != nil {
		return nil, err
	}

	// The gateway's IAM role, trusted through IRSA or Pod Identity.
	policyArgs := identity.GatewayPolicyArgs{
		BucketArn: logs.BucketArn,
		Bedrock: identity.BedrockAccess{
			Enabled:   cfg.Identity.Bedrock.Enabled,
			ModelArns: cfg.Identity.Bedrock.ModelArns,
			AllModels: cfg.Identity.Bedrock.AllModels,
		},
	}
	if cfg.LogStore.Encryption == EncryptionKMS {
		policyArgs.KmsKeyArn = logs.KmsKeyArn
	}
	cacheIAM := cfg.Cache.Mode == CacheElastiCache && cfg.Cache.AuthMode == CacheAuthIAM
	if cacheIAM {
		policyArgs.ElastiCacheReplicationGroupArn = kv.ReplicationGroupArn
		policyArgs.ElastiCacheUserArn = kv.UserArn
	}
	policies, err := identity.GatewayPolicies(policyArgs)
	if err != nil {
		return nil, err
	}
	serviceAccounts := []string{cfg.Gateway.ServiceAccountName}
	if cfg.Gateway.DataService.Enabled {
		serviceAccounts = append(serviceAccounts, cfg.Gateway.DataService.ServiceAccountName)
	}
	gwRole, err := identity.NewServiceAccountRole(ctx, "gateway-role", &identity.ServiceAccountRoleArgs{
		Mode:                   cfg.Identity.Mode,
		RoleName:               cfg.Identity.RoleName,
		Description:            "Portkey gateway in " + cfg.Cluster.Name + ": S3 log store" + map[bool]string{true: ", Bedrock", false: ""}[cfg.Identity.Bedrock.Enabled],
		PermissionsBoundaryArn: cfg.Identity.PermissionsBoundaryArn,
		ClusterName:            cl.ClusterName,
		OidcProviderArn:        cl.OidcProviderArn,
		OidcIssuer:             cl.OidcIssuer,
		Namespace:              cfg.Gateway.Namespace,
		ServiceAccounts:        serviceAccounts,
		Policies:               policies,
		Tags:                   tags,
	})
	if err != nil {
		return nil, err
	}

	// The gateway's pods may only start once their nodes, permissions and (with Pod
	// Identity) the agent exist.
	gatewayDeps := append(slices.Clone(cl.NodeGroups), gwRole)
	gatewayDeps = append(gatewayDeps, gwRole.Associations...)
	if podIdentity {
		if agent, ok := cl.Addons[cluster.AddonPodIdentityAgent]; ok {
			gatewayDeps = append(gatewayDeps, agent)
		}
	}

	// AWS Load Balancer Controller, with its own role (the same identity mechanism).
	if cfg.Cluster.LoadBalancerController.Install && cfg.Cluster.Mode == ModeNew {
		doc, err := lbcontroller.IAMPolicyDocument()
		if err != nil {
			return nil, err
		}
		lbcRole, err := identity.NewServiceAccountRole(ctx, "lb-controller-role", &identity.ServiceAccountRoleArgs{
			Mode:                   cfg.Identity.Mode,
			RoleName:               cfg.Cluster.Name + "-aws-lb-controller",
			Description:            "AWS Load Balancer Controller in " + cfg.Cluster.Name,
			PermissionsBoundaryArn: cfg.Identity.PermissionsBoundaryArn,
			ClusterName:            cl.ClusterName,
			OidcProviderArn:        cl.OidcProviderArn,
			OidcIssuer:             cl.OidcIssuer,
			Namespace:              lbcontroller.Namespace,
			ServiceAccounts:        []string{LoadBalancerControllerServiceAccount},
			Policies:               map[string]pulumi.StringInput{"aws-load-balancer-controller": pulumi.String(doc)},
			Tags:                   tags,
		})
		if err != nil {
			return nil, err
		}
		lbcDeps := append(slices.Clone(cl.NodeGroups), lbcRole)
		lbcDeps = append(lbcDeps, lbcRole.Associations...)
		if podIdentity {
			if agent, ok := cl.Addons[cluster.AddonPodIdentityAgent]; ok {
				lbcDeps = append(lbcDeps, agent)
			}
		}
		lbcArgs := &lbcontroller.LoadBalancerControllerArgs{
			ClusterName:        cl.ClusterName,
			Region:             cfg.Region,
			VpcID:              net.VpcID,
			ServiceAccountName: LoadBalancerControllerServiceAccount,
			ChartVersion:       cfg.Cluster.LoadBalancerController.ChartVersion,
			ChartRepository:    cfg.Cluster.LoadBalancerController.ChartRepository,
			Replicas:           cfg.Cluster.LoadBalancerController.Replicas,
			Provider:           cl.Provider,
			DependsOn:          lbcDeps,
		}
		if !podIdentity {
			lbcArgs.IRSARoleArn = lbcRole.RoleArn
		}
		lbc, err := lbcontroller.NewLoadBalancerController(ctx, "lb-controller", lbcArgs)
		if err != nil {
			return nil, err
		}
		// The gateway (its TargetGroupBinding or Ingress) needs the controller, and on destroy
		// the controller must outlive them.
		gatewayDeps = append(gatewayDeps, lbc.Release)
	}

	outputs := map[string]pulumi.Input{
		"region":            pulumi.String(cfg.Region),
		"accountId":         cl.AccountID,
		"vpcId":             net.VpcID,
		"privateSubnetIds":  net.PrivateSubnetIDs,
		"clusterName":       cl.ClusterName,
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
		"controlPlaneRoute": pulumi.String(cfg.ControlPlane.Connectivity),
	}

	// Outbound PrivateLink to the control plane.
	if cfg.ControlPlane.Connectivity == ConnectivityPrivateLink {
		ep, err := privatelink.NewControlPlaneEndpoint(ctx, "control-plane-endpoint", &privatelink.ControlPlaneEndpointArgs{
			ServiceName:            cfg.ControlPlane.ServiceName,
			ServiceRegion:          cfg.ControlPlane.ServiceRegion,
			Region:                 cfg.Region,
			VpcID:                  net.VpcID,
			SubnetIDs:              net.PrivateSubnetIDs,
			ClientSecurityGroupIDs: clientSecurityGroups(cl),
			DeferPrivateDNS:        cfg.ControlPlane.DeferPrivateDNS,
			Tags:                   tags,
		})
		if err != nil {
			return nil, err
		}
		// The gateway does not wait on the endpoint: it stays pendingAcceptance until
		// Portkey accepts it, and the first up must finish before that (README, "prod").
		outputs["controlPlaneEndpointId"] = ep.EndpointID
		outputs["controlPlaneEndpointState"] = ep.State
	}

	// Exposure: a Pulumi-owned NLB bound to the gateway Service.
	exposure := gateway.ExposureArgs{
		Type:           cfg.Exposure.Type,
		Scheme:         cfg.Exposure.Scheme,
		AllowedCidrs:   admittedCidrs(cfg),
		CertificateArn: cfg.Exposure.CertificateArn,
		Hostname:       cfg.Exposure.Hostname,
		Port:           cfg.Exposure.Port,
	}
	if cfg.Exposure.Type == ExposureNLB {
		subnets := net.PrivateSubnetIDs
		if cfg.Exposure.Scheme == SchemeInternetFacing {
			subnets = net.PublicSubnetIDs
		}
		nlb, err := loadbalancer.NewNetworkLoadBalancer(ctx, "gateway-nlb", &loadbalancer.NetworkLoadBalancerArgs{
			Internal:                 cfg.Exposure.Scheme == SchemeInternal,
			VpcID:                    net.VpcID,
			SubnetIDs:                subnets,
			VpcCidr:                  net.VpcCidr,
			AllowedCidrs:             admittedCidrs(cfg),
			Port:                     cfg.Exposure.Port,
			CertificateArn:           cfg.Exposure.CertificateArn,
			TargetPort:               GatewayPort,
			NodeSecurityGroupID:      cl.ClusterSecurityGroupID,
			DeletionProtection:       cfg.Exposure.DeletionProtection,
			ExemptPrivateLinkTraffic: cfg.Inbound.Mode == InboundPrivateLink,
			Tags:                     tags,
		})
		if err != nil {
			return nil, err
		}
		exposure.TargetGroupArn = nlb.TargetGroupArn
		exposure.LoadBalancerDNSName = nlb.DNSName
		outputs["loadBalancerArn"] = nlb.LoadBalancerArn
		outputs["loadBalancerDnsName"] = nlb.DNSName

		// Inbound PrivateLink: an endpoint service in front of the NLB.
		if cfg.Inbound.Mode == InboundPrivateLink {
			acceptance := cfg.Inbound.AcceptanceRequired
			svc, err := privatelink.NewGatewayEndpointService(ctx, "gateway-endpoint-service", &privatelink.GatewayEndpointServiceArgs{
				LoadBalancerArn:    nlb.LoadBalancerArn,
				AcceptanceRequired: &acceptance,
				AllowedPrincipals:  cfg.Inbound.AllowedPrincipals,
				PrivateDNSName:     cfg.Inbound.PrivateDNSName,
				VerifyPrivateDNS:   cfg.Inbound.VerifyPrivateDNS,
				SupportedRegions:   cfg.Inbound.SupportedRegions,
				Tags:               tags,
			})
			if err != nil {
				return nil, err
			}
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
	}

	// The gateway release.
	createNamespace := cfg.Gateway.CreateNamespace
	gwCache := gateway.CacheArgs{Store: cfg.Cache.Mode}
	if cfg.Cache.Mode == CacheElastiCache {
		gwCache.URL = kv.RedisURL
		gwCache.TLSEnabled = cfg.Cache.TLS
		gwCache.Mode = map[bool]string{true: gateway.RedisModeCluster, false: gateway.RedisModeStandalone}[cfg.Cache.ClusterMode]
		if cfg.Cache.AuthMode == CacheAuthToken {
			gwCache.AuthToken = kv.Password
		}
	}
	if cacheIAM {
		gwCache.IAMAuth = true
		gwCache.IAMClusterName = kv.ReplicationGroupID
		gwCache.IAMUsername = kv.Username
	}
	g := cfg.Gateway
	rel, err := gateway.NewGatewayRelease(ctx, "gateway", &gateway.GatewayReleaseArgs{
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
		Cache:    gwCache,
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
		DependsOn:               gatewayDeps,
	})
	if err != nil {
		return nil, err
	}
	outputs["gatewayUrl"] = rel.GatewayURL
	outputs["gatewayReleaseName"] = rel.ReleaseName
	outputs["gatewayServiceAccount"] = rel.ServiceAccountName
	return outputs, nil
}

// clientSecurityGroups are the groups the gateway's pods carry: with managed node groups
// and the VPC CNI, pods use their node's interface, which has the EKS cluster security
// group (the cluster component's NodeSecurityGroupID is that same group).
func clientSecurityGroups(cl *cluster.Cluster) []pulumi.StringInput {
	return []pulumi.StringInput{cl.ClusterSecurityGroupID}
}

// admittedCidrs is who the load balancer admits on its listener: the configured client
// CIDRs (for an ALB, the new VPC's CIDR when none are configured), plus the control plane's
// addresses with inbound ipAllowlist.
func admittedCidrs(cfg Config) []string {
	cidrs := slices.Clone(cfg.Exposure.AllowedCidrs)
	if len(cidrs) == 0 && cfg.Exposure.Type == ExposureALB && cfg.Network.Mode == ModeNew {
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
