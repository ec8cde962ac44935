package lbcontroller

import (
	"encoding/json"
	"fmt"
	"strings"
)

// PolicySource is the controller's reference IAM policy for the aws partition that
// IAMPolicyDocument reproduces, statement for statement in the file's order. The
// statements were checked against the upstream file as published for controller
// v2.13.4 and later (with elasticloadbalancing:SetRulePriorities, ModifyIpPools and
// ec2:DescribeRouteTables); re-check them when ChartVersion moves.
const PolicySource = "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v2.14.0/docs/install/iam_policy.json"

// policyStatement is one statement in the upstream file's field order.
type policyStatement struct {
	Effect    string                    `json:"Effect"`
	Action    []string                  `json:"Action"`
	Resource  any                       `json:"Resource"`
	Condition map[string]map[string]any `json:"Condition,omitempty"`
}

type policyDocument struct {
	Version   string            `json:"Version"`
	Statement []policyStatement `json:"Statement"`
}

const (
	requestTag  = "aws:RequestTag/elbv2.k8s.aws/cluster"
	resourceTag = "aws:ResourceTag/elbv2.k8s.aws/cluster"
)

// Resource ARN patterns of the reference policy (partition aws).
var (
	lbAndTargetGroupArns = []string{
		"arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
		"arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*",
		"arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*",
	}
	listenerArns = []string{
		"arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*",
		"arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*",
		"arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*",
		"arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*",
	}
)

