package gateway

// This file builds the values of the Portkey `gateway` Helm chart. It has no Pulumi in it:
// the component resolves its inputs inside an Apply and calls Values with plain strings.
//
// Every key written here was checked against the chart's values.yaml and templates
// (Portkey-AI/helm, charts/portkey-gateway) and against the traps listed in
// docs/gateway-chart.md; the comments name the trap a key avoids.

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"

	"github.com/portkey-eks/portkey-eks/validate"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// Requests of the pods the chart runs beside the gateway, as Values writes them; whoever
// sizes nodes for a release (the stack's capacity check) counts these.
const (
	// DataServiceCPURequest and DataServiceMemoryRequest are each data service pod's requests.
	DataServiceCPURequest    = "250m"
	DataServiceMemoryRequest = "512Mi"
	// BuiltinRedisCPURequest and BuiltinRedisMemoryRequest are the built-in Redis pod's requests.
	BuiltinRedisCPURequest    = "100m"
	BuiltinRedisMemoryRequest = "128Mi"
)

// Chart facts and fixed values.
const (
	// ChartName is the chart's name in its repository.
	ChartName = "gateway"
	// ChartRepository is the Helm repository that serves the chart.
	ChartRepository = "https://portkey-ai.github.io/helm"
	// DefaultChartVersion is the chart version installed when none is configured.
	DefaultChartVersion = "1.7.7"
	// DataServicePort is the data service's container and Service port.
	DataServicePort = 8081
	// BuiltinRedisPort is the port of the chart's built-in Redis.
	BuiltinRedisPort = 6379
	// PullSecretName is the name of the image pull secret the chart creates.
	PullSecretName = "portkeyenterpriseregistrycredentials"
	// DataServiceSelectorName is the app.kubernetes.io/name selector label given to the data
	// service, so the gateway's selector (name: gateway) no longer matches its pods.
	DataServiceSelectorName = "dataservice"
	// PrivateLinkBase is the control plane's address over AWS PrivateLink (private DNS).
	PrivateLinkBase = "https://aws-cp.portkey.ai"
	// Masked is what Redact writes in place of a secret value.
	Masked = "[secret]"
)

// Images pins the container images. Empty repositories and pull policy take the defaults
// of DefaultImages; tags must be set (or come from DefaultImages).
type Images struct {
	GatewayRepository     string
	GatewayTag            string
	DataServiceRepository string
	DataServiceTag        string
	RedisRepository       string
	RedisTag              string
	// PullPolicy applies to the gateway and data service images: IfNotPresent or Always.
	PullPolicy string
}

// Default image repositories and pull policy.
const (
	DefaultGatewayRepository     = "docker.io/portkeyai/gateway_enterprise"
	DefaultDataServiceRepository = "docker.io/portkeyai/data-service"
	DefaultRedisRepository       = "docker.io/redis"
	DefaultPullPolicy            = "IfNotPresent"
)

// DefaultImages returns the public images, with the tags DefaultChartVersion ships
// (see ChartImages).
func DefaultImages() Images {
	shipped, _ := ChartImages(DefaultChartVersion)
	return Images{
		GatewayRepository:     DefaultGatewayRepository,
		GatewayTag:            shipped.Gateway,
		DataServiceRepository: DefaultDataServiceRepository,
		DataServiceTag:        shipped.DataService,
		RedisRepository:       DefaultRedisRepository,
		RedisTag:              shipped.Redis,
		PullPolicy:            DefaultPullPolicy,
	}
}

// CacheValues is the cache, as the cache component made it (cache.Cache's Environment and
// SecretEnvironment, resolved): the variables go into environment.data unchanged.
type CacheValues struct {
	// Mode is vocab.CacheBuiltin or vocab.CacheElastiCache.
	Mode vocab.CacheMode
	// Environment holds the cache's environment variables (CACHE_STORE, REDIS_URL, ...).
	Environment map[string]string
	// SecretEnvironment holds the cache's secret variables (REDIS_PASSWORD), or nothing.
	SecretEnvironment map[string]string
}

