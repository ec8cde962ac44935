package network

import (
	"fmt"
	"strings"

	"github.com/portkey-eks/portkey-eks/iampolicy"
)

// policyJSON renders a document of this package as compact JSON, after refusing any
// wildcard action.
func policyJSON(d iampolicy.Document) (string, error) {
	if err := d.CheckWildcards(); err != nil {
		return "", err
	}
	return d.JSON()
}

// FlowLogsTrustPolicy returns the trust document of the role VPC flow logs assume to write
// to CloudWatch Logs: the vpc-flow-logs.amazonaws.com service, only on behalf of flow logs
// of this account and region (aws:SourceAccount and aws:SourceArn, against the confused
// deputy problem).
func FlowLogsTrustPolicy(partition, region, account string) (string, error) {
	if partition == "" || region == "" || account == "" {
		return "", fmt.Errorf("flow logs trust policy: partition, region and account are required")
	}
	st := iampolicy.ServiceAssumeRole("VpcFlowLogsAssume", "vpc-flow-logs.amazonaws.com", iampolicy.List(iampolicy.ActionAssumeRole))
	st.Condition = iampolicy.SourceConditions(account, fmt.Sprintf("arn:%s:ec2:%s:%s:vpc-flow-log/*", partition, region, account))
	return policyJSON(iampolicy.New(st))
}

// FlowLogsPolicy returns the permissions of the flow logs role: create streams in, write
// to and describe the one log group (its ARN without the trailing ":*").
func FlowLogsPolicy(logGroupArn string) (string, error) {
	if !strings.HasPrefix(logGroupArn, "arn:") {
		return "", fmt.Errorf("flow logs policy: %q is not a log group ARN", logGroupArn)
	}
	arn := strings.TrimSuffix(logGroupArn, ":*")
	return policyJSON(iampolicy.New(iampolicy.Statement{
		Sid:    "WriteFlowLogs",
		Effect: iampolicy.Allow,
		Action: iampolicy.List(
			"logs:CreateLogStream",
			"logs:PutLogEvents",
			"logs:DescribeLogGroups",
			"logs:DescribeLogStreams",
		),
		Resource: iampolicy.List(arn, arn+":*"),
	}))
}
