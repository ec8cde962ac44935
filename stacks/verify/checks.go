package verify

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/smithy-go"
	"github.com/portkey-eks/portkey-eks/vocab"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Check names, in the order Run runs them.
const (
	CheckRolloutGateway      = "rollout/gateway"
	CheckRolloutLBController = "rollout/lb-controller"
	CheckGatewayHealth       = "gateway/health"
	CheckLBTargets           = "loadbalancer/targets"
	CheckLBHealth            = "loadbalancer/health"
	CheckSync                = "controlplane/sync"
	CheckEndpoint            = "controlplane/endpoint"
	CheckEndpointService     = "controlplane/endpoint-service"
	CheckRequest             = "request/chat"
)

// TargetGroupBindingGVR is the AWS Load Balancer Controller's TargetGroupBinding resource.
var TargetGroupBindingGVR = schema.GroupVersionResource{Group: "elbv2.k8s.aws", Version: "v1beta1", Resource: "targetgroupbindings"}

// instanceLabel selects a Helm release's objects.
const instanceLabel = "app.kubernetes.io/instance"

// Run runs every check on t and returns their results in order. It never fails as a whole:
// what goes wrong is a check's verdict.
func Run(ctx context.Context, t Target, c Clients, o Options) Report {
	o = o.withDefaults()
	r := &runner{t: t, c: c, o: o}
	rep := Report{}
	for _, ch := range []struct {
		name string
		fn   func(context.Context) Result
	}{
		{CheckRolloutGateway, func(ctx context.Context) Result { return r.rollout(ctx, t.Namespace, t.ReleaseName) }},
		{CheckRolloutLBController, r.rolloutLBC},
		{CheckGatewayHealth, r.gatewayHealth},
		{CheckLBTargets, r.lbTargets},
		{CheckLBHealth, r.lbHealth},
		{CheckSync, r.sync},
		{CheckEndpoint, r.endpoint},
		{CheckEndpointService, r.endpointService},
		{CheckRequest, r.request},
	} {
		start := time.Now()
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		res := ch.fn(cctx)
		cancel()
		res.Check = ch.name
		res.Duration = time.Since(start)
		rep.Results = append(rep.Results, res)
	}
	return rep
}

type runner struct {
	t Target
	c Clients
	o Options
}

func pass(summary string) Result { return Result{Verdict: Pass, Summary: summary} }

func skip(why string) Result { return Result{Verdict: Skipped, Summary: why} }

func fail(summary, next string, reasons ...string) Result {
	return Result{Verdict: Fail, Summary: summary, Reasons: reasons, Next: next}
}

func cannot(summary, next string, reasons ...string) Result {
	return Result{Verdict: CannotRun, Summary: summary, Reasons: reasons, Next: next}
}

// kubeMissing is the result of a check when there is no Kubernetes client.
func (r *runner) kubeMissing() (Result, bool) {
	if r.c.Kube != nil {
		return Result{}, false
	}
	why := "no Kubernetes client"
	if r.c.KubeErr != nil {
		why = r.c.KubeErr.Error()
	}
	return cannot("cannot reach the Kubernetes API", "check the stack's kubeconfig output (or pass --kubeconfig) and that this machine reaches the API server", why), true
}

// kubeErr turns a Kubernetes API error into a CannotRun result naming the permission.
func kubeErr(what, perm string, err error) Result {
	switch {
	case apierrors.IsForbidden(err):
		return cannot("no access: "+what, "grant the verifying identity Kubernetes RBAC "+perm+" (README, Verify the deployment)", err.Error())
	case apierrors.IsUnauthorized(err):
		return cannot("not authenticated to the Kubernetes API: "+what,
			"check your AWS credentials and that your principal has an EKS access entry (cluster.adminArns)", err.Error())
	default:
		return cannot("Kubernetes API error: "+what, "check that this machine reaches the API server (README, prod: who deploys)", err.Error())
	}
}

