package verify

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// NewKubeClients builds the Kubernetes clients from a kubeconfig document (the stack's
// kubeconfig output, JSON or YAML; EKS's uses the `aws eks get-token` exec plugin).
func NewKubeClients(kubeconfig []byte) (kubernetes.Interface, dynamic.Interface, error) {
	cfg, err := clientcmd.RESTConfigFromKubeConfig(kubeconfig)
	if err != nil {
		return nil, nil, err
	}
	cfg.Timeout = 20 * time.Second
	cfg.UserAgent = "portkey-eks-verify"
	kc, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, nil, err
	}
	dc, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, nil, err
	}
	return kc, dc, nil
}

// NewAWSClients builds the ELBv2 and EC2 clients for region from the default credential
// chain (environment, shared config, SSO, IMDS). AWS_ENDPOINT_URL and the per-service
// AWS_ENDPOINT_URL_* variables redirect them, as everywhere in the SDK.
func NewAWSClients(ctx context.Context, region string, optFns ...func(*config.LoadOptions) error) (*elbv2.Client, *ec2.Client, error) {
	opts := append([]func(*config.LoadOptions) error{config.WithRegion(region)}, optFns...)
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, nil, err
	}
	cfg.RetryMaxAttempts = 3
	if cfg.Region == "" {
		cfg.Region = region
	}
	_ = aws.Config(cfg)
	return elbv2.NewFromConfig(cfg), ec2.NewFromConfig(cfg), nil
}
