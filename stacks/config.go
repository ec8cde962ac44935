package stacks

import "github.com/portkey-eks/portkey-eks/vocab"

// This file declares the stack configuration: plain Go structs with json tags, one section
// per concern, each read from the project's config namespace (`portkey-eks:<section>`).
// Every field carries a `doc` tag: it is the single source of the README's config table and
// of the check that Pulumi.yaml declares every key.

// Config is the whole, typed configuration of one stack. Fill it with LoadConfig (inside a
// Pulumi program) or build it by hand, then call Defaults and Validate before using it.
type Config struct {
	// Project and Stack name the Pulumi project and stack; they are not config keys.
	Project string `json:"-"`
	Stack   string `json:"-"`
	// Region is the stack's AWS region (`aws:region`).
	Region string `json:"-"`

	Network      NetworkConfig      `json:"network" doc:"VPC: create one or use an existing one."`
	Cluster      ClusterConfig      `json:"cluster" doc:"EKS cluster, node groups, add-ons and the AWS Load Balancer Controller."`
	Cache        CacheConfig        `json:"cache" doc:"Cache for prompts, configs and providers: the chart's built-in Redis or ElastiCache."`
	LogStore     LogStoreConfig     `json:"logStore" doc:"S3 bucket for request logs."`
	Identity     IdentityConfig     `json:"identity" doc:"How the gateway's pods get AWS credentials, and what they may do."`
	Gateway      GatewayConfig      `json:"gateway" doc:"The Portkey gateway Helm release."`
	Exposure     ExposureConfig     `json:"exposure" doc:"How clients reach the gateway: NLB, ALB or ClusterIP only."`
	ControlPlane ControlPlaneConfig `json:"controlPlane" doc:"How the gateway reaches the Portkey control plane."`
	Inbound      InboundConfig      `json:"inbound" doc:"How the Portkey control plane reaches the gateway."`
	Tags         map[string]string  `json:"tags" doc:"Tags added to every AWS resource (ManagedBy, Project and Stack are always added)."`

	// Secrets records which secret keys are set. Their values never enter Config: LoadConfig
	// returns them separately as Pulumi secret outputs.
	Secrets SecretsPresent `json:"-"`
}

// Network mode values.
const (
	ModeNew      = "new"
	ModeExisting = "existing"
)

// NetworkConfig selects and shapes the VPC.
type NetworkConfig struct {
	Mode              string   `json:"mode" doc:"new: create a VPC; existing: use vpcId and the subnet IDs." allowed:"new|existing"`
	Cidr              string   `json:"cidr" doc:"IPv4 CIDR of a new VPC (/16 to /24)."`
	AzCount           int      `json:"azCount" doc:"Number of availability zones for a new VPC (2 to 6)."`
	AvailabilityZones []string `json:"availabilityZones" doc:"Explicit AZ names for a new VPC; empty picks the first azCount AZs of the region."`
	NatGateways       string   `json:"natGateways" doc:"single: one shared NAT gateway; perAz: one per AZ (survives an AZ outage)." allowed:"single|perAz"`
	FlowLogs          bool     `json:"flowLogs" doc:"Send VPC flow logs to CloudWatch Logs."`
	FlowLogsRetention int      `json:"flowLogsRetentionDays" doc:"Retention of the flow log group, in days."`
	S3GatewayEndpoint bool     `json:"s3GatewayEndpoint" doc:"Add a free S3 gateway endpoint to a new VPC's private route tables, so log writes and ECR image layer pulls skip the NAT gateways' per-GB charge."`
	VpcID             string   `json:"vpcId" doc:"Existing VPC ID (mode existing)."`
	PublicSubnetIDs   []string `json:"publicSubnetIds" doc:"Existing public subnet IDs, one per AZ (mode existing; needed for an internet-facing load balancer)."`
	PrivateSubnetIDs  []string `json:"privateSubnetIds" doc:"Existing private subnet IDs, at least two AZs (mode existing)."`
}

