package verify_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	apiextv1 "k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/portkey-eks/portkey-eks/stacks/verify"
	"github.com/portkey-eks/portkey-eks/vocab"
)

const (
	release = "portkey-ai"
	svcName = "portkey-ai-gateway"
	port    = 8787
	lbcNS   = "kube-system"
	lbcRel  = "aws-load-balancer-controller"
	region  = "us-east-1"
)

var crdGVR = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}

// TestVerify runs every check against one control plane, moto_server and loopback
// stand-ins for the gateway: a passing stack, a failing one, and one the verifier has no
// access to.
func TestVerify(t *testing.T) {
	e := startEnv(t)
	ctx := context.Background()
	kc, dc := e.clients(t, "")
	e.installTGBCRD(t, dc)
	e.deployment(t, kc, lbcNS, "aws-load-balancer-controller", lbcRel, 2, deployOpts{})
	elb, ec := e.aws(t)

	health := func(code int) *httptest.Server {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/v1/health":
				w.WriteHeader(code)
				fmt.Fprint(w, map[bool]string{true: "Server is healthy", false: "unhealthy"}[code == 200])
			case "/v1/chat/completions":
				if r.Header.Get("Authorization") != "Bearer sk-provider-secret" || r.Header.Get("x-portkey-api-key") != "pk-secret" {
					w.WriteHeader(http.StatusUnauthorized)
					fmt.Fprintf(w, `{"error":"invalid key %s"}`, r.Header.Get("x-portkey-api-key"))
					return
				}
				fmt.Fprint(w, `{"model":"gpt-4o-mini","choices":[{"message":{"role":"assistant","content":"pong"}}]}`)
			default:
				http.NotFound(w, r)
			}
		}))
		t.Cleanup(s.Close)
		return s
	}
	ok, bad := health(200), health(503)

	// vpc and subnet for moto's target groups and endpoints
	vpc, err := ec.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	subnet, err := ec.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String("10.0.128.0/17")})
	if err != nil {
		t.Fatal(err)
	}
	targetGroup := func(name string, ips []string) string {
		tg, err := elb.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{
			Name: aws.String(name), Protocol: elbv2types.ProtocolEnumTcp, Port: aws.Int32(port), VpcId: vpc.Vpc.VpcId,
			TargetType: elbv2types.TargetTypeEnumIp, HealthCheckPath: aws.String("/v1/health"), HealthCheckProtocol: elbv2types.ProtocolEnumHttp,
		})
		if err != nil {
			t.Fatal(err)
		}
		arn := tg.TargetGroups[0].TargetGroupArn
		var targets []elbv2types.TargetDescription
		for _, ip := range ips {
			targets = append(targets, elbv2types.TargetDescription{Id: aws.String(ip), Port: aws.Int32(port)})
		}
		if _, err := elb.RegisterTargets(ctx, &elbv2.RegisterTargetsInput{TargetGroupArn: arn, Targets: targets}); err != nil {
			t.Fatal(err)
		}
		return *arn
	}
	endpoint := func(privateDNS bool) string {
		ep, err := ec.CreateVpcEndpoint(ctx, &ec2.CreateVpcEndpointInput{
			VpcId: vpc.Vpc.VpcId, ServiceName: aws.String("com.amazonaws.vpce.us-east-1.vpce-svc-0c2c1c323d9f56d95"),
			VpcEndpointType: ec2types.VpcEndpointTypeInterface, SubnetIds: []string{*subnet.Subnet.SubnetId},
			PrivateDnsEnabled: aws.Bool(privateDNS),
		})
		if err != nil {
			t.Fatal(err)
		}
		return *ep.VpcEndpoint.VpcEndpointId
	}

	// setup deploys a gateway release in ns whose pods answer through srv and log logLine.
	setup := func(t *testing.T, ns string, srv *httptest.Server, logLine string) []corev1.Pod {
		e.cluster.CreateNamespace(t, ns, nil)
		e.deployment(t, kc, ns, svcName, release, 2, deployOpts{gateway: true})
		if _, err := kc.CoreV1().Services(ns).Create(ctx, &corev1.Service{
			ObjectMeta: metav1.ObjectMeta{Name: svcName, Labels: map[string]string{"app.kubernetes.io/instance": release}},
			Spec: corev1.ServiceSpec{
				Selector: map[string]string{"app.kubernetes.io/name": "gateway", "app.kubernetes.io/instance": release},
				Ports:    []corev1.ServicePort{{Name: "http", Port: port, TargetPort: intstr.FromInt32(port)}},
			},
		}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		pods, err := kc.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "app.kubernetes.io/name=gateway"})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pods.Items {
			e.egress.route(fmt.Sprintf("%s:%d", p.Status.PodIP, port), srv.Listener.Addr().String())
			e.kubelet.setLog(ns, p.Name, "Starting gateway on port 8787\n"+logLine+"\n")
		}
		// The Service's endpoints are what the API server's proxy and the TGB use.
		waitFor(t, "endpoints of "+svcName, 60*time.Second, func(ctx context.Context) (bool, error) {
			sl, err := kc.DiscoveryV1().EndpointSlices(ns).List(ctx, metav1.ListOptions{LabelSelector: "kubernetes.io/service-name=" + svcName})
			if err != nil || len(sl.Items) == 0 {
				return false, err
			}
			n := 0
			for _, s := range sl.Items {
				n += len(s.Endpoints)
			}
			return n == len(pods.Items), fmt.Errorf("%d endpoints", n)
		})
		return pods.Items
	}
	tgb := func(t *testing.T, ns, arn string) {
		obj := &apiextv1.Unstructured{Object: map[string]any{
			"apiVersion": "elbv2.k8s.aws/v1beta1", "kind": "TargetGroupBinding",
			"metadata": map[string]any{"name": svcName},
			"spec": map[string]any{
				"serviceRef": map[string]any{"name": svcName, "port": int64(port)}, "targetGroupARN": arn, "targetType": "ip",
			},
			"status": map[string]any{"observedGeneration": int64(1)},
		}}
		if _, err := dc.Resource(verify.TargetGroupBindingGVR).Namespace(ns).Create(ctx, obj, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	target := func(ns string, gatewayURL string) verify.Target {
		return verify.Target{
			ClusterName: "portkey-test", Region: region, Namespace: ns, ReleaseName: release,
			ServiceName: svcName, ServicePort: port, LBControllerNamespace: lbcNS, LBControllerRelease: lbcRel,
			LoadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/x/1", Exposure: vocab.ExposureNLB,
			GatewayURL: gatewayURL, ControlPlaneRoute: "privateLink",
		}
	}
	clients := verify.Clients{Kube: kc, Dynamic: dc, ELBv2: elb, EC2: ec}

	t.Run("passing", func(t *testing.T) {
		pods := setup(t, "good", ok, `{"level":"info","message":"Sync with control plane successful for 1 organisation"}`)
		var ips []string
		for _, p := range pods {
			ips = append(ips, p.Status.PodIP)
		}
		tgb(t, "good", targetGroup("good", ips))
		tg := target("good", ok.URL)
		tg.ControlPlaneEndpointID = endpoint(true)
		rep := verify.Run(ctx, tg, clients, verify.Options{ThroughLB: true, Request: &verify.ChatRequest{
			Provider: "openai", Model: "gpt-4o-mini", ProviderKey: "sk-provider-secret", PortkeyKey: "pk-secret",
		}})
		var text bytes.Buffer
		rep.WriteText(&text)
		t.Logf("report:\n%s", text.String())
		for _, res := range rep.Results {
			if res.Check == verify.CheckEndpointService {
				if res.Verdict != verify.Skipped {
					t.Errorf("%s: %s, want skipped (no endpoint service)", res.Check, res.Verdict)
				}
				continue
			}
			if res.Verdict != verify.Pass {
				t.Errorf("%s: %s: %s %v", res.Check, res.Verdict, res.Summary, res.Reasons)
			}
		}
		if rep.ExitCode() != verify.ExitOK {
			t.Errorf("exit %d, want 0", rep.ExitCode())
		}
		if !strings.Contains(text.String(), "2/2 pods Ready") {
			t.Errorf("rollout line does not count pods:\n%s", text.String())
		}
		// The health check and the request really went through the API server's proxy to
		// the pods, and the logs through its kubelet path.
		seen := " " + strings.Join(e.egress.targets(), " ") + " "
		if !strings.Contains(seen, " "+pods[0].Status.PodIP+":8787 ") && !strings.Contains(seen, " "+pods[1].Status.PodIP+":8787 ") {
			t.Errorf("the API server did not proxy to a gateway pod through the egress proxy: %s", seen)
		}
		if !strings.Contains(seen, ":10250 ") {
			t.Errorf("the API server did not read logs from a kubelet through the egress proxy: %s", seen)
		}
		var js bytes.Buffer
		if err := rep.WriteJSON(&js); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(js.String()), "\n")
		if len(lines) != len(rep.Results)+1 || !strings.Contains(lines[len(lines)-1], `"ok":true`) {
			t.Errorf("JSON: %d lines for %d checks; last %s", len(lines), len(rep.Results), lines[len(lines)-1])
		}
		if strings.Contains(text.String()+js.String(), "secret") {
			t.Errorf("a key was printed:\n%s\n%s", text.String(), js.String())
		}
	})

	t.Run("failing", func(t *testing.T) {
		pods := setup(t, "bad", bad, `2026-01-01T00:00:00Z error: sync with control plane failed: getaddrinfo ENOTFOUND aws-cp.portkey.ai`)
		// One pod fits no node (Pending, the real scheduler's reason); one cannot pull its
		// image (status set as a kubelet would, on a node kwok does not manage).
		e.deployment(t, kc, "bad", "portkey-ai-gateway-dataservice", release, 1, deployOpts{cpu: "3", noWait: true})
		e.imagePullBackOff(t, kc, "bad")
		tgb(t, "bad", targetGroup("bad", []string{pods[0].Status.PodIP}))
		tg := target("bad", bad.URL)
		tg.ControlPlaneEndpointID = endpoint(false)
		tg.LBControllerRelease = "no-such-release"
		rep := verify.Run(ctx, tg, clients, verify.Options{ThroughLB: true, Request: &verify.ChatRequest{
			Provider: "openai", Model: "gpt-4o-mini", ProviderKey: "sk-wrong-secret", PortkeyKey: "pk-wrong-secret",
		}})
		var text bytes.Buffer
		rep.WriteText(&text)
		t.Logf("report:\n%s", text.String())
		want := map[string][]string{
			verify.CheckRolloutGateway:      {"Insufficient cpu", "nodes are available", "ImagePullBackOff", "registry.example.com/portkeyai/gateway_enterprise:0.0.0-missing", "pull secret portkeyenterpriseregistrycredentials", "Failed to pull image"},
			verify.CheckRolloutLBController: {"no Deployment of release no-such-release"},
			verify.CheckGatewayHealth:       {"503"},
			verify.CheckLBTargets:           {pods[1].Status.PodIP + ":8787 is not registered"},
			verify.CheckLBHealth:            {"503"},
			verify.CheckSync:                {"ENOTFOUND aws-cp.portkey.ai"},
			verify.CheckEndpoint:            {"private DNS is off"},
			verify.CheckRequest:             {"401"},
		}
		for check, subs := range want {
			res, _ := rep.Result(check)
			if res.Verdict != verify.Fail {
				t.Errorf("%s: %s, want fail: %s %v", check, res.Verdict, res.Summary, res.Reasons)
			}
			all := res.Summary + " " + strings.Join(res.Reasons, " ") + " " + res.Next
			for _, s := range subs {
				if !strings.Contains(all, s) {
					t.Errorf("%s does not say %q: %s", check, s, all)
				}
			}
			if res.Next == "" {
				t.Errorf("%s has no next step", check)
			}
		}
		if rep.ExitCode() != verify.ExitFailed {
			t.Errorf("exit %d, want 1", rep.ExitCode())
		}
		if strings.Contains(text.String(), "wrong-secret") {
			t.Errorf("a key was printed:\n%s", text.String())
		}
	})

	t.Run("no access", func(t *testing.T) {
		// A principal with no RBAC at all: every Kubernetes check cannot run, none passes.
		kc, dc := e.clients(t, "nobody")
		tg := target("good", ok.URL)
		tg.ControlPlaneRoute = "internet"
		rep := verify.Run(ctx, tg, verify.Clients{Kube: kc, Dynamic: dc, ELBv2: elb, EC2: ec}, verify.Options{})
		for _, c := range []string{verify.CheckRolloutGateway, verify.CheckGatewayHealth, verify.CheckLBTargets, verify.CheckSync} {
			res, _ := rep.Result(c)
			if res.Verdict != verify.CannotRun || !strings.Contains(res.Next, "RBAC") {
				t.Errorf("%s: %s (%s; next %s), want cannot run naming RBAC", c, res.Verdict, res.Summary, res.Next)
			}
		}
		if rep.ExitCode() != verify.ExitFailed {
			t.Errorf("exit %d, want 1 (cannot run is not a pass)", rep.ExitCode())
		}
	})

	t.Run("endpoint service connections", func(t *testing.T) {
		// moto_server does not implement DescribeVpcEndpointConnections: the real client's
		// error is reported as cannot run, never as a pass.
		tg := target("good", ok.URL)
		tg.EndpointServiceID = "vpce-svc-0123456789abcdef0"
		res := runOne(ctx, t, tg, clients, verify.CheckEndpointService)
		if res.Verdict != verify.CannotRun {
			t.Errorf("%s against moto: %s (%s %v), want cannot run", res.Check, res.Verdict, res.Summary, res.Reasons)
		}
	})
}

