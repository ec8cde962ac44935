// Package network creates the VPC the EKS cluster runs in, or adopts an existing one.
//
// # New VPC
//
// NewNetwork creates, in N availability zones (2 to 6, named or the region's first N):
//
//   - a VPC with DNS support and hostnames (the EKS private endpoint and interface
//     endpoints need both), its default security group adopted and left without rules;
//   - per AZ a private subnet (nodes and, with the VPC CNI, every pod) and a public subnet
//     (load balancers and NAT gateways only), with CIDRs from SubnetCidrs: the private
//     subnets share the first half of the VPC, the public ones are half their size, the
//     rest stays free. No subnet gives instances public IPs;
//   - the tags the AWS Load Balancer Controller discovers subnets by:
//     kubernetes.io/role/elb=1 on public and kubernetes.io/role/internal-elb=1 on private
//     subnets, and kubernetes.io/cluster/<ClusterName>=shared on both when ClusterName is
//     set;
//   - an internet gateway with a public route table, and NAT gateways: NatSingle (one, in
//     the first AZ) or NatPerAz (one per AZ, so an AZ outage leaves the others' egress
//     intact); each private subnet has its own route table, so switching layouts only
//     changes routes;
//   - optionally VPC flow logs (all traffic, 1-minute aggregation) to a CloudWatch Logs
//     group with a retention, through a role only VPC flow logs of this account can
//     assume (FlowLogsTrustPolicy) and that may only write to that group (FlowLogsPolicy);
//   - optionally (S3GatewayEndpoint) an S3 gateway endpoint on the private route tables:
//     it is free, and S3 traffic from the nodes (the gateway's log writes, and ECR image
//     layers, which ECR serves from S3) then stops paying NAT data processing per GB. It
//     keeps AWS's default, open endpoint policy: a narrower one would break ECR pulls
//     from AWS-owned layer buckets; the log bucket is guarded by its own bucket policy.
//
// The only explicit dependency is NAT gateway -> internet gateway (a public NAT gateway
// needs the VPC's internet gateway, which its inputs do not show); everything else
// follows the data.
//
// # Existing VPC
//
// With Existing set, NewNetwork creates nothing: it looks up the VPC's CIDR and each
// subnet (which must be in that VPC) and reports the given IDs, with the AZs of the
// private subnets, which must span at least two. PrivateRouteTableIDs and NatPublicIPs
// are then empty. The subnets should carry the load balancer tags above already.
package network