// rollout checks every Deployment of a release in ns.
func (r *runner) rollout(ctx context.Context, ns, release string) Result {
	if res, missing := r.kubeMissing(); missing {
		return res
	}
	if ns == "" || release == "" {
		return cannot("the stack has no gateway namespace or release output", "run up, then verify")
	}
	sel := labels.Set{instanceLabel: release}.String()
	deps, err := r.c.Kube.AppsV1().Deployments(ns).List(ctx, metav1.ListOptions{LabelSelector: sel})
	if err != nil {
		return kubeErr("listing Deployments in "+ns, "list deployments in "+ns, err)
	}
	if len(deps.Items) == 0 {
		return fail(fmt.Sprintf("no Deployment of release %s in %s", release, ns),
			fmt.Sprintf("helm status -n %s %s; run up to install the release", ns, release))
	}
	sort.Slice(deps.Items, func(i, j int) bool { return deps.Items[i].Name < deps.Items[j].Name })
	var reasons []string
	next := ""
	ready, total := 0, 0
	var restarts int32
	names := make([]string, 0, len(deps.Items))
	for _, d := range deps.Items {
		names = append(names, d.Name)
		if ok, why := RolloutComplete(d); !ok {
			reasons = append(reasons, why)
		}
		pods, err := r.podsOf(ctx, d)
		if err != nil {
			return kubeErr("listing pods of "+d.Name, "list pods in "+ns, err)
		}
		for _, p := range pods {
			total++
			restarts += Restarts(p)
			if PodReady(p) {
				ready++
				continue
			}
			evs, _ := r.c.Kube.CoreV1().Events(ns).List(ctx, metav1.ListOptions{
				FieldSelector: fields.Set{"involvedObject.kind": "Pod", "involvedObject.name": p.Name}.String(),
			})
			var items []corev1.Event
			if evs != nil {
				items = evs.Items
			}
			why, n := PodProblem(p, items, r.o.Events)
			reasons = append(reasons, why)
			if next == "" {
				next = n
			}
		}
	}
	summary := fmt.Sprintf("%s: %d/%d pods Ready, %d restarts", strings.Join(names, ", "), ready, total, restarts)
	if len(reasons) > 0 {
		if next == "" {
			next = fmt.Sprintf("kubectl rollout status -n %s deployment/%s", ns, names[0])
		}
		return fail(summary, next, reasons...)
	}
	if restarts > 0 {
		summary += " (restarts: see kubectl logs --previous)"
	}
	return pass(summary)
}

// podsOf lists the pods a Deployment selects.
func (r *runner) podsOf(ctx context.Context, d appsv1.Deployment) ([]corev1.Pod, error) {
	sel, err := metav1.LabelSelectorAsSelector(d.Spec.Selector)
	if err != nil {
		return nil, err
	}
	pods, err := r.c.Kube.CoreV1().Pods(d.Namespace).List(ctx, metav1.ListOptions{LabelSelector: sel.String()})
	if err != nil {
		return nil, err
	}
	sort.Slice(pods.Items, func(i, j int) bool { return pods.Items[i].Name < pods.Items[j].Name })
	return pods.Items, nil
}

func (r *runner) rolloutLBC(ctx context.Context) Result {
	if r.t.LBControllerRelease == "" {
		return skip("no AWS Load Balancer Controller release to check")
	}
	if r.t.Exposure == vocab.ExposureNone || r.t.Exposure == "" {
		return skip("the gateway has no load balancer (exposure none)")
	}
	return r.rollout(ctx, r.t.LBControllerNamespace, r.t.LBControllerRelease)
}

// gatewayHealth GETs /v1/health on the gateway Service through the API server's proxy.
func (r *runner) gatewayHealth(ctx context.Context) Result {
	if res, missing := r.kubeMissing(); missing {
		return res
	}
	if r.t.ServiceName == "" || r.t.ServicePort == 0 {
		return cannot("the gateway Service is unknown (no gatewayReleaseName output)", "run up, then verify")
	}
	body, err := r.c.Kube.CoreV1().Services(r.t.Namespace).
		ProxyGet("http", r.t.ServiceName, strconv.Itoa(r.t.ServicePort), "/v1/health", nil).DoRaw(ctx)
	target := fmt.Sprintf("service %s/%s:%d", r.t.Namespace, r.t.ServiceName, r.t.ServicePort)
	if err != nil {
		var st apierrors.APIStatus
		switch {
		case apierrors.IsForbidden(err) || apierrors.IsUnauthorized(err):
			return kubeErr("proxying to "+target, "get services/proxy in "+r.t.Namespace, err)
		case apierrors.IsServiceUnavailable(err) && strings.Contains(err.Error(), "no endpoints"):
			return fail(target+" has no Ready endpoint", "no gateway pod is Ready: see rollout/gateway", err.Error())
		case errors.As(err, &st):
			return fail(fmt.Sprintf("GET /v1/health on %s answered %d", target, st.Status().Code),
				fmt.Sprintf("kubectl logs -n %s -l %s=%s", r.t.Namespace, instanceLabel, r.t.ReleaseName), firstLine(err.Error()+" "+string(body)))
		default:
			return cannot("could not proxy to "+target, "check that this machine reaches the API server", err.Error())
		}
	}
	return pass(fmt.Sprintf("GET /v1/health on %s through the API server: %s", target, snippet(body)))
}