func runOne(ctx context.Context, t *testing.T, tg verify.Target, c verify.Clients, check string) verify.Result {
	t.Helper()
	res, ok := verify.Run(ctx, tg, c, verify.Options{}).Result(check)
	if !ok {
		t.Fatalf("no result for %s", check)
	}
	return res
}

// clients are client-go clients from the cluster's kubeconfig, impersonating user when set.
func (e *env) clients(t *testing.T, user string) (kubernetes.Interface, dynamic.Interface) {
	t.Helper()
	if user == "" {
		kc, dc, err := verify.NewKubeClients([]byte(e.cluster.KubeconfigJSON))
		if err != nil {
			t.Fatal(err)
		}
		return kc, dc
	}
	cfg, err := clientcmd.RESTConfigFromKubeConfig([]byte(e.cluster.KubeconfigJSON))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Impersonate = rest.ImpersonationConfig{UserName: user}
	return kubernetes.NewForConfigOrDie(cfg), dynamic.NewForConfigOrDie(cfg)
}

// aws returns ELBv2 and EC2 clients of moto_server with dummy credentials.
func (e *env) aws(t *testing.T) (*elbv2.Client, *ec2.Client) {
	t.Helper()
	t.Setenv("AWS_ACCESS_KEY_ID", "testing")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
	t.Setenv("AWS_ENDPOINT_URL", e.moto)
	t.Setenv("AWS_CONFIG_FILE", os.DevNull)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", os.DevNull)
	elb, ec, err := verify.NewAWSClients(context.Background(), region)
	if err != nil {
		t.Fatal(err)
	}
	return elb, ec
}

