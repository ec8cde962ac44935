// Package vocab is the domain vocabulary of portkey-eks: the modes and fixed facts that
// more than one package speaks of (the stack configuration, the components, synth), as
// typed values. It registers no resources and imports nothing of Pulumi, so every package
// can use it and a mode is spelled once.
//
// Each mode type is a string type, so it reads from and writes to configuration unchanged
// (`identity.mode: podIdentity` decodes into an IdentityMode), and an untyped constant
// such as "irsa" still converts to it. Valid reports whether a value is one of the
// type's constants; Values lists them for error messages and generated docs.
package vocab

import "slices"

// IdentityMode is how the gateway's pods (and the LB controller's) get AWS credentials.
type IdentityMode string

// Identity modes.
const (
	// IRSA is IAM roles for service accounts: the role trusts the cluster's OIDC provider
	// and the service account carries IRSARoleAnnotation.
	IRSA IdentityMode = "irsa"
	// PodIdentity is EKS Pod Identity: the role trusts pods.eks.amazonaws.com and a pod
	// identity association names the service account.
	PodIdentity IdentityMode = "podIdentity"
)

// IdentityModes lists the identity modes.
func IdentityModes() []IdentityMode { return []IdentityMode{IRSA, PodIdentity} }

// Valid reports whether m is IRSA or PodIdentity.
func (m IdentityMode) Valid() bool { return slices.Contains(IdentityModes(), m) }

// IRSARoleAnnotation is the service account annotation that names the IAM role a pod
// assumes under IRSA.
const IRSARoleAnnotation = "eks.amazonaws.com/role-arn"

// CacheMode is where the gateway's cache lives.
type CacheMode string

// Cache modes.
const (
	// CacheBuiltin is the chart's in-cluster Redis (dev only: no TLS, no auth, no persistence).
	CacheBuiltin CacheMode = "builtin"
	// CacheElastiCache is an ElastiCache for Redis OSS or Valkey replication group.
	CacheElastiCache CacheMode = "elasticache"
)

// CacheModes lists the cache modes.
func CacheModes() []CacheMode { return []CacheMode{CacheBuiltin, CacheElastiCache} }

// Valid reports whether m is CacheBuiltin or CacheElastiCache.
func (m CacheMode) Valid() bool { return slices.Contains(CacheModes(), m) }

// CacheEngine is the ElastiCache engine.
type CacheEngine string

// Cache engines.
const (
	EngineRedis  CacheEngine = "redis"
	EngineValkey CacheEngine = "valkey"
)

// CacheEngines lists the cache engines.
func CacheEngines() []CacheEngine { return []CacheEngine{EngineRedis, EngineValkey} }

// Valid reports whether e is EngineRedis or EngineValkey.
func (e CacheEngine) Valid() bool { return slices.Contains(CacheEngines(), e) }

// CacheAuth is how the gateway authenticates to ElastiCache.
type CacheAuth string

// Cache authentication modes.
const (
	// CacheAuthToken is an AUTH token (REDIS_PASSWORD), kept a secret.
	CacheAuthToken CacheAuth = "token"
	// CacheAuthIAM is ElastiCache IAM authentication (needs TLS and a supported engine version).
	CacheAuthIAM CacheAuth = "iam"
)

// CacheAuths lists the cache authentication modes.
func CacheAuths() []CacheAuth { return []CacheAuth{CacheAuthToken, CacheAuthIAM} }

// Valid reports whether a is CacheAuthToken or CacheAuthIAM.
func (a CacheAuth) Valid() bool { return slices.Contains(CacheAuths(), a) }

// RedisMode is the gateway's REDIS_MODE: how it talks to the cache.
type RedisMode string

// Redis modes.
const (
	// RedisStandalone talks to the primary endpoint (REDIS_MODE is left unset).
	RedisStandalone RedisMode = "standalone"
	// RedisCluster talks to the configuration endpoint of a cluster-mode cache.
	RedisCluster RedisMode = "cluster"
)

// ExposureType is how clients reach the gateway.
type ExposureType string

