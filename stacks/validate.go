package stacks

import (
	"errors"
	"fmt"
	"net/netip"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/portkey-eks/portkey-eks/components/cluster"
	"github.com/portkey-eks/portkey-eks/components/gateway"
	"github.com/portkey-eks/portkey-eks/components/lbcontroller"
	"github.com/portkey-eks/portkey-eks/internal/chartref"
	"github.com/portkey-eks/portkey-eks/validate"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// SupportedEngineVersions are the ElastiCache engine versions this program accepts.
var SupportedEngineVersions = map[vocab.CacheEngine][]string{
	vocab.EngineValkey: {"7.2", "8.0", "8.1"},
	vocab.EngineRedis:  {"6.2", "7.0", "7.1"},
}

// ControlPlaneLogTypes are the EKS control-plane log types; the first three are required.
var ControlPlaneLogTypes = []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}

// cloudWatchRetentions are the retention periods CloudWatch Logs accepts, in days.
var cloudWatchRetentions = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// reOrgID is the form of a Portkey organisation ID (Portkey's rule, not AWS's or Kubernetes').
var reOrgID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$`)

// Validate returns every problem in a configuration that Defaults and Decode have filled,
// each naming the key, the bad value and what is allowed. It is pure.
func Validate(c Config) Problems {
	var p problems
	checkEnums(&p, c)
	if c.Region == "" {
		p.list = append(p.list, Problem{Key: "aws:region", Message: "is not set: run `pulumi config set aws:region <region>`", Allowed: "an AWS region such as us-east-1"})
	} else if validate.Region(c.Region) != nil {
		p.list = append(p.list, Problem{Key: "aws:region", Value: show(c.Region), Message: "is not an AWS region", Allowed: "an AWS region such as us-east-1"})
	}
	validateNetwork(&p, c)
	validateCluster(&p, c)
	validateScaling(&p, c) // capacity.go
	validateCache(&p, c)
	validateLogStore(&p, c)
	validateIdentity(&p, c)
	validateGateway(&p, c)
	validateExposure(&p, c)
	validateControlPlane(&p, c)
	validateInbound(&p, c)
	validateTags(&p, c)
	validateSecrets(&p, c)
	validateAWSRules(&p, c)
	// The stack files' placeholders: refused when deploying, a warning in synth.
	if c.Secrets.Required {
		p.list = append(p.list, Placeholders(c)...)
	}
	return p.list
}

// checkEnums checks every string field that carries an `allowed:"a|b"` tag.
func checkEnums(p *problems, c Config) {
	walkStrings("", reflect.ValueOf(c), "", func(key, allowed, val string) {
		if allowed == "" {
			return
		}
		opts := strings.Split(allowed, "|")
		if !slices.Contains(opts, val) {
			p.add(key, val, strings.Join(opts, ", "), "is not a valid choice%s", suggest(val, opts))
		}
	})
}

// walkStrings calls visit for every string in v (struct fields by their JSON names, list
// elements by index), with its config key and the `allowed` tag of the field holding it.
func walkStrings(path string, v reflect.Value, allowed string, visit func(key, allowed, val string)) {
	switch v.Kind() {
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			name := jsonName(t.Field(i))
			if name == "" {
				continue
			}
			key := name
			if path != "" {
				key = path + "." + name
			}
			walkStrings(key, v.Field(i), t.Field(i).Tag.Get("allowed"), visit)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkStrings(fmt.Sprintf("%s[%d]", path, i), v.Index(i), allowed, visit)
		}
	case reflect.String:
		visit(path, allowed, v.String())
	}
}

func validCIDR(s string) bool {
	pfx, err := netip.ParsePrefix(s)
	return err == nil && pfx.Addr().Is4() && pfx.Masked() == pfx
}

func checkCIDRs(p *problems, key string, cidrs []string) {
	for i, s := range cidrs {
		if !validCIDR(s) {
			p.add(fmt.Sprintf("%s[%d]", key, i), s, "an IPv4 CIDR with no host bits set, such as 10.0.0.0/16 or 203.0.113.7/32", "is not a valid IPv4 CIDR")
		}
	}
}

// checkRule adds a problem when rule (one of package validate's) refuses value, in the
// rule's words; allowed, when set, replaces the rule's own description of what is allowed
// (for a key that needs more said).
func checkRule(p *problems, key, value string, rule func(string) error, allowed string) {
	var e *validate.Error
	if errors.As(rule(value), &e) {
		if allowed == "" {
			allowed = e.Allowed
		}
		p.add(key, value, allowed, "%s", e.Problem)
	}
}

// checkPattern is checkRule for an optional value: empty is accepted.
func checkPattern(p *problems, key, value string, rule func(string) error, allowed string) {
	if value != "" {
		checkRule(p, key, value, rule, allowed)
	}
}

func checkRange(p *problems, key string, v, lo, hi int, why string) {
	if v < lo || v > hi {
		p.add(key, v, fmt.Sprintf("%d to %d", lo, hi), "is out of range%s", why)
	}
}

func checkRetention(p *problems, key string, days int) {
	if !slices.Contains(cloudWatchRetentions, days) {
		p.add(key, days, "one of "+strings.Trim(fmt.Sprint(cloudWatchRetentions), "[]"), "is not a CloudWatch Logs retention period")
	}
}

func validateNetwork(p *problems, c Config) {
	n := c.Network
	switch n.Mode {
	case ModeNew:
		if !validCIDR(n.Cidr) {
			p.add("network.cidr", n.Cidr, "an IPv4 CIDR from /16 to /24, such as 10.0.0.0/16", "is not a valid IPv4 CIDR")
		} else if bits := netip.MustParsePrefix(n.Cidr).Bits(); bits < 16 || bits > 24 {
			p.add("network.cidr", n.Cidr, "a prefix length from /16 to /24", "has a prefix length AWS does not allow for a VPC")
		}
		checkRange(p, "network.azCount", n.AzCount, 2, 6, ": the gateway needs at least two availability zones")
		if len(n.AvailabilityZones) == 1 {
			p.add("network.availabilityZones", n.AvailabilityZones, "at least two AZ names, or an empty list", "lists only one availability zone")
		}
		seen := map[string]bool{}
		for i, az := range n.AvailabilityZones {
			key := fmt.Sprintf("network.availabilityZones[%d]", i)
			switch {
			case validate.AvailabilityZone(az) != nil:
				p.add(key, az, "an AZ name such as us-east-1a", "is not an availability zone name")
			case c.Region != "" && !strings.HasPrefix(az, c.Region):
				p.add(key, az, "AZs of "+c.Region, "is not in the stack's region")
			case seen[az]:
				p.add(key, az, "distinct AZs", "is listed twice")
			}
			seen[az] = true
		}
		checkRetention(p, "network.flowLogsRetentionDays", n.FlowLogsRetention)
		for _, k := range []struct {
			key string
			set bool
		}{{"network.vpcId", n.VpcID != ""}, {"network.publicSubnetIds", len(n.PublicSubnetIDs) > 0}, {"network.privateSubnetIds", len(n.PrivateSubnetIDs) > 0}} {
			if k.set {
				p.add(k.key, nil, "empty when network.mode is new", "is only used with network.mode existing")
			}
		}
	case ModeExisting:
		if n.VpcID == "" {
			p.add("network.vpcId", nil, "a VPC ID such as vpc-0123456789abcdef0", "is required when network.mode is existing")
		} else {
			checkPattern(p, "network.vpcId", n.VpcID, validate.VpcID, "")
		}
		if len(n.PrivateSubnetIDs) < 2 {
			p.add("network.privateSubnetIds", n.PrivateSubnetIDs, "at least two subnet IDs in different AZs", "needs at least two private subnets")
		}
		for name, ids := range map[string][]string{"network.privateSubnetIds": n.PrivateSubnetIDs, "network.publicSubnetIds": n.PublicSubnetIDs} {
			seen := map[string]bool{}
			for i, id := range ids {
				key := fmt.Sprintf("%s[%d]", name, i)
				if validate.SubnetID(id) != nil {
					p.add(key, id, "a subnet ID such as subnet-0123456789abcdef0", "is malformed")
				} else if seen[id] {
					p.add(key, id, "distinct subnet IDs", "is listed twice")
				}
				seen[id] = true
			}
		}
	}
}

func validateCluster(p *problems, c Config) {
	cl := c.Cluster
	if validate.ClusterName(cl.Name) != nil {
		p.add("cluster.name", cl.Name, "1 to 100 letters, digits, hyphens and underscores, starting with a letter or digit", "is not a valid EKS cluster name")
	}
	if cl.Mode == ModeExisting {
		if len(cl.NodeGroups) > 0 {
			p.add("cluster.nodeGroups", nil, "an empty list with cluster.mode existing", "cannot be created on an existing cluster: this program manages no node groups there")
		}
		return
	}
	if _, ok := SupportedKubernetesVersions[cl.Version]; !ok {
		p.add("cluster.version", cl.Version, offeredVersionsText(), "is not a Kubernetes version EKS offers")
	}
	if cl.EndpointPublicAccess && len(cl.PublicAccessCidrs) == 0 {
		p.add("cluster.publicAccessCidrs", nil, "the CIDRs of your operators or CI, such as 203.0.113.0/24", "must list who may reach the public API endpoint when cluster.endpointPublicAccess is true")
	}
	if !cl.EndpointPublicAccess && len(cl.PublicAccessCidrs) > 0 {
		p.add("cluster.publicAccessCidrs", cl.PublicAccessCidrs, "empty while cluster.endpointPublicAccess is false", "has no effect: the public endpoint is off")
	}
	checkCIDRs(p, "cluster.publicAccessCidrs", cl.PublicAccessCidrs)
	for i, a := range cl.AdminArns {
		checkPattern(p, fmt.Sprintf("cluster.adminArns[%d]", i), a, validate.PrincipalARN, "an IAM role or user ARN such as arn:aws:iam::123456789012:role/platform-admin")
	}
	checkPattern(p, "cluster.secretsKmsKeyArn", cl.SecretsKmsKeyArn, validate.KMSKeyARN, "")
	for i, lt := range cl.LogTypes {
		if !slices.Contains(ControlPlaneLogTypes, lt) {
			p.add(fmt.Sprintf("cluster.logTypes[%d]", i), lt, strings.Join(ControlPlaneLogTypes, ", "), "is not an EKS control-plane log type%s", suggest(lt, ControlPlaneLogTypes))
		}
	}
	for _, need := range ControlPlaneLogTypes[:3] {
		if !slices.Contains(cl.LogTypes, need) {
			p.add("cluster.logTypes", cl.LogTypes, "a list that includes api, audit and authenticator", "is missing %q, which audits need", need)
		}
	}
	checkRetention(p, "cluster.logRetentionDays", cl.LogRetentionDays)

	names := map[string]bool{}
	for i, ng := range cl.NodeGroups {
		key := fmt.Sprintf("cluster.nodeGroups[%d]", i)
		if validate.NodeGroupName(ng.Name) != nil {
			p.add(key+".name", ng.Name, "1 to 32 lower-case letters, digits and hyphens", "is not a valid node group name")
		} else if names[ng.Name] {
			p.add(key+".name", ng.Name, "distinct names", "is used by another node group")
		}
		names[ng.Name] = true
		if len(ng.InstanceTypes) == 0 {
			p.add(key+".instanceTypes", nil, "at least one instance type, such as t4g.medium", "is empty")
		}
		// An unknown AMI type is reported by the enum check; the architecture rule uses the
		// cluster component's own functions, so config and component agree.
		want, _ := cluster.AmiArchitecture(ng.AmiType)
		for j, it := range ng.InstanceTypes {
			arch, err := cluster.InstanceArchitecture(it)
			switch {
			case err != nil:
				p.add(fmt.Sprintf("%s.instanceTypes[%d]", key, j), it, "an EC2 instance type such as t4g.medium", "is not an instance type")
			case want != "" && arch != want:
				p.add(fmt.Sprintf("%s.instanceTypes[%d]", key, j), it, "instance types of "+want+" to match amiType "+ng.AmiType+", or an "+arch+" AMI type", "is %s but amiType %s is %s", arch, ng.AmiType, want)
			}
		}
		if ng.MinSize < 0 || ng.MaxSize < 1 || ng.MinSize > ng.MaxSize {
			p.add(key+".minSize", ng.MinSize, fmt.Sprintf("0 to maxSize (%d), with maxSize at least 1", ng.MaxSize), "must not exceed maxSize")
		} else if ng.DesiredSize < ng.MinSize || ng.DesiredSize > ng.MaxSize {
			p.add(key+".desiredSize", ng.DesiredSize, fmt.Sprintf("%d to %d (minSize to maxSize)", ng.MinSize, ng.MaxSize), "is outside the group's size range")
		}
		if i == 0 && ng.MinSize < 2 {
			p.add(key+".minSize", ng.MinSize, "2 or more", "must be at least 2 so the gateway runs in two availability zones")
		}
		checkRange(p, key+".diskSizeGiB", ng.DiskSizeGiB, 20, 16384, "")
		for _, lk := range sortedKeys(ng.Labels) {
			lkey := key + ".labels." + lk
			switch {
			case strings.HasPrefix(lk, "node-role.kubernetes.io/"):
				p.add(lkey, nil, "a label outside node-role.kubernetes.io/", "stops AL2023 nodes from joining the cluster (kubelet refuses to set it)")
			case validate.LabelKey(lk) != nil:
				p.add(lkey, nil, "a Kubernetes label key", "is not a valid label key")
			case validate.LabelValue(ng.Labels[lk]) != nil:
				p.add(lkey, ng.Labels[lk], "up to 63 letters, digits, -, _ and .", "is not a valid label value")
			}
		}
		for j, t := range ng.Taints {
			if validate.LabelKey(t.Key) != nil {
				p.add(fmt.Sprintf("%s.taints[%d].key", key, j), t.Key, "a Kubernetes label-style key", "is not a valid taint key")
			}
			// The cluster component refuses a taint value that is not a label value.
			checkPattern(p, fmt.Sprintf("%s.taints[%d].value", key, j), t.Value, validate.LabelValue, "")
		}
	}
	a := cl.Addons
	for key, v := range map[string]string{"cluster.addons.vpcCni": a.VpcCni, "cluster.addons.coredns": a.CoreDNS, "cluster.addons.kubeProxy": a.KubeProxy, "cluster.addons.podIdentityAgent": a.PodIdentityAgent, "cluster.addons.metricsServer": a.MetricsServer} {
		checkPattern(p, key, v, validate.AddonVersion, "an add-on version such as v1.19.2-eksbuild.1, or empty for the version pinned for cluster.version")
	}
	lb := cl.LoadBalancerController
	if lb.Install {
		checkPattern(p, "cluster.loadBalancerController.chartVersion", lb.ChartVersion, validate.Semver, "a chart version such as "+lbcontroller.DefaultChartVersion)
		if lb.ChartVersion == "" {
			p.add("cluster.loadBalancerController.chartVersion", nil, "a chart version such as "+lbcontroller.DefaultChartVersion, "must be pinned")
		} else if err := lbcontroller.CheckKubernetesVersion(lb.ChartVersion, cl.Version); err != nil && validate.Semver(lb.ChartVersion) == nil {
			// The chart's controller must support the cluster's Kubernetes version (and the
			// program must know the chart's CRDs, which it applies itself).
			p.add("cluster.loadBalancerController.chartVersion", lb.ChartVersion, "a chart version checked for cluster.version "+cl.Version+" ("+strings.Join(lbcontroller.SupportedChartVersions(), ", ")+")", "%v", err)
		}
		checkRange(p, "cluster.loadBalancerController.replicas", lb.Replicas, 1, 10, "")
		if err := chartref.Validate(lb.ChartRepository); err != nil {
			p.add("cluster.loadBalancerController.chartRepository", lb.ChartRepository, "an https://, http:// or oci:// chart repository", "%v", err)
		}
	}
}

func validateCache(p *problems, c Config) {
	k := c.Cache
	if k.Mode == vocab.CacheBuiltin {
		if k.ClusterMode {
			p.add("cache.clusterMode", true, "false with cache.mode builtin, or cache.mode elasticache", "needs ElastiCache: the built-in Redis is a single pod")
		}
		if c.Secrets.CacheAuthToken {
			p.add(KeyCacheAuthToken, nil, "unset with cache.mode builtin", "is set but unused: the built-in Redis has no authentication")
		}
		return
	}
	if vs, ok := SupportedEngineVersions[k.Engine]; ok && !slices.Contains(vs, k.EngineVersion) {
		p.add("cache.engineVersion", k.EngineVersion, string(k.Engine)+" "+strings.Join(vs, ", "), "is not a supported %s version", k.Engine)
	}
	checkPattern(p, "cache.nodeType", k.NodeType, validate.CacheNodeType, "")
	if k.ClusterMode {
		checkRange(p, "cache.shards", k.Shards, 1, 500, "")
	} else if k.Shards != 1 {
		p.add("cache.shards", k.Shards, "1 unless cache.clusterMode is true", "needs cluster mode: without it there is exactly one shard")
	}
	checkRange(p, "cache.replicasPerShard", k.ReplicasPerShard, 0, 5, "")
	if !k.TLS {
		p.add("cache.tls", false, "true with ElastiCache", "must be true: ElastiCache AUTH tokens and IAM authentication both require in-transit encryption")
	}
	switch k.AuthMode {
	case vocab.CacheAuthToken:
		if !c.Secrets.CacheAuthToken && c.Secrets.Required {
			p.add(KeyCacheAuthToken, nil, "a 16 to 128 character secret", "is required with cache.authMode token: run `pulumi config set --secret cacheAuthToken <token>`")
		}
	case vocab.CacheAuthIAM:
		if c.Secrets.CacheAuthToken {
			p.add(KeyCacheAuthToken, nil, "unset with cache.authMode iam", "conflicts with IAM authentication")
		}
		if k.Engine == vocab.EngineRedis && k.EngineVersion < "7.0" {
			p.add("cache.engineVersion", k.EngineVersion, "redis 7.0 or later, or valkey", "does not support IAM authentication")
		}
	}
	checkRange(p, "cache.snapshotRetentionDays", k.SnapshotRetentionDays, 1, 35, ": automatic snapshots must stay on")
	checkRule(p, "cache.snapshotWindow", k.SnapshotWindow, validate.SnapshotWindow, "")
	checkRule(p, "cache.maintenanceWindow", k.MaintenanceWindow, validate.MaintenanceWindow, "")
	checkRange(p, "cache.port", k.Port, 1024, 65535, "")
}

func validateLogStore(p *problems, c Config) {
	l := c.LogStore
	checkRule(p, "logStore.bucketPrefix", l.BucketPrefix, validate.BucketPrefix, "")
	if l.Encryption == vocab.EncryptionKMS {
		checkPattern(p, "logStore.kmsKeyArn", l.KmsKeyArn, validate.KMSKeyARN, "")
	} else if l.KmsKeyArn != "" {
		p.add("logStore.kmsKeyArn", l.KmsKeyArn, "empty unless logStore.encryption is kms", "conflicts with logStore.encryption %s", l.Encryption)
	}
	checkRange(p, "logStore.retentionDays", l.RetentionDays, 1, 36500, "")
	if l.TransitionToIaDays != 0 && (l.TransitionToIaDays < 30 || l.TransitionToIaDays >= l.RetentionDays) {
		p.add("logStore.transitionToIaDays", l.TransitionToIaDays, fmt.Sprintf("0, or 30 to %d (below retentionDays)", l.RetentionDays-1), "is not a usable STANDARD_IA transition")
	}
	if g := l.TransitionToGlacierDays; g != 0 {
		switch {
		case g >= l.RetentionDays:
			p.add("logStore.transitionToGlacierDays", g, fmt.Sprintf("0, or below retentionDays (%d)", l.RetentionDays), "is not a usable GLACIER_IR transition: the logs expire first")
		case l.TransitionToIaDays != 0 && g < l.TransitionToIaDays+30:
			p.add("logStore.transitionToGlacierDays", g, fmt.Sprintf("0, or at least %d (S3 keeps objects in STANDARD_IA for 30 days before another transition)", l.TransitionToIaDays+30), "is less than 30 days after transitionToIaDays (%d)", l.TransitionToIaDays)
		}
	}
	checkRange(p, "logStore.noncurrentVersionDays", l.NoncurrentVersionDays, 1, 36500, "")
}

func validateIdentity(p *problems, c Config) {
	id := c.Identity
	checkPattern(p, "identity.roleName", id.RoleName, validate.RoleName, "")
	checkPattern(p, "identity.permissionsBoundaryArn", id.PermissionsBoundaryArn, validate.PolicyARN, "an IAM policy ARN such as arn:aws:iam::123456789012:policy/boundary")
	if id.Mode == vocab.PodIdentity && c.Cluster.Mode == ModeExisting && c.Cluster.Addons.PodIdentityAgent != "" {
		p.add("cluster.addons.podIdentityAgent", c.Cluster.Addons.PodIdentityAgent, "empty with cluster.mode existing", "cannot be managed on an existing cluster; install the agent there yourself")
	}
	b := id.Bedrock
	switch {
	case b.Enabled && len(b.ModelArns) == 0 && !b.AllModels:
		p.add("identity.bedrock.modelArns", nil, "model or inference-profile ARNs, or identity.bedrock.allModels true", "must name the models the gateway may invoke")
	case b.Enabled && len(b.ModelArns) > 0 && b.AllModels:
		p.add("identity.bedrock.allModels", true, "false when modelArns is set", "conflicts with identity.bedrock.modelArns")
	case !b.Enabled && (len(b.ModelArns) > 0 || b.AllModels):
		p.add("identity.bedrock.enabled", false, "true when modelArns or allModels is set", "is false, so the Bedrock settings would be ignored")
	}
	for i, a := range b.ModelArns {
		checkPattern(p, fmt.Sprintf("identity.bedrock.modelArns[%d]", i), a, validate.BedrockModelARN, "")
	}
}

func validateGateway(p *problems, c Config) {
	g := c.Gateway
	if g.OrganisationID == "" {
		p.add("gateway.organisationId", nil, "your Portkey organisation ID, from https://app.portkey.ai/organisation/<id>/", "is required")
	} else {
		if !reOrgID.MatchString(g.OrganisationID) {
			p.add("gateway.organisationId", g.OrganisationID, "the ID from https://app.portkey.ai/organisation/<id>/", "is malformed")
		}
	}
	// The gateway component checks its namespace with the same function.
	checkPattern(p, "gateway.namespace", g.Namespace, gateway.CheckNamespace, "")
	if g.Namespace == "" {
		p.add("gateway.namespace", nil, "a DNS label such as portkeyai", "is required")
	}
	checkRule(p, "gateway.releaseName", g.ReleaseName, validate.ReleaseName, "")
	if err := chartref.Validate(g.ChartRepository); err != nil {
		p.add("gateway.chartRepository", g.ChartRepository, "an https://, http:// or oci:// chart repository", "%v", err)
	}
	if validate.Semver(g.ChartVersion) != nil {
		p.add("gateway.chartVersion", g.ChartVersion, "a pinned chart version such as 1.7.7", "is not a chart version")
	}
	if g.ServiceName == "" {
		p.add("gateway.serviceName", nil, "a name such as gateway", "is required")
	}
	checkPattern(p, "gateway.serviceAccountName", g.ServiceAccountName, validate.ServiceAccountName, "")
	if g.ServiceAccountName == "" {
		p.add("gateway.serviceAccountName", nil, "a DNS label such as gateway-sa", "is required (the chart fails to render without it)")
	}
	im := g.Images
	for _, r := range []struct{ key, v string }{{"gateway.images.gatewayRepository", im.GatewayRepository}, {"gateway.images.dataServiceRepository", im.DataServiceRepository}, {"gateway.images.redisRepository", im.RedisRepository}} {
		if validate.ImageRepository(r.v) != nil {
			p.add(r.key, r.v, "an image repository such as docker.io/portkeyai/gateway_enterprise", "is not an image repository")
		}
	}
	for _, t := range []struct{ key, v string }{{"gateway.images.gatewayTag", im.GatewayTag}, {"gateway.images.dataServiceTag", im.DataServiceTag}, {"gateway.images.redisTag", im.RedisTag}} {
		switch {
		case t.v == "":
			p.add(t.key, nil, "a pinned image tag, or a gateway.chartVersion whose images are known ("+strings.Join(gateway.KnownChartVersions(), ", ")+")", "is empty and chart %s is not in the table of shipped images (components/gateway/charts.go)", g.ChartVersion)
		case validate.ImageTag(t.v) != nil:
			p.add(t.key, t.v, "a pinned image tag such as 2.13.0", "is not an image tag")
		case t.v == "latest" && im.PullPolicy != "Always":
			p.add(t.key, t.v, "a pinned tag, or latest with gateway.images.pullPolicy Always", "with pullPolicy IfNotPresent never picks up a new image, and nodes drift apart")
		}
	}
	if !strings.HasPrefix(g.RegistryServer, "https://") && validate.DNSName(g.RegistryServer) != nil {
		p.add("gateway.registryServer", g.RegistryServer, "a registry such as https://index.docker.io/v1/", "is not a registry address")
	}
	checkRange(p, "gateway.replicas", g.Replicas, 1, 100, "")
	as := g.Autoscaling
	if as.Enabled {
		checkRange(p, "gateway.autoscaling.minReplicas", as.MinReplicas, 1, 100, "")
		if as.MaxReplicas < as.MinReplicas {
			p.add("gateway.autoscaling.maxReplicas", as.MaxReplicas, fmt.Sprintf("at least minReplicas (%d)", as.MinReplicas), "is below minReplicas")
		}
		checkRange(p, "gateway.autoscaling.targetCpuPercent", as.TargetCPUPercent, 1, 100, "")
		checkRange(p, "gateway.autoscaling.targetMemoryPercent", as.TargetMemPercent, 1, 100, "")
	}
	r := g.Resources
	for _, q := range []struct {
		key, v   string
		required bool
	}{{"gateway.resources.cpuRequest", r.CPURequest, true}, {"gateway.resources.memoryRequest", r.MemoryRequest, true}, {"gateway.resources.cpuLimit", r.CPULimit, false}, {"gateway.resources.memoryLimit", r.MemoryLimit, true}} {
		if (q.v == "" && q.required) || (q.v != "" && validate.Quantity(q.v) != nil) {
			p.add(q.key, q.v, "a Kubernetes quantity such as 500m, 1 or 1Gi", "is not a resource quantity")
		}
	}
	if mr, ml := quantity(r.MemoryRequest), quantity(r.MemoryLimit); mr > 0 && ml > 0 && mr > ml {
		p.add("gateway.resources.memoryRequest", r.MemoryRequest, "at most memoryLimit ("+r.MemoryLimit+")", "exceeds the memory limit")
	}
	if mr := quantity(r.MemoryRequest); mr > 3.0*(1<<30) {
		p.add("gateway.resources.memoryRequest", r.MemoryRequest, "at most 3Gi (a t4g.medium node has about 3.3 GiB allocatable)", "does not fit a t4g.medium node")
	}
	ds := g.DataService
	if ds.Enabled {
		checkPattern(p, "gateway.dataService.serviceAccountName", ds.ServiceAccountName, validate.ServiceAccountName, "")
		if ds.ServiceAccountName == "" {
			p.add("gateway.dataService.serviceAccountName", nil, "a DNS label such as dataservice-sa", "is required (the chart fails to render without it)")
		}
		if ds.ServiceAccountName == g.ServiceAccountName {
			p.add("gateway.dataService.serviceAccountName", ds.ServiceAccountName, "a name other than gateway.serviceAccountName", "must differ from the gateway's service account")
		}
		checkRange(p, "gateway.dataService.replicas", ds.Replicas, 1, 20, "")
	}
	checkRange(p, "gateway.timeoutSeconds", g.TimeoutSeconds, 60, 3600, "")
}

// quantity parses a Kubernetes quantity into a number (bytes for memory); 0 when malformed.
func quantity(s string) float64 {
	if validate.Quantity(s) != nil {
		return 0
	}
	num := strings.TrimRight(s, "kmMGi")
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0
	}
	mult := map[string]float64{"": 1, "m": 0.001, "k": 1e3, "M": 1e6, "G": 1e9, "Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30}
	return f * mult[s[len(num):]]
}

func validateExposure(p *problems, c Config) {
	e := c.Exposure
	checkCIDRs(p, "exposure.allowedCidrs", e.AllowedCidrs)
	checkPattern(p, "exposure.certificateArn", e.CertificateArn, validate.ACMCertificateARN, "")
	checkRange(p, "exposure.port", e.Port, 1, 65535, "")
	if e.Hostname != "" {
		if e.Type != vocab.ExposureALB {
			p.add("exposure.hostname", e.Hostname, "empty unless exposure.type is alb", "is only used by the ALB Ingress")
		} else {
			checkPattern(p, "exposure.hostname", e.Hostname, validate.DNSName, "a DNS name such as gateway.example.com")
		}
	}
	if e.Type == vocab.ExposureNone {
		if e.CertificateArn != "" {
			p.add("exposure.certificateArn", e.CertificateArn, "empty with exposure.type none", "has no load balancer to go on")
		}
		return
	}
	if e.Type == vocab.ExposureALB && len(e.AllowedCidrs) == 0 && c.Network.Mode == ModeExisting && c.Inbound.Mode != InboundIPAllowlist {
		p.add("exposure.allowedCidrs", nil, "the client CIDRs, such as your VPC's CIDR", "must be set for an ALB in an existing VPC (without them the controller would admit 0.0.0.0/0)")
	}
	if e.Scheme == vocab.SchemeInternetFacing {
		if c.Network.Mode == ModeExisting && len(c.Network.PublicSubnetIDs) < 2 {
			p.add("network.publicSubnetIds", c.Network.PublicSubnetIDs, "at least two public subnets in different AZs", "are needed for an internet-facing load balancer")
		}
		if len(e.AllowedCidrs) == 0 && c.Inbound.Mode != InboundIPAllowlist {
			p.add("exposure.allowedCidrs", nil, "the client CIDRs to admit (write 0.0.0.0/0 out if you really mean everyone)", "must be set for an internet-facing load balancer")
		}
	}
}

func validateControlPlane(p *problems, c Config) {
	cp := c.ControlPlane
	if cp.Connectivity != ConnectivityPrivateLink {
		return
	}
	checkPattern(p, "controlPlane.serviceName", cp.ServiceName, validate.EndpointServiceName, "an endpoint service name such as "+DefaultControlPlaneService)
	if validate.Region(cp.ServiceRegion) != nil {
		p.add("controlPlane.serviceRegion", cp.ServiceRegion, "an AWS region such as us-east-1", "is not an AWS region")
	}
}

func validateInbound(p *problems, c Config) {
	in := c.Inbound
	switch in.Mode {
	case InboundPrivateLink:
		if c.Exposure.Type != vocab.ExposureNLB {
			p.add("inbound.mode", in.Mode, "none or ipAllowlist with exposure.type "+string(c.Exposure.Type)+"; privateLink needs exposure.type nlb", "needs a Network Load Balancer: an endpoint service can only front an NLB")
		}
		if len(in.AllowedPrincipals) == 0 {
			p.add("inbound.allowedPrincipals", nil, PortkeyControlPlanePrincipal, "must list the control plane's principal")
		}
		for i, a := range in.AllowedPrincipals {
			checkPattern(p, fmt.Sprintf("inbound.allowedPrincipals[%d]", i), a, validate.PrincipalARN, "an account root, role or user ARN such as "+PortkeyControlPlanePrincipal)
		}
		checkPattern(p, "inbound.privateDnsName", in.PrivateDNSName, validate.DNSName, "a DNS name you own, such as gateway.example.com")
		if in.VerifyPrivateDNS && in.PrivateDNSName == "" {
			p.add("inbound.verifyPrivateDns", true, "false unless inbound.privateDnsName is set", "has no private DNS name to verify")
		}
		for i, r := range in.SupportedRegions {
			if validate.Region(r) != nil {
				p.add(fmt.Sprintf("inbound.supportedRegions[%d]", i), r, "an AWS region such as us-east-1", "is not an AWS region")
			}
		}
	case InboundIPAllowlist:
		if c.Exposure.Type == vocab.ExposureNone {
			p.add("inbound.mode", in.Mode, "none, or exposure.type nlb or alb", "needs a load balancer for the control plane to reach")
		} else if c.Exposure.Scheme != vocab.SchemeInternetFacing {
			p.add("exposure.scheme", c.Exposure.Scheme, "internet-facing with inbound.mode ipAllowlist", "must be internet-facing: the control plane reaches the gateway over the internet")
		}
		if len(in.AllowlistCidrs) == 0 {
			p.add("inbound.allowlistCidrs", nil, strings.Join(PortkeyControlPlaneAddresses, ", "), "must list the control plane's addresses")
		}
		checkCIDRs(p, "inbound.allowlistCidrs", in.AllowlistCidrs)
		for i, cidr := range in.AllowlistCidrs {
			if cidr == "0.0.0.0/0" {
				p.add(fmt.Sprintf("inbound.allowlistCidrs[%d]", i), cidr, "the control plane's /32 addresses", "would admit everyone")
			}
		}
	}
}

func validateTags(p *problems, c Config) {
	for _, k := range sortedKeys(c.Tags) {
		switch {
		case k == "" || len(k) > 128:
			p.add("tags."+k, nil, "keys of 1 to 128 characters", "is not a valid tag key")
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			p.add("tags."+k, nil, "keys that do not start with aws:", "uses the reserved aws: prefix")
		case slices.Contains([]string{"ManagedBy", "Project", "Stack"}, k):
			p.add("tags."+k, c.Tags[k], "other keys; ManagedBy, Project and Stack are set by the program", "would be overwritten")
		case len(c.Tags[k]) > 256:
			p.add("tags."+k, nil, "values of at most 256 characters", "is too long")
		}
	}
}

func validateSecrets(p *problems, c Config) {
	s := c.Secrets
	if s.Required {
		for _, r := range []struct {
			key string
			set bool
		}{{KeyClientAuthKey, s.ClientAuthKey}, {KeyRegistryUsername, s.RegistryUsername}, {KeyRegistryPassword, s.RegistryPassword}} {
			if !r.set {
				p.add(r.key, nil, "a secret from Portkey", "is required: run `pulumi config set --secret %s <value>`", r.key)
			}
		}
	}
	for _, k := range s.NotSecret {
		p.add(k, nil, "a secret value", "is stored in plain text: set it again with `pulumi config set --secret %s <value>`", k)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