// installTGBCRD installs the TargetGroupBinding CRD (the controller's schema, reduced).
func (e *env) installTGBCRD(t *testing.T, dc dynamic.Interface) {
	t.Helper()
	crd := &apiextv1.Unstructured{Object: map[string]any{
		"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
		"metadata": map[string]any{"name": "targetgroupbindings.elbv2.k8s.aws"},
		"spec": map[string]any{
			"group": "elbv2.k8s.aws", "scope": "Namespaced",
			"names": map[string]any{"kind": "TargetGroupBinding", "listKind": "TargetGroupBindingList", "plural": "targetgroupbindings", "singular": "targetgroupbinding"},
			"versions": []any{map[string]any{
				"name": "v1beta1", "served": true, "storage": true,
				"schema": map[string]any{"openAPIV3Schema": map[string]any{"type": "object", "x-kubernetes-preserve-unknown-fields": true}},
			}},
		},
	}}
	ctx := context.Background()
	if _, err := dc.Resource(crdGVR).Create(ctx, crd, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "TargetGroupBinding CRD served", 30*time.Second, func(ctx context.Context) (bool, error) {
		_, err := dc.Resource(verify.TargetGroupBindingGVR).Namespace("default").List(ctx, metav1.ListOptions{})
		return err == nil, err
	})
}

