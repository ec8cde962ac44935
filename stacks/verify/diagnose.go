package verify

// Pure functions: what a Deployment's, pod's, target group's, log's or endpoint's state
// means. No I/O here.

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

// RolloutComplete reports whether a Deployment's rollout is complete, as `kubectl rollout
// status` judges it, and if not, why.
func RolloutComplete(d appsv1.Deployment) (bool, string) {
	want := int32(1)
	if d.Spec.Replicas != nil {
		want = *d.Spec.Replicas
	}
	s := d.Status
	for _, c := range s.Conditions {
		if c.Type == appsv1.DeploymentProgressing && c.Reason == "ProgressDeadlineExceeded" {
			return false, fmt.Sprintf("deployment %s exceeded its progress deadline: %s", d.Name, c.Message)
		}
	}
	switch {
	case s.ObservedGeneration < d.Generation:
		return false, fmt.Sprintf("deployment %s: the controller has not seen generation %d yet", d.Name, d.Generation)
	case s.UpdatedReplicas < want:
		return false, fmt.Sprintf("deployment %s: %d of %d replicas updated", d.Name, s.UpdatedReplicas, want)
	case s.Replicas > s.UpdatedReplicas:
		return false, fmt.Sprintf("deployment %s: %d old replicas pending termination", d.Name, s.Replicas-s.UpdatedReplicas)
	case s.AvailableReplicas < s.UpdatedReplicas:
		return false, fmt.Sprintf("deployment %s: %d of %d updated replicas available", d.Name, s.AvailableReplicas, s.UpdatedReplicas)
	}
	return true, ""
}

// PodReady reports whether the pod's Ready condition is True.
func PodReady(p corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// Restarts is the sum of the pod's containers' restart counts.
func Restarts(p corev1.Pod) int32 {
	var n int32
	for _, cs := range append(append([]corev1.ContainerStatus{}, p.Status.InitContainerStatuses...), p.Status.ContainerStatuses...) {
		n += cs.RestartCount
	}
	return n
}

// PodProblem explains why a pod is not Ready, from its status and its events (any order;
// the last n are shown), and says what to do next.
func PodProblem(p corev1.Pod, events []corev1.Event, n int) (reason, next string) {
	pullSecrets := make([]string, 0, len(p.Spec.ImagePullSecrets))
	for _, s := range p.Spec.ImagePullSecrets {
		pullSecrets = append(pullSecrets, s.Name)
	}
	secrets := "no imagePullSecrets"
	if len(pullSecrets) > 0 {
		secrets = "pull secret " + strings.Join(pullSecrets, ", ")
	}
	statuses := append(append([]corev1.ContainerStatus{}, p.Status.InitContainerStatuses...), p.Status.ContainerStatuses...)
	for _, cs := range statuses {
		w := cs.State.Waiting
		if w == nil {
			continue
		}
		switch w.Reason {
		case "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull":
			image := cs.Image
			if image == "" {
				image = specImage(p, cs.Name)
			}
			reason = fmt.Sprintf("pod %s: %s: container %s image %s (%s)", p.Name, w.Reason, cs.Name, image, secrets)
			if w.Message != "" {
				reason += ": " + w.Message
			}
			next = fmt.Sprintf("check that the image exists and that the secret %s in %s holds working credentials for its registry "+
				"(the registryUsername/registryPassword secrets; the gateway.images.* keys name the image)", orNone(pullSecrets), p.Namespace)
			return reason + lastEvents(events, n), next
		case "CrashLoopBackOff", "RunContainerError", "CreateContainerConfigError", "CreateContainerError":
			reason = fmt.Sprintf("pod %s: %s: container %s, %d restarts", p.Name, w.Reason, cs.Name, cs.RestartCount)
			if t := cs.LastTerminationState.Terminated; t != nil {
				reason += fmt.Sprintf(", last exit code %d", t.ExitCode)
				if t.Reason != "" {
					reason += " (" + t.Reason + ")"
				}
			}
			if w.Message != "" {
				reason += ": " + w.Message
			}
			next = fmt.Sprintf("read the container's last log: kubectl logs -n %s %s -c %s --previous", p.Namespace, p.Name, cs.Name)
			if w.Reason == "CreateContainerConfigError" {
				next = fmt.Sprintf("a Secret or ConfigMap the pod references is missing: kubectl describe pod -n %s %s", p.Namespace, p.Name)
			}
			return reason + lastEvents(events, n), next
		case "ContainerCreating", "PodInitializing":
			// fall through to the generic cases below
		default:
			reason = fmt.Sprintf("pod %s: container %s waiting: %s", p.Name, cs.Name, w.Reason)
			if w.Message != "" {
				reason += ": " + w.Message
			}
			return reason + lastEvents(events, n), fmt.Sprintf("kubectl describe pod -n %s %s", p.Namespace, p.Name)
		}
	}
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse {
			reason = fmt.Sprintf("pod %s: Pending, not scheduled (%s): %s", p.Name, c.Reason, c.Message)
			next = "no node fits the pod: add nodes (cluster.nodeGroups[].maxSize/desiredSize) or lower " +
				"gateway.resources.cpuRequest/memoryRequest; check taints and node selectors"
			return reason + lastEvents(events, n), next
		}
	}
	for _, cs := range statuses {
		if cs.State.Running != nil && !cs.Ready {
			reason = fmt.Sprintf("pod %s: container %s running but not Ready (%d restarts)", p.Name, cs.Name, cs.RestartCount)
			return reason + lastEvents(events, n), fmt.Sprintf("its readiness probe fails: kubectl describe pod -n %s %s; kubectl logs -n %s %s",
				p.Namespace, p.Name, p.Namespace, p.Name)
		}
	}
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady && c.Status != corev1.ConditionTrue && c.Reason == "ReadinessGatesNotReady" {
			return fmt.Sprintf("pod %s: readiness gates not ready: %s", p.Name, c.Message) + lastEvents(events, n),
				"the AWS Load Balancer Controller has not seen the pod healthy in the target group: see loadbalancer/targets"
		}
	}
	reason = fmt.Sprintf("pod %s: %s, not Ready", p.Name, p.Status.Phase)
	if p.Status.Reason != "" {
		reason += " (" + p.Status.Reason + ": " + p.Status.Message + ")"
	}
	return reason + lastEvents(events, n), fmt.Sprintf("kubectl describe pod -n %s %s", p.Namespace, p.Name)
}

