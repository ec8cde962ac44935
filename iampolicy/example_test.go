package iampolicy_test

import (
	"fmt"

	"github.com/portkey-eks/portkey-eks/iampolicy"
)

// A trust document that lets VPC flow logs of one account and region assume a role, and
// a permission policy for that role, refusing wildcard actions before rendering.
func Example() {
	trust := iampolicy.ServiceAssumeRole("VpcFlowLogsAssume", "vpc-flow-logs.amazonaws.com", iampolicy.List(iampolicy.ActionAssumeRole))
	trust.Condition = iampolicy.SourceConditions("123456789012", "arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*")
	s, err := iampolicy.New(trust).JSON()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s)

	policy := iampolicy.New(iampolicy.Statement{
		Effect:   iampolicy.Allow,
		Action:   iampolicy.List("s3:PutObject", "s3:GetObject"),
		Resource: iampolicy.List("arn:aws:s3:::portkey-logs/*"),
	})
	if err := policy.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	s, err = policy.JSON()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s)

	policy.Statement[0].Action = iampolicy.One("s3:*")
	fmt.Println(policy.CheckWildcards())
	// Output:
	// {"Version":"2012-10-17","Statement":[{"Sid":"VpcFlowLogsAssume","Effect":"Allow","Principal":{"Service":"vpc-flow-logs.amazonaws.com"},"Action":["sts:AssumeRole"],"Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*"},"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}
	// {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":["arn:aws:s3:::portkey-logs/*"]}]}
	// statement 0: wildcard action "s3:*": name each action
}
