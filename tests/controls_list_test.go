package tests

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/portkey-eks/portkey-eks/stacks"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
)

const (
	tEKSCluster     = "aws:eks/cluster:Cluster"
	tLaunchTemplate = "aws:ec2/launchTemplate:LaunchTemplate"
	tNodeGroup      = "eks:index:ManagedNodeGroup"
	tReplGroup      = "aws:elasticache/replicationGroup:ReplicationGroup"
	tBucket         = "aws:s3/bucketV2:BucketV2"
	tLB             = "aws:lb/loadBalancer:LoadBalancer"
	tListener       = "aws:lb/listener:Listener"
	tIngressRule    = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	tSG             = "aws:ec2/securityGroup:SecurityGroup"
	tEndpointSvc    = "aws:ec2/vpcEndpointService:VpcEndpointService"
	tRelease        = "kubernetes:helm.sh/v3:Release"
)

const tls13Policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"

// controls are the AWS Security Hub FSBP controls (and matching Checkov checks) the stacks
// promise, each checked on every resource it applies to.
var controls = []control{
	{"EKS.1", func(c *checker) { // private endpoint
		c.each(tEKSCluster, func(r synth.Resource) {
			if !truthy(in(r, "vpcConfig.endpointPrivateAccess")) {
				c.fail(r, "private endpoint is off")
			}
			if truthy(in(r, "vpcConfig.endpointPublicAccess")) {
				c.fail(r, "public endpoint is on")
			}
		})
	}},
	{"EKS.2", func(c *checker) { // supported version
		c.each(tEKSCluster, func(r synth.Resource) {
			v, _ := in(r, "version").(string)
			if _, ok := stacks.SupportedKubernetesVersions[v]; !ok {
				c.fail(r, "version %q is not in EKS standard support", v)
			}
		})
	}},
	{"EKS.3", func(c *checker) { // secrets envelope encryption with KMS
		c.each(tEKSCluster, func(r synth.Resource) {
			if k, _ := in(r, "encryptionConfig.provider.keyArn").(string); k == "" {
				c.fail(r, "no KMS key for secrets encryption")
			}
			if !slices.Contains(strs(in(r, "encryptionConfig.resources")), "secrets") {
				c.fail(r, "secrets are not envelope-encrypted")
			}
		})
	}},
	{"EKS.8", func(c *checker) { // audit logging (also CKV_AWS_37 minimum)
		c.each(tEKSCluster, func(r synth.Resource) {
			logs := strs(in(r, "enabledClusterLogTypes"))
			for _, need := range []string{"api", "audit", "authenticator"} {
				if !slices.Contains(logs, need) {
					c.fail(r, "control-plane log %s is off", need)
				}
			}
		})
	}},
	{"CKV_AWS_37", func(c *checker) { // all five log types
		c.each(tEKSCluster, func(r synth.Resource) {
			logs := strs(in(r, "enabledClusterLogTypes"))
			for _, need := range stacks.ControlPlaneLogTypes {
				if !slices.Contains(logs, need) {
					c.fail(r, "control-plane log %s is off", need)
				}
			}
		})
	}},
	{"EC2.170", func(c *checker) { // IMDSv2 required (CKV_AWS_79)
		c.each(tLaunchTemplate, func(r synth.Resource) {
			if in(r, "metadataOptions.httpTokens") != "required" {
				c.fail(r, "IMDSv2 is not required")
			}
		})
	}},
	{"CKV_AWS_341", func(c *checker) { // hop limit 1
		c.each(tLaunchTemplate, func(r synth.Resource) {
			if in(r, "metadataOptions.httpPutResponseHopLimit") != 1.0 {
				c.fail(r, "metadata hop limit is %v, not 1", in(r, "metadataOptions.httpPutResponseHopLimit"))
			}
		})
	}},
	{"EC2.181", func(c *checker) { // encrypted EBS
		c.each(tLaunchTemplate, func(r synth.Resource) {
			bdm, _ := in(r, "blockDeviceMappings").([]any)
			if len(bdm) == 0 {
				c.fail(r, "no root volume mapping, so encryption is left to the account default")
			}
			for i := range bdm {
				if !truthy(synth.Get(bdm[i], "ebs.encrypted")) {
					c.fail(r, "volume %d is not encrypted", i)
				}
			}
		})
	}},
	{"EC2.25", func(c *checker) { // no public IPs on nodes (CKV_AWS_88)
		c.each(tLaunchTemplate, func(r synth.Resource) {
			nis, _ := in(r, "networkInterfaces").([]any)
			for _, ni := range nis {
				if truthy(synth.Get(ni, "associatePublicIpAddress")) {
					c.fail(r, "nodes get public IPs")
				}
			}
		})
	}},
	{"AutoScaling.6", func(c *checker) { // more than one instance type, t4g.medium first
		c.each(tNodeGroup, func(r synth.Resource) {
			types := strs(in(r, "instanceTypes"))
			if len(types) < 2 {
				c.fail(r, "one instance type %v", types)
			}
			if len(types) > 0 && types[0] != "t4g.medium" {
				c.fail(r, "first instance type is %s, not t4g.medium", types[0])
			}
		})
	}},
	{"ElastiCache.1", func(c *checker) { // automatic backups
		c.each(tReplGroup, func(r synth.Resource) {
			if n, _ := in(r, "snapshotRetentionLimit").(float64); n < 1 {
				c.fail(r, "snapshots are off")
			}
		})
	}},
	{"ElastiCache.3", func(c *checker) { // automatic failover
		c.each(tReplGroup, func(r synth.Resource) {
			if !truthy(in(r, "automaticFailoverEnabled")) {
				c.fail(r, "automatic failover is off")
			}
		})
	}},
	{"ElastiCache.4", func(c *checker) { // at-rest encryption
		c.each(tReplGroup, func(r synth.Resource) {
			if !truthy(in(r, "atRestEncryptionEnabled")) {
				c.fail(r, "not encrypted at rest")
			}
		})
	}},
	{"ElastiCache.5", func(c *checker) { // in-transit encryption
		c.each(tReplGroup, func(r synth.Resource) {
			if !truthy(in(r, "transitEncryptionEnabled")) {
				c.fail(r, "not encrypted in transit")
			}
		})
	}},
	{"ElastiCache.6", func(c *checker) { // auth (CKV_AWS_31/191)
		c.each(tReplGroup, func(r synth.Resource) {
			if in(r, "authToken") == nil && len(strs(in(r, "userGroupIds"))) == 0 {
				c.fail(r, "neither an AUTH token nor an IAM user group")
			}
		})
	}},
	{"S3.8", func(c *checker) { // all four public access blocks (S3.1)
		c.each(tBucket, func(r synth.Resource) {
			pabs := c.related(r, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
			if len(pabs) == 0 {
				c.fail(r, "no public access block")
			}
			for _, p := range pabs {
				for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
					if !truthy(in(p, k)) {
						c.fail(r, "%s is off", k)
					}
				}
			}
		})
	}},
	{"S3.5", func(c *checker) { // TLS-only bucket policy
		c.each(tBucket, func(r synth.Resource) {
			ok := false
			for _, p := range c.related(r, "aws:s3/bucketPolicy:BucketPolicy") {
				for _, st := range policyStatements(in(p, "policy")) {
					if st["Effect"] == "Deny" && strings.Contains(toJSON(st["Condition"]), "aws:SecureTransport") {
						ok = true
					}
				}
			}
			if !ok {
				c.fail(r, "no policy denies requests without TLS")
			}
		})
	}},
	{"S3.12", func(c *checker) { // no ACLs: ownership enforced
		c.each(tBucket, func(r synth.Resource) {
			oc := c.related(r, "aws:s3/bucketOwnershipControls:BucketOwnershipControls")
			if len(oc) == 0 || in(oc[0], "rule.objectOwnership") != "BucketOwnerEnforced" {
				c.fail(r, "object ownership is not BucketOwnerEnforced")
			}
		})
	}},
	{"S3.13", func(c *checker) { // lifecycle
		c.each(tBucket, func(r synth.Resource) {
			if len(c.related(r, "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2")) == 0 {
				c.fail(r, "no lifecycle configuration")
			}
		})
	}},
	{"S3.14", func(c *checker) { // versioning
		c.each(tBucket, func(r synth.Resource) {
			v := c.related(r, "aws:s3/bucketVersioningV2:BucketVersioningV2")
			if len(v) == 0 || in(v[0], "versioningConfiguration.status") != "Enabled" {
				c.fail(r, "versioning is off")
			}
		})
	}},
	{"S3.17", func(c *checker) { // SSE-KMS (CKV2_AWS_6/61/62 covered by the controls above)
		c.each(tBucket, func(r synth.Resource) {
			enc := c.related(r, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2")
			if len(enc) == 0 || !strings.Contains(toJSON(in(enc[0], "rules")), `"aws:kms"`) {
				c.fail(r, "not encrypted with SSE-KMS")
			}
		})
	}},
	{"ELB.6", func(c *checker) { // deletion protection
		c.each(tLB, func(r synth.Resource) {
			if !truthy(in(r, "enableDeletionProtection")) {
				c.fail(r, "deletion protection is off")
			}
		})
	}},
	{"ELB.13", func(c *checker) { // at least two AZs
		c.each(tLB, func(r synth.Resource) {
			if n := len(strs(in(r, "subnets"))) + len(asAnyList(in(r, "subnetMappings"))); n < 2 {
				c.fail(r, "in %d subnet(s)", n)
			}
		})
	}},
	{"ELB.18", func(c *checker) { // TLS listeners with a TLS 1.3 policy (ELB.17)
		c.each(tListener, func(r synth.Resource) {
			switch in(r, "protocol") {
			case "TLS", "HTTPS":
				if in(r, "sslPolicy") != tls13Policy {
					c.fail(r, "TLS listener with policy %v", in(r, "sslPolicy"))
				}
			default:
				c.fail(r, "%v listener, not TLS", in(r, "protocol"))
			}
		})
		// The ALB is the controller's, from the Ingress annotations in the chart values.
		c.each(tRelease, func(r synth.Resource) {
			ann, _ := synth.Get(r.Inputs, "values.ingress.annotations").(map[string]any)
			if ann == nil || !truthy(synth.Get(r.Inputs, "values.ingress.enabled")) {
				return
			}
			if ann["alb.ingress.kubernetes.io/ssl-policy"] != tls13Policy || ann["alb.ingress.kubernetes.io/certificate-arn"] == nil {
				c.fail(r, "ALB without an HTTPS listener on the TLS 1.3 policy")
			}
		})
	}},
	{"ELB.4", func(c *checker) { // ALB drops invalid headers
		c.each(tRelease, func(r synth.Resource) {
			ann, _ := synth.Get(r.Inputs, "values.ingress.annotations").(map[string]any)
			if ann == nil || !truthy(synth.Get(r.Inputs, "values.ingress.enabled")) {
				return
			}
			if a, _ := ann["alb.ingress.kubernetes.io/load-balancer-attributes"].(string); !strings.Contains(a, "routing.http.drop_invalid_header_fields.enabled=true") {
				c.fail(r, "the ALB keeps invalid header fields")
			}
		})
	}},
	{"IAM.1", func(c *checker) { // no "*" action, no "svc:*" (IAM.21)
		for _, r := range c.res.Resources {
			for _, doc := range policyDocs(r) {
				c.examined++
				for _, st := range policyStatements(doc) {
					if st["Effect"] != "Allow" {
						continue
					}
					for _, a := range asList(st["Action"]) {
						if a == "*" || strings.HasSuffix(a, ":*") {
							c.fail(r, "allows action %q", a)
						}
					}
					if st["NotAction"] != nil {
						c.fail(r, "uses NotAction")
					}
					if p, ok := st["Principal"].(map[string]any); ok && (p["Service"] == "*" || p["AWS"] == "*") {
						c.fail(r, "trusts any principal")
					}
				}
			}
		}
	}},
	{"CKV_AWS_355", func(c *checker) { // no write action on "*" resources (CKV_AWS_290)
		for _, r := range c.res.Resources {
			for _, doc := range policyDocs(r) {
				c.examined++
				for _, st := range policyStatements(doc) {
					if st["Effect"] != "Allow" || !slices.Contains(asList(st["Resource"]), "*") {
						continue
					}
					for _, a := range asList(st["Action"]) {
						if isWrite(a) {
							c.fail(r, "write action %s on *", a)
							break
						}
					}
				}
			}
		}
	}},
	{"EC2.18", func(c *checker) { // no ingress from anywhere except a listener config made public (EC2.19)
		public := map[string]bool{}
		for _, l := range c.res.ByType(tLB) {
			if in(l, "internal") == false {
				for _, sg := range strs(in(l, "securityGroups")) {
					public[sg] = true
				}
			}
		}
		c.each(tIngressRule, func(r synth.Resource) {
			if cidr, _ := in(r, "cidrIpv4").(string); cidr == "0.0.0.0/0" {
				if sg, _ := in(r, "securityGroupId").(string); !public[sg] {
					c.fail(r, "ingress from 0.0.0.0/0 to %s", sg)
				}
			}
		})
		c.each(tSG, func(r synth.Resource) {
			rules, _ := in(r, "ingress").([]any)
			for _, rule := range rules {
				if slices.Contains(strs(synth.Get(rule, "cidrBlocks")), "0.0.0.0/0") {
					c.fail(r, "inline ingress from 0.0.0.0/0")
				}
			}
		})
	}},
	{"CKV_AWS_382", func(c *checker) { // node egress limited where it can be
		c.each("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", func(r synth.Resource) {
			if cidr, _ := in(r, "cidrIpv4").(string); cidr == "0.0.0.0/0" {
				c.fail(r, "egress to 0.0.0.0/0")
			}
		})
		c.each(tSG, func(r synth.Resource) {
			for _, rule := range asAnyList(in(r, "egress")) {
				if slices.Contains(strs(synth.Get(rule, "cidrBlocks")), "0.0.0.0/0") {
					c.fail(r, "inline egress to 0.0.0.0/0")
				}
			}
		})
	}},
	{"CKV_AWS_123", func(c *checker) { // endpoint service acceptance required
		c.each(tEndpointSvc, func(r synth.Resource) {
			if !truthy(in(r, "acceptanceRequired")) {
				c.fail(r, "accepts connections without review")
			}
		})
	}},
}

var policyInputs = map[string][]string{
	"aws:iam/role:Role":                {"assumeRolePolicy"},
	"aws:iam/rolePolicy:RolePolicy":    {"policy"},
	"aws:iam/policy:Policy":            {"policy"},
	"aws:s3/bucketPolicy:BucketPolicy": {"policy"},
	"aws:kms/key:Key":                  {"policy"},
}

func policyDocs(r synth.Resource) []any {
	var out []any
	for _, k := range policyInputs[r.Type] {
		if v := in(r, k); v != nil {
			out = append(out, v)
		}
	}
	return out
}

func asAnyList(v any) []any { l, _ := v.([]any); return l }

// TestSecurityControls runs every control over every variant. prod and its variants pass
// everything but the by-design exceptions; dev's exceptions are in the list above.
func TestSecurityControls(t *testing.T) {
	examined := map[string]int{}
	for _, v := range allVariants {
		t.Run(v.Name, func(t *testing.T) {
			res := synthVariant(t, v, nil, nil)
			for _, ctl := range controls {
				c := &checker{res: res, variant: v.Name, control: ctl.id}
				ctl.check(c)
				examined[ctl.id] += c.examined
				for _, viol := range c.violations {
					t.Errorf("%s", viol)
				}
			}
		})
	}
	// A control that never saw a resource it applies to proves nothing.
	for _, ctl := range controls {
		assert.Positive(t, examined[ctl.id], "control %s examined no resource in any variant", ctl.id)
	}
}

// TestControlsCanFail feeds the controls a deliberately bad inventory, so a control that
// can never fire is caught.
func TestControlsCanFail(t *testing.T) {
	bad := &synth.Result{Resources: []synth.Resource{
		{URN: "urn:eks", Type: tEKSCluster, Inputs: map[string]any{"version": "1.20", "vpcConfig": map[string]any{"endpointPublicAccess": true}}},
		{URN: "urn:lt", Type: tLaunchTemplate, Inputs: map[string]any{"metadataOptions": map[string]any{"httpTokens": "optional", "httpPutResponseHopLimit": 2.0}, "networkInterfaces": []any{map[string]any{"associatePublicIpAddress": "true"}}}},
		{URN: "urn:ng", Type: tNodeGroup, Inputs: map[string]any{"instanceTypes": []any{"m5.large"}}},
		{URN: "urn:rg", Type: tReplGroup, Inputs: map[string]any{}},
		{URN: "urn:b", Type: tBucket, Inputs: map[string]any{}},
		{URN: "urn:lb", Type: tLB, Inputs: map[string]any{"internal": true, "subnets": []any{"subnet-1"}}},
		{URN: "urn:l", Type: tListener, Inputs: map[string]any{"protocol": "TLS", "sslPolicy": "ELBSecurityPolicy-2016-08"}},
		{URN: "urn:p", Type: "aws:iam/rolePolicy:RolePolicy", Inputs: map[string]any{"policy": `{"Statement":[{"Effect":"Allow","Action":["s3:*","ec2:CreateTags"],"Resource":"*"}]}`}},
		{URN: "urn:r", Type: tIngressRule, Inputs: map[string]any{"cidrIpv4": "0.0.0.0/0", "securityGroupId": "sg-1"}},
		{URN: "urn:eg", Type: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", Inputs: map[string]any{"cidrIpv4": "0.0.0.0/0"}},
		{URN: "urn:es", Type: tEndpointSvc, Inputs: map[string]any{"acceptanceRequired": false}},
		{URN: "urn:rel", Type: tRelease, Inputs: map[string]any{"values": map[string]any{"ingress": map[string]any{"enabled": true, "annotations": map[string]any{}}}}},
	}}
	for _, ctl := range controls {
		c := &checker{res: bad, variant: "synthetic", control: ctl.id, strict: true}
		ctl.check(c)
		assert.NotEmpty(t, c.violations, "control %s found nothing wrong in a bad inventory", ctl.id)
	}
}

func TestExceptionsHaveReasons(t *testing.T) {
	ids := map[string]bool{}
	for _, ctl := range controls {
		ids[ctl.id] = true
	}
	for _, e := range exceptions {
		assert.True(t, ids[e.Control], "exception for unknown control %s", e.Control)
		assert.NotEmpty(t, e.Reason)
		for _, v := range e.Variants {
			assert.False(t, strings.HasPrefix(v, "prod"), "prod may only have by-design exceptions (all variants), not %s", e.Control)
		}
	}
}