func specImage(p corev1.Pod, container string) string {
	for _, c := range append(append([]corev1.Container{}, p.Spec.InitContainers...), p.Spec.Containers...) {
		if c.Name == container {
			return c.Image
		}
	}
	return "?"
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "(none: set imagePullSecrets)"
	}
	return strings.Join(s, ", ")
}

// lastEvents renders the last n events, newest last: "; events: Warning FailedScheduling: ...".
func lastEvents(events []corev1.Event, n int) string {
	if len(events) == 0 || n <= 0 {
		return ""
	}
	ev := append([]corev1.Event{}, events...)
	sort.SliceStable(ev, func(i, j int) bool { return eventUnix(ev[i]) < eventUnix(ev[j]) })
	if len(ev) > n {
		ev = ev[len(ev)-n:]
	}
	parts := make([]string, 0, len(ev))
	for _, e := range ev {
		s := fmt.Sprintf("%s %s: %s", e.Type, e.Reason, strings.TrimSpace(e.Message))
		if e.Count > 1 {
			s += fmt.Sprintf(" (x%d)", e.Count)
		}
		parts = append(parts, s)
	}
	return "; last events: " + strings.Join(parts, " | ")
}

func eventUnix(e corev1.Event) int64 {
	switch {
	case !e.LastTimestamp.IsZero():
		return e.LastTimestamp.UnixNano()
	case !e.EventTime.IsZero():
		return e.EventTime.UnixNano()
	default:
		return e.CreationTimestamp.UnixNano()
	}
}