// Exposure types.
const (
	// ExposureNLB is a Pulumi-owned NLB bound to the gateway Service with a TargetGroupBinding.
	ExposureNLB ExposureType = "nlb"
	// ExposureALB is the chart's Ingress, reconciled by the AWS Load Balancer Controller.
	ExposureALB ExposureType = "alb"
	// ExposureNone is a ClusterIP Service only.
	ExposureNone ExposureType = "none"
)

// ExposureTypes lists the exposure types.
func ExposureTypes() []ExposureType { return []ExposureType{ExposureNLB, ExposureALB, ExposureNone} }

// Valid reports whether t is one of ExposureTypes.
func (t ExposureType) Valid() bool { return slices.Contains(ExposureTypes(), t) }

// Scheme is a load balancer's scheme.
type Scheme string

// Load balancer schemes.
const (
	SchemeInternal       Scheme = "internal"
	SchemeInternetFacing Scheme = "internet-facing"
)

// Schemes lists the load balancer schemes.
func Schemes() []Scheme { return []Scheme{SchemeInternal, SchemeInternetFacing} }

// Valid reports whether s is SchemeInternal or SchemeInternetFacing.
func (s Scheme) Valid() bool { return slices.Contains(Schemes(), s) }

// Encryption is how the log bucket is encrypted at rest.
type Encryption string

// Log bucket encryption modes.
const (
	// EncryptionKMS is a customer-managed KMS key (given, or created with rotation).
	EncryptionKMS Encryption = "kms"
	// EncryptionAWSKMS is the AWS-managed aws/s3 key.
	EncryptionAWSKMS Encryption = "aws-kms"
	// EncryptionSSES3 is S3-managed keys.
	EncryptionSSES3 Encryption = "sse-s3"
)

// Encryptions lists the log bucket encryption modes.
func Encryptions() []Encryption {
	return []Encryption{EncryptionKMS, EncryptionAWSKMS, EncryptionSSES3}
}

// Valid reports whether e is one of Encryptions.
func (e Encryption) Valid() bool { return slices.Contains(Encryptions(), e) }

// Fixed facts of the gateway that the chart's values, the load balancer and the stack's
// outputs must agree on.
const (
	// GatewayPort is the gateway container's and Service's port.
	GatewayPort = 8787
	// HealthPath is the gateway's health endpoint (the load balancer's health check).
	HealthPath = "/v1/health"
	// TLSPolicy is the ELB security policy of every TLS or HTTPS listener: TLS 1.3 and 1.2.
	TLSPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
	// BuiltinRedisURL is REDIS_URL of the chart's built-in Redis: its Service has the fixed
	// name `redis` in the release's namespace.
	BuiltinRedisURL = "redis://redis:6379"
)

// Draining a gateway pod on a rollout or a node drain. The three times are ordered
// DeregistrationDelaySeconds < PreStopSleepSeconds < TerminationGracePeriodSeconds:
//
//   - When a pod starts terminating, its endpoint leaves the Service; the AWS Load Balancer
//     Controller then deregisters the target and the NLB drains it for the target group's
//     deregistration delay, still delivering on existing connections (new ones may arrive
//     for a few seconds until the deregistration has propagated).
//   - The pod's preStop hook sleeps through that whole window, so the gateway keeps serving
//     until the NLB has stopped using it: the sleep is the delay plus a margin for the
//     controller's reaction.
//   - The kubelet counts the preStop hook inside the termination grace period, so the grace
//     period is the sleep plus the time the gateway needs after SIGTERM to finish its
//     in-flight requests.
//
// The NLB's default delay of 300 s would have to be matched by a five-minute preStop and
// slow every rollout; 30 s is ample for the gateway's requests to drain from the NLB.
const (
	// DeregistrationDelaySeconds is the NLB target group's deregistration_delay.
	DeregistrationDelaySeconds = 30
	// PreStopSleepSeconds is the gateway container's preStop sleep.
	PreStopSleepSeconds = 35
	// TerminationGracePeriodSeconds is the gateway pods' terminationGracePeriodSeconds.
	TerminationGracePeriodSeconds = 60
)
