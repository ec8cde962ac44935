package gateway

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	helm "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	policyv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/policy/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/portkey-eks/portkey-eks/internal/chartref"
	"github.com/portkey-eks/portkey-eks/validate"
	"github.com/portkey-eks/portkey-eks/vocab"
)

// PatchForceAnnotation makes the Kubernetes provider's server-side apply take ownership of
// fields another field manager changed, so `up` repairs out-of-band edits of the objects
// this component owns (the Namespace, NetworkPolicy, PodDisruptionBudgets and
// TargetGroupBinding).
const PatchForceAnnotation = "pulumi.com/patchForce"

// Defaults of GatewayReleaseArgs.
const (
	DefaultNamespace      = "portkeyai"
	DefaultReleaseName    = "portkey-ai"
	DefaultServiceName    = "gateway"
	DefaultTimeoutSeconds = 600
	// IMDSCidr is the EC2 instance metadata address the NetworkPolicy denies.
	IMDSCidr = "169.254.169.254/32"
	// TargetGroupIPAddressType is the TargetGroupBinding's spec.ipAddressType: the NLB's
	// target group is IPv4 (components/loadbalancer).
	TargetGroupIPAddressType = "ipv4"
)

// CacheArgs is the cache the gateway uses, as the cache component made it: pass a
// cache.Cache's Mode, Environment and SecretEnvironment unchanged. The gateway merges the
// variables into the chart's environment and rebuilds none of them.
type CacheArgs struct {
	// Mode is vocab.CacheBuiltin (the chart's in-cluster Redis, dev only: the NetworkPolicy
	// then admits it) or vocab.CacheElastiCache.
	Mode vocab.CacheMode
	// Environment holds the cache's environment variables (CACHE_STORE, REDIS_URL, ...).
	// Required.
	Environment pulumi.StringMapInput
	// SecretEnvironment holds the cache's secret variables (REDIS_PASSWORD with an AUTH
	// token); they are kept secret and masked in the redacted values. Optional.
	SecretEnvironment pulumi.StringMapInput
}

// LogStoreArgs is the S3 log bucket. A nil Bucket leaves the log store unconfigured.
type LogStoreArgs struct {
	Bucket pulumi.StringInput
	// Region is the bucket's region (required with a bucket).
	Region pulumi.StringInput
}

// IdentityArgs says how the gateway's pods get AWS credentials.
type IdentityArgs struct {
	// Mode is vocab.IRSA or vocab.PodIdentity.
	Mode vocab.IdentityMode
	// RoleArn is the gateway's IAM role, required for IRSA (service account annotation).
	// Under Pod Identity the associations (made elsewhere) name the role.
	RoleArn pulumi.StringInput
	// GatewayServiceAccount and DataServiceServiceAccount name the two service accounts the
	// chart creates; the IAM trust policy or pod identity associations must use the same
	// names (and the namespace).
	GatewayServiceAccount     string
	DataServiceServiceAccount string
}

// ExposureArgs says how clients reach the gateway.
type ExposureArgs struct {
	// Type is vocab.ExposureNLB (default), vocab.ExposureALB or vocab.ExposureNone.
	Type vocab.ExposureType
	// Scheme, AllowedCidrs, CertificateArn, Hostname, Port and LoadBalancerName are as in
	// ExposureValues (AllowedCidrs and LoadBalancerName only shape the ALB; the NLB is
	// configured by its own component).
	Scheme           vocab.Scheme
	AllowedCidrs     []string
	CertificateArn   string
	Hostname         string
	Port             int
	LoadBalancerName string
	// TargetGroupArn is the NLB's ip target group (port 8787) the gateway Service is bound
	// to with a TargetGroupBinding. Required for ExposureNLB.
	TargetGroupArn pulumi.StringInput
	// VpcID is the target group's VPC, written as the binding's spec.vpcID (the controller's
	// webhook would otherwise fill it in, and server-side apply would then fight it).
	// Required for ExposureNLB.
	VpcID pulumi.StringInput
	// LoadBalancerDNSName is the load balancer's DNS name for GatewayURL. Required for
	// ExposureNLB; optional for ExposureALB (see GatewayRelease.GatewayURL).
	LoadBalancerDNSName pulumi.StringInput
}