// TargetProblems compares the targets a TargetGroupBinding should have registered
// (expected, "ip:port") with the target group's health: every expected target must be
// registered and healthy, and every registered target healthy.
func TargetProblems(expected []string, health []elbv2types.TargetHealthDescription) []string {
	seen := map[string]elbv2types.TargetHealthDescription{}
	for _, h := range health {
		if h.Target == nil || h.Target.Id == nil {
			continue
		}
		key := *h.Target.Id
		if h.Target.Port != nil {
			key = fmt.Sprintf("%s:%d", key, *h.Target.Port)
		}
		seen[key] = h
	}
	var problems []string
	for _, e := range expected {
		if _, ok := seen[e]; !ok {
			problems = append(problems, fmt.Sprintf("endpoint %s is not registered in the target group", e))
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		h := seen[k]
		if h.TargetHealth == nil || h.TargetHealth.State == elbv2types.TargetHealthStateEnumHealthy {
			continue
		}
		s := fmt.Sprintf("target %s is %s", k, h.TargetHealth.State)
		if h.TargetHealth.Reason != "" {
			s += " (" + string(h.TargetHealth.Reason)
			if h.TargetHealth.Description != nil {
				s += ": " + *h.TargetHealth.Description
			}
			s += ")"
		}
		problems = append(problems, s)
	}
	return problems
}

// SyncPattern is one kind of log line the control-plane sync check recognises.
type SyncPattern struct {
	// OK is true for a line that shows a successful sync, false for a failed one.
	OK bool
	// Pattern matches the line (case-insensitive).
	Pattern *regexp.Regexp
	// Meaning is what the line says, for the README's table.
	Meaning string
}

// SyncPatterns are the log lines the control-plane sync check recognises. The enterprise
// gateway's source is not public and its exact sync messages are not documented, so these
// are patterns over what such lines say (a sync with the control plane that succeeded or
// failed, the control plane's host names, Node's network error codes); a later match wins
// over an earlier one, so the newest line of a pod decides. Extend the table when the
// gateway prints something it misses.
var SyncPatterns = []SyncPattern{
	{false, regexp.MustCompile(`(?i)\b(sync|syncing|synchroni[sz]\w*)\b.*\b(fail\w*|error|unable|could not|cannot|refused|denied|timed? ?out|unauthori[sz]ed|forbidden|401|403)\b`),
		"a sync with the control plane failed"},
	{false, regexp.MustCompile(`(?i)\b(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|ECONNRESET|getaddrinfo)\b.*\b(portkey\.ai|control.?plane)`),
		"the control plane's address could not be reached (DNS, egress, PrivateLink)"},
	{false, regexp.MustCompile(`(?i)(portkey\.ai|control.?plane)\b.*\b(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|ECONNRESET)\b`),
		"the control plane's address could not be reached (DNS, egress, PrivateLink)"},
	{false, regexp.MustCompile(`(?i)\b(invalid|unauthori[sz]ed|wrong)\b.*\b(client.?auth|license|PORTKEY_CLIENT_AUTH)\b`),
		"the control plane refused the client auth key"},
	{true, regexp.MustCompile(`(?i)\b(sync|synced|syncing|synchroni[sz]\w*)\b.*\b(success\w*|succeeded|complete[d]?|done|ok)\b`),
		"a sync with the control plane succeeded"},
	{true, regexp.MustCompile(`(?i)\b(organi[sz]ations?|config|cache)\b.*\b(synced|synchroni[sz]ed)\b`),
		"organisations, configs or the cache were synced"},
}

// MatchSync finds the newest log line that shows the sync's outcome: found is false when
// no line matches SyncPatterns.
func MatchSync(lines []string) (found, ok bool, line, meaning string) {
	for _, l := range lines {
		for _, p := range SyncPatterns {
			if p.Pattern.MatchString(l) {
				found, ok, line, meaning = true, p.OK, strings.TrimSpace(l), p.Meaning
				break
			}
		}
	}
	return found, ok, line, meaning
}

// EndpointVerdict judges the state of the interface endpoint to Portkey's control plane.
func EndpointVerdict(id string, state ec2types.State, privateDNS bool) (Verdict, string, string) {
	switch strings.ToLower(string(state)) {
	case "available":
		if !privateDNS {
			return Fail, fmt.Sprintf("endpoint %s is available but private DNS is off: the gateway cannot resolve the control plane to it", id),
				"turn private DNS on: pulumi config set --path controlPlane.deferPrivateDns false, then up (README, prod)"
		}
		return Pass, fmt.Sprintf("endpoint %s available, private DNS on", id), ""
	case "pendingacceptance":
		return Fail, fmt.Sprintf("endpoint %s is pendingAcceptance: Portkey has not accepted the connection yet", id),
			"ask the Portkey team to accept the endpoint connection from your account; then refresh and turn private DNS on"
	case "pending":
		return Fail, fmt.Sprintf("endpoint %s is still pending (being created)", id), "wait a few minutes and verify again"
	default:
		return Fail, fmt.Sprintf("endpoint %s is %s", id, state),
			"recreate the endpoint (pulumi up) or ask the Portkey team; a rejected connection needs their allow-list to include your account"
	}
}

// ConnectionsVerdict judges the connections to the inbound endpoint service.
func ConnectionsVerdict(serviceID string, conns []ec2types.VpcEndpointConnection) (Verdict, string, []string, string) {
	var available, pending, other []string
	for _, c := range conns {
		id := deref(c.VpcEndpointId)
		owner := deref(c.VpcEndpointOwner)
		desc := id
		if owner != "" {
			desc += " (account " + owner + ")"
		}
		switch strings.ToLower(string(c.VpcEndpointState)) {
		case "available":
			available = append(available, desc)
		case "pendingacceptance":
			pending = append(pending, id)
		default:
			other = append(other, fmt.Sprintf("%s is %s", desc, c.VpcEndpointState))
		}
	}
	switch {
	case len(pending) > 0:
		return Fail, fmt.Sprintf("%d connection(s) waiting for acceptance on %s", len(pending), serviceID), other,
			fmt.Sprintf("accept them: aws ec2 accept-vpc-endpoint-connections --service-id %s --vpc-endpoint-ids %s",
				serviceID, strings.Join(pending, " "))
	case len(available) > 0:
		return Pass, fmt.Sprintf("%s accepted: %s", serviceID, strings.Join(available, ", ")), other, ""
	default:
		return Fail, fmt.Sprintf("no connection to %s yet", serviceID), other,
			"send the Portkey team endpointServiceName, endpointServicePort and region (portkey-eks outputs --handoff) and accept their request"
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