// LogStoreValues is the S3 bucket for request logs; an empty Bucket leaves the log store unset.
type LogStoreValues struct {
	Bucket string
	Region string
}

// IdentityValues says how the pods get AWS credentials and names their service accounts.
type IdentityValues struct {
	// Mode is vocab.IRSA or vocab.PodIdentity.
	Mode vocab.IdentityMode
	// RoleArn is the IAM role; required for IRSA (it becomes the service accounts'
	// eks.amazonaws.com/role-arn annotation), unused for Pod Identity.
	RoleArn string
	// GatewayServiceAccount and DataServiceServiceAccount are the service account names;
	// both are required (docs/gateway-chart.md, trap 1) and must match the IAM trust or
	// pod identity associations.
	GatewayServiceAccount     string
	DataServiceServiceAccount string
}

// DataService enables the optional data service (batches, fine-tuning, log exports).
type DataService struct {
	Enabled bool
	// Replicas defaults to 1.
	Replicas int
}

// Autoscaling configures the gateway's autoscaling/v2 HorizontalPodAutoscaler.
type Autoscaling struct {
	Enabled bool
	// MinReplicas (default 2), MaxReplicas (default 6), TargetCPUPercent (default 70) and
	// TargetMemoryPercent (default 80).
	MinReplicas         int
	MaxReplicas         int
	TargetCPUPercent    int
	TargetMemoryPercent int
}

// Resources holds the gateway container's Kubernetes resource quantities. All empty means
// DefaultResources; an empty CPULimit means no CPU limit (bursts are not throttled).
type Resources struct {
	CPURequest    string
	MemoryRequest string
	CPULimit      string
	MemoryLimit   string
}

// DefaultResources sizes the gateway for t4g.medium nodes (2 vCPU, 4 GiB; about 1.9 vCPU
// and 3.3 GiB allocatable): two gateways and the system pods fit on one node.
func DefaultResources() Resources {
	return Resources{CPURequest: "500m", MemoryRequest: "1Gi", MemoryLimit: "2Gi"}
}

// ExposureValues says how clients reach the gateway.
type ExposureValues struct {
	// Type is vocab.ExposureNLB (default), vocab.ExposureALB or vocab.ExposureNone. Only ALB changes the
	// chart's values (its Ingress); the Service is ClusterIP in every mode.
	Type vocab.ExposureType
	// Scheme is vocab.SchemeInternal (default) or vocab.SchemeInternetFacing.
	Scheme vocab.Scheme
	// AllowedCidrs are the client CIDRs the ALB admits (required for ALB: without them the
	// controller admits 0.0.0.0/0). Write 0.0.0.0/0 out if you mean it.
	AllowedCidrs []string
	// CertificateArn is an ACM certificate: HTTPS with a TLS 1.3 policy; empty: HTTP.
	CertificateArn string
	// Hostname is the Ingress rule's host (optional).
	Hostname string
	// Port is the listener port; 0 means 443 with a certificate, else 8787.
	Port int
	// LoadBalancerName names the ALB (optional, at most 32 characters).
	LoadBalancerName string
}

// ValuesInput is everything the chart's values depend on, already resolved to plain values.
type ValuesInput struct {
	// ReleaseName is the Helm release name (default objects are named <release>-gateway).
	ReleaseName string
	// ServiceName is SERVICE_NAME, the name the gateway reports to the control plane.
	ServiceName string
	// OrganisationID is ORGANISATIONS_TO_SYNC.
	OrganisationID string
	// ClientAuthKey is the Portkey license (PORTKEY_CLIENT_AUTH), a secret.
	ClientAuthKey string
	// RegistryServer (default Docker Hub), RegistryUsername and RegistryPassword (secrets)
	// are the Portkey image registry credentials.
	RegistryServer   string
	RegistryUsername string
	RegistryPassword string

	Images      Images
	Cache       CacheValues
	LogStore    LogStoreValues
	Identity    IdentityValues
	DataService DataService
	// Replicas is the gateway replica count when autoscaling is off (default 2).
	Replicas    int
	Autoscaling Autoscaling
	Resources   Resources
	// ControlPlanePrivateLink points the gateway at the control plane's PrivateLink
	// address (https://aws-cp.portkey.ai/...) instead of the public endpoints.
	ControlPlanePrivateLink bool
	Exposure                ExposureValues
}

