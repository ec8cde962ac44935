package estimate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func prices(t *testing.T) *PriceTable {
	t.Helper()
	pt, err := Prices()
	require.NoError(t, err)
	return pt
}

func TestEveryPriceHasSourceAndDate(t *testing.T) {
	pt := prices(t)
	require.Contains(t, pt.Regions, "us-east-1")
	require.Contains(t, pt.Regions, "us-west-2")
	assert.Equal(t, 730.0, pt.HoursPerMonth)
	for region, ps := range pt.Regions {
		require.NotEmpty(t, ps, region)
		for key, p := range ps {
			assert.Positive(t, p.USD, "%s %s", region, key)
			assert.NotEmpty(t, p.Unit, "%s %s", region, key)
			assert.True(t, strings.HasPrefix(p.Source, "https://aws.amazon.com/"), "%s %s: source %q is not an AWS pricing page", region, key, p.Source)
			assert.Regexp(t, `^20\d\d-\d\d$`, p.AsOf, "%s %s", region, key)
		}
	}
	for k, a := range pt.Assumptions {
		assert.NotEmpty(t, a.Unit, k)
		assert.NotEmpty(t, a.About, k)
	}
}

// Valkey nodes cost less than Redis OSS nodes of the same type, in every region.
func TestValkeyIsPricedBelowRedis(t *testing.T) {
	pt := prices(t)
	n := 0
	for region, ps := range pt.Regions {
		for key, p := range ps {
			if rest, ok := strings.CutPrefix(key, "elasticache.valkey."); ok {
				redis, ok := ps["elasticache.redis."+rest]
				require.True(t, ok, "%s: %s has no Redis OSS counterpart", region, key)
				assert.Less(t, p.USD, redis.USD, "%s %s", region, key)
				n++
			}
		}
	}
	assert.Positive(t, n)
}

// line returns the cost's line for an item, failing when there is not exactly one.
func line(t *testing.T, c *Cost, item string) Line {
	t.Helper()
	var found []Line
	for _, l := range c.Lines {
		if l.Item == item {
			found = append(found, l)
		}
	}
	require.Len(t, found, 1, "item %q in %+v", item, c.Lines)
	return found[0]
}