// GatewayReleaseArgs configures a GatewayRelease.
type GatewayReleaseArgs struct {
	// Provider is the Kubernetes provider of the target cluster. Required.
	Provider pulumi.ProviderResource
	// Namespace (default "portkeyai") holds the release; give each release its own
	// namespace (the chart's objects `redis` and `resource-config` have fixed names).
	Namespace string
	// CreateNamespace creates the namespace with Pod Security Standards labels; nil means
	// true. Set it to false when the namespace already exists.
	CreateNamespace *bool
	// ReleaseName (default "portkey-ai"), ChartVersion (default DefaultChartVersion),
	// ChartRepository (default ChartRepository) and TimeoutSeconds (default 600) shape
	// the atomic Helm release.
	ReleaseName     string
	ChartVersion    string
	ChartRepository string
	TimeoutSeconds  int

	// ServiceName is SERVICE_NAME (default "gateway"); OrganisationID is the Portkey
	// organisation to sync. Required.
	ServiceName    string
	OrganisationID string
	// ClientAuthKey is the Portkey license; RegistryUsername and RegistryPassword are the
	// image registry credentials at RegistryServer (default Docker Hub). All three are
	// required and kept secret even when given as plain values.
	ClientAuthKey    pulumi.StringInput
	RegistryServer   string
	RegistryUsername pulumi.StringInput
	RegistryPassword pulumi.StringInput

	// Images pins the images. Empty tags take what ChartVersion ships (ChartImages); other
	// empty fields take DefaultImages.
	Images      Images
	Cache       CacheArgs
	LogStore    LogStoreArgs
	Identity    IdentityArgs
	DataService DataService
	// Replicas is the gateway replica count without autoscaling (default 2).
	Replicas    int
	Autoscaling Autoscaling
	// Resources of the gateway container (all empty: DefaultResources).
	Resources Resources
	// ControlPlanePrivateLink reaches the control plane through its PrivateLink endpoint.
	ControlPlanePrivateLink bool
	Exposure                ExposureArgs

	// DependsOn lists what must exist before the pods start and outlive the release on
	// destroy: node groups, the AWS Load Balancer Controller, the IAM role and its policies,
	// pod identity associations. The release and the TargetGroupBinding wait on them.
	DependsOn []pulumi.Resource
}

// GatewayRelease is the Portkey gateway installed in a cluster: a namespace, the Helm
// release of the `gateway` chart, a NetworkPolicy, PodDisruptionBudgets and, for an NLB,
// the TargetGroupBinding that registers the gateway's pods in the NLB's target group.
type GatewayRelease struct {
	pulumi.ResourceState

	// GatewayURL is how clients reach the gateway: <scheme>://<load balancer DNS name or
	// host name>:<port>, or the in-cluster Service URL for ExposureNone. For an ALB without
	// Hostname or LoadBalancerDNSName it is empty: the controller creates the ALB after the
	// release, so read its name from the Ingress status.
	GatewayURL pulumi.StringOutput
	// Namespace is the release's namespace (it waits on the namespace when created here).
	Namespace pulumi.StringOutput
	// ReleaseName is the Helm release's name.
	ReleaseName pulumi.StringOutput
	// ServiceName is the gateway's Kubernetes Service (port 8787).
	ServiceName pulumi.StringOutput
	// ServiceAccountName and DataServiceAccountName are the pods' service accounts.
	ServiceAccountName     pulumi.StringOutput
	DataServiceAccountName pulumi.StringOutput
	// Values are the chart values given to the release; a secret (they hold the license).
	Values pulumi.MapOutput
	// RedactedValues are the same values with every secret replaced by "[secret]"; not
	// secret, for review (synth) output.
	RedactedValues pulumi.MapOutput
	// Release is the Helm release.
	Release *helm.Release
}

