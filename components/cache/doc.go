// Package cache gives the Portkey gateway its cache for prompts, configs and providers:
// the chart's built-in Redis, or an Amazon ElastiCache (Valkey or Redis OSS) replication
// group in the cluster's VPC.
//
// ModeBuiltin creates nothing; the outputs tell the gateway to use the chart's Redis
// (CACHE_STORE=redis, REDIS_URL=redis://redis:6379, REDIS_TLS_ENABLED=false). It has no
// authentication and no persistence: development only.
//
// ModeElastiCache creates:
//
//   - a subnet group on the given private subnets;
//   - a security group of its own, in the VPC, with no inline rules and no egress, and one
//     aws.vpc.SecurityGroupIngressRule per client security group (the EKS node or cluster
//     security group) on the cache port only. Nothing here is open to a CIDR. Because the
//     rules are separate resources, the replication group (6 to 15 minutes to create)
//     depends on the VPC and subnets only and starts in parallel with the EKS cluster;
//   - in cluster mode, a parameter group of the engine's family with cluster-enabled=yes;
//   - with IAM authentication, an ElastiCache user of authentication type iam (user ID and
//     user name equal, as AWS requires) and a user group holding it and the "default"
//     user every group must contain, replaced here by a disabled one ("off -@all");
//   - the replication group: pinned engine version, encryption at rest and in transit
//     (required mode), the AUTH token (a Pulumi secret, checked for ElastiCache's rules
//     when known) or the user group, multi-AZ and automatic failover when there is a
//     replica, snapshot retention and window, maintenance window, a final snapshot when
//     asked, and protect plus retain-on-delete when asked.
//
// The outputs are the gateway's environment: CacheStore, RedisURL (rediss:// with TLS; the
// configuration endpoint in cluster mode, the primary endpoint otherwise), TLSEnabled,
// RedisMode and Password (a secret, empty unless an AUTH token is used), all of them but
// the password also in Environment, plus what the gateway's IAM role needs for
// elasticache:Connect (ReplicationGroupArn, UserArn).
package cache
