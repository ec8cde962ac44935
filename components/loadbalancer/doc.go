// Package loadbalancer creates the Network Load Balancer in front of the Portkey gateway.
//
// The install guide lets the AWS Load Balancer Controller create an NLB from annotations
// on the gateway's Service. Here Pulumi owns the load balancer instead, and the gateway's
// ClusterIP Service is bound to its target group by a TargetGroupBinding (written by the
// gateway component). So the load balancer's ARN is known to the program (a VPC endpoint
// service can front it), its security rules are reviewed like any other resource, and
// `pulumi destroy` leaves no orphaned load balancer behind.
//
// NewNetworkLoadBalancer creates, as children of one component:
//
//   - an aws lb LoadBalancer of type network, internal or internet-facing, IPv4, with
//     cross-zone load balancing on and deletion protection when asked;
//   - its own security group, with one aws vpc SecurityGroupIngressRule per admitted
//     client CIDR on the listener port (only the VPC CIDR when none is given; 0.0.0.0/0
//     only when the caller lists it), and one egress rule to the pods' security group on
//     the target port, which also carries the health checks;
//   - an ingress rule on the pods' (node) security group admitting the target port from
//     the load balancer's security group only;
//   - a target group of target type ip, TCP on 8787, with an HTTP GET /v1/health check on
//     8787 (the guide's health check);
//   - a listener forwarding to it: TCP, or TLS with the ELBSecurityPolicy-TLS13-1-2-2021-06
//     policy when a certificate ARN is given (the load balancer then terminates TLS and
//     forwards plain TCP to the pods).
//
// Security-group rules are separate resources, never inline, so the rules between the
// load balancer and the pods do not make either group wait on the other. The pure helpers
// (ListenerProtocol, ListenerPort, IngressCidrs, OpensToInternet) hold the choices and are
// tested without Pulumi.
//
// When the load balancer fronts a VPC endpoint service (inbound PrivateLink from the
// Portkey control plane), set ExemptPrivateLinkTraffic: PrivateLink traffic arrives from
// the consumer's private addresses, unknown here, and is controlled by the endpoint
// service's allowed principals and acceptance instead of the security group.
package loadbalancer
