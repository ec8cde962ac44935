package verify

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/portkey-eks/portkey-eks/vocab"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
)

// Target is what is verified: plain values, read from the stack's outputs by FromOutputs
// (the names the program and its charts give fill the rest).
type Target struct {
	ClusterName string
	Region      string
	// Namespace, ReleaseName: the gateway's namespace and Helm release.
	Namespace   string
	ReleaseName string
	// ServiceName and ServicePort: the gateway's Service (the chart's fullname) and port.
	ServiceName string
	ServicePort int
	// ServiceAccount is the gateway's service account (reported only).
	ServiceAccount string
	// LBControllerNamespace and LBControllerRelease: the AWS Load Balancer Controller's
	// release; empty release skips its rollout check.
	LBControllerNamespace string
	LBControllerRelease   string
	// LoadBalancerArn and LoadBalancerDNSName are set for the NLB exposure.
	LoadBalancerArn     string
	LoadBalancerDNSName string
	// GatewayURL is the URL clients use (the gatewayUrl output); ThroughLB requests it.
	GatewayURL string
	// Exposure is vocab.ExposureNLB, ExposureALB or ExposureNone; FromOutputs takes the
	// exposureType output, or for stacks made before it existed infers it (NLB when the stack has a
	// load balancer ARN, else ALB when gatewayUrl is not in-cluster, else none).
	Exposure vocab.ExposureType
	// ControlPlaneRoute is "internet" or "privateLink".
	ControlPlaneRoute string
	// ControlPlaneEndpointID and ControlPlaneEndpointState: the outbound PrivateLink
	// endpoint and its state as of the last up or refresh.
	ControlPlaneEndpointID    string
	ControlPlaneEndpointState string
	// EndpointServiceID is the inbound endpoint service in front of the NLB, if any.
	EndpointServiceID string
	IdentityMode      vocab.IdentityMode
	CacheStore        string
}

// Defaults the Target of a stack takes for what its outputs do not carry.
type Defaults struct {
	// ServiceName maps the release name to the gateway Service's name.
	ServiceName           func(release string) string
	ServicePort           int
	LBControllerNamespace string
	LBControllerRelease   string
}

// FromOutputs builds the Target from a stack's outputs (values as the Automation API
// returns them). It returns the names of the outputs it needs and did not find; a missing
// optional output is not reported.
func FromOutputs(outs map[string]any, d Defaults) (Target, []string) {
	str := func(k string) string {
		if v, ok := outs[k].(string); ok {
			return v
		}
		return ""
	}
	t := Target{
		ClusterName:               str("clusterName"),
		Region:                    str("region"),
		Namespace:                 str("gatewayNamespace"),
		ReleaseName:               str("gatewayReleaseName"),
		ServiceAccount:            str("gatewayServiceAccount"),
		LoadBalancerArn:           str("loadBalancerArn"),
		LoadBalancerDNSName:       str("loadBalancerDnsName"),
		GatewayURL:                str("gatewayUrl"),
		ControlPlaneRoute:         str("controlPlaneRoute"),
		ControlPlaneEndpointID:    str("controlPlaneEndpointId"),
		ControlPlaneEndpointState: str("controlPlaneEndpointState"),
		EndpointServiceID:         str("endpointServiceId"),
		IdentityMode:              vocab.IdentityMode(str("identityMode")),
		CacheStore:                str("cacheStore"),
		ServicePort:               d.ServicePort,
		LBControllerNamespace:     d.LBControllerNamespace,
		LBControllerRelease:       d.LBControllerRelease,
	}
	if d.ServiceName != nil && t.ReleaseName != "" {
		t.ServiceName = d.ServiceName(t.ReleaseName)
	}
	switch {
	case str("exposureType") != "":
		t.Exposure = vocab.ExposureType(str("exposureType"))
	case t.LoadBalancerArn != "":
		t.Exposure = vocab.ExposureNLB
	case t.GatewayURL != "" && !strings.Contains(t.GatewayURL, ".svc.cluster.local"):
		t.Exposure = vocab.ExposureALB
	case strings.Contains(t.GatewayURL, ".svc.cluster.local"):
		t.Exposure = vocab.ExposureNone
	}
	var missing []string
	for _, k := range []string{"region", "gatewayNamespace", "gatewayReleaseName", "controlPlaneRoute"} {
		if str(k) == "" {
			missing = append(missing, k)
		}
	}
	if t.ControlPlaneRoute == "privateLink" && t.ControlPlaneEndpointID == "" {
		missing = append(missing, "controlPlaneEndpointId")
	}
	sort.Strings(missing)
	return t, missing
}

// ELBv2API is the part of the ELBv2 client the checks call (*elbv2.Client has it).
type ELBv2API interface {
	DescribeTargetHealth(ctx context.Context, in *elbv2.DescribeTargetHealthInput, opts ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error)
}

// EC2API is the part of the EC2 client the checks call (*ec2.Client has it).
type EC2API interface {
	DescribeVpcEndpoints(ctx context.Context, in *ec2.DescribeVpcEndpointsInput, opts ...func(*ec2.Options)) (*ec2.DescribeVpcEndpointsOutput, error)
	DescribeVpcEndpointConnections(ctx context.Context, in *ec2.DescribeVpcEndpointConnectionsInput, opts ...func(*ec2.Options)) (*ec2.DescribeVpcEndpointConnectionsOutput, error)
}

// Clients are what the checks talk to. A nil client makes the checks that need it
// CannotRun, with the error in ClientErrors when there is one.
type Clients struct {
	Kube    kubernetes.Interface
	Dynamic dynamic.Interface
	ELBv2   ELBv2API
	EC2     EC2API
	// HTTP is used for ThroughLB; nil means a client with a 10 s timeout.
	HTTP *http.Client
	// KubeErr and AWSErr say why Kube or the AWS clients could not be built.
	KubeErr, AWSErr error
}

// ChatRequest is the optional chat completion of Options.Request. The keys come from the
// environment and are only ever sent to the gateway: never printed, never stored.
type ChatRequest struct {
	// Provider is the x-portkey-provider header ("openai").
	Provider string
	// Model is the model asked ("gpt-4o-mini").
	Model string
	// ProviderKey is sent as "Authorization: Bearer"; PortkeyKey as x-portkey-api-key.
	ProviderKey, PortkeyKey string
}

// Options change what Run checks.
type Options struct {
	// ThroughLB adds GET /v1/health through the load balancer's DNS name.
	ThroughLB bool
	// Request, when set, adds a chat completion through the gateway.
	Request *ChatRequest
	// LogTailLines is how many lines of each gateway pod's log the sync check reads
	// (default 500).
	LogTailLines int64
	// Events is how many of a pod's last events are shown (default 3).
	Events int
}

func (o Options) withDefaults() Options {
	if o.LogTailLines <= 0 {
		o.LogTailLines = 500
	}
	if o.Events <= 0 {
		o.Events = 3
	}
	return o
}

// String names the release and cluster, for the report's first line.
func (t Target) String() string {
	return fmt.Sprintf("release %s/%s (cluster %s, %s)", t.Namespace, t.ReleaseName, t.ClusterName, t.Region)
}
