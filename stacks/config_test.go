package stacks_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/components/gateway"
	"github.com/portkey-eks/portkey-eks/stacks"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// validInput is a minimal valid configuration: only the required keys set.
func validInput() stacks.Input {
	return stacks.Input{
		Project: "portkey-eks",
		Stack:   "test",
		Region:  "us-east-1",
		Sections: map[string]json.RawMessage{
			"gateway": json.RawMessage(`{"organisationId": "org-1234"}`),
			// The default private-only endpoint needs a way in for whoever deploys.
			"cluster": json.RawMessage(`{"privateAccessCidrs": ["10.20.0.0/16"]}`),
		},
		Secrets: stacks.SecretsPresent{Required: true, ClientAuthKey: true, RegistryUsername: true, RegistryPassword: true, CacheAuthToken: true},
	}
}

// badConfig is one invalid configuration and the keys its problems must name.
type badConfig struct {
	name     string
	sections map[string]string // section -> JSON, replacing the section in validInput
	secrets  func(*stacks.SecretsPresent)
	region   *string
	other    []string
	want     []string // keys that must have a problem
}

func strp(s string) *string { return &s }

var badConfigs = []badConfig{
	// Enum typos and unknown keys.
	{name: "network mode typo", sections: map[string]string{"network": `{"mode": "exisitng"}`}, want: []string{"network.mode"}},
	{name: "nat gateways typo", sections: map[string]string{"network": `{"natGateways": "per-az"}`}, want: []string{"network.natGateways"}},
	{name: "cache mode typo", sections: map[string]string{"cache": `{"mode": "elasticcache"}`}, want: []string{"cache.mode"}},
	{name: "cache engine typo", sections: map[string]string{"cache": `{"engine": "valky"}`}, want: []string{"cache.engine"}},
	{name: "identity mode typo", sections: map[string]string{"identity": `{"mode": "pod-identity"}`}, want: []string{"identity.mode"}},
	{name: "exposure type typo", sections: map[string]string{"exposure": `{"type": "elb"}`}, want: []string{"exposure.type"}},
	{name: "scheme typo", sections: map[string]string{"exposure": `{"scheme": "public"}`}, want: []string{"exposure.scheme"}},
	{name: "control plane typo", sections: map[string]string{"controlPlane": `{"connectivity": "privatelink"}`}, want: []string{"controlPlane.connectivity"}},
	{name: "inbound mode typo", sections: map[string]string{"inbound": `{"mode": "allowlist"}`}, want: []string{"inbound.mode"}},
	{name: "log encryption typo", sections: map[string]string{"logStore": `{"encryption": "sse-kms"}`}, want: []string{"logStore.encryption"}},
	{name: "unknown key in a section", sections: map[string]string{"network": `{"azcount": 2}`}, want: []string{"network.azcount"}},
	{name: "unknown nested key", sections: map[string]string{"gateway": `{"organisationId": "org-1234", "autoscaling": {"enable": true}}`}, want: []string{"gateway.autoscaling.enable"}},
	{name: "unknown top-level key", other: []string{"netwrok"}, want: []string{"netwrok"}},
	{name: "wrong type: string for integer", sections: map[string]string{"network": `{"azCount": "3"}`}, want: []string{"network.azCount"}},
	{name: "wrong type: section is a list", sections: map[string]string{"cache": `["builtin"]`}, want: []string{"cache"}},
	{name: "wrong type: fractional integer", sections: map[string]string{"cache": `{"shards": 1.5}`}, want: []string{"cache.shards"}},
	// Network.
	{name: "fewer than 2 AZs", sections: map[string]string{"network": `{"azCount": 1}`}, want: []string{"network.azCount"}},
	{name: "one explicit AZ", sections: map[string]string{"network": `{"availabilityZones": ["us-east-1a"]}`}, want: []string{"network.availabilityZones"}},
	{name: "AZ of another region", sections: map[string]string{"network": `{"availabilityZones": ["us-east-1a", "eu-west-1b"]}`}, want: []string{"network.availabilityZones[1]"}},
	{name: "malformed VPC CIDR", sections: map[string]string{"network": `{"cidr": "10.0.0.0/33"}`}, want: []string{"network.cidr"}},
	{name: "VPC CIDR too large", sections: map[string]string{"network": `{"cidr": "10.0.0.0/8"}`}, want: []string{"network.cidr"}},
	{name: "existing VPC without IDs", sections: map[string]string{"network": `{"mode": "existing"}`}, want: []string{"network.vpcId", "network.privateSubnetIds"}},
	{name: "malformed VPC and subnet IDs", sections: map[string]string{"network": `{"mode": "existing", "vpcId": "vpc-xyz", "privateSubnetIds": ["subnet-0123456789abcdef0", "sub-1"]}`}, want: []string{"network.vpcId", "network.privateSubnetIds[1]"}},
	{name: "vpcId with a new VPC", sections: map[string]string{"network": `{"vpcId": "vpc-0123456789abcdef0"}`}, want: []string{"network.vpcId"}},
	{name: "bad flow log retention", sections: map[string]string{"network": `{"flowLogsRetentionDays": 10}`}, want: []string{"network.flowLogsRetentionDays"}},
	// Cluster.
	{name: "unsupported kubernetes version", sections: map[string]string{"cluster": `{"version": "1.24"}`}, want: []string{"cluster.version"}},
	{name: "public endpoint without CIDRs", sections: map[string]string{"cluster": `{"endpointPublicAccess": true}`}, want: []string{"cluster.publicAccessCidrs"}},
	{name: "malformed public access CIDR", sections: map[string]string{"cluster": `{"endpointPublicAccess": true, "publicAccessCidrs": ["1.2.3.4"]}`}, want: []string{"cluster.publicAccessCidrs[0]"}},
	{name: "malformed admin ARN", sections: map[string]string{"cluster": `{"adminArns": ["arn:aws:iam::12345:role/admin"]}`}, want: []string{"cluster.adminArns[0]"}},
	{name: "malformed KMS key ARN", sections: map[string]string{"cluster": `{"secretsKmsKeyArn": "alias/eks"}`}, want: []string{"cluster.secretsKmsKeyArn"}},
	{name: "audit log missing", sections: map[string]string{"cluster": `{"logTypes": ["api", "authenticator"]}`}, want: []string{"cluster.logTypes"}},
	{name: "unknown log type", sections: map[string]string{"cluster": `{"logTypes": ["api", "audit", "authenticator", "scheduller"]}`}, want: []string{"cluster.logTypes[3]"}},
	{name: "t4g with an x86 AMI type", sections: map[string]string{"cluster": `{"nodeGroups": [{"amiType": "AL2023_x86_64_STANDARD"}]}`}, want: []string{"cluster.nodeGroups[0].instanceTypes[0]"}},
	{name: "x86 instance with an ARM AMI", sections: map[string]string{"cluster": `{"nodeGroups": [{"instanceTypes": ["t4g.medium", "m5.large"]}]}`}, want: []string{"cluster.nodeGroups[0].instanceTypes[1]"}},
	{name: "AMI type typo", sections: map[string]string{"cluster": `{"nodeGroups": [{"amiType": "AL2023_ARM64"}]}`}, want: []string{"cluster.nodeGroups[0].amiType"}},
	{name: "min greater than max", sections: map[string]string{"cluster": `{"nodeGroups": [{"minSize": 5, "maxSize": 3}]}`}, want: []string{"cluster.nodeGroups[0].minSize"}},
	{name: "desired outside range", sections: map[string]string{"cluster": `{"nodeGroups": [{"minSize": 2, "desiredSize": 9, "maxSize": 4}]}`}, want: []string{"cluster.nodeGroups[0].desiredSize"}},
	{name: "first group below two nodes", sections: map[string]string{"cluster": `{"nodeGroups": [{"minSize": 1, "desiredSize": 1}]}`}, want: []string{"cluster.nodeGroups[0].minSize"}},
	{name: "node-role label", sections: map[string]string{"cluster": `{"nodeGroups": [{"labels": {"node-role.kubernetes.io/gateway": ""}}]}`}, want: []string{"cluster.nodeGroups[0].labels.node-role.kubernetes.io/gateway"}},
	{name: "taint effect typo", sections: map[string]string{"cluster": `{"nodeGroups": [{"taints": [{"key": "dedicated", "value": "gw", "effect": "NoSchedule"}]}]}`}, want: []string{"cluster.nodeGroups[0].taints[0].effect"}},
	{name: "duplicate node group names", sections: map[string]string{"cluster": `{"nodeGroups": [{"name": "a"}, {"name": "a", "minSize": 0, "desiredSize": 0}]}`}, want: []string{"cluster.nodeGroups[1].name"}},
	{name: "disk too small", sections: map[string]string{"cluster": `{"nodeGroups": [{"diskSizeGiB": 8}]}`}, want: []string{"cluster.nodeGroups[0].diskSizeGiB"}},
	{name: "node groups on an existing cluster", sections: map[string]string{"cluster": `{"mode": "existing", "name": "shared", "nodeGroups": [{"name": "extra"}]}`}, want: []string{"cluster.nodeGroups"}},
	{name: "malformed add-on version", sections: map[string]string{"cluster": `{"addons": {"coredns": "1.11"}}`}, want: []string{"cluster.addons.coredns"}},
	// Cache.
	{name: "cluster mode with the built-in cache", sections: map[string]string{"cache": `{"mode": "builtin", "clusterMode": true}`}, want: []string{"cache.clusterMode"}},
	{name: "auth token with the built-in cache", sections: map[string]string{"cache": `{"mode": "builtin"}`}, want: []string{stacks.KeyCacheAuthToken}},
	{name: "shards without cluster mode", sections: map[string]string{"cache": `{"shards": 3}`}, want: []string{"cache.shards"}},
	{name: "unsupported engine version", sections: map[string]string{"cache": `{"engine": "redis", "engineVersion": "5.0"}`}, want: []string{"cache.engineVersion"}},
	{name: "too many replicas", sections: map[string]string{"cache": `{"replicasPerShard": 6}`}, want: []string{"cache.replicasPerShard"}},
	{name: "elasticache without TLS", sections: map[string]string{"cache": `{"tls": false}`}, want: []string{"cache.tls"}},
	{name: "missing cache auth token", secrets: func(s *stacks.SecretsPresent) { s.CacheAuthToken = false }, want: []string{stacks.KeyCacheAuthToken}},
	{name: "auth token with IAM auth", sections: map[string]string{"cache": `{"authMode": "iam"}`}, want: []string{stacks.KeyCacheAuthToken}},
	{name: "snapshots off", sections: map[string]string{"cache": `{"snapshotRetentionDays": 0}`}, want: []string{"cache.snapshotRetentionDays"}},
	{name: "malformed maintenance window", sections: map[string]string{"cache": `{"maintenanceWindow": "sunday 5am"}`}, want: []string{"cache.maintenanceWindow"}},
	{name: "malformed node type", sections: map[string]string{"cache": `{"nodeType": "t4g.medium"}`}, want: []string{"cache.nodeType"}},
	// Log store.
	{name: "bucket prefix with upper case", sections: map[string]string{"logStore": `{"bucketPrefix": "Portkey_Logs"}`}, want: []string{"logStore.bucketPrefix"}},
	{name: "bucket prefix too long", sections: map[string]string{"logStore": `{"bucketPrefix": "` + strings.Repeat("a", 40) + `"}`}, want: []string{"logStore.bucketPrefix"}},
	{name: "bucket prefix reserved form", sections: map[string]string{"logStore": `{"bucketPrefix": "xn--logs"}`}, want: []string{"logStore.bucketPrefix"}},
	{name: "KMS key with SSE-S3", sections: map[string]string{"logStore": `{"encryption": "sse-s3", "kmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/0b9a2b1e-1111-2222-3333-444455556666"}`}, want: []string{"logStore.kmsKeyArn"}},
	{name: "malformed log KMS key", sections: map[string]string{"logStore": `{"kmsKeyArn": "arn:aws:kms:us-east-1:123456789012:alias/logs"}`}, want: []string{"logStore.kmsKeyArn"}},
	{name: "IA transition too early", sections: map[string]string{"logStore": `{"transitionToIaDays": 10}`}, want: []string{"logStore.transitionToIaDays"}},
	{name: "glacier after expiry", sections: map[string]string{"logStore": `{"retentionDays": 90, "transitionToGlacierDays": 120}`}, want: []string{"logStore.transitionToGlacierDays"}},
	// Identity.
	{name: "bedrock without models", sections: map[string]string{"identity": `{"bedrock": {"enabled": true}}`}, want: []string{"identity.bedrock.modelArns"}},
	{name: "bedrock models and all models", sections: map[string]string{"identity": `{"bedrock": {"enabled": true, "allModels": true, "modelArns": ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"]}}`}, want: []string{"identity.bedrock.allModels"}},
	{name: "bedrock settings while disabled", sections: map[string]string{"identity": `{"bedrock": {"allModels": true}}`}, want: []string{"identity.bedrock.enabled"}},
	{name: "malformed bedrock ARN", sections: map[string]string{"identity": `{"bedrock": {"enabled": true, "modelArns": ["anthropic.claude"]}}`}, want: []string{"identity.bedrock.modelArns[0]"}},
	{name: "malformed permissions boundary", sections: map[string]string{"identity": `{"permissionsBoundaryArn": "arn:aws:iam::123456789012:role/x"}`}, want: []string{"identity.permissionsBoundaryArn"}},
	// Gateway.
	{name: "missing organisation ID", sections: map[string]string{"gateway": `{}`}, want: []string{"gateway.organisationId"}},
	{name: "bad namespace", sections: map[string]string{"gateway": `{"organisationId": "org-1234", "namespace": "Portkey_AI"}`}, want: []string{"gateway.namespace"}},
	{name: "same service account for both", sections: map[string]string{"gateway": `{"organisationId": "org-1234", "dataService": {"enabled": true, "serviceAccountName": "gateway-sa"}}`}, want: []string{"gateway.dataService.serviceAccountName"}},
	{name: "latest tag without Always", sections: map[string]string{"gateway": `{"organisationId": "org-1234", "images": {"gatewayTag": "latest"}}`}, want: []string{"gateway.images.gatewayTag"}},
	{name: "autoscaling max below min", sections: map[string]string{"gateway": `{"organisationId": "org-1234", "autoscaling": {"enabled": true, "minReplicas": 4, "maxReplicas": 2}}`}, want: []string{"gateway.autoscaling.maxReplicas"}},
	{name: "memory request too big for t4g.medium", sections: map[string]string{"gateway": `{"organisationId": "org-1234", "resources": {"memoryRequest": "6Gi", "memoryLimit": "8Gi"}}`}, want: []string{"gateway.resources.memoryRequest"}},
	{name: "malformed chart version", sections: map[string]string{"gateway": `{"organisationId": "org-1234", "chartVersion": "latest"}`}, want: []string{"gateway.chartVersion"}},
	// Exposure and control plane.
	{name: "malformed allowed CIDR", sections: map[string]string{"exposure": `{"allowedCidrs": ["10.0.0.1/16"]}`}, want: []string{"exposure.allowedCidrs[0]"}},
	{name: "malformed certificate ARN", sections: map[string]string{"exposure": `{"certificateArn": "arn:aws:iam::123456789012:server-certificate/x"}`}, want: []string{"exposure.certificateArn"}},
	{name: "internet-facing without CIDRs", sections: map[string]string{"exposure": `{"scheme": "internet-facing"}`}, want: []string{"exposure.allowedCidrs"}},
	{name: "ALB in an existing VPC without CIDRs", sections: map[string]string{"exposure": `{"type": "alb"}`, "network": `{"mode": "existing", "vpcId": "vpc-0123456789abcdef0", "privateSubnetIds": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]}`}, want: []string{"exposure.allowedCidrs"}},
	{name: "hostname on an NLB", sections: map[string]string{"exposure": `{"hostname": "gw.example.com"}`}, want: []string{"exposure.hostname"}},
	{name: "malformed control plane service", sections: map[string]string{"controlPlane": `{"connectivity": "privateLink", "serviceName": "vpce-svc-0c2c1c323d9f56d95"}`}, want: []string{"controlPlane.serviceName"}},
	// Inbound.
	{name: "inbound PrivateLink without an NLB", sections: map[string]string{"exposure": `{"type": "alb"}`, "inbound": `{"mode": "privateLink"}`}, want: []string{"inbound.mode"}},
	{name: "inbound PrivateLink malformed principal", sections: map[string]string{"inbound": `{"mode": "privateLink", "allowedPrincipals": ["*"]}`}, want: []string{"inbound.allowedPrincipals[0]"}},
	{name: "allow-list on an internal LB", sections: map[string]string{"inbound": `{"mode": "ipAllowlist"}`}, want: []string{"exposure.scheme"}},
	{name: "allow-list of everyone", sections: map[string]string{"exposure": `{"scheme": "internet-facing"}`, "inbound": `{"mode": "ipAllowlist", "allowlistCidrs": ["0.0.0.0/0"]}`}, want: []string{"inbound.allowlistCidrs[0]"}},
	{name: "allow-list without a load balancer", sections: map[string]string{"exposure": `{"type": "none"}`, "inbound": `{"mode": "ipAllowlist"}`}, want: []string{"inbound.mode"}},
	// Region, tags, secrets.
	{name: "missing region", region: strp(""), want: []string{"aws:region"}},
	{name: "malformed region", region: strp("useast1"), want: []string{"aws:region"}},
	{name: "reserved tag prefix", sections: map[string]string{"tags": `{"aws:owner": "me"}`}, want: []string{"tags.aws:owner"}},
	{name: "tag overriding a program tag", sections: map[string]string{"tags": `{"ManagedBy": "me"}`}, want: []string{"tags.ManagedBy"}},
	{name: "missing secrets for pulumi up", secrets: func(s *stacks.SecretsPresent) {
		s.ClientAuthKey, s.RegistryUsername, s.RegistryPassword = false, false, false
	}, want: []string{stacks.KeyClientAuthKey, stacks.KeyRegistryUsername, stacks.KeyRegistryPassword}},
	{name: "secret set in plain text", secrets: func(s *stacks.SecretsPresent) { s.NotSecret = []string{stacks.KeyRegistryPassword} }, want: []string{stacks.KeyRegistryPassword}},
	// What AWS or Kubernetes would refuse later (issue "First real pulumi up").
	{name: "snapshot window overlaps maintenance", sections: map[string]string{"cache": `{"snapshotWindow": "05:30-06:30"}`}, want: []string{"cache.snapshotWindow"}},
	{name: "snapshot window under an hour", sections: map[string]string{"cache": `{"snapshotWindow": "03:00-03:30"}`}, want: []string{"cache.snapshotWindow"}},
	{name: "maintenance window under an hour", sections: map[string]string{"cache": `{"maintenanceWindow": "mon:05:00-mon:05:45"}`}, want: []string{"cache.maintenanceWindow"}},
	{name: "maintenance window over a day", sections: map[string]string{"cache": `{"maintenanceWindow": "mon:05:00-tue:06:00"}`}, want: []string{"cache.maintenanceWindow"}},
	{name: "auth token ElastiCache refuses", secrets: func(s *stacks.SecretsPresent) { s.CacheAuthTokenError = "the auth token contains \"+\"" }, want: []string{stacks.KeyCacheAuthToken}},
	{name: "GLACIER_IR too soon after STANDARD_IA", sections: map[string]string{"logStore": `{"transitionToIaDays": 30, "transitionToGlacierDays": 45}`}, want: []string{"logStore.transitionToGlacierDays"}},
	{name: "certificate of another region", sections: map[string]string{"exposure": `{"certificateArn": "arn:aws:acm:eu-west-1:111122223333:certificate/0f2a3b4c-1111-2222-3333-444455556666"}`}, want: []string{"exposure.certificateArn"}},
	{name: "instance type typo", sections: map[string]string{"cluster": `{"privateAccessCidrs": ["10.20.0.0/16"], "nodeGroups": [{"instanceTypes": ["t4g.mediun"]}]}`}, want: []string{"cluster.nodeGroups[0].instanceTypes[0]"}},
	{name: "instance type below the guide's sizing", sections: map[string]string{"cluster": `{"privateAccessCidrs": ["10.20.0.0/16"], "nodeGroups": [{"instanceTypes": ["t4g.small"]}]}`}, want: []string{"cluster.nodeGroups[0].instanceTypes[0]"}},
	{name: "no node group the gateway can run on", sections: map[string]string{"cluster": `{"privateAccessCidrs": ["10.20.0.0/16"], "nodeGroups": [{"taints": [{"key": "dedicated", "value": "batch", "effect": "NO_SCHEDULE"}]}]}`}, want: []string{"cluster.nodeGroups"}},
	{name: "NLB on a new cluster without the controller", sections: map[string]string{"cluster": `{"privateAccessCidrs": ["10.20.0.0/16"], "loadBalancerController": {"install": false}}`}, want: []string{"cluster.loadBalancerController.install"}},
	{name: "azCount disagrees with the AZ list", sections: map[string]string{"network": `{"azCount": 3, "availabilityZones": ["us-east-1a", "us-east-1b"]}`}, want: []string{"network.azCount"}},
	{name: "deferPrivateDns over the internet", sections: map[string]string{"controlPlane": `{"deferPrivateDns": true}`}, want: []string{"controlPlane.deferPrivateDns"}},
	{name: "ElastiCache key with the built-in Redis", sections: map[string]string{"cache": `{"mode": "builtin", "engine": "redis"}`}, secrets: func(s *stacks.SecretsPresent) { s.CacheAuthToken = false }, want: []string{"cache.engine"}},
	{name: "autoscaling keys while it is off", sections: map[string]string{"gateway": `{"organisationId": "org-1234", "autoscaling": {"maxReplicas": 9}}`}, want: []string{"gateway.autoscaling.maxReplicas"}},
	{name: "private DNS name without inbound PrivateLink", sections: map[string]string{"inbound": `{"privateDnsName": "gw.example.com"}`}, want: []string{"inbound.privateDnsName"}},
	{name: "VPC too small for its AZs", sections: map[string]string{"network": `{"cidr": "10.0.0.0/24", "azCount": 6}`}, want: []string{"network.cidr"}},
	{name: "no way to a private-only API", sections: map[string]string{"cluster": `{"endpointPublicAccess": false}`}, want: []string{"cluster.endpointPublicAccess"}},
	{name: "private access on an existing cluster", sections: map[string]string{"cluster": `{"mode": "existing", "name": "shared-platform", "privateAccessCidrs": ["10.20.0.0/16"]}`}, want: []string{"cluster.privateAccessCidrs"}},
	{name: "private access for everyone", sections: map[string]string{"cluster": `{"privateAccessCidrs": ["0.0.0.0/0"]}`}, want: []string{"cluster.privateAccessCidrs[0]"}},
	{name: "malformed private access group", sections: map[string]string{"cluster": `{"privateAccessSecurityGroupIds": ["runner-sg"]}`}, want: []string{"cluster.privateAccessSecurityGroupIds[0]"}},
	{name: "unknown chart version without pinned tags", sections: map[string]string{"gateway": `{"organisationId": "org-1234", "chartVersion": "1.8.0"}`}, want: []string{"gateway.images.gatewayTag", "gateway.images.dataServiceTag", "gateway.images.redisTag"}},
	{name: "gateway chart repository not a URL", sections: map[string]string{"gateway": `{"organisationId": "org-1234", "chartRepository": "portkey-ai"}`}, want: []string{"gateway.chartRepository"}},
	{name: "controller chart repository on S3", sections: map[string]string{"cluster": `{"privateAccessCidrs": ["10.20.0.0/16"], "loadBalancerController": {"chartRepository": "s3://charts"}}`}, want: []string{"cluster.loadBalancerController.chartRepository"}},
	// Placeholders the stack files ship.
	{name: "nil UUID organisation", sections: map[string]string{"gateway": `{"organisationId": "00000000-0000-0000-0000-000000000000"}`}, want: []string{"gateway.organisationId"}},
	{name: "documentation range on the public endpoint", sections: map[string]string{"cluster": `{"endpointPublicAccess": true, "publicAccessCidrs": ["203.0.113.0/24"]}`}, want: []string{"cluster.publicAccessCidrs[0]"}},
	{name: "documentation range as a client", sections: map[string]string{"exposure": `{"allowedCidrs": ["192.0.2.10/32"]}`}, want: []string{"exposure.allowedCidrs[0]"}},
	{name: "example account admin", sections: map[string]string{"cluster": `{"privateAccessCidrs": ["10.20.0.0/16"], "adminArns": ["arn:aws:iam::123456789012:role/platform-admin"]}`}, want: []string{"cluster.adminArns[0]"}},
}