var (
	errRequired = errors.New("is required")
)

// withDefaults fills the optional fields left empty.
func (in ValuesInput) withDefaults() ValuesInput {
	d := DefaultImages()
	im := &in.Images
	for _, f := range []struct {
		v   *string
		def string
	}{
		{&im.GatewayRepository, d.GatewayRepository}, {&im.GatewayTag, d.GatewayTag},
		{&im.DataServiceRepository, d.DataServiceRepository}, {&im.DataServiceTag, d.DataServiceTag},
		{&im.RedisRepository, d.RedisRepository}, {&im.RedisTag, d.RedisTag},
		{&im.PullPolicy, d.PullPolicy},
		{&in.RegistryServer, "https://index.docker.io/v1/"},
	} {
		if *f.v == "" {
			*f.v = f.def
		}
	}
	if in.Exposure.Type == "" {
		in.Exposure.Type = vocab.ExposureNLB
	}
	if in.Exposure.Scheme == "" {
		in.Exposure.Scheme = vocab.SchemeInternal
	}
	if in.Resources == (Resources{}) {
		in.Resources = DefaultResources()
	}
	if in.Replicas == 0 {
		in.Replicas = 2
	}
	if in.DataService.Replicas == 0 {
		in.DataService.Replicas = 1
	}
	a := &in.Autoscaling
	for _, f := range []struct {
		v   *int
		def int
	}{
		{&a.MinReplicas, 2}, {&a.MaxReplicas, 6}, {&a.TargetCPUPercent, 70}, {&a.TargetMemoryPercent, 80},
	} {
		if *f.v == 0 {
			*f.v = f.def
		}
	}
	if in.Exposure.Port == 0 {
		in.Exposure.Port = vocab.GatewayPort
		if in.Exposure.CertificateArn != "" {
			in.Exposure.Port = 443
		}
	}
	return in
}

