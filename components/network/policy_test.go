package network

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/portkey-eks/portkey-eks/iampolicy"
)

func TestFlowLogsTrustPolicy(t *testing.T) {
	doc, err := FlowLogsTrustPolicy("aws", "eu-west-1", "123456789012")
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"Version": "2012-10-17",
		"Statement": [{
			"Sid": "VpcFlowLogsAssume",
			"Effect": "Allow",
			"Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
			"Action": ["sts:AssumeRole"],
			"Condition": {
				"StringEquals": {"aws:SourceAccount": "123456789012"},
				"ArnLike": {"aws:SourceArn": "arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*"}
			}
		}]
	}`, doc)

	_, err = FlowLogsTrustPolicy("aws", "", "123456789012")
	assert.Error(t, err)
}

func TestFlowLogsPolicy(t *testing.T) {
	tests := []struct {
		name, arn string
		resources []string
		err       bool
	}{
		{
			name:      "ARN without suffix",
			arn:       "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vpc-flow-logs/main-abc",
			resources: []string{"arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vpc-flow-logs/main-abc", "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vpc-flow-logs/main-abc:*"},
		},
		{
			name:      "ARN with the :* suffix",
			arn:       "arn:aws:logs:eu-west-1:123456789012:log-group:g:*",
			resources: []string{"arn:aws:logs:eu-west-1:123456789012:log-group:g", "arn:aws:logs:eu-west-1:123456789012:log-group:g:*"},
		},
		{name: "not an ARN", arn: "g", err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := FlowLogsPolicy(tt.arn)
			if tt.err {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			var got iampolicy.Document
			require.NoError(t, json.Unmarshal([]byte(doc), &got))
			require.Len(t, got.Statement, 1)
			s := got.Statement[0]
			assert.Equal(t, tt.resources, s.Resource.Values)
			assert.ElementsMatch(t, []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"}, s.Action.Values)
		})
	}
}

func TestPolicyDocumentRefusesWildcards(t *testing.T) {
	for _, action := range []string{"*", "logs:*"} {
		_, err := policyJSON(iampolicy.New(iampolicy.Statement{Effect: iampolicy.Allow, Action: iampolicy.List(action), Resource: iampolicy.List("*")}))
		assert.Error(t, err, action)
	}
}
