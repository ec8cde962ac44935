package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/components/autoscaler"
	"github.com/portkey-eks/portkey-eks/components/cache"
	"github.com/portkey-eks/portkey-eks/components/cluster"
	"github.com/portkey-eks/portkey-eks/components/gateway"
	"github.com/portkey-eks/portkey-eks/components/identity"
	"github.com/portkey-eks/portkey-eks/components/lbcontroller"
	"github.com/portkey-eks/portkey-eks/components/loadbalancer"
	"github.com/portkey-eks/portkey-eks/components/logstore"
	"github.com/portkey-eks/portkey-eks/components/network"
	"github.com/portkey-eks/portkey-eks/components/privatelink"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// Deploy creates every component for a validated configuration, wires one's outputs into
// another's inputs, and returns the stack outputs. It is the only place components meet.
//
// Only real data dependencies are wired, so the slow parts start as early as they can: the
// log bucket at once, the cache as soon as the VPC exists (in parallel with the ~10 minute
// EKS control plane; only its ingress rules wait for the cluster), and the gateway release
// last, after the node groups, the Load Balancer Controller and its own IAM role.
//
// Each component's arguments come from a pure mapping function in mapping.go (config and
// the upstream components' outputs in, the component's Args out), tested on its own.
func Deploy(ctx *pulumi.Context, cfg Config, secrets Secrets) (map[string]pulumi.Input, error) {
	return deploy(ctx, cfg, secrets, deployOptions{})
}

// deployOptions are what Program adds to Deploy for a real update.
type deployOptions struct {
	// checkAPI probes the Kubernetes API before the first Kubernetes resource (see
	// cluster.ClusterArgs.CheckAPIReachable); nil under mocks.
	checkAPI func(server string) error
}