func TestCostLines(t *testing.T) {
	lt := map[string]any{"blockDeviceMappings": []any{map[string]any{"ebs": map[string]any{"volumeSize": 50.0, "volumeType": "gp3"}}}}
	ng := func(desired float64, types ...any) map[string]any {
		return map[string]any{"instanceTypes": types, "scalingConfig": map[string]any{"desiredSize": desired}}
	}
	type want struct {
		item     string
		n        int
		quantity float64
		monthly  float64
	}
	cases := []struct {
		name      string
		inv       []Resource
		region    string
		overrides map[string]float64
		want      []want
		total     float64
	}{
		{
			// 730 h x $0.10.
			name:  "EKS control plane and its logs",
			inv:   newInv().add("aws:eks/cluster:Cluster", "c", map[string]any{"name": "k", "enabledClusterLogTypes": []any{"api", "audit"}}).build(),
			want:  []want{{"EKS control plane", 1, 730, 73}, {"CloudWatch Logs ingestion: EKS control-plane logs", 1, 4, 2}},
			total: 75,
		},
		{
			// 3 x 730 h x $0.0336 = 73.584; 3 x 50 GB x $0.08 = 12.
			name: "node group at desired size, first instance type, root volume from its launch template",
			inv: newInv().add("aws:ec2/launchTemplate:LaunchTemplate", "general", lt).
				add("aws:eks/nodeGroup:NodeGroup", "general", ng(3, "t4g.medium", "c7g.large")).build(),
			want:  []want{{"EC2 t4g.medium x 3", 1, 2190, 73.584}, {"EBS gp3 root volumes", 1, 150, 12}},
			total: 85.584,
		},
		{
			// 2 x 730 x $0.045 = 65.70; 100 GB x $0.045 = 4.50; 2 x 730 x $0.005 = 7.30.
			name: "NAT gateways, their data and their addresses",
			inv: newInv().add("aws:ec2/eip:Eip", "ip-a", nil).add("aws:ec2/eip:Eip", "ip-b", nil).
				add("aws:ec2/natGateway:NatGateway", "nat-a", nil, "ip-a").add("aws:ec2/natGateway:NatGateway", "nat-b", nil, "ip-b").build(),
			want:  []want{{"NAT gateway", 2, 1460, 65.7}, {"NAT gateway data processing", 2, 100, 4.5}, {"Public IPv4 address (Elastic IP)", 2, 1460, 7.3}},
			total: 77.5,
		},
		{
			name:      "NAT data is an assumption --assume changes",
			inv:       newInv().add("aws:ec2/natGateway:NatGateway", "nat", nil).build(),
			overrides: map[string]float64{"nat.gbPerMonth": 1000},
			want:      []want{{"NAT gateway", 1, 730, 32.85}, {"NAT gateway data processing", 1, 1000, 45}},
			total:     77.85,
		},
		{
			// 730 x $0.0225 = 16.425; 1 LCU x 730 x $0.006 = 4.38; 3 subnets x 730 x $0.005 = 10.95.
			name: "internet-facing NLB has a public address per subnet",
			inv: newInv().add("aws:lb/loadBalancer:LoadBalancer", "nlb", map[string]any{"loadBalancerType": "network", "internal": false,
				"subnets": []any{"s1", "s2", "s3"}}).build(),
			want:  []want{{"NLB", 1, 730, 16.425}, {"NLB capacity units", 1, 730, 4.38}, {"Public IPv4 addresses of the internet-facing NLB", 1, 2190, 10.95}},
			total: 31.755,
		},
		{
			name:  "internal NLB has no public address",
			inv:   newInv().add("aws:lb/loadBalancer:LoadBalancer", "nlb", map[string]any{"loadBalancerType": "network", "internal": true, "subnets": []any{"s1", "s2"}}).build(),
			want:  []want{{"NLB", 1, 730, 16.425}, {"NLB capacity units", 1, 730, 4.38}},
			total: 20.805,
		},
		{
			// ALB of the chart's Ingress: 16.425 + 730 x $0.008 = 5.84; 2 public subnets x 730 x $0.005 = 7.30.
			name: "ALB created by the LB controller from the gateway's Ingress",
			inv: newInv().add("aws:ec2/subnet:Subnet", "net-public-a", nil).add("aws:ec2/subnet:Subnet", "net-public-b", nil).
				add("aws:ec2/subnet:Subnet", "net-private-a", nil).
				add("kubernetes:helm.sh/v3:Release", "gateway-release", map[string]any{"values": map[string]any{"ingress": map[string]any{
					"enabled": true, "ingressClassName": "alb", "annotations": map[string]any{"alb.ingress.kubernetes.io/scheme": "internet-facing"}}}}).build(),
			want: []want{{"ALB (created by the LB controller from the gateway's Ingress)", 1, 730, 16.425},
				{"ALB (created by the LB controller from the gateway's Ingress) capacity units", 1, 730, 5.84},
				{"Public IPv4 addresses of the internet-facing ALB", 1, 1460, 7.3}},
			total: 29.565,
		},
		{
			name:  "a release without an ALB Ingress costs nothing",
			inv:   newInv().add("kubernetes:helm.sh/v3:Release", "lbc", map[string]any{"values": map[string]any{"replicaCount": 2.0}}).build(),
			total: 0,
		},
		{
			// 3 AZs x 730 x $0.01 = 21.90; 20 GB x $0.01 = 0.20; cross-region 20 GB x $0.02 = 0.40.
			name: "interface endpoint per AZ, cross-region",
			inv: newInv().add("aws:ec2/vpcEndpoint:VpcEndpoint", "ep", map[string]any{"vpcEndpointType": "Interface", "serviceRegion": "us-east-1",
				"subnetIds": []any{"a", "b", "c"}}).build(),
			region: "us-west-2",
			want: []want{{"Interface VPC endpoint", 1, 2190, 21.9}, {"Interface VPC endpoint data processing", 1, 20, 0.2},
				{"Cross-region data transfer (us-west-2 to us-east-1 endpoint service)", 1, 20, 0.4}},
			total: 22.5,
		},
		{
			name:  "gateway endpoint is free",
			inv:   newInv().add("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", map[string]any{"vpcEndpointType": "Gateway"}).build(),
			total: 0,
		},
		{
			// 3 x 730 x $0.052 = 113.88.
			name:  "Valkey replication group",
			inv:   newInv().add("aws:elasticache/replicationGroup:ReplicationGroup", "cache", map[string]any{"engine": "valkey", "nodeType": "cache.t4g.medium", "numCacheClusters": 3.0}).build(),
			want:  []want{{"ElastiCache valkey cache.t4g.medium x 3", 1, 2190, 113.88}},
			total: 113.88,
		},
		{
			// 3 x 730 x $0.065 = 142.35.
			name:  "Redis OSS replication group",
			inv:   newInv().add("aws:elasticache/replicationGroup:ReplicationGroup", "cache", map[string]any{"engine": "redis", "nodeType": "cache.t4g.medium", "numCacheClusters": 3.0}).build(),
			want:  []want{{"ElastiCache redis cache.t4g.medium x 3", 1, 2190, 142.35}},
			total: 142.35,
		},
		{
			// 3 shards x (1 + 1) = 6 nodes: 6 x 730 x $0.052 = 227.76.
			name: "cluster-mode replication group",
			inv: newInv().add("aws:elasticache/replicationGroup:ReplicationGroup", "cache", map[string]any{"engine": "valkey", "nodeType": "cache.t4g.medium",
				"numNodeGroups": 3.0, "replicasPerNodeGroup": 1.0}).build(),
			want:  []want{{"ElastiCache valkey cache.t4g.medium x 6", 1, 4380, 227.76}},
			total: 227.76,
		},
		{
			// Flow logs: 20 GB x $0.50 = 10; stored 20 x 0.15 x 90/30 = 9 GB-month x $0.03 = 0.27.
			name: "flow logs: ingestion and storage for the group's retention",
			inv: newInv().add("aws:cloudwatch/logGroup:LogGroup", "fl", map[string]any{"namePrefix": "/aws/vpc-flow-logs/net-", "retentionInDays": 90.0}).
				add("aws:ec2/flowLog:FlowLog", "flow", map[string]any{"logDestinationType": "cloud-watch-logs",
					"logDestination": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vpc-flow-logs/net-123"}, "fl").build(),
			want:  []want{{"CloudWatch Logs ingestion: VPC flow logs", 1, 20, 10}, {"CloudWatch Logs storage: VPC flow logs", 1, 9, 0.27}},
			total: 10.27,
		},
		{
			// 1e6 x 10 kB = 10 GB/month kept 365 days: 121.67 GB-month x $0.023 = 2.798; PUT 1000 x $0.005 = 5;
			// GET 100 x $0.0004 = 0.04. 10 kB objects are below the 128 kB transition minimum.
			name: "log bucket: 10 kB logs never transition",
			inv: newInv().add("aws:s3/bucketV2:BucketV2", "logs", nil).
				add("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "lc", map[string]any{"rules": []any{map[string]any{
					"status": "Enabled", "expiration": map[string]any{"days": 365.0},
					"transitions": []any{map[string]any{"days": 30.0, "storageClass": "STANDARD_IA"}, map[string]any{"days": 90.0, "storageClass": "GLACIER_IR"}}}}}).build(),
			want: []want{{"S3 STANDARD storage (request logs)", 1, 121.6667, 2.7983}, {"S3 PUT requests (request logs)", 1, 1000, 5},
				{"S3 GET requests", 1, 100, 0.04}},
			total: 7.8383,
		},
		{
			// 1e6 x 200 kB = 200 GB/month: Standard days 0-30 = 200 GB-month x $0.023 = 4.60; IA days 30-90 =
			// 400 x $0.0125 = 5.00; Glacier IR days 90-365 = 1833.33 x $0.004 = 7.333; transitions 1000 x
			// $0.01 = 10 and 1000 x $0.02 = 20; PUT 5; GET 0.04.
			name:      "log bucket: large objects move through the lifecycle",
			overrides: map[string]float64{"requests.logKB": 200},
			inv: newInv().add("aws:s3/bucketV2:BucketV2", "logs", nil).
				add("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", "lc", map[string]any{"rules": []any{map[string]any{
					"status": "Enabled", "expiration": map[string]any{"days": 365.0},
					"transitions": []any{map[string]any{"days": 30.0, "storageClass": "STANDARD_IA"}, map[string]any{"days": 90.0, "storageClass": "GLACIER_IR"}}}}}).build(),
			want: []want{{"S3 STANDARD storage (request logs)", 1, 200, 4.6}, {"S3 STANDARD_IA storage (request logs)", 1, 400, 5},
				{"S3 GLACIER_IR storage (request logs)", 1, 1833.3333, 7.3333}, {"S3 lifecycle transitions to STANDARD_IA", 1, 1000, 10},
				{"S3 lifecycle transitions to GLACIER_IR", 1, 1000, 20}},
			total: 51.9733,
		},
		{
			// 1000 PUTs x 1000 = 1e6 KMS requests: 100 x $0.03 = 3.
			name: "SSE-KMS without a bucket key pays a KMS request per PUT",
			inv: newInv().add("aws:s3/bucketV2:BucketV2", "logs", nil).add("aws:kms/key:Key", "k", nil).
				add("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "sse", map[string]any{"rules": []any{map[string]any{
					"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "aws:kms"}, "bucketKeyEnabled": false}}}).build(),
			want: []want{{"KMS requests (SSE-KMS without a bucket key)", 1, 100, 3}, {"KMS customer managed key", 1, 1, 1}},
		},
		{
			name:  "free resources and components cost nothing",
			inv:   newInv().component("portkey-eks:network:Network", "net").add("aws:ec2/vpc:Vpc", "vpc", nil).add("aws:iam/role:Role", "r", nil).build(),
			total: 0,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			region := tc.region
			if region == "" {
				region = "us-east-1"
			}
			c, err := EstimateCost(prices(t), tc.inv, region, tc.overrides)
			require.NoError(t, err)
			assert.Empty(t, c.Unpriced)
			for _, w := range tc.want {
				l := line(t, c, w.item)
				assert.Len(t, l.Resources, w.n, w.item)
				assert.InDelta(t, w.quantity, l.Quantity, 0.001, w.item)
				assert.InDelta(t, w.monthly, l.MonthlyUSD, 0.001, w.item)
				assert.NotEmpty(t, l.Source, w.item)
				assert.NotEmpty(t, l.AsOf, w.item)
			}
			if tc.want == nil || tc.total != 0 {
				assert.InDelta(t, tc.total, c.TotalUSD, 0.001)
			}
		})
	}
}

