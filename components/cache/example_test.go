package cache_test

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/components/cache"
	"github.com/portkey-eks/portkey-eks/stacks/synth"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// An ElastiCache Valkey cache with TLS, an AUTH token and a replica, used on its own: the
// gateway gets its REDIS_URL, REDIS_MODE and password from the component's outputs.
func ExampleNewCache() {
	res, err := synth.Run(func(ctx *pulumi.Context) error {
		c, err := cache.NewCache(ctx, "cache", &cache.CacheArgs{
			Mode: vocab.CacheElastiCache, Engine: vocab.EngineValkey, EngineVersion: "8.0",
			NodeType: "cache.t4g.medium", TLS: true, ReplicasPerShard: 1,
			AuthMode:              vocab.CacheAuthToken,
			AuthToken:             pulumi.ToSecret(pulumi.String("an-auth-token-of-32-characters!!")).(pulumi.StringOutput),
			SnapshotRetentionDays: 7, SnapshotWindow: "03:00-04:00", MaintenanceWindow: "sun:05:00-sun:06:00",
			VpcID:                  pulumi.String("vpc-0123456789abcdef0"),
			SubnetIDs:              pulumi.ToStringArray([]string{"subnet-a", "subnet-b"}),
			ClientSecurityGroupIDs: []pulumi.StringInput{pulumi.String("sg-0123456789abcdef0")},
		})
		if err != nil {
			return err
		}
		ctx.Export("store", c.CacheStore)
		ctx.Export("mode", c.RedisMode)
		ctx.Export("password", c.Password)
		return nil
	}, synth.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Outputs["store"], res.Outputs["mode"], res.Outputs["password"])
	fmt.Println(len(res.ByType("aws:elasticache/replicationGroup:ReplicationGroup")), "replication group")
	// Output:
	// aws-elastic-cache standalone [secret]
	// 1 replication group
}