// defaults returns args with the optional plain fields filled.
func (a GatewayReleaseArgs) defaults() GatewayReleaseArgs {
	for _, f := range []struct {
		v   *string
		def string
	}{
		{&a.Namespace, DefaultNamespace}, {&a.ReleaseName, DefaultReleaseName},
		{&a.ChartVersion, DefaultChartVersion}, {&a.ChartRepository, ChartRepository},
		{&a.ServiceName, DefaultServiceName},
	} {
		if *f.v == "" {
			*f.v = f.def
		}
	}
	if a.Exposure.Type == "" {
		a.Exposure.Type = vocab.ExposureNLB
	}
	if a.TimeoutSeconds == 0 {
		a.TimeoutSeconds = DefaultTimeoutSeconds
	}
	if a.CreateNamespace == nil {
		t := true
		a.CreateNamespace = &t
	}
	return a
}

// valuesInput maps the plain parts of args to a ValuesInput. The fields that come from
// Pulumi inputs are set by the caller.
func (a GatewayReleaseArgs) valuesInput() ValuesInput {
	e := a.Exposure
	return ValuesInput{
		ReleaseName:    a.ReleaseName,
		ServiceName:    a.ServiceName,
		OrganisationID: a.OrganisationID,
		RegistryServer: a.RegistryServer,
		Images:         a.Images,
		Cache:          CacheValues{Mode: a.Cache.Mode},
		Identity: IdentityValues{
			Mode:                      a.Identity.Mode,
			GatewayServiceAccount:     a.Identity.GatewayServiceAccount,
			DataServiceServiceAccount: a.Identity.DataServiceServiceAccount,
		},
		DataService:             a.DataService,
		Replicas:                a.Replicas,
		Autoscaling:             a.Autoscaling,
		Resources:               a.Resources,
		ControlPlanePrivateLink: a.ControlPlanePrivateLink,
		Exposure: ExposureValues{
			Type: e.Type, Scheme: e.Scheme, AllowedCidrs: e.AllowedCidrs, CertificateArn: e.CertificateArn,
			Hostname: e.Hostname, Port: e.Port, LoadBalancerName: e.LoadBalancerName,
		},
	}
}

// resolved are the Pulumi inputs that Values needs.
type resolved struct {
	ClientAuthKey, RegistryUsername, RegistryPassword string            // secrets
	CacheSecretEnv                                    map[string]string // secrets
	CacheEnv                                          map[string]string
	Bucket, Region, RoleArn                           string
}

// apply sets the resolved fields on a ValuesInput. Optional fields left empty stay empty.
func (r resolved) apply(in ValuesInput) ValuesInput {
	in.ClientAuthKey, in.RegistryUsername, in.RegistryPassword = r.ClientAuthKey, r.RegistryUsername, r.RegistryPassword
	in.Cache.Environment, in.Cache.SecretEnvironment = r.CacheEnv, r.CacheSecretEnv
	in.LogStore.Bucket, in.LogStore.Region, in.Identity.RoleArn = r.Bucket, r.Region, r.RoleArn
	return in
}

// ReservedNamespaces are the cluster's own namespaces, which never hold a gateway release.
var ReservedNamespaces = []string{"kube-system", "kube-public", "kube-node-lease"}

// CheckNamespace reports whether ns can hold a gateway release: a Kubernetes namespace name
// (validate.Namespace) that is not one of ReservedNamespaces. Configuration validation
// calls it too, so a namespace it accepts is never refused here.
func CheckNamespace(ns string) error {
	if err := validate.Namespace(ns); err != nil {
		return err
	}
	if slices.Contains(ReservedNamespaces, ns) {
		return &validate.Error{Value: ns, Problem: "is reserved for the cluster", Allowed: "a namespace of its own, such as " + DefaultNamespace}
	}
	return nil
}