type deployOpts struct {
	gateway  bool   // the gateway's labels (app.kubernetes.io/name=gateway)
	cpu      string // CPU request (default 100m)
	noWait   bool   // do not wait for the rollout
	nodeName string // bind the pods to this node (bypassing the scheduler)
	image    string
}

// deployment creates a Deployment of release in ns and waits for its rollout.
func (e *env) deployment(t *testing.T, kc kubernetes.Interface, ns, name, rel string, replicas int32, o deployOpts) {
	t.Helper()
	ctx := context.Background()
	podLabels := map[string]string{"app.kubernetes.io/name": name, "app.kubernetes.io/instance": rel}
	if o.gateway {
		podLabels["app.kubernetes.io/name"] = "gateway"
	}
	if o.cpu == "" {
		o.cpu = "100m"
	}
	if o.image == "" {
		o.image = "docker.io/portkeyai/gateway_enterprise:1.15.8"
	}
	d := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"app.kubernetes.io/instance": rel}},
		Spec: appsv1.DeploymentSpec{
			Replicas: &replicas,
			Selector: &metav1.LabelSelector{MatchLabels: podLabels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: podLabels},
				Spec: corev1.PodSpec{
					NodeName:         o.nodeName,
					ImagePullSecrets: []corev1.LocalObjectReference{{Name: "portkeyenterpriseregistrycredentials"}},
					Containers: []corev1.Container{{
						Name: "gateway", Image: o.image,
						Ports: []corev1.ContainerPort{{ContainerPort: port}},
						Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{
							corev1.ResourceCPU: resource.MustParse(o.cpu), corev1.ResourceMemory: resource.MustParse("128Mi"),
						}},
					}},
				},
			},
		},
	}
	if _, err := kc.AppsV1().Deployments(ns).Create(ctx, d, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if o.noWait {
		return
	}
	waitFor(t, "deployment "+ns+"/"+name+" rolled out", 90*time.Second, func(ctx context.Context) (bool, error) {
		d, err := kc.AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		done, why := verify.RolloutComplete(*d)
		return done, fmt.Errorf("%s", why)
	})
}