func (bc badConfig) input() stacks.Input {
	in := validInput()
	for k, v := range bc.sections {
		in.Sections[k] = json.RawMessage(v)
	}
	if bc.secrets != nil {
		bc.secrets(&in.Secrets)
	}
	if bc.region != nil {
		in.Region = *bc.region
	}
	in.OtherKeys = bc.other
	return in
}

func TestValidInputHasNoProblems(t *testing.T) {
	cfg, ps := stacks.Decode(validInput())
	require.Empty(t, ps)
	assert.Equal(t, "portkey-test", cfg.Cluster.Name)
	assert.Equal(t, "8.0", cfg.Cache.EngineVersion)
	assert.Equal(t, 8787, cfg.Exposure.Port)
	require.Len(t, cfg.Cluster.NodeGroups, 1)
	assert.Equal(t, []string{"t4g.medium"}, cfg.Cluster.NodeGroups[0].InstanceTypes)
	assert.Equal(t, "AL2023_ARM_64_STANDARD", cfg.Cluster.NodeGroups[0].AmiType)
}

func TestBadConfigsNameTheKey(t *testing.T) {
	require.GreaterOrEqual(t, len(badConfigs), 40)
	names := map[string]bool{}
	for _, bc := range badConfigs {
		t.Run(bc.name, func(t *testing.T) {
			require.False(t, names[bc.name], "duplicate case name")
			names[bc.name] = true
			_, ps := stacks.Decode(bc.input())
			require.NotEmpty(t, ps, "configuration should be rejected")
			for _, want := range bc.want {
				assert.Contains(t, ps.Keys(), want, "problems: %v", ps)
			}
			for _, p := range ps {
				assert.NotEmpty(t, p.Message, "problem %v has no message", p)
				assert.True(t, p.Allowed != "" || strings.Contains(p.Message, "unknown"), "problem %q says nothing of what is allowed", p.String())
				assert.Contains(t, p.String(), p.Key)
			}
		})
	}
}