// validate reports the first problem with a defaulted input.
func (in ValuesInput) validate() error {
	req := func(name, v string) error {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("%s %w", name, errRequired)
		}
		return nil
	}
	for _, r := range []struct{ name, v string }{
		{"ReleaseName", in.ReleaseName}, {"ServiceName", in.ServiceName},
		{"OrganisationID", in.OrganisationID}, {"ClientAuthKey", in.ClientAuthKey},
		{"RegistryUsername", in.RegistryUsername}, {"RegistryPassword", in.RegistryPassword},
		{"Identity.GatewayServiceAccount", in.Identity.GatewayServiceAccount},
		{"Identity.DataServiceServiceAccount", in.Identity.DataServiceServiceAccount},
	} {
		if err := req(r.name, r.v); err != nil {
			return err
		}
	}
	if err := validate.ReleaseName(in.ReleaseName); err != nil {
		return fmt.Errorf("ReleaseName %w", err)
	}
	for _, sa := range []string{in.Identity.GatewayServiceAccount, in.Identity.DataServiceServiceAccount} {
		if err := validate.ServiceAccountName(sa); err != nil {
			return fmt.Errorf("service account name %w", err)
		}
	}
	if in.Identity.GatewayServiceAccount == in.Identity.DataServiceServiceAccount {
		return fmt.Errorf("the gateway and the data service need distinct service accounts (both are %q)", in.Identity.GatewayServiceAccount)
	}
	if err := in.validateImages(); err != nil {
		return err
	}
	if err := in.validateCache(); err != nil {
		return err
	}
	if in.LogStore.Bucket != "" && in.LogStore.Region == "" {
		return fmt.Errorf("LogStore.Region %w with a bucket", errRequired)
	}
	switch in.Identity.Mode {
	case vocab.IRSA:
		if err := validate.RoleARN(in.Identity.RoleArn); err != nil {
			return fmt.Errorf("Identity.RoleArn (IRSA needs the gateway's IAM role) %w", err)
		}
	case vocab.PodIdentity:
	default:
		return fmt.Errorf("Identity.Mode must be %q or %q, got %q", vocab.IRSA, vocab.PodIdentity, in.Identity.Mode)
	}
	if in.Replicas < 1 || in.DataService.Replicas < 1 {
		return errors.New("Replicas and DataService.Replicas must be at least 1")
	}
	if a := in.Autoscaling; a.Enabled {
		if a.MinReplicas < 1 || a.MaxReplicas < a.MinReplicas {
			return fmt.Errorf("Autoscaling needs 1 <= MinReplicas <= MaxReplicas, got %d and %d", a.MinReplicas, a.MaxReplicas)
		}
		if a.TargetCPUPercent > 100 || a.TargetMemoryPercent > 100 || a.TargetCPUPercent < 1 || a.TargetMemoryPercent < 1 {
			return errors.New("Autoscaling targets must be between 1 and 100 percent")
		}
		if in.Resources.CPURequest == "" || in.Resources.MemoryRequest == "" {
			return errors.New("Autoscaling needs Resources.CPURequest and MemoryRequest (utilisation is relative to requests)")
		}
	}
	return in.validateExposure()
}

func (in ValuesInput) validateImages() error {
	im := in.Images
	if im.PullPolicy != "IfNotPresent" && im.PullPolicy != "Always" {
		return fmt.Errorf("Images.PullPolicy must be IfNotPresent or Always, got %q", im.PullPolicy)
	}
	for _, tag := range []string{im.GatewayTag, im.DataServiceTag} {
		if tag == "latest" && im.PullPolicy != "Always" {
			return errors.New("an image tagged latest needs PullPolicy Always (pin a tag instead)")
		}
	}
	return nil
}

func (in ValuesInput) validateCache() error {
	c := in.Cache
	if !c.Mode.Valid() {
		return fmt.Errorf("Cache.Mode must be %q or %q, got %q", vocab.CacheBuiltin, vocab.CacheElastiCache, c.Mode)
	}
	if len(c.Environment) == 0 {
		return fmt.Errorf("Cache.Environment %w (the cache component's Environment)", errRequired)
	}
	for k := range c.SecretEnvironment {
		if _, ok := c.Environment[k]; ok {
			return fmt.Errorf("cache variable %s is in both Cache.Environment and Cache.SecretEnvironment", k)
		}
	}
	return nil
}

func (in ValuesInput) validateExposure() error {
	e := in.Exposure
	switch e.Type {
	case vocab.ExposureNLB, vocab.ExposureALB, vocab.ExposureNone:
	default:
		return fmt.Errorf("Exposure.Type must be nlb, alb or none, got %q", e.Type)
	}
	if e.Scheme != vocab.SchemeInternal && e.Scheme != vocab.SchemeInternetFacing {
		return fmt.Errorf("Exposure.Scheme must be internal or internet-facing, got %q", e.Scheme)
	}
	if e.CertificateArn != "" && !strings.HasPrefix(e.CertificateArn, "arn:") {
		return fmt.Errorf("Exposure.CertificateArn must be an ACM certificate ARN, got %q", e.CertificateArn)
	}
	if e.Port < 1 || e.Port > 65535 {
		return fmt.Errorf("Exposure.Port %d is out of range", e.Port)
	}
	for _, c := range e.AllowedCidrs {
		if _, _, err := net.ParseCIDR(c); err != nil {
			return fmt.Errorf("Exposure.AllowedCidrs: %q is not a CIDR", c)
		}
	}
	if e.Type == vocab.ExposureALB {
		if len(e.AllowedCidrs) == 0 {
			return errors.New("an ALB needs Exposure.AllowedCidrs (the controller would admit 0.0.0.0/0); pass the VPC CIDR for VPC-only access")
		}
		if len(e.LoadBalancerName) > 32 {
			return fmt.Errorf("Exposure.LoadBalancerName %q is longer than 32 characters", e.LoadBalancerName)
		}
	}
	return nil
}