// imagePullBackOff makes a gateway pod that cannot pull its image: bound to a node kwok
// does not manage, with the status and event a kubelet would write.
func (e *env) imagePullBackOff(t *testing.T, kc kubernetes.Interface, ns string) {
	t.Helper()
	ctx := context.Background()
	const node = "ip-10-0-99-99.ec2.internal"
	if _, err := kc.CoreV1().Nodes().Get(ctx, node, metav1.GetOptions{}); err != nil {
		if _, err := kc.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: node}}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	const image = "registry.example.com/portkeyai/gateway_enterprise:0.0.0-missing"
	e.deployment(t, kc, ns, "portkey-ai-gateway-pull", release, 1, deployOpts{noWait: true, nodeName: node, image: image})
	var pod corev1.Pod
	waitFor(t, "the image-pull pod", 30*time.Second, func(ctx context.Context) (bool, error) {
		pods, err := kc.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "app.kubernetes.io/name=portkey-ai-gateway-pull"})
		if err != nil || len(pods.Items) == 0 {
			return false, err
		}
		pod = pods.Items[0]
		return true, nil
	})
	msg := `Back-off pulling image "` + image + `"`
	pod.Status = corev1.PodStatus{
		Phase: corev1.PodPending,
		Conditions: []corev1.PodCondition{
			{Type: corev1.PodScheduled, Status: corev1.ConditionTrue},
			{Type: corev1.PodReady, Status: corev1.ConditionFalse, Reason: "ContainersNotReady"},
		},
		ContainerStatuses: []corev1.ContainerStatus{{
			Name: "gateway", Image: image,
			State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff", Message: msg}},
		}},
	}
	if _, err := kc.CoreV1().Pods(ns).UpdateStatus(ctx, &pod, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	now := metav1.Now()
	if _, err := kc.CoreV1().Events(ns).Create(ctx, &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{GenerateName: pod.Name + "."},
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: ns, Name: pod.Name, UID: pod.UID, APIVersion: "v1"},
		Reason:         "Failed", Type: corev1.EventTypeWarning, Count: 3, FirstTimestamp: now, LastTimestamp: now,
		Message: `Failed to pull image "` + image + `": failed to authorize: 401 Unauthorized`,
		Source:  corev1.EventSource{Component: "kubelet", Host: node},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}