func TestAllProblemsReportedTogether(t *testing.T) {
	in := validInput()
	in.Sections["network"] = json.RawMessage(`{"azCount": 1, "natGateways": "many"}`)
	in.Sections["cache"] = json.RawMessage(`{"mode": "builtin", "clusterMode": true}`)
	in.Sections["gateway"] = json.RawMessage(`{}`)
	in.Secrets.RegistryPassword = false
	_, ps := stacks.Decode(in)
	assert.Subset(t, ps.Keys(), []string{"network.azCount", "network.natGateways", "cache.clusterMode", "gateway.organisationId", stacks.KeyRegistryPassword})
	msg := ps.Error()
	assert.Contains(t, msg, "problem(s)")
	assert.Equal(t, len(ps)+1, strings.Count(msg, "\n")+1, "one line per problem plus a heading")
}

func TestProblemMessageShowsValueAndAllowed(t *testing.T) {
	in := validInput()
	in.Sections["network"] = json.RawMessage(`{"natGateways": "perZone"}`)
	_, ps := stacks.Decode(in)
	require.Len(t, ps, 1)
	assert.Equal(t, `portkey-eks:network.natGateways = "perZone": is not a valid choice (allowed: single, perAz)`, ps[0].String())
}

func TestUnknownKeySuggestsTheRightOne(t *testing.T) {
	in := validInput()
	in.Sections["cluster"] = json.RawMessage(`{"verison": "1.35"}`)
	_, ps := stacks.Decode(in)
	require.Len(t, ps, 1)
	assert.Contains(t, ps[0].String(), `did you mean "version"?`)
}