// Values returns the chart's values for in, or the first problem with in. The result holds
// only map[string]any, []any, string, bool and int values. Secrets are in it in plain text:
// see SecretPaths and Redact.
func Values(in ValuesInput) (map[string]any, error) {
	in = in.withDefaults()
	if err := in.validate(); err != nil {
		return nil, err
	}
	podSecurity, containerSecurity := securityContexts()
	tmpVolumes, tmpMounts := writableDirs()
	v := map[string]any{
		"replicaCount": in.Replicas,
		// Trap 4: no random annotation on every render.
		"autoRestart": false,
		"images": map[string]any{
			"gatewayImage":     image(in.Images.GatewayRepository, in.Images.GatewayTag, in.Images.PullPolicy),
			"dataserviceImage": image(in.Images.DataServiceRepository, in.Images.DataServiceTag, in.Images.PullPolicy),
			"redisImage":       image(in.Images.RedisRepository, in.Images.RedisTag, "IfNotPresent"),
		},
		// Trap 3: our own credentials replace the placeholder entry; no extra pull secrets.
		"imagePullSecrets": []any{},
		"imageCredentials": []any{map[string]any{
			"name":     PullSecretName,
			"create":   true,
			"registry": in.RegistryServer,
			"username": in.RegistryUsername,
			"password": in.RegistryPassword,
			// The chart's pull-secret template prints .email: unset, it would write "%!s(<nil>)".
			"email": "",
		}},
		"environment": map[string]any{
			"create": true,
			"secret": true,
			"data":   environment(in),
		},
		// Trap 1: create both service accounts with explicit names.
		"serviceAccount": map[string]any{
			"create":      true,
			"automount":   true,
			"name":        in.Identity.GatewayServiceAccount,
			"annotations": saAnnotations(in.Identity),
		},
		// Trap 7: no annotations here (they are copied onto every object). The Service is
		// ClusterIP in every mode: the NLB reaches it through a TargetGroupBinding, the ALB
		// through the Ingress, and "none" through port-forward.
		"service": map[string]any{
			"type":          "ClusterIP",
			"port":          vocab.GatewayPort,
			"containerPort": vocab.GatewayPort,
			"annotations":   map[string]any{},
		},
		"ingress":   ingress(in.Exposure),
		"resources": resources(in.Resources),
		"autoscaling": func() map[string]any {
			a := in.Autoscaling
			if !a.Enabled {
				return map[string]any{"enabled": false}
			}
			return map[string]any{
				"enabled":                           true,
				"minReplicas":                       a.MinReplicas,
				"maxReplicas":                       a.MaxReplicas,
				"targetCPUUtilizationPercentage":    a.TargetCPUPercent,
				"targetMemoryUtilizationPercentage": a.TargetMemoryPercent,
			}
		}(),
		"podSecurityContext": podSecurity,
		"securityContext":    containerSecurity,
		// Trap 9: writable directories on a read-only root filesystem.
		"volumes":                   tmpVolumes,
		"volumeMounts":              tmpMounts,
		"topologySpreadConstraints": spread(GatewaySelectorLabels(in.ReleaseName), "DoNotSchedule"),
		// Drain on rollout (vocab.PreStopSleepSeconds): the pod keeps serving through the NLB's
		// deregistration delay, then has the rest of the grace period to finish after SIGTERM.
		"terminationGracePeriodSeconds": vocab.TerminationGracePeriodSeconds,
		"extraContainerConfig":          drainContainerConfig(),
		"dataservice":                   dataService(in, podSecurity, containerSecurity),
		// Only used by the built-in Redis: a ClusterIP Service instead of the NodePort default.
		"redis": map[string]any{
			"serviceType": "ClusterIP",
			"resources": map[string]any{
				"requests": map[string]any{"cpu": BuiltinRedisCPURequest, "memory": BuiltinRedisMemoryRequest},
				"limits":   map[string]any{"memory": "512Mi"},
			},
		},
	}
	return v, nil
}

