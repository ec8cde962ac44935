package stacks

import (
	"encoding/json"
	"maps"
	"slices"

	"github.com/portkey-eks/portkey-eks/components/autoscaler"
	"github.com/portkey-eks/portkey-eks/components/cluster"
	"github.com/portkey-eks/portkey-eks/components/gateway"
	"github.com/portkey-eks/portkey-eks/components/lbcontroller"
	"github.com/portkey-eks/portkey-eks/components/privatelink"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// Pinned versions and well-known values that the defaults use. Those a component also
// knows are taken from the component, so a version bump happens in one place.
const (
	DefaultKubernetesVersion     = "1.35"
	DefaultGatewayChartVersion   = gateway.DefaultChartVersion
	DefaultLBControllerChart     = lbcontroller.DefaultChartVersion
	DefaultControlPlaneService   = privatelink.DefaultControlPlaneServiceName
	DefaultControlPlaneRegion    = privatelink.DefaultControlPlaneRegion
	PortkeyControlPlanePrincipal = privatelink.PortkeyControlPlanePrincipal
	DefaultInstanceType          = "t4g.medium"
	DefaultAmiType               = cluster.AmiAL2023Arm64
)

// PortkeyControlPlaneAddresses are the control plane's published egress addresses, admitted
// by inbound mode ipAllowlist.
var PortkeyControlPlaneAddresses = []string{"54.81.226.149/32", "34.200.113.35/32", "44.221.117.129/32"}

// DefaultEngineVersions is the pinned engine version used when cache.engineVersion is empty.
var DefaultEngineVersions = map[vocab.CacheEngine]string{vocab.EngineValkey: "8.0", vocab.EngineRedis: "7.1"}

// Defaults returns the configuration used for every key a stack leaves unset. The defaults
// are what production wants (TLS, protection, versioning, deletion protection, private
// endpoints); the dev stack file turns the costly ones off explicitly.
//
// LoadConfig and Decode decode each section of the stack's configuration over these
// values, so a key that is set, even to false or 0, always wins. Values that depend on
// other keys (the cluster name, the listener port, the engine version, the default node
// group) are left empty here and filled by Decode after decoding.
func Defaults() Config {
	return Config{
		Network: NetworkConfig{
			Mode:              ModeNew,
			Cidr:              "10.0.0.0/16",
			AzCount:           3,
			AvailabilityZones: []string{},
			NatGateways:       "perAz",
			FlowLogs:          true,
			FlowLogsRetention: 90,
			S3GatewayEndpoint: true,
			PublicSubnetIDs:   []string{},
			PrivateSubnetIDs:  []string{},
		},
		Cluster: ClusterConfig{
			Mode:               ModeNew,
			Version:            DefaultKubernetesVersion,
			PublicAccessCidrs:  []string{},
			PrivateAccessCidrs: []string{},
			PrivateAccessSGs:   []string{},
			AdminArns:          []string{},
			LogTypes:           []string{"api", "audit", "authenticator", "controllerManager", "scheduler"},
			LogRetentionDays:   90,
			NodeGroups:         []NodeGroupConfig{},
			LoadBalancerController: LoadBalancerControllerConfig{
				Install:         true,
				ChartVersion:    DefaultLBControllerChart,
				ChartRepository: lbcontroller.ChartRepo,
				Replicas:        2,
			},
			Autoscaler: AutoscalerConfig{
				ChartRepository:       autoscaler.ChartRepo,
				ImageRepository:       autoscaler.DefaultImageRepository,
				Expander:              autoscaler.DefaultExpander,
				ScaleDownEnabled:      true,
				ScaleDownUnneededTime: autoscaler.DefaultScaleDownUnneededTime,
			},
		},
		Cache: CacheConfig{
			Mode:                  vocab.CacheElastiCache,
			Engine:                vocab.EngineValkey,
			NodeType:              "cache.t4g.medium",
			TLS:                   true,
			Shards:                1,
			ReplicasPerShard:      1,
			AuthMode:              vocab.CacheAuthToken,
			SnapshotRetentionDays: 7,
			SnapshotWindow:        "03:00-04:00",
			MaintenanceWindow:     "sun:05:00-sun:06:00",
			FinalSnapshot:         true,
			Protect:               true,
			Port:                  6379,
		},
		LogStore: LogStoreConfig{
			BucketPrefix:          "portkey-logs",
			Encryption:            vocab.EncryptionKMS,
			Versioning:            true,
			RetentionDays:         90,
			TransitionToIaDays:    30,
			NoncurrentVersionDays: 30,
			Protect:               true,
		},
		Identity: IdentityConfig{
			Mode:    vocab.IRSA,
			Bedrock: BedrockConfig{ModelArns: []string{}},
		},
		Gateway: GatewayConfig{
			Namespace:          "portkeyai",
			CreateNamespace:    true,
			ReleaseName:        "portkey-ai",
			ChartVersion:       DefaultGatewayChartVersion,
			ChartRepository:    gateway.ChartRepository,
			ServiceName:        "gateway",
			ServiceAccountName: "gateway-sa",
			Images: ImagesConfig{
				GatewayRepository:     gateway.DefaultGatewayRepository,
				DataServiceRepository: gateway.DefaultDataServiceRepository,
				RedisRepository:       gateway.DefaultRedisRepository,
				PullPolicy:            gateway.DefaultPullPolicy,
			},
			RegistryServer: "https://index.docker.io/v1/",
			Replicas:       2,
			Autoscaling: AutoscalingConfig{
				MinReplicas:      2,
				MaxReplicas:      6,
				TargetCPUPercent: 70,
				TargetMemPercent: 80,
			},
			Resources: ResourcesConfig{
				CPURequest:    "500m",
				MemoryRequest: "1Gi",
				MemoryLimit:   "2Gi",
			},
			DataService: DataServiceConfig{
				ServiceAccountName: "dataservice-sa",
				Replicas:           1,
			},
			TimeoutSeconds: 600,
		},
		Exposure: ExposureConfig{
			Type:               vocab.ExposureNLB,
			Scheme:             vocab.SchemeInternal,
			AllowedCidrs:       []string{},
			DeletionProtection: true,
		},
		ControlPlane: ControlPlaneConfig{
			Connectivity:  ConnectivityInternet,
			ServiceName:   DefaultControlPlaneService,
			ServiceRegion: DefaultControlPlaneRegion,
		},
		Inbound: InboundConfig{
			Mode:               InboundNone,
			AllowedPrincipals:  []string{PortkeyControlPlanePrincipal},
			AcceptanceRequired: true,
			AllowlistCidrs:     slices.Clone(PortkeyControlPlaneAddresses),
			SupportedRegions:   []string{},
		},
		Tags: map[string]string{},
	}
}

// defaultNodeGroup is the node group every element of cluster.nodeGroups is decoded over.
func defaultNodeGroup() NodeGroupConfig {
	return NodeGroupConfig{
		Name:          "general",
		InstanceTypes: []string{DefaultInstanceType},
		AmiType:       DefaultAmiType,
		CapacityType:  "ON_DEMAND",
		MinSize:       2,
		DesiredSize:   2,
		MaxSize:       6,
		DiskSizeGiB:   50,
		Labels:        map[string]string{},
		Taints:        []TaintConfig{},
	}
}

// UnmarshalJSON decodes one node group over the node-group defaults, so each element of
// cluster.nodeGroups only needs the keys it changes.
func (n *NodeGroupConfig) UnmarshalJSON(b []byte) error {
	type plain NodeGroupConfig
	v := plain(defaultNodeGroup())
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*n = NodeGroupConfig(v)
	return nil
}

// derive fills the values that depend on other keys. It only touches values left empty.
func derive(c *Config) {
	if c.Cluster.Name == "" {
		c.Cluster.Name = "portkey-" + c.Stack
	}
	if c.Cluster.Mode == ModeNew && len(c.Cluster.NodeGroups) == 0 {
		c.Cluster.NodeGroups = []NodeGroupConfig{defaultNodeGroup()}
	}
	if c.Network.Mode == ModeNew && len(c.Network.AvailabilityZones) > 0 {
		c.Network.AzCount = len(c.Network.AvailabilityZones)
	}
	// Image tags left empty are the ones the chart version ships (one table, in the gateway
	// component); an unknown chart version leaves them empty for Validate to report.
	if shipped, ok := gateway.ChartImages(c.Gateway.ChartVersion); ok {
		im := &c.Gateway.Images
		for _, t := range []struct {
			v   *string
			def string
		}{{&im.GatewayTag, shipped.Gateway}, {&im.DataServiceTag, shipped.DataService}, {&im.RedisTag, shipped.Redis}} {
			if *t.v == "" {
				*t.v = t.def
			}
		}
	}
	if c.Cache.EngineVersion == "" {
		c.Cache.EngineVersion = DefaultEngineVersions[c.Cache.Engine]
	}
	if c.Exposure.Port == 0 {
		c.Exposure.Port = vocab.GatewayPort
		if c.Exposure.CertificateArn != "" {
			c.Exposure.Port = 443
		}
	}
	if len(c.Inbound.SupportedRegions) == 0 && c.ControlPlane.ServiceRegion != "" && c.ControlPlane.ServiceRegion != c.Region {
		c.Inbound.SupportedRegions = []string{c.ControlPlane.ServiceRegion}
	}
	if c.Identity.RoleName == "" {
		c.Identity.RoleName = c.Cluster.Name + "-portkey-gateway"
	}
	if c.Tags == nil {
		c.Tags = map[string]string{}
	}
}

// ResourceTags returns the tags for every AWS resource: the configured tags plus
// ManagedBy, Project and Stack (which the configured ones cannot override).
func (c Config) ResourceTags() map[string]string {
	t := maps.Clone(c.Tags)
	if t == nil {
		t = map[string]string{}
	}
	t["ManagedBy"] = "pulumi"
	t["Project"] = c.Project
	t["Stack"] = c.Stack
	return t
}