// TestBadConfigRegistersNothing runs every bad configuration through the real program under
// mocks: it must fail with the problems, registering no resource, and must not panic.
func TestBadConfigRegistersNothing(t *testing.T) {
	for _, bc := range badConfigs {
		if len(bc.other) > 0 {
			continue // top-level keys are checked from the stack file, not inside the program
		}
		t.Run(bc.name, func(t *testing.T) {
			opts := optionsFromInput(bc.input())
			res, err := synth.Run(stacks.Program, opts)
			require.Error(t, err)
			var ps stacks.Problems
			require.True(t, errors.As(err, &ps), "want stacks.Problems, got %T: %v", err, err)
			for _, want := range bc.want {
				assert.Contains(t, ps.Keys(), want)
			}
			assert.Empty(t, res.Resources, "a bad configuration registered resources")
		})
	}
}

// optionsFromInput turns an Input into the config a program receives.
func optionsFromInput(in stacks.Input) synth.Options {
	cfg := map[string]string{}
	if in.Region != "" {
		cfg["aws:region"] = in.Region
	}
	for k, v := range in.Sections {
		cfg["portkey-eks:"+k] = string(v)
	}
	var secretKeys []string
	set := func(key string, present bool) {
		if !present {
			return
		}
		full := "portkey-eks:" + key
		cfg[full] = "value-of-" + key
		for _, ns := range in.Secrets.NotSecret {
			if ns == key {
				return
			}
		}
		secretKeys = append(secretKeys, full)
	}
	set(stacks.KeyClientAuthKey, in.Secrets.ClientAuthKey)
	set(stacks.KeyRegistryUsername, in.Secrets.RegistryUsername)
	set(stacks.KeyRegistryPassword, in.Secrets.RegistryPassword)
	set(stacks.KeyCacheAuthToken, in.Secrets.CacheAuthToken || in.Secrets.CacheAuthTokenError != "")
	if in.Secrets.CacheAuthTokenError != "" {
		cfg["portkey-eks:"+stacks.KeyCacheAuthToken] = "has+plus/and slash @" + strings.Repeat("x", 16)
	}
	return synth.Options{Project: in.Project, Stack: in.Stack, Config: cfg, SecretKeys: secretKeys}
}