// drainContainerConfig is the gateway container's extraContainerConfig: a preStop hook that
// sleeps vocab.PreStopSleepSeconds. The chart has a top-level terminationGracePeriodSeconds
// key but no lifecycle key; its gateway Deployment template copies extraContainerConfig into
// the container as is (Portkey-AI/helm, charts/portkey-gateway/templates/gateway/
// deployment.yaml), so the hook goes there. It uses the kubelet's sleep action (beta and on
// by default since Kubernetes 1.30, GA in 1.34) rather than an exec of `sleep`, so it needs
// nothing in the image.
func drainContainerConfig() map[string]any {
	return map[string]any{
		"lifecycle": map[string]any{
			"preStop": map[string]any{
				"sleep": map[string]any{"seconds": vocab.PreStopSleepSeconds},
			},
		},
	}
}

func image(repo, tag, policy string) map[string]any {
	return map[string]any{"repository": repo, "tag": tag, "pullPolicy": policy}
}

// environment returns environment.data: every value a string (the chart base64-encodes
// them into a Secret).
func environment(in ValuesInput) map[string]any {
	d := map[string]any{
		"SERVICE_NAME":          in.ServiceName,
		"PORT":                  fmt.Sprint(vocab.GatewayPort),
		"PORTKEY_CLIENT_AUTH":   in.ClientAuthKey,
		"ORGANISATIONS_TO_SYNC": in.OrganisationID,
		// The chart's default is clickhouse; hybrid deployments send analytics to the control plane.
		"ANALYTICS_STORE": "control_plane",
		// Trap 6: never left null.
		"SERVER_MODE": "",
	}
	for _, m := range []map[string]string{in.Cache.Environment, in.Cache.SecretEnvironment, logStoreEnv(in.LogStore), controlPlaneEnv(in.ControlPlanePrivateLink)} {
		for k, v := range m {
			d[k] = v
		}
	}
	return d
}

// logStoreEnv returns the log store's keys: s3_assume takes the pod's role (IRSA or Pod
// Identity) through the AWS SDK's default credential chain.
func logStoreEnv(l LogStoreValues) map[string]string {
	if l.Bucket == "" {
		return nil
	}
	return map[string]string{"LOG_STORE": "s3_assume", "LOG_STORE_REGION": l.Region, "LOG_STORE_GENERATIONS_BUCKET": l.Bucket}
}

// controlPlaneEnv returns the control plane's PrivateLink addresses, or nothing for the
// public endpoints (the gateway's built-in defaults).
func controlPlaneEnv(privateLink bool) map[string]string {
	if !privateLink {
		return nil
	}
	return map[string]string{
		"ALBUS_BASEPATH":           PrivateLinkBase + "/albus",
		"CONTROL_PLANE_BASEPATH":   PrivateLinkBase + "/api/v1",
		"SOURCE_SYNC_API_BASEPATH": PrivateLinkBase + "/api/v1/sync",
		"CONFIG_READER_PATH":       PrivateLinkBase + "/api/model-configs",
	}
}

func saAnnotations(id IdentityValues) map[string]any {
	if id.Mode == vocab.IRSA {
		return map[string]any{vocab.IRSARoleAnnotation: id.RoleArn}
	}
	return map[string]any{}
}