// ClusterConfig selects and shapes the EKS cluster.
type ClusterConfig struct {
	Mode                   string                       `json:"mode" doc:"new: create an EKS cluster; existing: look up the cluster called name." allowed:"new|existing"`
	Name                   string                       `json:"name" doc:"Cluster name; empty means portkey-<stack>."`
	Version                string                       `json:"version" doc:"Kubernetes version of a new cluster (pinned)."`
	EndpointPublicAccess   bool                         `json:"endpointPublicAccess" doc:"Open the public API endpoint (the private endpoint is always on)."`
	PublicAccessCidrs      []string                     `json:"publicAccessCidrs" doc:"CIDRs allowed to the public API endpoint; required when it is open."`
	PrivateAccessCidrs     []string                     `json:"privateAccessCidrs" doc:"CIDRs admitted to the private API endpoint (HTTPS on the cluster security group): the VPN, peered network or CI runner subnet that runs pulumi up when the public endpoint is off."`
	PrivateAccessSGs       []string                     `json:"privateAccessSecurityGroupIds" doc:"Security groups admitted to the private API endpoint, such as a CI runner's or CodeBuild project's group in the VPC."`
	AdminArns              []string                     `json:"adminArns" doc:"IAM role or user ARNs given cluster-admin access entries, one each. The principal that creates the cluster is admin through EKS and must not be listed; list everyone else who deploys or operates it."`
	SecretsKmsKeyArn       string                       `json:"secretsKmsKeyArn" doc:"KMS key for Kubernetes secrets envelope encryption; empty creates one with rotation."`
	LogTypes               []string                     `json:"logTypes" doc:"Control-plane log types sent to CloudWatch (api, audit, authenticator required)."`
	LogRetentionDays       int                          `json:"logRetentionDays" doc:"Retention of the control-plane log group, in days."`
	NodeGroups             []NodeGroupConfig            `json:"nodeGroups" doc:"Managed node groups; empty gives one group of t4g.medium."`
	Addons                 AddonsConfig                 `json:"addons" doc:"Versions of the EKS add-ons; empty means the version pinned for cluster.version in the add-on table of components/cluster."`
	LoadBalancerController LoadBalancerControllerConfig `json:"loadBalancerController" doc:"The AWS Load Balancer Controller."`
	Autoscaler             AutoscalerConfig             `json:"autoscaler" doc:"The Kubernetes Cluster Autoscaler: grows and shrinks the managed node groups between minSize and maxSize."`
}

// AutoscalerConfig shapes the Cluster Autoscaler (cluster.mode new only).
type AutoscalerConfig struct {
	Enabled               bool   `json:"enabled" doc:"Install the Cluster Autoscaler (cluster.mode new only; ignored with existing, whose node groups this program does not manage). The node groups' maxSize is then the ceiling validation checks the gateway's maxReplicas against."`
	ChartVersion          string `json:"chartVersion" doc:"Version of the cluster-autoscaler chart; empty: the one pinned for cluster.version."`
	ChartRepository       string `json:"chartRepository" doc:"Where the chart comes from: an https:// Helm repository, an http:// local mirror, or an oci:// registry such as ECR (air-gapped installs)."`
	ImageRepository       string `json:"imageRepository" doc:"Cluster Autoscaler image repository (a mirror such as an ECR pull-through cache)."`
	ImageTag              string `json:"imageTag" doc:"Image tag; empty: the one pinned for cluster.version. Its minor must be the cluster's (v1.35.x for 1.35)."`
	Expander              string `json:"expander" doc:"Which node group grows when several could: least-waste, random, most-pods or price." allowed:"least-waste|random|most-pods|price"`
	ScaleDownEnabled      bool   `json:"scaleDownEnabled" doc:"Remove nodes that stay unneeded (down to minSize)."`
	ScaleDownUnneededTime string `json:"scaleDownUnneededTime" doc:"How long a node stays unneeded before it is removed, such as 10m."`
}

