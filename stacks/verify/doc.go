// Package verify answers "is my gateway working?" for a deployed portkey-eks stack: the
// install guide's verification steps (pods running, a test request, the load balancer, the
// control-plane integration) as checks, each with a verdict and, when it fails, the reason
// and the next step.
//
// Run takes a Target (plain values read from the stack's outputs), Clients (Kubernetes,
// ELBv2, EC2, HTTP) and Options, and returns a Report; nothing in it knows about Pulumi, so
// tests build a Target by hand. NewKubeClients and NewAWSClients build the real clients from
// the stack's kubeconfig and region. The checks:
//
//   - rollout/gateway, rollout/lb-controller: every Deployment of the release is complete and
//     its pods Ready; restarts are counted; a pod that is not Ready is explained from its
//     status and its last events (the image and pull secret of an ImagePullBackOff, the
//     scheduler's message of a Pending pod, the exit code of a CrashLoopBackOff).
//   - gateway/health: GET /v1/health on the gateway Service through the Kubernetes API's
//     service proxy, so it works from a machine that only reaches the API server.
//   - loadbalancer/targets: the TargetGroupBinding's target group (ELBv2 DescribeTargetHealth)
//     holds every Ready gateway endpoint, all healthy; for an ALB, the Ingress has an address.
//   - loadbalancer/health (Options.ThroughLB): GET /v1/health through the load balancer.
//   - controlplane/sync: the gateway pods' logs show the sync with the control plane (the
//     patterns are the table SyncPatterns).
//   - controlplane/endpoint, controlplane/endpoint-service: with PrivateLink, the interface
//     endpoint's state and the endpoint service's connections (EC2).
//   - request/chat (Options.Request): one chat completion through the load balancer.
//
// A check that cannot run (no access, a missing output, an API that answered with an
// error) has the verdict CannotRun, never Pass; Report.ExitCode counts it as a failure.
package verify