func ingress(e ExposureValues) map[string]any {
	// ingressClassName is always alb: the chart's default (nginx) would be wrong if the
	// Ingress were ever turned on.
	ing := map[string]any{"enabled": e.Type == vocab.ExposureALB, "ingressClassName": "alb", "hostname": e.Hostname, "tls": []any{}}
	if e.Type != vocab.ExposureALB {
		ing["annotations"] = map[string]any{}
		return ing
	}
	const p = "alb.ingress.kubernetes.io/"
	protocol := "HTTP"
	if e.CertificateArn != "" {
		protocol = "HTTPS"
	}
	listen, _ := json.Marshal([]map[string]int{{protocol: e.Port}})
	a := map[string]any{
		p + "scheme":                              string(e.Scheme),
		p + "target-type":                         "ip",
		p + "healthcheck-path":                    vocab.HealthPath,
		p + "inbound-cidrs":                       strings.Join(e.AllowedCidrs, ","),
		p + "listen-ports":                        string(listen),
		p + "load-balancer-attributes":            "routing.http.drop_invalid_header_fields.enabled=true",
		p + "manage-backend-security-group-rules": "true",
	}
	if e.CertificateArn != "" {
		a[p+"certificate-arn"] = e.CertificateArn
		a[p+"ssl-policy"] = vocab.TLSPolicy
	}
	if e.LoadBalancerName != "" {
		a[p+"load-balancer-name"] = e.LoadBalancerName
	}
	ing["annotations"] = a
	return ing
}

func resources(r Resources) map[string]any {
	req, lim := map[string]any{}, map[string]any{}
	for _, q := range []struct {
		m        map[string]any
		key, val string
	}{{req, "cpu", r.CPURequest}, {req, "memory", r.MemoryRequest}, {lim, "cpu", r.CPULimit}, {lim, "memory", r.MemoryLimit}} {
		if q.val != "" {
			q.m[q.key] = q.val
		}
	}
	return map[string]any{"requests": req, "limits": lim}
}

// securityContexts returns the pod and container security contexts of the gateway and the
// data service: non-root (uid 1000, the node user of the images), no privilege escalation,
// no capabilities, read-only root filesystem and the runtime's seccomp profile, which is
// what the "restricted" Pod Security Standard asks for.
func securityContexts() (pod, container map[string]any) {
	pod = map[string]any{
		"runAsNonRoot":   true,
		"runAsUser":      1000,
		"runAsGroup":     1000,
		"fsGroup":        1000,
		"seccompProfile": map[string]any{"type": "RuntimeDefault"},
	}
	container = map[string]any{
		"allowPrivilegeEscalation": false,
		"readOnlyRootFilesystem":   true,
		"runAsNonRoot":             true,
		"capabilities":             map[string]any{"drop": []any{"ALL"}},
	}
	return pod, container
}

// writableDirs returns small emptyDir volumes mounted at /tmp and /home/node/.npm.
func writableDirs() (volumes, mounts []any) {
	volumes = []any{
		map[string]any{"name": "tmp", "emptyDir": map[string]any{"sizeLimit": "256Mi"}},
		map[string]any{"name": "npm-cache", "emptyDir": map[string]any{"sizeLimit": "128Mi"}},
	}
	mounts = []any{
		map[string]any{"name": "tmp", "mountPath": "/tmp"},
		map[string]any{"name": "npm-cache", "mountPath": "/home/node/.npm"},
	}
	return volumes, mounts
}

