package verify_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/portkey-eks/portkey-eks/stacks/verify"
	"github.com/portkey-eks/portkey-eks/vocab"
)

func TestPodProblemCrashLoop(t *testing.T) {
	p := corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "gw-1", Namespace: "portkeyai"},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, ContainerStatuses: []corev1.ContainerStatus{{
			Name: "gateway", RestartCount: 7,
			State:                corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff", Message: "back-off 5m0s"}},
			LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 1, Reason: "Error"}},
		}}},
	}
	reason, next := verify.PodProblem(p, nil, 3)
	for _, s := range []string{"CrashLoopBackOff", "7 restarts", "exit code 1"} {
		if !strings.Contains(reason, s) {
			t.Errorf("reason %q lacks %q", reason, s)
		}
	}
	if !strings.Contains(next, "--previous") {
		t.Errorf("next %q", next)
	}
	if verify.Restarts(p) != 7 || verify.PodReady(p) {
		t.Errorf("restarts %d ready %v", verify.Restarts(p), verify.PodReady(p))
	}
}

func TestTargetProblems(t *testing.T) {
	healthy := elbv2types.TargetHealthDescription{Target: &elbv2types.TargetDescription{Id: aws.String("10.0.1.5"), Port: aws.Int32(8787)},
		TargetHealth: &elbv2types.TargetHealth{State: elbv2types.TargetHealthStateEnumHealthy}}
	unhealthy := elbv2types.TargetHealthDescription{Target: &elbv2types.TargetDescription{Id: aws.String("10.0.1.6"), Port: aws.Int32(8787)},
		TargetHealth: &elbv2types.TargetHealth{State: elbv2types.TargetHealthStateEnumUnhealthy, Reason: elbv2types.TargetHealthReasonEnumFailedHealthChecks,
			Description: aws.String("Health checks failed")}}
	if p := verify.TargetProblems([]string{"10.0.1.5:8787"}, []elbv2types.TargetHealthDescription{healthy}); len(p) != 0 {
		t.Errorf("all healthy: %v", p)
	}
	p := verify.TargetProblems([]string{"10.0.1.5:8787", "10.0.1.6:8787"}, []elbv2types.TargetHealthDescription{healthy, unhealthy})
	if len(p) != 1 || !strings.Contains(p[0], "10.0.1.6:8787 is unhealthy (Target.FailedHealthChecks: Health checks failed)") {
		t.Errorf("unhealthy: %v", p)
	}
}

func TestMatchSync(t *testing.T) {
	lines := []string{"error: sync with control plane failed: 401 Unauthorized", "Sync with control plane successful"}
	if found, ok, _, _ := verify.MatchSync(lines); !found || !ok {
		t.Errorf("newest line is a success: found %v ok %v", found, ok)
	}
	if found, ok, line, _ := verify.MatchSync(lines[:1]); !found || ok || !strings.Contains(line, "401") {
		t.Errorf("failure: found %v ok %v line %q", found, ok, line)
	}
	if found, _, _, _ := verify.MatchSync([]string{"Server listening on port 8787"}); found {
		t.Error("an unrelated line matched")
	}
}

func TestEndpointVerdicts(t *testing.T) {
	if v, _, _ := verify.EndpointVerdict("vpce-1", ec2types.StateAvailable, true); v != verify.Pass {
		t.Errorf("available: %s", v)
	}
	v, reason, next := verify.EndpointVerdict("vpce-1", ec2types.StatePendingAcceptance, false)
	if v != verify.Fail || !strings.Contains(reason, "pendingAcceptance") || !strings.Contains(next, "accept") {
		t.Errorf("pendingAcceptance: %s %q %q", v, reason, next)
	}
	conn := func(id string, s ec2types.State) ec2types.VpcEndpointConnection {
		return ec2types.VpcEndpointConnection{VpcEndpointId: aws.String(id), VpcEndpointOwner: aws.String("299329113195"), VpcEndpointState: s}
	}
	if v, _, _, _ := verify.ConnectionsVerdict("vpce-svc-1", []ec2types.VpcEndpointConnection{conn("vpce-a", ec2types.StateAvailable)}); v != verify.Pass {
		t.Errorf("accepted connection: %s", v)
	}
	v, _, _, next = verify.ConnectionsVerdict("vpce-svc-1", []ec2types.VpcEndpointConnection{conn("vpce-b", ec2types.StatePendingAcceptance)})
	if v != verify.Fail || !strings.Contains(next, "accept-vpc-endpoint-connections --service-id vpce-svc-1 --vpc-endpoint-ids vpce-b") {
		t.Errorf("pending connection: %s %q", v, next)
	}
	if v, _, _, _ := verify.ConnectionsVerdict("vpce-svc-1", nil); v != verify.Fail {
		t.Errorf("no connection: %s", v)
	}
}

func TestFromOutputs(t *testing.T) {
	tg, missing := verify.FromOutputs(map[string]any{
		"region": "us-east-1", "gatewayNamespace": "portkeyai", "gatewayReleaseName": "portkey-ai", "controlPlaneRoute": "privateLink",
		"loadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/net/x/1", "kubeconfig": "[secret]",
	}, verify.Defaults{ServiceName: func(r string) string { return r + "-gateway" }, ServicePort: 8787})
	if tg.Exposure != vocab.ExposureNLB || tg.ServiceName != "portkey-ai-gateway" {
		t.Errorf("target %+v", tg)
	}
	if strings.Join(missing, ",") != "controlPlaneEndpointId" {
		t.Errorf("missing %v", missing)
	}
}

// TestFromOutputsPrefersExposureType: the exposureType output decides, even where the
// inference from other outputs would guess otherwise (an ALB whose URL is not set yet).
func TestFromOutputsPrefersExposureType(t *testing.T) {
	tg, _ := verify.FromOutputs(map[string]any{
		"region": "us-east-1", "gatewayNamespace": "portkeyai", "gatewayReleaseName": "portkey-ai", "controlPlaneRoute": "internet",
		"exposureType": "alb", "gatewayUrl": "",
	}, verify.Defaults{ServiceName: func(r string) string { return r + "-gateway" }, ServicePort: 8787})
	if tg.Exposure != vocab.ExposureALB {
		t.Errorf("exposure %q, want alb", tg.Exposure)
	}
}