// validate checks args (defaults filled) before anything is registered: the plain choices
// through Values, with stand-ins for the values that only exist at deploy time.
func (a GatewayReleaseArgs) validate() error {
	if a.Provider == nil {
		return errors.New("Provider is required (the cluster's Kubernetes provider)")
	}
	if err := CheckNamespace(a.Namespace); err != nil {
		return fmt.Errorf("Namespace %w", err)
	}
	if a.TimeoutSeconds < 60 {
		return fmt.Errorf("TimeoutSeconds must be at least 60, got %d", a.TimeoutSeconds)
	}
	if err := chartref.Validate(a.ChartRepository); err != nil {
		return fmt.Errorf("ChartRepository: %w", err)
	}
	if strings.TrimSpace(a.ChartVersion) == "" || a.ChartVersion == "latest" {
		return errors.New("ChartVersion must pin a chart version")
	}
	if a.Exposure.Type == vocab.ExposureNLB && (a.Exposure.TargetGroupArn == nil || a.Exposure.LoadBalancerDNSName == nil || a.Exposure.VpcID == nil) {
		return errors.New("an NLB exposure needs Exposure.TargetGroupArn, Exposure.VpcID and Exposure.LoadBalancerDNSName")
	}
	if a.Cache.Environment == nil {
		return errors.New("Cache.Environment is required (the cache component's Environment)")
	}
	stand := func(in pulumi.StringInput, v string) string {
		if in == nil {
			return ""
		}
		return v
	}
	probe := resolved{
		ClientAuthKey:    stand(a.ClientAuthKey, "stand-in"),
		RegistryUsername: stand(a.RegistryUsername, "stand-in"),
		RegistryPassword: stand(a.RegistryPassword, "stand-in"),
		CacheEnv:         map[string]string{"CACHE_STORE": "stand-in"},
		Bucket:           stand(a.LogStore.Bucket, "stand-in"),
		Region:           stand(a.LogStore.Region, "stand-in"),
		RoleArn:          stand(a.Identity.RoleArn, "arn:aws:iam::000000000000:role/stand-in"),
	}
	_, err := Values(probe.apply(a.valuesInput()))
	return err
}

func orEmpty(in pulumi.StringInput) pulumi.StringInput {
	if in == nil {
		return pulumi.String("")
	}
	return in
}

// secretMap returns in as a secret, or an empty map when it is nil.
func secretMap(in pulumi.StringMapInput) pulumi.StringMapOutput {
	if in == nil {
		return pulumi.ToSecret(pulumi.StringMap{}).(pulumi.StringMapOutput)
	}
	return pulumi.ToSecret(in).(pulumi.StringMapOutput)
}

func secret(in pulumi.StringInput) pulumi.StringInput {
	if in == nil {
		return pulumi.String("")
	}
	return pulumi.ToSecret(in).(pulumi.StringOutput)
}