func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 60 {
		s = s[:60] + "..."
	}
	if s == "" {
		s = "(empty body)"
	}
	return s
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}

// awsMissing is the result of an AWS check when the client is missing.
func (r *runner) awsMissing(client any, api string) (Result, bool) {
	if client != nil && !isNilInterface(client) {
		return Result{}, false
	}
	why := "no AWS client"
	if r.c.AWSErr != nil {
		why = r.c.AWSErr.Error()
	}
	return cannot("no AWS access for "+api, "set AWS credentials for the stack's account and region", why), true
}

func isNilInterface(v any) bool {
	switch c := v.(type) {
	case ELBv2API:
		return c == nil
	case EC2API:
		return c == nil
	}
	return v == nil
}

// awsErr turns an AWS API error into a result: access and transport problems cannot run;
// notFound codes fail.
func awsErr(call, perm string, err error, notFound ...string) Result {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code := ae.ErrorCode()
		for _, nf := range notFound {
			if code == nf {
				return fail(call+": "+code, "run up (or refresh) so the stack's outputs match AWS", ae.ErrorMessage())
			}
		}
		if strings.Contains(code, "AccessDenied") || strings.Contains(code, "Unauthorized") || code == "AuthFailure" {
			return cannot("no access: "+call, "allow "+perm+" for the verifying identity (README, Verify the deployment)", code+": "+ae.ErrorMessage())
		}
		return cannot(call+" failed: "+code, "retry; if it persists check the region and credentials", ae.ErrorMessage())
	}
	return cannot(call+" failed", "check AWS credentials and network access to the AWS APIs", err.Error())
}

// lbTargets checks the load balancer path: for an NLB, the TargetGroupBinding's target
// group holds every Ready endpoint of the Service, all healthy; for an ALB, the Ingress has
// an address.
func (r *runner) lbTargets(ctx context.Context) Result {
	switch r.t.Exposure {
	case vocab.ExposureNLB:
	case vocab.ExposureALB:
		return r.ingress(ctx)
	default:
		return skip("the gateway has no load balancer (exposure none)")
	}
	if res, missing := r.kubeMissing(); missing {
		return res
	}
	if r.c.Dynamic == nil {
		return cannot("no Kubernetes client for TargetGroupBindings", "check the kubeconfig")
	}
	tgbs, err := r.c.Dynamic.Resource(TargetGroupBindingGVR).Namespace(r.t.Namespace).List(ctx, metav1.ListOptions{})
	if err != nil {
		if apierrors.IsNotFound(err) {
			return fail("the TargetGroupBinding resource does not exist in the cluster",
				"the AWS Load Balancer Controller is not installed (cluster.loadBalancerController.install): see rollout/lb-controller", err.Error())
		}
		return kubeErr("listing TargetGroupBindings in "+r.t.Namespace, "list targetgroupbindings.elbv2.k8s.aws in "+r.t.Namespace, err)
	}
	var tgb *unstructured.Unstructured
	for i := range tgbs.Items {
		name, _, _ := unstructured.NestedString(tgbs.Items[i].Object, "spec", "serviceRef", "name")
		if name == r.t.ServiceName {
			tgb = &tgbs.Items[i]
			break
		}
	}
	if tgb == nil {
		return fail(fmt.Sprintf("no TargetGroupBinding for service %s in %s", r.t.ServiceName, r.t.Namespace),
			"run up: it creates the TargetGroupBinding that registers the gateway's pods in the NLB's target group")
	}
	arn, _, _ := unstructured.NestedString(tgb.Object, "spec", "targetGroupARN")
	if arn == "" {
		return fail("TargetGroupBinding "+tgb.GetName()+" has no spec.targetGroupARN", "run up")
	}
	var reasons []string
	if og, found, _ := unstructured.NestedInt64(tgb.Object, "status", "observedGeneration"); !found || og < tgb.GetGeneration() {
		reasons = append(reasons, fmt.Sprintf("TargetGroupBinding %s not reconciled by the controller yet (observedGeneration %d, generation %d)",
			tgb.GetName(), og, tgb.GetGeneration()))
	}
	expected, err := r.readyEndpoints(ctx)
	if err != nil {
		return kubeErr("listing the endpoints of "+r.t.ServiceName, "list endpointslices.discovery.k8s.io in "+r.t.Namespace, err)
	}
	if res, missing := r.awsMissing(r.c.ELBv2, "elasticloadbalancing:DescribeTargetHealth"); missing {
		return res
	}
	out, err := r.c.ELBv2.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(arn)})
	if err != nil {
		return awsErr("DescribeTargetHealth "+arn, "elasticloadbalancing:DescribeTargetHealth", err, "TargetGroupNotFound")
	}
	reasons = append(reasons, TargetProblems(expected, out.TargetHealthDescriptions)...)
	if len(expected) == 0 {
		reasons = append(reasons, "the Service has no Ready endpoint to register")
	}
	summary := fmt.Sprintf("TargetGroupBinding %s -> %s: %d targets, %d Ready endpoints",
		tgb.GetName(), shortARN(arn), len(out.TargetHealthDescriptions), len(expected))
	if len(reasons) > 0 {
		return fail(summary, fmt.Sprintf("kubectl describe targetgroupbinding -n %s %s; kubectl logs -n %s deploy/%s (the controller); "+
			"an unhealthy target fails the NLB's health check on /v1/health: security groups must admit the NLB to port %d",
			r.t.Namespace, tgb.GetName(), r.t.LBControllerNamespace, r.t.LBControllerRelease, r.t.ServicePort), reasons...)
	}
	return pass(summary + ", all healthy")
}

