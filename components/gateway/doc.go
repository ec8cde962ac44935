// Package gateway installs the Portkey AI Gateway data plane in an EKS cluster: the
// `gateway` Helm chart from https://portkey-ai.github.io/helm with values composed from the
// other components' outputs, and what a production team adds around it.
//
// NewGatewayRelease creates, under one component (portkey-eks:gateway:GatewayRelease):
//
//   - a Namespace (unless CreateNamespace is false) labelled for the "restricted" Pod
//     Security Standard ("baseline" enforced while the chart's built-in Redis runs) and for
//     the AWS Load Balancer Controller's pod readiness gate when behind a load balancer;
//   - a helm.sh/v3 Release of the chart, pinned (default 1.7.7), atomic with a timeout,
//     waiting on DependsOn (node groups, LB controller, IAM role, pod identity
//     associations) so the pods never start without their permissions;
//   - a NetworkPolicy over the release's pods: ingress on the gateway port 8787 (and the
//     data service and built-in Redis ports from the release's own pods only); egress
//     everywhere except the instance metadata service 169.254.169.254/32 (the Pod Identity
//     agent at 169.254.170.23 stays reachable), plus DNS;
//   - PodDisruptionBudgets: minAvailable 1 for the gateway when it runs at least two
//     replicas (or autoscales from two), and one for the data service;
//   - for an NLB, a TargetGroupBinding (elbv2.k8s.aws/v1beta1) that registers the gateway
//     Service's pods as ip targets of the NLB's target group (the NLB itself belongs to the
//     load balancer component). An ALB is the chart's Ingress (ingressClassName alb);
//     "none" leaves a ClusterIP Service for port-forwarding.
//
// The chart's values come from Values, a pure function of a plain ValuesInput. It avoids
// the chart's traps (docs/gateway-chart.md): both service accounts created with
// explicit names, CACHE_STORE aws-elastic-cache with ElastiCache so no second Redis runs,
// real image credentials instead of the placeholder entry, no autoRestart, distinct data
// service selector labels, SERVER_MODE never null, no load balancer annotations on the
// Service, writable emptyDir volumes at /tmp and /home/node/.npm, ANALYTICS_STORE
// control_plane. Every environment value is a string, as the chart's Secret template needs.
//
// Secrets (the license key, the registry credentials, the cache AUTH token) are made Pulumi
// secrets even when given as plain values, so the release's values are a secret output and
// state never holds them in plain text. RedactedValues carries the same values with the
// secrets replaced by "[secret]" for review. SecretPaths names the paths that hold secrets.
//
// Limits: the chart's objects `redis` and `resource-config` have fixed names, so install
// one release per namespace. For an ALB, the controller creates the load balancer after the
// release, so GatewayURL is only known when Hostname (or LoadBalancerDNSName) is given.
package gateway