func TestExplicitFalseAndZeroWinOverDefaults(t *testing.T) {
	in := validInput()
	in.Sections["cache"] = json.RawMessage(`{"replicasPerShard": 0, "finalSnapshot": false, "protect": false}`)
	in.Sections["logStore"] = json.RawMessage(`{"transitionToIaDays": 0, "versioning": false}`)
	cfg, ps := stacks.Decode(in)
	require.Empty(t, ps)
	assert.Equal(t, 0, cfg.Cache.ReplicasPerShard)
	assert.False(t, cfg.Cache.FinalSnapshot)
	assert.False(t, cfg.Cache.Protect)
	assert.True(t, cfg.Cache.TLS, "keys a section leaves out keep their defaults")
	assert.Equal(t, 0, cfg.LogStore.TransitionToIaDays)
	assert.False(t, cfg.LogStore.Versioning)
	assert.Equal(t, 90, cfg.LogStore.RetentionDays)
}

func TestNodeGroupElementsTakeDefaults(t *testing.T) {
	in := validInput()
	in.Sections["cluster"] = json.RawMessage(`{"privateAccessCidrs": ["10.20.0.0/16"], "nodeGroups": [{"name": "general", "maxSize": 8}, {"name": "spot", "capacityType": "SPOT", "minSize": 0, "desiredSize": 0}]}`)
	cfg, ps := stacks.Decode(in)
	require.Empty(t, ps)
	require.Len(t, cfg.Cluster.NodeGroups, 2)
	assert.Equal(t, 8, cfg.Cluster.NodeGroups[0].MaxSize)
	assert.Equal(t, 2, cfg.Cluster.NodeGroups[0].MinSize)
	assert.Equal(t, []string{"t4g.medium"}, cfg.Cluster.NodeGroups[1].InstanceTypes)
	assert.Equal(t, 0, cfg.Cluster.NodeGroups[1].MinSize)
	assert.Equal(t, "SPOT", cfg.Cluster.NodeGroups[1].CapacityType)
}

