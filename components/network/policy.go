package network

import (
	"encoding/json"
	"fmt"
	"strings"
)

// policyDocument is an IAM policy or trust document.
type policyDocument struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

// statement is one IAM policy statement.
type statement struct {
	Sid       string                       `json:"Sid,omitempty"`
	Effect    string                       `json:"Effect"`
	Principal map[string]string            `json:"Principal,omitempty"`
	Action    []string                     `json:"Action"`
	Resource  []string                     `json:"Resource,omitempty"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

// json marshals the document after checking that no statement has a wildcard action.
func (d policyDocument) json() (string, error) {
	for _, s := range d.Statement {
		for _, a := range s.Action {
			if a == "*" || strings.HasSuffix(a, ":*") {
				return "", fmt.Errorf("statement %q: wildcard action %q", s.Sid, a)
			}
		}
	}
	b, err := json.Marshal(d)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// FlowLogsTrustPolicy returns the trust document of the role VPC flow logs assume to write
// to CloudWatch Logs: the vpc-flow-logs.amazonaws.com service, only on behalf of flow logs
// of this account and region (aws:SourceAccount and aws:SourceArn, against the confused
// deputy problem).
func FlowLogsTrustPolicy(partition, region, account string) (string, error) {
	if partition == "" || region == "" || account == "" {
		return "", fmt.Errorf("flow logs trust policy: partition, region and account are required")
	}
	return policyDocument{
		Version: "2012-10-17",
		Statement: []statement{{
			Sid:       "VpcFlowLogsAssume",
			Effect:    "Allow",
			Principal: map[string]string{"Service": "vpc-flow-logs.amazonaws.com"},
			Action:    []string{"sts:AssumeRole"},
			Condition: map[string]map[string]string{
				"StringEquals": {"aws:SourceAccount": account},
				"ArnLike":      {"aws:SourceArn": fmt.Sprintf("arn:%s:ec2:%s:%s:vpc-flow-log/*", partition, region, account)},
			},
		}},
	}.json()
}

// FlowLogsPolicy returns the permissions of the flow logs role: create streams in, write
// to and describe the one log group (its ARN without the trailing ":*").
func FlowLogsPolicy(logGroupArn string) (string, error) {
	if !strings.HasPrefix(logGroupArn, "arn:") {
		return "", fmt.Errorf("flow logs policy: %q is not a log group ARN", logGroupArn)
	}
	arn := strings.TrimSuffix(logGroupArn, ":*")
	return policyDocument{
		Version: "2012-10-17",
		Statement: []statement{{
			Sid:    "WriteFlowLogs",
			Effect: "Allow",
			Action: []string{
				"logs:CreateLogStream",
				"logs:PutLogEvents",
				"logs:DescribeLogGroups",
				"logs:DescribeLogStreams",
			},
			Resource: []string{arn, arn + ":*"},
		}},
	}.json()
}