// NodeGroupConfig is one EKS managed node group.
type NodeGroupConfig struct {
	Name          string            `json:"name" doc:"Node group name (lower case, digits and hyphens)."`
	InstanceTypes []string          `json:"instanceTypes" doc:"Instance types, first preferred; all of one architecture matching amiType."`
	AmiType       string            `json:"amiType" doc:"EKS AMI type; must match the instance architecture." allowed:"AL2023_ARM_64_STANDARD|AL2023_x86_64_STANDARD|BOTTLEROCKET_ARM_64|BOTTLEROCKET_x86_64"`
	CapacityType  string            `json:"capacityType" doc:"ON_DEMAND or SPOT." allowed:"ON_DEMAND|SPOT"`
	MinSize       int               `json:"minSize" doc:"Minimum nodes (at least 2 in the first group, for two AZs)."`
	DesiredSize   int               `json:"desiredSize" doc:"Desired nodes at creation (later left to the autoscaler)."`
	MaxSize       int               `json:"maxSize" doc:"Maximum nodes."`
	DiskSizeGiB   int               `json:"diskSizeGiB" doc:"Encrypted gp3 root volume size in GiB (20 to 16384)."`
	Labels        map[string]string `json:"labels" doc:"Kubernetes node labels (not under node-role.kubernetes.io/)."`
	Taints        []TaintConfig     `json:"taints" doc:"Kubernetes node taints."`
}

// TaintConfig is one node taint.
type TaintConfig struct {
	Key    string `json:"key" doc:"Taint key."`
	Value  string `json:"value" doc:"Taint value."`
	Effect string `json:"effect" doc:"NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE." allowed:"NO_SCHEDULE|NO_EXECUTE|PREFER_NO_SCHEDULE"`
}

// AddonsConfig overrides EKS add-on versions. An empty version means the version pinned for
// the cluster's Kubernetes version in cluster.AddonVersionTable (never "most recent", so a
// new AWS build does not change a re-run).
type AddonsConfig struct {
	VpcCni           string `json:"vpcCni" doc:"vpc-cni add-on version."`
	CoreDNS          string `json:"coredns" doc:"coredns add-on version."`
	KubeProxy        string `json:"kubeProxy" doc:"kube-proxy add-on version."`
	PodIdentityAgent string `json:"podIdentityAgent" doc:"eks-pod-identity-agent add-on version (installed when identity.mode is podIdentity)."`
	MetricsServer    string `json:"metricsServer" doc:"metrics-server add-on version (installed when gateway.autoscaling.enabled is true, so the HPA has metrics)."`
}

// LoadBalancerControllerConfig shapes the AWS Load Balancer Controller.
type LoadBalancerControllerConfig struct {
	Install         bool   `json:"install" doc:"Install the controller; false when the cluster already runs one."`
	ChartVersion    string `json:"chartVersion" doc:"Version of the aws-load-balancer-controller chart (pinned)."`
	ChartRepository string `json:"chartRepository" doc:"Where the chart comes from: an https:// Helm repository, an http:// local mirror, or an oci:// registry such as ECR (air-gapped installs)."`
	Replicas        int    `json:"replicas" doc:"Controller replicas."`
}

// CacheConfig selects and shapes the cache.
type CacheConfig struct {
	Mode                  vocab.CacheMode   `json:"mode" doc:"builtin: the chart's in-cluster Redis (no auth, no persistence; dev only); elasticache: an ElastiCache replication group." allowed:"builtin|elasticache"`
	Engine                vocab.CacheEngine `json:"engine" doc:"ElastiCache engine." allowed:"redis|valkey"`
	EngineVersion         string            `json:"engineVersion" doc:"Engine version (pinned); empty picks 8.0 for valkey, 7.1 for redis."`
	NodeType              string            `json:"nodeType" doc:"ElastiCache node type."`
	TLS                   bool              `json:"tls" doc:"In-transit encryption (rediss://)."`
	ClusterMode           bool              `json:"clusterMode" doc:"Cluster mode: shards x replicas; the gateway uses the configuration endpoint."`
	Shards                int               `json:"shards" doc:"Shards (node groups) when clusterMode is on (1 to 500)."`
	ReplicasPerShard      int               `json:"replicasPerShard" doc:"Replicas per shard (0 to 5); at least 1 turns on multi-AZ and automatic failover."`
	AuthMode              vocab.CacheAuth   `json:"authMode" doc:"token: AUTH token (the cacheAuthToken secret); iam: ElastiCache IAM authentication." allowed:"token|iam"`
	SnapshotRetentionDays int               `json:"snapshotRetentionDays" doc:"Days of automatic snapshots (1 to 35)."`
	SnapshotWindow        string            `json:"snapshotWindow" doc:"Daily snapshot window, UTC (hh:mm-hh:mm)."`
	MaintenanceWindow     string            `json:"maintenanceWindow" doc:"Weekly maintenance window, UTC (ddd:hh:mm-ddd:hh:mm)."`
	FinalSnapshot         bool              `json:"finalSnapshot" doc:"Take a final snapshot when the cache is deleted."`
	Protect               bool              `json:"protect" doc:"Protect the cache from pulumi destroy and retain it on delete."`
	Port                  int               `json:"port" doc:"Cache port."`
}