// NewGatewayRelease installs the Portkey gateway chart with values composed from args, plus
// its namespace, NetworkPolicy, PodDisruptionBudgets and (for an NLB) TargetGroupBinding.
func NewGatewayRelease(ctx *pulumi.Context, name string, args *GatewayReleaseArgs, opts ...pulumi.ResourceOption) (*GatewayRelease, error) {
	if args == nil {
		return nil, errors.New("gateway: args are required")
	}
	a := args.defaults()
	images, err := ImagesForChart(a.ChartVersion, a.Images)
	if err != nil {
		return nil, fmt.Errorf("gateway %q: Images: %w", name, err)
	}
	a.Images = images
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("gateway %q: %w", name, err)
	}

	comp := &GatewayRelease{}
	if err := ctx.RegisterComponentResource("portkey-eks:gateway:GatewayRelease", name, comp, opts...); err != nil {
		return nil, err
	}
	k8s := []pulumi.ResourceOption{pulumi.Parent(comp), pulumi.Provider(a.Provider)}
	fullName := FullName(a.ReleaseName)
	builtinRedis := a.Cache.Mode == vocab.CacheBuiltin

	// The objects this component owns take back, on the next up, any field someone changed
	// out of band (kubectl edit/patch): without it server-side apply refuses with a field
	// conflict and the drift can never be repaired.
	forceOwnership := pulumi.StringMap{PatchForceAnnotation: pulumi.String("true")}

	// Namespace.
	namespace := pulumi.String(a.Namespace).ToStringOutput()
	if *a.CreateNamespace {
		ns, err := corev1.NewNamespace(ctx, name+"-ns", &corev1.NamespaceArgs{
			Metadata: &metav1.ObjectMetaArgs{
				Name:        pulumi.String(a.Namespace),
				Labels:      pulumi.ToStringMap(NamespaceLabels(builtinRedis, a.Exposure.Type)),
				Annotations: forceOwnership,
			},
		}, k8s...)
		if err != nil {
			return nil, err
		}
		namespace = ns.Metadata.Name().Elem()
	}
	meta := func(objName string, labels map[string]string) *metav1.ObjectMetaArgs {
		l := map[string]string{"app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/part-of": "portkey-gateway"}
		for k, v := range labels {
			l[k] = v
		}
		return &metav1.ObjectMetaArgs{Name: pulumi.String(objName), Namespace: namespace, Labels: pulumi.ToStringMap(l), Annotations: forceOwnership}
	}

	// Values: one Apply over every input for the release (secret, since it holds the
	// license), one over the non-secret inputs only for the redacted copy.
	base := a.valuesInput()
	// The redacted copy masks each secret cache variable by name: the names come from the
	// secret map's keys, which are not secret, through an Apply that returns no value of it.
	secretEnv := secretMap(a.Cache.SecretEnvironment)
	secretEnvKeys := secretEnv.ApplyT(func(m map[string]string) []string {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return keys
	}).(pulumi.StringArrayOutput)
	plainInputs := []any{a.Cache.Environment, orEmpty(a.LogStore.Bucket), orEmpty(a.LogStore.Region), orEmpty(a.Identity.RoleArn)}
	secretInputs := []any{secret(a.ClientAuthKey), secret(a.RegistryUsername), secret(a.RegistryPassword), secretEnv}
	fromPlain := func(r *resolved, v []any) {
		r.CacheEnv = v[0].(map[string]string)
		r.Bucket, r.Region, r.RoleArn = v[1].(string), v[2].(string), v[3].(string)
	}
	values := pulumi.All(append(slices.Clone(secretInputs), plainInputs...)...).ApplyT(func(v []any) (map[string]any, error) {
		r := resolved{ClientAuthKey: v[0].(string), RegistryUsername: v[1].(string), RegistryPassword: v[2].(string), CacheSecretEnv: v[3].(map[string]string)}
		fromPlain(&r, v[len(secretInputs):])
		return Values(r.apply(base))
	}).(pulumi.MapOutput)
	redacted := pulumi.All(append([]any{pulumi.Unsecret(secretEnvKeys)}, plainInputs...)...).ApplyT(func(v []any) (map[string]any, error) {
		r := resolved{ClientAuthKey: Masked, RegistryUsername: Masked, RegistryPassword: Masked, CacheSecretEnv: map[string]string{}}
		for _, k := range v[0].([]string) {
			r.CacheSecretEnv[k] = Masked
		}
		fromPlain(&r, v[1:])
		in := r.apply(base)
		m, err := Values(in)
		if err != nil {
			return nil, err
		}
		return Redact(m, SecretPaths(in)), nil
	}).(pulumi.MapOutput)

	// NetworkPolicy first: the release's pods never run without it.
	if _, err := networkingv1.NewNetworkPolicy(ctx, name+"-netpol", &networkingv1.NetworkPolicyArgs{
		Metadata: meta(fullName, nil),
		Spec:     networkPolicySpec(a.ReleaseName, a.DataService.Enabled, builtinRedis),
	}, k8s...); err != nil {
		return nil, err
	}

	// PodDisruptionBudgets.
	if a.gatewayMinReplicas() >= 2 {
		if _, err := policyv1.NewPodDisruptionBudget(ctx, name+"-pdb", &policyv1.PodDisruptionBudgetArgs{
			Metadata: meta(fullName, nil),
			Spec: &policyv1.PodDisruptionBudgetSpecArgs{
				MinAvailable: pulumi.Int(1),
				Selector:     &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(GatewaySelectorLabels(a.ReleaseName))},
			},
		}, k8s...); err != nil {
			return nil, err
		}
	}
	if a.DataService.Enabled {
		spec := &policyv1.PodDisruptionBudgetSpecArgs{
			Selector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(DataServiceSelectorLabels(a.ReleaseName))},
		}
		// One replica: a budget of one unavailable pod documents the intent without ever
		// blocking a node drain.
		if a.DataService.Replicas >= 2 {
			spec.MinAvailable = pulumi.Int(1)
		} else {
			spec.MaxUnavailable = pulumi.Int(1)
		}
		if _, err := policyv1.NewPodDisruptionBudget(ctx, name+"-dataservice-pdb", &policyv1.PodDisruptionBudgetArgs{
			Metadata: meta(fullName+"-dataservice", nil),
			Spec:     spec,
		}, k8s...); err != nil {
			return nil, err
		}
	}

	// The Helm release.
	releaseOpts := append(slices.Clone(k8s), pulumi.DependsOn(a.DependsOn), pulumi.AdditionalSecretOutputs([]string{"values"}))
	chart, repo := chartref.Resolve(a.ChartRepository, ChartName)
	repoOpts := helm.RepositoryOptsArgs{}
	if repo != "" {
		repoOpts.Repo = pulumi.String(repo)
	}
	release, err := helm.NewRelease(ctx, name+"-release", &helm.ReleaseArgs{
		Name:            pulumi.String(a.ReleaseName),
		Chart:           pulumi.String(chart),
		Version:         pulumi.String(a.ChartVersion),
		RepositoryOpts:  repoOpts,
		Namespace:       namespace,
		CreateNamespace: pulumi.Bool(false),
		Atomic:          pulumi.Bool(true),
		CleanupOnFail:   pulumi.Bool(true),
		Timeout:         pulumi.Int(a.TimeoutSeconds),
		MaxHistory:      pulumi.Int(10),
		Values:          values,
	}, releaseOpts...)
	if err != nil {
		return nil, err
	}

	// NLB: bind the gateway Service to the NLB's target group. It waits on the release (the
	// Service) and on DependsOn (the controller that owns the CRD and its finalizer).
	// spec.targetGroupARN is immutable (the controller's webhook refuses a change), so a new
	// target group replaces the binding, the old one deleted first (it deregisters the pods
	// from the old group). The spec also carries what the webhook would default (vpcID,
	// ipAddressType), so server-side apply never sees a field it does not own change.
	if a.Exposure.Type == vocab.ExposureNLB {
		deps := append(slices.Clone(a.DependsOn), release)
		if _, err := apiextensions.NewCustomResource(ctx, name+"-tgb", &apiextensions.CustomResourceArgs{
			ApiVersion: pulumi.String("elbv2.k8s.aws/v1beta1"),
			Kind:       pulumi.String("TargetGroupBinding"),
			Metadata:   meta(fullName, nil),
			OtherFields: kubernetes.UntypedArgs{
				"spec": pulumi.Map{
					"serviceRef":     pulumi.Map{"name": pulumi.String(fullName), "port": pulumi.Int(vocab.GatewayPort)},
					"targetGroupARN": a.Exposure.TargetGroupArn,
					"targetType":     pulumi.String("ip"),
					"vpcID":          a.Exposure.VpcID,
					"ipAddressType":  pulumi.String(TargetGroupIPAddressType),
				},
			},
		}, append(slices.Clone(k8s), pulumi.DependsOn(deps),
			pulumi.ReplaceOnChanges([]string{"spec.targetGroupARN"}), pulumi.DeleteBeforeReplace(true))...); err != nil {
			return nil, err
		}
	}

	ev := base.Exposure
	comp.GatewayURL = pulumi.All(orEmpty(a.Exposure.LoadBalancerDNSName), namespace).ApplyT(func(v []any) string {
		return GatewayURL(ev, v[0].(string), fullName, v[1].(string))
	}).(pulumi.StringOutput)
	comp.Namespace = namespace
	comp.ReleaseName = release.Name.Elem()
	comp.ServiceName = pulumi.String(fullName).ToStringOutput()
	comp.ServiceAccountName = pulumi.String(a.Identity.GatewayServiceAccount).ToStringOutput()
	comp.DataServiceAccountName = pulumi.String(a.Identity.DataServiceServiceAccount).ToStringOutput()
	comp.Values = values
	comp.RedactedValues = redacted
	comp.Release = release
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"gatewayUrl":         comp.GatewayURL,
		"namespace":          comp.Namespace,
		"releaseName":        comp.ReleaseName,
		"serviceName":        comp.ServiceName,
		"serviceAccountName": comp.ServiceAccountName,
	}); err != nil {
		return nil, err
	}
	return comp, nil
}

