package cache_test

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/components/cache"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// The client security groups come from the cluster, created in the same program: the
// ingress rules wait on them, the replication group does not.
func TestReplicationGroupDoesNotWaitOnClientGroups(t *testing.T) {
	res, err := synth.Run(func(ctx *pulumi.Context) error {
		nodes, err := ec2.NewSecurityGroup(ctx, "eks-nodes", &ec2.SecurityGroupArgs{VpcId: pulumi.String("vpc-0123456789abcdef0")})
		if err != nil {
			return err
		}
		clusterSG, err := ec2.NewSecurityGroup(ctx, "eks-cluster", &ec2.SecurityGroupArgs{VpcId: pulumi.String("vpc-0123456789abcdef0")})
		if err != nil {
			return err
		}
		args := elastiCacheArgs()
		args.ClusterMode, args.Shards, args.ReplicasPerShard = true, 2, 1
		args.ClientSecurityGroupIDs = []pulumi.StringInput{nodes.ID(), clusterSG.ID()}
		_, err = cache.NewCache(ctx, "cache", args)
		return err
	}, synth.Options{Stack: "prod", Config: map[string]string{"aws:region": "eu-west-1"}})
	require.NoError(t, err)

	nodes := res.Find("aws:ec2/securityGroup:SecurityGroup", "eks-nodes")
	clusterSG := res.Find("aws:ec2/securityGroup:SecurityGroup", "eks-cluster")
	cacheSG := res.Find("aws:ec2/securityGroup:SecurityGroup", "cache-sg")
	rg := res.Find(tRG, "cache")
	require.NotNil(t, nodes)
	require.NotNil(t, clusterSG)
	require.NotNil(t, cacheSG)
	require.NotNil(t, rg)

	assert.True(t, res.DependsOn(rg.URN, cacheSG.URN), "the replication group uses its own security group")
	for _, client := range []string{nodes.URN, clusterSG.URN} {
		assert.False(t, res.DependsOn(rg.URN, client), "the replication group must not wait on %s", client)
		assert.False(t, res.DependsOn(cacheSG.URN, client), "the cache's group must not wait on %s", client)
	}
	assert.Nil(t, cacheSG.Inputs["ingress"], "no inline rules")
	assert.Nil(t, cacheSG.Inputs["egress"], "no egress")

	rules := res.ByType(tRule)
	require.Len(t, rules, 2)
	var referenced []any
	for _, r := range rules {
		assert.Equal(t, synth.Get(cacheSG.Outputs, "id"), r.Inputs["securityGroupId"])
		assert.Equal(t, "tcp", r.Inputs["ipProtocol"])
		assert.Equal(t, 6379.0, r.Inputs["fromPort"])
		assert.Equal(t, 6379.0, r.Inputs["toPort"])
		assert.Nil(t, r.Inputs["cidrIpv4"], "no CIDR: only the cluster's groups")
		assert.Nil(t, r.Inputs["cidrIpv6"])
		assert.Nil(t, r.Inputs["prefixListId"])
		referenced = append(referenced, r.Inputs["referencedSecurityGroupId"])
	}
	assert.ElementsMatch(t, []any{synth.Get(nodes.Outputs, "id"), synth.Get(clusterSG.Outputs, "id")}, referenced)
	assert.True(t, res.DependsOn(rules[0].URN, nodes.URN) || res.DependsOn(rules[1].URN, nodes.URN), "a rule waits on the node group")
}

func TestIAMUsersForValkey(t *testing.T) {
	args := elastiCacheArgs()
	args.AuthMode, args.AuthToken = vocab.CacheAuthIAM, nil
	res, err := synth.Run(func(ctx *pulumi.Context) error {
		c, err := cache.NewCache(ctx, "cache", args)
		if err != nil {
			return err
		}
		ctx.Export("userArn", c.UserArn)
		ctx.Export("username", c.Username)
		ctx.Export("rgArn", c.ReplicationGroupArn)
		ctx.Export("password", c.Password)
		return nil
	}, synth.Options{Stack: "prod", Config: map[string]string{"aws:region": "eu-west-1"}})
	require.NoError(t, err)

	users := map[string]synth.Resource{}
	for _, u := range res.ByType("aws:elasticache/user:User") {
		users[u.Inputs["userName"].(string)] = u
		// A valkey user group may not hold the password-less default user: redis engine.
		assert.Equal(t, "redis", u.Inputs["engine"], u.Name)
	}
	def, ok := users["default"]
	require.True(t, ok, "every user group holds a user named default")
	assert.Equal(t, cache.DisabledDefaultAccessString, def.Inputs["accessString"])
	gw, ok := users["prod-cache-gateway"]
	require.True(t, ok, "users: %v", users)
	assert.Equal(t, gw.Inputs["userId"], gw.Inputs["userName"], "IAM users need user ID = user name")
	assert.Equal(t, "iam", synth.Get(gw.Inputs, "authenticationMode.type"))

	groups := res.ByType("aws:elasticache/userGroup:UserGroup")
	require.Len(t, groups, 1)
	assert.Equal(t, "redis", groups[0].Inputs["engine"])
	assert.ElementsMatch(t, []any{def.Inputs["userId"], gw.Inputs["userId"]}, groups[0].Inputs["userIds"])
	rg := res.Find(tRG, "cache")
	require.NotNil(t, rg)
	assert.Equal(t, []any{synth.Get(groups[0].Outputs, "id")}, rg.Inputs["userGroupIds"])

	assert.Equal(t, "arn:aws:elasticache:eu-west-1:123456789012:user:prod-cache-gateway", res.Outputs["userArn"])
	assert.Equal(t, "prod-cache-gateway", res.Outputs["username"])
	assert.Regexp(t, `^arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:`, res.Outputs["rgArn"])
	assert.Contains(t, res.SecretOutputs, "password")
	assert.Equal(t, "", res.PlainOutputs["password"])
}

func TestBuiltinPasswordIsSecret(t *testing.T) {
	res, err := run(t, &cache.CacheArgs{Mode: vocab.CacheBuiltin})
	require.NoError(t, err)
	assert.Contains(t, res.SecretOutputs, "password")
	assert.Equal(t, "standalone", res.Outputs["mode"])
}
