// Package privatelink connects the Portkey gateway and the Portkey control plane over AWS
// PrivateLink, in both directions, as the install guide's two console procedures do.
//
// Outbound (gateway to control plane): NewControlPlaneEndpoint creates an interface VPC
// endpoint to Portkey's endpoint service (DefaultControlPlaneServiceName in us-east-1) in
// the gateway's private subnets, with a security group of its own that admits HTTPS (443)
// only from the given client security groups, one rule resource each, and no egress. When
// the stack's region is not the service's region the endpoint is cross-region: the
// endpoint's ServiceRegion argument (pulumi-aws v6.83.4 has it) is set exactly then.
//
// Private DNS: the guide creates the endpoint, waits for it to become Available and only
// then enables private DNS ("Modify private DNS name"), and the gateway's
// https://aws-cp.portkey.ai base paths only resolve once it is on. AWS's own endpoint
// resource returns as soon as the endpoint is available or pendingAcceptance, so private
// DNS is turned on by a separate aws vpc EndpointPrivateDns resource (ModifyVpcEndpoint
// after creation, the same step as the console's), and the endpoint ignores changes to its
// privateDnsEnabled attribute so the two never fight. If Portkey has not accepted the
// connection yet, set DeferPrivateDNS for the first deployment and clear it once the
// endpoint is available. The VPC must have DNS support and DNS host names enabled.
//
// Inbound (control plane to gateway): NewGatewayEndpointService creates a VPC endpoint
// service in front of the gateway's Network Load Balancer, IPv4, acceptance required by
// default, allowing only Portkey's principal (arn:aws:iam::299329113195:root) unless told
// otherwise, through the service's allowedPrincipals argument (never mixed with separate
// allowed-principal resources, which would overwrite each other). With a private DNS name,
// its outputs carry the TXT record that proves domain ownership; VerifyPrivateDNS starts
// the verification once the record exists. Its outputs (service name and ID, DNS names,
// private DNS name and verification record) are what the guide says to send to Portkey,
// with the region and the listener port. The load balancer's security group should not
// filter PrivateLink traffic (see loadbalancer's ExemptPrivateLinkTraffic).
//
// The choices (IsCrossRegion, ServiceNameRegion, AllowedPrincipals, ValidPrivateDNSName)
// are pure functions, tested without Pulumi.
package privatelink