func TestUnpricedResourcesAreListedNotGuessed(t *testing.T) {
	inv := newInv().add("aws:sqs/queue:Queue", "q", nil).
		add("aws:eks/nodeGroup:NodeGroup", "huge", map[string]any{"instanceTypes": []any{"x9.mega"}, "scalingConfig": map[string]any{"desiredSize": 1.0}}).build()
	c, err := EstimateCost(prices(t), inv, "us-east-1", nil)
	require.NoError(t, err)
	require.Len(t, c.Unpriced, 2)
	assert.Equal(t, Unpriced{Type: "aws:sqs/queue:Queue", Resource: "q", Reason: "type not in stacks/estimate/data/prices.json"}, c.Unpriced[0])
	assert.Contains(t, c.Unpriced[1].Reason, `"ec2.x9.mega.hour"`)
	table := c.Table()
	assert.Contains(t, table, "no price: aws:sqs/queue:Queue q: type not in stacks/estimate/data/prices.json")
	assert.Contains(t, table, "no price: aws:eks/nodeGroup:NodeGroup huge")
	// The root volume is still priced (EKS default 20 GB gp3).
	assert.InDelta(t, 1.6, line(t, c, "EBS gp3 root volumes").MonthlyUSD, 0.001)
}

func TestRegionWithoutPrices(t *testing.T) {
	inv := newInv().add("aws:eks/cluster:Cluster", "c", nil).build()
	c, err := EstimateCost(prices(t), inv, "eu-central-1", nil)
	require.NoError(t, err)
	assert.Empty(t, c.Lines)
	require.Len(t, c.Unpriced, 1)
	assert.Contains(t, c.Unpriced[0].Reason, `no price "eks.cluster.hour" (EKS control plane) for eu-central-1`)
	assert.Contains(t, strings.Join(c.Notes, "\n"), "no prices for region eu-central-1")
}