// referencePolicy is the controller's reference IAM policy as Go data.
func referencePolicy() policyDocument {
	return policyDocument{
		Version: "2012-10-17",
		Statement: []policyStatement{
			{
				Effect:    "Allow",
				Action:    []string{"iam:CreateServiceLinkedRole"},
				Resource:  "*",
				Condition: map[string]map[string]any{"StringEquals": {"iam:AWSServiceName": "elasticloadbalancing.amazonaws.com"}},
			},
			{
				Effect: "Allow",
				Action: []string{
					"ec2:DescribeAccountAttributes",
					"ec2:DescribeAddresses",
					"ec2:DescribeAvailabilityZones",
					"ec2:DescribeInternetGateways",
					"ec2:DescribeVpcs",
					"ec2:DescribeVpcPeeringConnections",
					"ec2:DescribeSubnets",
					"ec2:DescribeSecurityGroups",
					"ec2:DescribeInstances",
					"ec2:DescribeNetworkInterfaces",
					"ec2:DescribeTags",
					"ec2:GetCoipPoolUsage",
					"ec2:DescribeCoipPools",
					"ec2:GetSecurityGroupsForVpc",
					"ec2:DescribeIpamPools",
					"ec2:DescribeRouteTables",
					"elasticloadbalancing:DescribeLoadBalancers",
					"elasticloadbalancing:DescribeLoadBalancerAttributes",
					"elasticloadbalancing:DescribeListeners",
					"elasticloadbalancing:DescribeListenerCertificates",
					"elasticloadbalancing:DescribeSSLPolicies",
					"elasticloadbalancing:DescribeRules",
					"elasticloadbalancing:DescribeTargetGroups",
					"elasticloadbalancing:DescribeTargetGroupAttributes",
					"elasticloadbalancing:DescribeTargetHealth",
					"elasticloadbalancing:DescribeTags",
					"elasticloadbalancing:DescribeTrustStores",
					"elasticloadbalancing:DescribeListenerAttributes",
					"elasticloadbalancing:DescribeCapacityReservation",
				},
				Resource: "*",
			},
			{
				Effect: "Allow",
				Action: []string{
					"cognito-idp:DescribeUserPoolClient",
					"acm:ListCertificates",
					"acm:DescribeCertificate",
					"iam:ListServerCertificates",
					"iam:GetServerCertificate",
					"waf-regional:GetWebACL",
					"waf-regional:GetWebACLForResource",
					"waf-regional:AssociateWebACL",
					"waf-regional:DisassociateWebACL",
					"wafv2:GetWebACL",
					"wafv2:GetWebACLForResource",
					"wafv2:AssociateWebACL",
					"wafv2:DisassociateWebACL",
					"shield:GetSubscriptionState",
					"shield:DescribeProtection",
					"shield:CreateProtection",
					"shield:DeleteProtection",
				},
				Resource: "*",
			},
			{
				Effect:   "Allow",
				Action:   []string{"ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"},
				Resource: "*",
			},
			{
				Effect:   "Allow",
				Action:   []string{"ec2:CreateSecurityGroup"},
				Resource: "*",
			},
			{
				Effect:   "Allow",
				Action:   []string{"ec2:CreateTags"},
				Resource: "arn:aws:ec2:*:*:security-group/*",
				Condition: map[string]map[string]any{
					"StringEquals": {"ec2:CreateAction": "CreateSecurityGroup"},
					"Null":         {requestTag: "false"},
				},
			},
			{
				Effect:    "Allow",
				Action:    []string{"ec2:CreateTags", "ec2:DeleteTags"},
				Resource:  "arn:aws:ec2:*:*:security-group/*",
				Condition: map[string]map[string]any{"Null": {requestTag: "true", resourceTag: "false"}},
			},
			{
				Effect:    "Allow",
				Action:    []string{"ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"},
				Resource:  "*",
				Condition: map[string]map[string]any{"Null": {resourceTag: "false"}},
			},
			{
				Effect:    "Allow",
				Action:    []string{"elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"},
				Resource:  "*",
				Condition: map[string]map[string]any{"Null": {requestTag: "false"}},
			},
			{
				Effect: "Allow",
				Action: []string{
					"elasticloadbalancing:CreateListener",
					"elasticloadbalancing:DeleteListener",
					"elasticloadbalancing:CreateRule",
					"elasticloadbalancing:DeleteRule",
				},
				Resource: "*",
			},
			{
				Effect:    "Allow",
				Action:    []string{"elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"},
				Resource:  lbAndTargetGroupArns,
				Condition: map[string]map[string]any{"Null": {requestTag: "true", resourceTag: "false"}},
			},
			{
				Effect:   "Allow",
				Action:   []string{"elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"},
				Resource: listenerArns,
			},
			{
				Effect: "Allow",
				Action: []string{
					"elasticloadbalancing:ModifyLoadBalancerAttributes",
					"elasticloadbalancing:SetIpAddressType",
					"elasticloadbalancing:SetSecurityGroups",
					"elasticloadbalancing:SetSubnets",
					"elasticloadbalancing:DeleteLoadBalancer",
					"elasticloadbalancing:ModifyTargetGroup",
					"elasticloadbalancing:ModifyTargetGroupAttributes",
					"elasticloadbalancing:DeleteTargetGroup",
					"elasticloadbalancing:ModifyListenerAttributes",
					"elasticloadbalancing:ModifyCapacityReservation",
					"elasticloadbalancing:ModifyIpPools",
				},
				Resource:  "*",
				Condition: map[string]map[string]any{"Null": {resourceTag: "false"}},
			},
			{
				Effect:   "Allow",
				Action:   []string{"elasticloadbalancing:AddTags"},
				Resource: lbAndTargetGroupArns,
				Condition: map[string]map[string]any{
					"StringEquals": {"elasticloadbalancing:CreateAction": []string{"CreateTargetGroup", "CreateLoadBalancer"}},
					"Null":         {requestTag: "false"},
				},
			},
			{
				Effect:   "Allow",
				Action:   []string{"elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"},
				Resource: "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
			},
			{
				Effect: "Allow",
				Action: []string{
					"elasticloadbalancing:SetWebAcl",
					"elasticloadbalancing:ModifyListener",
					"elasticloadbalancing:AddListenerCertificates",
					"elasticloadbalancing:RemoveListenerCertificates",
					"elasticloadbalancing:ModifyRule",
					"elasticloadbalancing:SetRulePriorities",
				},
				Resource: "*",
			},
		},
	}
}

// IAMPolicyDocument returns the AWS Load Balancer Controller's reference IAM policy
// (PolicySource) as JSON, for the controller's role. It has no wildcard action; where the
// upstream policy uses Resource "*", it is kept (the controller creates and discovers
// load balancers, target groups and security groups whose ARNs are not known in advance;
// the mutating statements on those are limited by the elbv2.k8s.aws/cluster tag
// conditions). Resource ARNs are for the aws partition.
func IAMPolicyDocument() (string, error) {
	doc := referencePolicy()
	for i, s := range doc.Statement {
		for _, a := range s.Action {
			if a == "*" || strings.HasSuffix(a, ":*") {
				return "", fmt.Errorf("statement %d: wildcard action %q", i, a)
			}
		}
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return "", err
	}
	return string(b), nil
}