func TestDefaultsAreProductionSafe(t *testing.T) {
	d := stacks.Defaults()
	assert.True(t, d.Cache.TLS)
	assert.True(t, d.Cache.Protect)
	assert.True(t, d.LogStore.Protect)
	assert.True(t, d.LogStore.Versioning)
	assert.Equal(t, vocab.EncryptionKMS, d.LogStore.Encryption)
	assert.False(t, d.Cluster.EndpointPublicAccess)
	assert.True(t, d.Exposure.DeletionProtection)
	assert.Equal(t, vocab.SchemeInternal, d.Exposure.Scheme)
	assert.True(t, d.Inbound.AcceptanceRequired)
	assert.Equal(t, []string{stacks.PortkeyControlPlanePrincipal}, d.Inbound.AllowedPrincipals)
	assert.Equal(t, "1.7.7", d.Gateway.ChartVersion)
}

// TestImageTagsComeFromTheChartTable: with no tag configured, each image takes the tag the
// configured chart version ships (the gateway component's table), not a copy of it.
func TestImageTagsComeFromTheChartTable(t *testing.T) {
	for _, chart := range gateway.KnownChartVersions() {
		in := validInput()
		in.Sections["gateway"] = json.RawMessage(`{"organisationId": "org-1234", "chartVersion": "` + chart + `"}`)
		cfg, ps := stacks.Decode(in)
		require.Empty(t, ps)
		shipped, _ := gateway.ChartImages(chart)
		assert.Equal(t, shipped.Gateway, cfg.Gateway.Images.GatewayTag)
		assert.Equal(t, shipped.DataService, cfg.Gateway.Images.DataServiceTag)
		assert.Equal(t, shipped.Redis, cfg.Gateway.Images.RedisTag)
	}
	in := validInput()
	in.Sections["gateway"] = json.RawMessage(`{"organisationId": "org-1234", "images": {"gatewayTag": "2.16.0"}}`)
	cfg, ps := stacks.Decode(in)
	require.Empty(t, ps)
	assert.Equal(t, "2.16.0", cfg.Gateway.Images.GatewayTag, "a pinned tag wins")
	shipped, _ := gateway.ChartImages(gateway.DefaultChartVersion)
	assert.Equal(t, shipped.DataService, cfg.Gateway.Images.DataServiceTag, "the data service keeps its own line")
}

// TestCacheAuthTokenValueIsChecked runs the program with a token ElastiCache would refuse:
// one problem on cacheAuthToken, and the token itself appears nowhere in the error.
func TestCacheAuthTokenValueIsChecked(t *testing.T) {
	opts := optionsFromInput(validInput())
	token := "token-with+plus/and=equals-0123456789"
	opts.Config["portkey-eks:"+stacks.KeyCacheAuthToken] = token
	_, err := synth.Run(stacks.Program, opts)
	var ps stacks.Problems
	require.ErrorAs(t, err, &ps)
	assert.Equal(t, []string{stacks.KeyCacheAuthToken}, ps.Keys())
	assert.NotContains(t, err.Error(), token)
	assert.Contains(t, err.Error(), `contains "+"`)
}