// LogStoreConfig shapes the S3 log bucket.
type LogStoreConfig struct {
	BucketPrefix            string           `json:"bucketPrefix" doc:"Bucket name prefix (3 to 37 of a-z, 0-9, hyphen); a unique suffix is added."`
	Encryption              vocab.Encryption `json:"encryption" doc:"kms: a customer-managed KMS key (kmsKeyArn, or one created with rotation); aws-kms: the AWS-managed aws/s3 key; sse-s3: S3-managed keys." allowed:"kms|aws-kms|sse-s3"`
	KmsKeyArn               string           `json:"kmsKeyArn" doc:"Existing KMS key ARN for encryption kms; empty creates one."`
	Versioning              bool             `json:"versioning" doc:"Keep object versions."`
	RetentionDays           int              `json:"retentionDays" doc:"Days after which log objects expire."`
	TransitionToIaDays      int              `json:"transitionToIaDays" doc:"Days after which logs move to STANDARD_IA (0 = never; at least 30)."`
	TransitionToGlacierDays int              `json:"transitionToGlacierDays" doc:"Days after which logs move to GLACIER_IR (0 = never)."`
	NoncurrentVersionDays   int              `json:"noncurrentVersionDays" doc:"Days after which noncurrent versions expire."`
	Protect                 bool             `json:"protect" doc:"Protect the bucket (and its KMS key) from pulumi destroy and retain it on delete; false lets destroy empty it."`
}

// IdentityConfig selects how the gateway's pods get AWS credentials.
type IdentityConfig struct {
	Mode                   vocab.IdentityMode `json:"mode" doc:"irsa: IAM roles for service accounts (OIDC); podIdentity: EKS Pod Identity." allowed:"irsa|podIdentity"`
	RoleName               string             `json:"roleName" doc:"Name of the gateway's IAM role; empty means <cluster>-portkey-gateway."`
	PermissionsBoundaryArn string             `json:"permissionsBoundaryArn" doc:"IAM permissions boundary for the roles this program creates."`
	Bedrock                BedrockConfig      `json:"bedrock" doc:"Amazon Bedrock access for the gateway."`
}

// BedrockConfig grants the gateway Bedrock model invocation.
type BedrockConfig struct {
	Enabled   bool     `json:"enabled" doc:"Allow bedrock:InvokeModel and InvokeModelWithResponseStream."`
	ModelArns []string `json:"modelArns" doc:"Model or inference-profile ARNs the gateway may invoke."`
	AllModels bool     `json:"allModels" doc:"Allow every model (Resource *); only when asked for."`
}

// GatewayConfig shapes the Portkey gateway release.
type GatewayConfig struct {
	OrganisationID     string            `json:"organisationId" doc:"Portkey organisation ID (ORGANISATIONS_TO_SYNC), from app.portkey.ai/organisation/<id>/."`
	Namespace          string            `json:"namespace" doc:"Kubernetes namespace of the gateway."`
	CreateNamespace    bool              `json:"createNamespace" doc:"Create the namespace; false when it already exists."`
	ReleaseName        string            `json:"releaseName" doc:"Helm release name."`
	ChartVersion       string            `json:"chartVersion" doc:"Version of the portkey-ai/gateway chart (pinned)."`
	ChartRepository    string            `json:"chartRepository" doc:"Where the chart comes from: an https:// Helm repository, an http:// local mirror, or an oci:// registry such as ECR (air-gapped installs). Mirror the images too (the images.*Repository keys, e.g. an ECR pull-through cache)."`
	ServiceName        string            `json:"serviceName" doc:"SERVICE_NAME the gateway reports to the control plane."`
	ServiceAccountName string            `json:"serviceAccountName" doc:"Gateway service account name."`
	Images             ImagesConfig      `json:"images" doc:"Container images."`
	RegistryServer     string            `json:"registryServer" doc:"Registry the Portkey credentials are for."`
	Replicas           int               `json:"replicas" doc:"Gateway replicas when autoscaling is off."`
	Autoscaling        AutoscalingConfig `json:"autoscaling" doc:"Horizontal pod autoscaling of the gateway."`
	Resources          ResourcesConfig   `json:"resources" doc:"Gateway container resources (sized for t4g.medium nodes)."`
	DataService        DataServiceConfig `json:"dataService" doc:"Optional data service (batches, fine-tuning, log exports)."`
	TimeoutSeconds     int               `json:"timeoutSeconds" doc:"Helm install/upgrade timeout; the release is atomic."`
}