// deploy reads top to bottom as the stack's wiring graph: each step creates one component
// from the configuration and the outputs of the steps above it.
func deploy(ctx *pulumi.Context, cfg Config, secrets Secrets, opts deployOptions) (map[string]pulumi.Input, error) {
	tags := cfg.ResourceTags()

	net, err := network.NewNetwork(ctx, "network", networkArgs(cfg, tags))
	if err != nil {
		return nil, err
	}
	logs, err := logstore.NewLogBucket(ctx, "logs", logBucketArgs(cfg, tags))
	if err != nil {
		return nil, err
	}
	cl, err := cluster.NewCluster(ctx, "cluster", clusterArgs(cfg, tags, net, opts.checkAPI))
	if err != nil {
		return nil, err
	}
	kv, err := cache.NewCache(ctx, "cache", cacheArgs(cfg, secrets, tags, net, cl))
	if err != nil {
		return nil, err
	}

	// The gateway's IAM role, trusted through IRSA or Pod Identity.
	policies, err := identity.GatewayPolicies(gatewayPolicyArgs(cfg, logs, kv))
	if err != nil {
		return nil, err
	}
	gwRole, err := identity.NewServiceAccountRole(ctx, "gateway-role", gatewayRoleArgs(cfg, tags, cl, policies))
	if err != nil {
		return nil, err
	}
	// The gateway's pods start only once their nodes, their permissions and, with Pod
	// Identity, the agent exist.
	gatewayDeps := workloadDependencies(cfg, cl, gwRole)
	// The HorizontalPodAutoscaler reads the metrics API: metrics-server comes first.
	if ms, ok := cl.Addons[cluster.AddonMetricsServer]; ok {
		gatewayDeps = append(gatewayDeps, ms)
	}
	// What must outlive the gateway's Kubernetes objects on destroy.
	teardown := gatewayTeardownDependencies(cl)

	// The AWS Load Balancer Controller, with its own role (the same identity mechanism).
	if installsLoadBalancerController(cfg) {
		doc, err := lbcontroller.IAMPolicyDocument()
		if err != nil {
			return nil, err
		}
		lbcRole, err := identity.NewServiceAccountRole(ctx, "lb-controller-role", lbControllerRoleArgs(cfg, tags, cl, doc))
		if err != nil {
			return nil, err
		}
		lbc, err := lbcontroller.NewLoadBalancerController(ctx, "lb-controller", lbControllerArgs(cfg, net, cl, lbcRole))
		if err != nil {
			return nil, err
		}
		// The gateway (its TargetGroupBinding or Ingress) needs the controller, and on
		// destroy the controller must outlive them.
		gatewayDeps = append(gatewayDeps, lbc.Release)
		teardown = append(teardown, lbc.Release)
	}

	// The Cluster Autoscaler, with its own role: it grows the node groups up to maxSize
	// when gateway pods are Pending. The gateway does not wait for it.
	if installsAutoscaler(cfg) {
		doc, err := autoscaler.IAMPolicyDocument(cfg.Cluster.Name)
		if err != nil {
			return nil, err
		}
		casRole, err := identity.NewServiceAccountRole(ctx, "cluster-autoscaler-role", autoscalerRoleArgs(cfg, tags, cl, doc))
		if err != nil {
			return nil, err
		}
		if _, err := autoscaler.NewClusterAutoscaler(ctx, "cluster-autoscaler", autoscalerArgs(cfg, cl, casRole)); err != nil {
			return nil, err
		}
	}

	outputs := baseOutputs(cfg, net, cl, logs, kv, gwRole)

	// Outbound PrivateLink to the control plane. The gateway does not wait on the
	// endpoint: it stays pendingAcceptance until Portkey accepts it, and the first up
	// must finish before that (README, "prod").
	if cfg.ControlPlane.Connectivity == ConnectivityPrivateLink {
		ep, err := privatelink.NewControlPlaneEndpoint(ctx, "control-plane-endpoint", controlPlaneEndpointArgs(cfg, tags, net, cl))
		if err != nil {
			return nil, err
		}
		outputs["controlPlaneEndpointId"] = ep.EndpointID
		outputs["controlPlaneEndpointState"] = ep.State
	}

	// Exposure: a Pulumi-owned NLB bound to the gateway Service, and optionally an
	// endpoint service in front of it.
	exposure := exposureArgs(cfg)
	if cfg.Exposure.Type == vocab.ExposureNLB {
		nlb, err := loadbalancer.NewNetworkLoadBalancer(ctx, "gateway-nlb", nlbArgs(cfg, tags, net, cl))
		if err != nil {
			return nil, err
		}
		exposure.TargetGroupArn = nlb.TargetGroupArn
		exposure.LoadBalancerDNSName = nlb.DNSName
		exposure.VpcID = net.VpcID
		outputs["loadBalancerArn"] = nlb.LoadBalancerArn
		outputs["loadBalancerDnsName"] = nlb.DNSName

		if cfg.Inbound.Mode == InboundPrivateLink {
			svc, err := privatelink.NewGatewayEndpointService(ctx, "gateway-endpoint-service", endpointServiceArgs(cfg, tags, nlb))
			if err != nil {
				return nil, err
			}
			addEndpointServiceOutputs(outputs, cfg, nlb, svc)
		}
	}

	// The gateway release, last.
	var gatewayOpts []pulumi.ResourceOption
	if len(teardown) > 0 {
		gatewayOpts = append(gatewayOpts, pulumi.DependsOn(teardown))
	}
	rel, err := gateway.NewGatewayRelease(ctx, "gateway", gatewayReleaseArgs(cfg, secrets, cl, kv, logs, gwRole, exposure, gatewayDeps), gatewayOpts...)
	if err != nil {
		return nil, err
	}
	outputs["gatewayUrl"] = rel.GatewayURL
	outputs["gatewayReleaseName"] = rel.ReleaseName
	outputs["gatewayServiceAccount"] = rel.ServiceAccountName
	return outputs, nil
}
