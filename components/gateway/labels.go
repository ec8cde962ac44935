package gateway

// Names, labels and addresses that follow from the chart's templates. No Pulumi here.

import (
	"fmt"
	"strings"

	"github.com/portkey-eks/portkey-eks/vocab"
)

// FullName is the chart's fullname helper: the name of the gateway's Deployment, Service,
// Secret, HPA and Ingress ("portkey-ai" gives "portkey-ai-gateway"; a release name that
// already contains "gateway" is used as is).
func FullName(releaseName string) string {
	n := releaseName
	if !strings.Contains(releaseName, ChartName) {
		n = releaseName + "-" + ChartName
	}
	if len(n) > 63 {
		n = n[:63]
	}
	return strings.TrimSuffix(n, "-")
}

// GatewaySelectorLabels are the chart's selector labels of the gateway's pods.
func GatewaySelectorLabels(releaseName string) map[string]string {
	return map[string]string{"app.kubernetes.io/name": ChartName, "app.kubernetes.io/instance": releaseName}
}

// DataServiceSelectorLabels are the selector labels the chart gives the data service's pods
// once Values sets dataservice.deployment.selectorLabels.
func DataServiceSelectorLabels(releaseName string) map[string]string {
	return map[string]string{
		"app.kubernetes.io/name":      DataServiceSelectorName,
		"app.kubernetes.io/instance":  releaseName,
		"app.kubernetes.io/component": FullName(releaseName) + "-dataservice",
	}
}

// ReleaseSelectorLabels select every pod of the release (gateway, data service, built-in Redis).
func ReleaseSelectorLabels(releaseName string) map[string]string {
	return map[string]string{"app.kubernetes.io/instance": releaseName}
}

// NamespaceLabels are the labels of a namespace created for the release: the "restricted"
// Pod Security Standard (enforced, unless the chart's built-in Redis runs: its pod has no
// security context, so "baseline" is enforced and "restricted" only warned and audited),
// and, behind a load balancer, the AWS Load Balancer Controller's pod readiness gate so
// rollouts wait for new pods to be healthy targets.
func NamespaceLabels(builtinRedis bool, exposureType vocab.ExposureType) map[string]string {
	enforce := "restricted"
	if builtinRedis {
		enforce = "baseline"
	}
	l := map[string]string{
		"pod-security.kubernetes.io/enforce":         enforce,
		"pod-security.kubernetes.io/enforce-version": "latest",
		"pod-security.kubernetes.io/warn":            "restricted",
		"pod-security.kubernetes.io/audit":           "restricted",
	}
	if exposureType == vocab.ExposureNLB || exposureType == vocab.ExposureALB {
		l["elbv2.k8s.aws/pod-readiness-gate-inject"] = "enabled"
	}
	return l
}

// GatewayURL returns the URL clients use: the load balancer's DNS name (or the ALB's host
// name) with the listener port, or for ExposureNone the in-cluster Service address. It is
// empty for an ALB with neither a Hostname nor a known DNS name (the controller names the
// ALB asynchronously; read it from the Ingress status).
func GatewayURL(e ExposureValues, lbDNSName, serviceName, namespace string) string {
	e = ValuesInput{Exposure: e}.withDefaults().Exposure
	scheme := "http"
	if e.CertificateArn != "" {
		scheme = "https"
	}
	host := lbDNSName
	switch e.Type {
	case vocab.ExposureNone:
		return fmt.Sprintf("http://%s.%s.svc.cluster.local:%d", serviceName, namespace, vocab.GatewayPort)
	case vocab.ExposureALB:
		if e.Hostname != "" {
			host = e.Hostname
		}
	}
	if host == "" {
		return ""
	}
	return fmt.Sprintf("%s://%s:%d", scheme, host, e.Port)
}