// ImagesConfig pins the container images.
type ImagesConfig struct {
	GatewayRepository     string `json:"gatewayRepository" doc:"Gateway image repository."`
	GatewayTag            string `json:"gatewayTag" doc:"Gateway image tag; empty: the tag gateway.chartVersion ships (latest only if you accept unannounced upgrades)."`
	DataServiceRepository string `json:"dataServiceRepository" doc:"Data service image repository."`
	DataServiceTag        string `json:"dataServiceTag" doc:"Data service image tag; empty: the tag gateway.chartVersion ships (its own version line, not the gateway's)."`
	RedisRepository       string `json:"redisRepository" doc:"Built-in Redis image repository."`
	RedisTag              string `json:"redisTag" doc:"Built-in Redis image tag; empty: the tag gateway.chartVersion ships."`
	PullPolicy            string `json:"pullPolicy" doc:"Image pull policy." allowed:"IfNotPresent|Always"`
}

// AutoscalingConfig configures the gateway's HorizontalPodAutoscaler.
type AutoscalingConfig struct {
	Enabled          bool `json:"enabled" doc:"Use an autoscaling/v2 HPA instead of a fixed replica count."`
	MinReplicas      int  `json:"minReplicas" doc:"HPA minimum replicas."`
	MaxReplicas      int  `json:"maxReplicas" doc:"HPA maximum replicas."`
	TargetCPUPercent int  `json:"targetCpuPercent" doc:"Target average CPU utilisation (1 to 100)."`
	TargetMemPercent int  `json:"targetMemoryPercent" doc:"Target average memory utilisation (1 to 100)."`
}

// ResourcesConfig holds Kubernetes resource quantities for the gateway container.
type ResourcesConfig struct {
	CPURequest    string `json:"cpuRequest" doc:"CPU request."`
	MemoryRequest string `json:"memoryRequest" doc:"Memory request."`
	CPULimit      string `json:"cpuLimit" doc:"CPU limit (empty: none, so bursts are not throttled)."`
	MemoryLimit   string `json:"memoryLimit" doc:"Memory limit."`
}

// DataServiceConfig enables the optional data service.
type DataServiceConfig struct {
	Enabled            bool   `json:"enabled" doc:"Deploy the data service."`
	ServiceAccountName string `json:"serviceAccountName" doc:"Data service service account name."`
	Replicas           int    `json:"replicas" doc:"Data service replicas."`
}

// ExposureConfig decides how clients reach the gateway.
type ExposureConfig struct {
	Type               vocab.ExposureType `json:"type" doc:"nlb: a Pulumi-owned NLB bound with a TargetGroupBinding; alb: the chart's Ingress; none: ClusterIP only." allowed:"nlb|alb|none"`
	Scheme             vocab.Scheme       `json:"scheme" doc:"Load balancer scheme." allowed:"internal|internet-facing"`
	AllowedCidrs       []string           `json:"allowedCidrs" doc:"Client CIDRs admitted on the listener; empty admits the VPC CIDR only. 0.0.0.0/0 must be written out."`
	CertificateArn     string             `json:"certificateArn" doc:"ACM certificate ARN: a TLS (NLB) or HTTPS (ALB) listener with a TLS 1.3 policy; empty: TCP/HTTP."`
	Port               int                `json:"port" doc:"Listener port; empty means 443 with a certificate, else 8787."`
	Hostname           string             `json:"hostname" doc:"Host name for the ALB Ingress rule (optional)."`
	DeletionProtection bool               `json:"deletionProtection" doc:"Load balancer deletion protection."`
}

// Control plane connectivity values.
const (
	ConnectivityInternet    = "internet"
	ConnectivityPrivateLink = "privateLink"
)