func TestParseAssumptions(t *testing.T) {
	pt := prices(t)
	got, err := pt.ParseAssumptions([]string{"nat.gbPerMonth=250", "nlb.lcu=0.5"})
	require.NoError(t, err)
	assert.Equal(t, map[string]float64{"nat.gbPerMonth": 250, "nlb.lcu": 0.5}, got)
	for _, bad := range []string{"nat.gbPerMonth", "nat.gb=1", "nat.gbPerMonth=lots", "nat.gbPerMonth=-1"} {
		_, err := pt.ParseAssumptions([]string{bad})
		assert.Error(t, err, bad)
	}
	_, err = EstimateCost(pt, nil, "us-east-1", map[string]float64{"bogus": 1})
	assert.Error(t, err)
}

func TestTableShowsItemsTotalAndAssumptions(t *testing.T) {
	inv := newInv().add("aws:eks/cluster:Cluster", "c", nil).add("aws:ec2/natGateway:NatGateway", "nat", nil).build()
	c, err := EstimateCost(prices(t), inv, "us-east-1", map[string]float64{"nat.gbPerMonth": 10})
	require.NoError(t, err)
	table := c.Table()
	// 73 + 32.85 + 10 x 0.045 = 106.30.
	assert.Regexp(t, `(?m)^  TOTAL\s+\$106\.30$`, table)
	assert.Regexp(t, `(?m)^  EKS control plane\s+1\s+730 cluster-hour\s+\$0\.1000\s+\$73\.00$`, table)
	assert.Contains(t, table, "nat.gbPerMonth=10 (set)")
	assert.Contains(t, table, "prices as of 2025-01")
	// Lines are ordered by monthly cost, largest first.
	assert.Less(t, strings.Index(table, "EKS control plane"), strings.Index(table, "NAT gateway "))
}