// gatewayMinReplicas is the fewest gateway pods the configuration runs.
func (a GatewayReleaseArgs) gatewayMinReplicas() int {
	in := a.valuesInput().withDefaults()
	if in.Autoscaling.Enabled {
		return in.Autoscaling.MinReplicas
	}
	return in.Replicas
}

// networkPolicySpec selects every pod of the release. Ingress: the gateway port from
// anywhere (load balancer, clients in the VPC), the data service port and the built-in
// Redis port only from the release's own pods. Egress: everything except the instance
// metadata service (169.254.169.254/32; the Pod Identity agent at 169.254.170.23 stays
// reachable), DNS to kube-dns, and the release's own pods.
func networkPolicySpec(release string, dataService, builtinRedis bool) *networkingv1.NetworkPolicySpecArgs {
	own := &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(ReleaseSelectorLabels(release))}
	tcp := func(port int) networkingv1.NetworkPolicyPortArray {
		return networkingv1.NetworkPolicyPortArray{networkingv1.NetworkPolicyPortArgs{Port: pulumi.Int(port), Protocol: pulumi.String("TCP")}}
	}
	ingress := networkingv1.NetworkPolicyIngressRuleArray{
		networkingv1.NetworkPolicyIngressRuleArgs{Ports: tcp(vocab.GatewayPort)},
	}
	internal := []int{}
	if dataService {
		internal = append(internal, DataServicePort)
	}
	if builtinRedis {
		internal = append(internal, BuiltinRedisPort)
	}
	for _, p := range internal {
		ingress = append(ingress, networkingv1.NetworkPolicyIngressRuleArgs{
			Ports: tcp(p),
			From:  networkingv1.NetworkPolicyPeerArray{networkingv1.NetworkPolicyPeerArgs{PodSelector: own}},
		})
	}
	egress := networkingv1.NetworkPolicyEgressRuleArray{
		networkingv1.NetworkPolicyEgressRuleArgs{
			To: networkingv1.NetworkPolicyPeerArray{networkingv1.NetworkPolicyPeerArgs{
				IpBlock: &networkingv1.IPBlockArgs{Cidr: pulumi.String("0.0.0.0/0"), Except: pulumi.StringArray{pulumi.String(IMDSCidr)}},
			}},
		},
		networkingv1.NetworkPolicyEgressRuleArgs{
			To: networkingv1.NetworkPolicyPeerArray{networkingv1.NetworkPolicyPeerArgs{
				NamespaceSelector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{"kubernetes.io/metadata.name": pulumi.String("kube-system")}},
				PodSelector:       &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{"k8s-app": pulumi.String("kube-dns")}},
			}},
			Ports: networkingv1.NetworkPolicyPortArray{
				networkingv1.NetworkPolicyPortArgs{Port: pulumi.Int(53), Protocol: pulumi.String("UDP")},
				networkingv1.NetworkPolicyPortArgs{Port: pulumi.Int(53), Protocol: pulumi.String("TCP")},
			},
		},
		networkingv1.NetworkPolicyEgressRuleArgs{
			To: networkingv1.NetworkPolicyPeerArray{networkingv1.NetworkPolicyPeerArgs{PodSelector: own}},
		},
	}
	return &networkingv1.NetworkPolicySpecArgs{
		PodSelector: own,
		PolicyTypes: pulumi.StringArray{pulumi.String("Ingress"), pulumi.String("Egress")},
		Ingress:     ingress,
		Egress:      egress,
	}
}