// spread returns topology spread constraints for the pods with the given labels: across
// zones (whenZone: DoNotSchedule for the gateway, ScheduleAnyway for the data service) and,
// softly, across nodes. matchLabelKeys keeps a rollout's new pods from counting old ones.
func spread(labels map[string]string, whenZone string) []any {
	sel := map[string]any{}
	for k, v := range labels {
		sel[k] = v
	}
	c := func(key, when string) map[string]any {
		return map[string]any{
			"maxSkew":           1,
			"topologyKey":       key,
			"whenUnsatisfiable": when,
			"labelSelector":     map[string]any{"matchLabels": sel},
			"matchLabelKeys":    []any{"pod-template-hash"},
		}
	}
	return []any{c("topology.kubernetes.io/zone", whenZone), c("kubernetes.io/hostname", "ScheduleAnyway")}
}

func dataService(in ValuesInput, podSecurity, containerSecurity map[string]any) map[string]any {
	vols, mounts := writableDirs()
	sel := map[string]any{"app.kubernetes.io/name": DataServiceSelectorName}
	return map[string]any{
		"name":    "dataservice",
		"enabled": in.DataService.Enabled,
		"env": map[string]any{
			"DEBUG_ENABLED": false,
			"SERVICE_NAME":  in.ServiceName + "-dataservice",
		},
		"deployment": map[string]any{
			// Trap 4: the chart's default (true) restarts the data service on every update.
			"autoRestart": false,
			"replicas":    in.DataService.Replicas,
			// Trap 5: distinct selector labels from the first install (selectors are immutable).
			"selectorLabels":     sel,
			"podSecurityContext": podSecurity,
			"securityContext":    containerSecurity,
			"resources": map[string]any{
				"requests": map[string]any{"cpu": DataServiceCPURequest, "memory": DataServiceMemoryRequest},
				"limits":   map[string]any{"memory": "1Gi"},
			},
			// Trap 9, as for the gateway.
			"volumes":                   vols,
			"volumeMounts":              mounts,
			"topologySpreadConstraints": spread(DataServiceSelectorLabels(in.ReleaseName), "ScheduleAnyway"),
		},
		"service": map[string]any{"type": "ClusterIP", "port": DataServicePort},
		// Trap 1: create and an explicit name, set even while the data service is off.
		"serviceAccount": map[string]any{
			"create":      true,
			"name":        in.Identity.DataServiceServiceAccount,
			"annotations": saAnnotations(in.Identity),
		},
	}
}

// SecretPaths lists the value paths (as "a.b[0].c") that hold secrets for in: the license
// key, the registry credentials and the cache AUTH token when set.
func SecretPaths(in ValuesInput) []string {
	p := []string{
		"environment.data.PORTKEY_CLIENT_AUTH",
		"imageCredentials[0].password",
		"imageCredentials[0].username",
	}
	for k := range in.Cache.SecretEnvironment {
		p = append(p, "environment.data."+k)
	}
	slices.Sort(p)
	return p
}

// Redact returns a deep copy of values with the leaf at each path replaced by Masked. A
// path that does not exist is ignored.
func Redact(values map[string]any, paths []string) map[string]any {
	out, _ := deepCopy(values).(map[string]any)
	for _, p := range paths {
		setPath(out, p, Masked)
	}
	return out
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = deepCopy(e)
		}
		return s
	}
	return v
}

// setPath sets the leaf at a path of map keys separated by dots, each optionally followed by
// one [index]. Keys with dots in them cannot be addressed (none of SecretPaths has any).
func setPath(root map[string]any, path string, val any) {
	var cur any = root
	parts := strings.Split(path, ".")
	for i, part := range parts {
		key, idx := part, -1
		if j := strings.Index(part, "["); j >= 0 && strings.HasSuffix(part, "]") {
			key = part[:j]
			fmt.Sscanf(part[j+1:len(part)-1], "%d", &idx)
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return
		}
		last := i == len(parts)-1
		if idx < 0 {
			if _, ok := m[key]; !ok {
				return
			}
			if last {
				m[key] = val
				return
			}
			cur = m[key]
			continue
		}
		arr, ok := m[key].([]any)
		if !ok || idx >= len(arr) {
			return
		}
		if last {
			arr[idx] = val
			return
		}
		cur = arr[idx]
	}
}