// ControlPlaneConfig decides how the gateway reaches the Portkey control plane.
type ControlPlaneConfig struct {
	Connectivity    string `json:"connectivity" doc:"internet: api.portkey.ai and albus.portkey.ai; privateLink: an interface endpoint to Portkey's endpoint service." allowed:"internet|privateLink"`
	ServiceName     string `json:"serviceName" doc:"Portkey's endpoint service name."`
	ServiceRegion   string `json:"serviceRegion" doc:"Region of Portkey's endpoint service; the endpoint is cross-region when it differs from aws:region."`
	DeferPrivateDNS bool   `json:"deferPrivateDns" doc:"Skip enabling private DNS on the endpoint until Portkey has accepted the connection; clear it and run up again once the endpoint is Available."`
}

// Inbound mode values.
const (
	InboundNone        = "none"
	InboundPrivateLink = "privateLink"
	InboundIPAllowlist = "ipAllowlist"
)

// InboundConfig decides how the Portkey control plane reaches the gateway.
type InboundConfig struct {
	Mode               string   `json:"mode" doc:"none; privateLink: an endpoint service in front of the NLB; ipAllowlist: an internet-facing load balancer admitting the control plane's addresses." allowed:"none|privateLink|ipAllowlist"`
	AllowedPrincipals  []string `json:"allowedPrincipals" doc:"Principals allowed to connect to the endpoint service."`
	AcceptanceRequired bool     `json:"acceptanceRequired" doc:"Endpoint connections must be accepted by you."`
	PrivateDNSName     string   `json:"privateDnsName" doc:"Private DNS name of the endpoint service (optional; its verification record is a stack output)."`
	AllowlistCidrs     []string `json:"allowlistCidrs" doc:"The control plane's published addresses for ipAllowlist."`
	VerifyPrivateDNS   bool     `json:"verifyPrivateDns" doc:"Ask AWS to verify the private DNS name; create the TXT record from the stack outputs first."`
	SupportedRegions   []string `json:"supportedRegions" doc:"Regions whose endpoints may connect to the endpoint service; empty means controlPlane.serviceRegion when it differs from aws:region (cross-region PrivateLink)."`
}

// SecretsPresent records which secret config keys the stack sets. The values themselves are
// Pulumi secrets returned by LoadConfig and never stored in Config.
type SecretsPresent struct {
	ClientAuthKey    bool
	RegistryUsername bool
	RegistryPassword bool
	CacheAuthToken   bool
	// CacheAuthTokenError says what is wrong with the cacheAuthToken value (never the value
	// itself); empty when it is fine or unknown (offline, the value is not decrypted).
	CacheAuthTokenError string
	// NotSecret lists secret keys that were set in plain text (without --secret).
	NotSecret []string
	// Required turns missing required secrets into problems (true for pulumi up; synth
	// substitutes placeholders instead).
	Required bool
}

// Names of the secret config keys (in the project's namespace).
const (
	KeyClientAuthKey    = "clientAuthKey"
	KeyRegistryUsername = "registryUsername"
	KeyRegistryPassword = "registryPassword"
	KeyCacheAuthToken   = "cacheAuthToken"
)

// SecretKey is one secret config key.
type SecretKey struct {
	Key, Doc string
	// Optional keys are needed by some configurations only. Pulumi.yaml declares them with
	// an empty default and without the CLI's `secret` flag (the CLI refuses a plain-text
	// default on a secret key, and a key without a default is required of every stack); the
	// program still refuses a value set without --secret.
	Optional bool
}

// SecretKeys lists every secret config key with what it holds.
var SecretKeys = []SecretKey{
	{Key: KeyClientAuthKey, Doc: "Portkey license: the client auth key (PORTKEY_CLIENT_AUTH). Required."},
	{Key: KeyRegistryUsername, Doc: "User name for the Portkey enterprise image registry. Required."},
	{Key: KeyRegistryPassword, Doc: "Password for the Portkey enterprise image registry. Required."},
	{Key: KeyCacheAuthToken, Optional: true, Doc: "ElastiCache AUTH token: 16 to 128 letters, digits and ! & # $ ^ < > -. Required when cache.mode is elasticache and cache.authMode is token; refused otherwise. Set it with --secret."},
}