func shortARN(arn string) string {
	if i := strings.Index(arn, ":targetgroup/"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

// readyEndpoints are the Service's Ready endpoints, "ip:port", what the TargetGroupBinding
// registers (target type ip).
func (r *runner) readyEndpoints(ctx context.Context) ([]string, error) {
	slices, err := r.c.Kube.DiscoveryV1().EndpointSlices(r.t.Namespace).List(ctx, metav1.ListOptions{
		LabelSelector: labels.Set{discoveryv1.LabelServiceName: r.t.ServiceName}.String(),
	})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range slices.Items {
		port := int32(r.t.ServicePort)
		for _, p := range s.Ports {
			if p.Port != nil {
				port = *p.Port
				break
			}
		}
		for _, e := range s.Endpoints {
			if e.Conditions.Ready != nil && !*e.Conditions.Ready {
				continue
			}
			for _, a := range e.Addresses {
				out = append(out, fmt.Sprintf("%s:%d", a, port))
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// ingress checks that the ALB's Ingress has an address.
func (r *runner) ingress(ctx context.Context) Result {
	if res, missing := r.kubeMissing(); missing {
		return res
	}
	ings, err := r.c.Kube.NetworkingV1().Ingresses(r.t.Namespace).List(ctx, metav1.ListOptions{
		LabelSelector: labels.Set{instanceLabel: r.t.ReleaseName}.String(),
	})
	if err != nil {
		return kubeErr("listing Ingresses in "+r.t.Namespace, "list ingresses in "+r.t.Namespace, err)
	}
	if len(ings.Items) == 0 {
		return fail("no Ingress of release "+r.t.ReleaseName+" in "+r.t.Namespace, "run up (exposure.type alb renders the chart's Ingress)")
	}
	var addrs, missing []string
	for _, ing := range ings.Items {
		n := 0
		for _, lb := range ing.Status.LoadBalancer.Ingress {
			if lb.Hostname != "" {
				addrs = append(addrs, lb.Hostname)
				n++
			} else if lb.IP != "" {
				addrs = append(addrs, lb.IP)
				n++
			}
		}
		if n == 0 {
			missing = append(missing, "Ingress "+ing.Name+" has no address yet")
		}
	}
	if len(missing) > 0 {
		return fail("the ALB has not been provisioned", fmt.Sprintf("kubectl describe ingress -n %s; kubectl logs -n %s deploy/%s",
			r.t.Namespace, r.t.LBControllerNamespace, r.t.LBControllerRelease), missing...)
	}
	return pass("Ingress address " + strings.Join(addrs, ", "))
}

func (r *runner) httpClient() *http.Client {
	if r.c.HTTP != nil {
		return r.c.HTTP
	}
	return &http.Client{Timeout: 10 * time.Second}
}

// lbHealth GETs /v1/health through the load balancer (Options.ThroughLB).
func (r *runner) lbHealth(ctx context.Context) Result {
	if !r.o.ThroughLB {
		return skip("not asked (--through-lb)")
	}
	if r.t.Exposure == vocab.ExposureNone || r.t.GatewayURL == "" {
		return cannot("the stack has no load balancer URL (gatewayUrl output)", "run up; for an ALB without a hostname read the Ingress address")
	}
	url := strings.TrimSuffix(r.t.GatewayURL, "/") + "/v1/health"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return cannot("bad gatewayUrl "+r.t.GatewayURL, "run up", err.Error())
	}
	resp, err := r.httpClient().Do(req)
	if err != nil {
		return cannot("cannot reach "+url+" from this machine", "an internal load balancer answers only inside the VPC (or through a VPN): run verify --through-lb from there", err.Error())
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fail(fmt.Sprintf("GET %s answered %d", url, resp.StatusCode),
			"see loadbalancer/targets: the listener forwards only to healthy targets; check exposure.allowedCidrs admits this machine", snippet(body))
	}
	return pass(fmt.Sprintf("GET %s: %s", url, snippet(body)))
}

// sync reads the gateway pods' logs for the control-plane sync.
func (r *runner) sync(ctx context.Context) Result {
	if res, missing := r.kubeMissing(); missing {
		return res
	}
	sel := labels.Set{instanceLabel: r.t.ReleaseName, "app.kubernetes.io/name": "gateway"}.String()
	pods, err := r.c.Kube.CoreV1().Pods(r.t.Namespace).List(ctx, metav1.ListOptions{LabelSelector: sel})
	if err != nil {
		return kubeErr("listing the gateway pods", "list pods in "+r.t.Namespace, err)
	}
	route := r.t.ControlPlaneRoute
	if route == "" {
		route = "internet"
	}
	var oks, fails, unknown []string
	for _, p := range pods.Items {
		if p.Status.Phase != corev1.PodRunning {
			continue
		}
		container := ""
		if len(p.Spec.Containers) > 0 {
			container = p.Spec.Containers[0].Name
		}
		tail := r.o.LogTailLines
		raw, err := r.c.Kube.CoreV1().Pods(p.Namespace).GetLogs(p.Name, &corev1.PodLogOptions{Container: container, TailLines: &tail}).DoRaw(ctx)
		if err != nil {
			return kubeErr("reading the log of pod "+p.Name, "get pods/log in "+r.t.Namespace, err)
		}
		var lines []string
		sc := bufio.NewScanner(bytes.NewReader(raw))
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		found, ok, line, meaning := MatchSync(lines)
		switch {
		case !found:
			unknown = append(unknown, p.Name)
		case ok:
			oks = append(oks, p.Name)
		default:
			fails = append(fails, fmt.Sprintf("pod %s: %s: %s", p.Name, meaning, firstLine(line)))
		}
	}
	if len(oks)+len(fails)+len(unknown) == 0 {
		return fail("no running gateway pod to read logs from", "see rollout/gateway")
	}
	if len(fails) > 0 {
		next := "check egress to api.portkey.ai/albus.portkey.ai (NetworkPolicy, NAT) and the client auth key (clientAuthKey)"
		if route == "privateLink" {
			next = "see controlplane/endpoint: with PrivateLink the endpoint must be available with private DNS on; check the endpoint's security group admits the pods on 443"
		}
		return fail(fmt.Sprintf("%d of %d gateway pods failed to sync with the control plane (%s)", len(fails), len(oks)+len(fails)+len(unknown), route), next, fails...)
	}
	if len(unknown) > 0 {
		return cannot(fmt.Sprintf("no recognised sync line in the last %d log lines of %s (%s)", r.o.LogTailLines, strings.Join(unknown, ", "), route),
			fmt.Sprintf("read kubectl logs -n %s %s and confirm in Portkey (Logs) that a test request arrives; the recognised lines are README's table",
				r.t.Namespace, unknown[0]))
	}
	return pass(fmt.Sprintf("%d/%d gateway pods synced with the control plane (%s)", len(oks), len(oks), route))
}

// endpoint checks the outbound PrivateLink endpoint to the control plane.
func (r *runner) endpoint(ctx context.Context) Result {
	if r.t.ControlPlaneRoute != "privateLink" {
		return skip("control plane over the internet (no PrivateLink endpoint)")
	}
	if r.t.ControlPlaneEndpointID == "" {
		return cannot("the stack has no controlPlaneEndpointId output", "run up")
	}
	if res, missing := r.awsMissing(r.c.EC2, "ec2:DescribeVpcEndpoints"); missing {
		return res
	}
	out, err := r.c.EC2.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{VpcEndpointIds: []string{r.t.ControlPlaneEndpointID}})
	if err != nil {
		return awsErr("DescribeVpcEndpoints "+r.t.ControlPlaneEndpointID, "ec2:DescribeVpcEndpoints", err, "InvalidVpcEndpointId.NotFound")
	}
	if len(out.VpcEndpoints) == 0 {
		return fail("endpoint "+r.t.ControlPlaneEndpointID+" not found", "run up (or refresh)")
	}
	ep := out.VpcEndpoints[0]
	v, summary, next := EndpointVerdict(r.t.ControlPlaneEndpointID, ep.State, aws.ToBool(ep.PrivateDnsEnabled))
	return Result{Verdict: v, Summary: summary, Next: next}
}

// endpointService checks the connections to the inbound endpoint service.
func (r *runner) endpointService(ctx context.Context) Result {
	if r.t.EndpointServiceID == "" {
		return skip("no inbound endpoint service (inbound.mode is not privateLink)")
	}
	if res, missing := r.awsMissing(r.c.EC2, "ec2:DescribeVpcEndpointConnections"); missing {
		return res
	}
	out, err := r.c.EC2.DescribeVpcEndpointConnections(ctx, &ec2.DescribeVpcEndpointConnectionsInput{
		Filters: []ec2types.Filter{{Name: aws.String("service-id"), Values: []string{r.t.EndpointServiceID}}},
	})
	if err != nil {
		return awsErr("DescribeVpcEndpointConnections "+r.t.EndpointServiceID, "ec2:DescribeVpcEndpointConnections", err)
	}
	v, summary, reasons, next := ConnectionsVerdict(r.t.EndpointServiceID, out.VpcEndpointConnections)
	return Result{Verdict: v, Summary: summary, Reasons: reasons, Next: next}
}

// request sends one chat completion through the load balancer (Options.Request), as the
// install guide's curl does. It does not go through the API server's service proxy: the
// provider key travels in the Authorization header, which the API server takes as the
// caller's own credentials.
func (r *runner) request(ctx context.Context) Result {
	q := r.o.Request
	if q == nil {
		return skip("not asked (--request)")
	}
	if r.t.Exposure == vocab.ExposureNone || r.t.GatewayURL == "" {
		return cannot("the stack has no load balancer URL (gatewayUrl output) to send the request to",
			fmt.Sprintf("kubectl port-forward -n %s svc/%s 9000:%d and send the guide's curl to localhost:9000", r.t.Namespace, r.t.ServiceName, r.t.ServicePort))
	}
	body, _ := json.Marshal(map[string]any{
		"model":    q.Model,
		"messages": []map[string]string{{"role": "user", "content": "Reply with the single word: pong"}},
	})
	url := strings.TrimSuffix(r.t.GatewayURL, "/") + "/v1/chat/completions"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return cannot("bad gatewayUrl "+r.t.GatewayURL, "run up", err.Error())
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+q.ProviderKey)
	req.Header.Set("x-portkey-provider", q.Provider)
	req.Header.Set("x-portkey-api-key", q.PortkeyKey)
	redact := func(s string) string {
		for _, k := range []string{q.ProviderKey, q.PortkeyKey} {
			if k != "" {
				s = strings.ReplaceAll(s, k, "[key]")
			}
		}
		return firstLine(s)
	}
	resp, err := r.httpClient().Do(req)
	if err != nil {
		return cannot("cannot reach "+url+" from this machine",
			"an internal load balancer answers only inside the VPC (or through a VPN): run verify --request from there", redact(err.Error()))
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64*1024))
	if resp.StatusCode != http.StatusOK {
		return fail(fmt.Sprintf("POST /v1/chat/completions (%s, %s) answered %d", q.Provider, q.Model, resp.StatusCode),
			"401/403: check the Portkey API key and the provider key; 5xx: kubectl logs of the gateway", redact(string(raw)))
	}
	var cr struct {
		Model   string `json:"model"`
		Choices []struct {
			Message struct {
				Content string `json:"content"`
			} `json:"message"`
		} `json:"choices"`
	}
	if err := json.Unmarshal(raw, &cr); err != nil || len(cr.Choices) == 0 {
		return fail("the chat completion's answer has no choices", "kubectl logs of the gateway", redact(string(raw)))
	}
	return pass(fmt.Sprintf("POST %s (%s, %s): %d choice(s); confirm it in Portkey -> Logs", url, q.Provider, cr.Model, len(cr.Choices)))
}
