package lbcontroller

import "github.com/portkey-eks/portkey-eks/iampolicy"

// PolicySource is the controller's reference IAM policy for the aws partition that
// IAMPolicyDocument reproduces, statement for statement in the file's order. The
// statements were checked against the upstream file as published for controller
// v2.13.4 and later (with elasticloadbalancing:SetRulePriorities, ModifyIpPools and
// ec2:DescribeRouteTables); re-check them when ChartVersion moves.
const PolicySource = "https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/docs/install/iam_policy.json"

// PolicyControllers are the controller versions whose published iam_policy.json is exactly
// IAMPolicyDocument: v3.5.0's file is identical to v2.14.0's (same actions, resources and
// conditions; /work/shared/docs/lbc-notes.md, checked at both tags). A chart in
// ChartKubernetesSupport must ship one of these, so a bump re-checks the policy.
var PolicyControllers = []string{"v2.14.0", "v3.5.0"}

const (
	requestTag  = "aws:RequestTag/elbv2.k8s.aws/cluster"
	resourceTag = "aws:ResourceTag/elbv2.k8s.aws/cluster"
)

// Resources of the reference policy (partition aws).
var (
	// star is Resource "*", written as a string as upstream does.
	star                 = iampolicy.One("*")
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
func referencePolicy() iampolicy.Document {
	return iampolicy.Document{
		Version: iampolicy.Version,
		Statement: []iampolicy.Statement{
			{
				Effect:    iampolicy.Allow,
				Action:    iampolicy.List("iam:CreateServiceLinkedRole"),
				Resource:  star,
				Condition: map[string]map[string]iampolicy.Strings{"StringEquals": {"iam:AWSServiceName": iampolicy.One("elasticloadbalancing.amazonaws.com")}},
			},
			{
				Effect: iampolicy.Allow,
				Action: iampolicy.List(
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
				),
				Resource: star,
			},
			{
				Effect: iampolicy.Allow,
				Action: iampolicy.List(
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
				),
				Resource: star,
			},
			{
				Effect:   iampolicy.Allow,
				Action:   iampolicy.List("ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"),
				Resource: star,
			},
			{
				Effect:   iampolicy.Allow,
				Action:   iampolicy.List("ec2:CreateSecurityGroup"),
				Resource: star,
			},
			{
				Effect:   iampolicy.Allow,
				Action:   iampolicy.List("ec2:CreateTags"),
				Resource: iampolicy.One("arn:aws:ec2:*:*:security-group/*"),
				Condition: map[string]map[string]iampolicy.Strings{
					"StringEquals": {"ec2:CreateAction": iampolicy.One("CreateSecurityGroup")},
					"Null":         {requestTag: iampolicy.One("false")},
				},
			},
			{
				Effect:    iampolicy.Allow,
				Action:    iampolicy.List("ec2:CreateTags", "ec2:DeleteTags"),
				Resource:  iampolicy.One("arn:aws:ec2:*:*:security-group/*"),
				Condition: map[string]map[string]iampolicy.Strings{"Null": {requestTag: iampolicy.One("true"), resourceTag: iampolicy.One("false")}},
			},
			{
				Effect:    iampolicy.Allow,
				Action:    iampolicy.List("ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"),
				Resource:  star,
				Condition: map[string]map[string]iampolicy.Strings{"Null": {resourceTag: iampolicy.One("false")}},
			},
			{
				Effect:    iampolicy.Allow,
				Action:    iampolicy.List("elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"),
				Resource:  star,
				Condition: map[string]map[string]iampolicy.Strings{"Null": {requestTag: iampolicy.One("false")}},
			},
			{
				Effect: iampolicy.Allow,
				Action: iampolicy.List(
					"elasticloadbalancing:CreateListener",
					"elasticloadbalancing:DeleteListener",
					"elasticloadbalancing:CreateRule",
					"elasticloadbalancing:DeleteRule",
				),
				Resource: star,
			},
			{
				Effect:    iampolicy.Allow,
				Action:    iampolicy.List("elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"),
				Resource:  iampolicy.List(lbAndTargetGroupArns...),
				Condition: map[string]map[string]iampolicy.Strings{"Null": {requestTag: iampolicy.One("true"), resourceTag: iampolicy.One("false")}},
			},
			{
				Effect:   iampolicy.Allow,
				Action:   iampolicy.List("elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"),
				Resource: iampolicy.List(listenerArns...),
			},
			{
				Effect: iampolicy.Allow,
				Action: iampolicy.List(
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
				),
				Resource:  star,
				Condition: map[string]map[string]iampolicy.Strings{"Null": {resourceTag: iampolicy.One("false")}},
			},
			{
				Effect:   iampolicy.Allow,
				Action:   iampolicy.List("elasticloadbalancing:AddTags"),
				Resource: iampolicy.List(lbAndTargetGroupArns...),
				Condition: map[string]map[string]iampolicy.Strings{
					"StringEquals": {"elasticloadbalancing:CreateAction": iampolicy.List("CreateTargetGroup", "CreateLoadBalancer")},
					"Null":         {requestTag: iampolicy.One("false")},
				},
			},
			{
				Effect:   iampolicy.Allow,
				Action:   iampolicy.List("elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"),
				Resource: iampolicy.One("arn:aws:elasticloadbalancing:*:*:targetgroup/*/*"),
			},
			{
				Effect: iampolicy.Allow,
				Action: iampolicy.List(
					"elasticloadbalancing:SetWebAcl",
					"elasticloadbalancing:ModifyListener",
					"elasticloadbalancing:AddListenerCertificates",
					"elasticloadbalancing:RemoveListenerCertificates",
					"elasticloadbalancing:ModifyRule",
					"elasticloadbalancing:SetRulePriorities",
				),
				Resource: star,
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
	if err := doc.CheckWildcards(); err != nil {
		return "", err
	}
	return doc.JSON()
}
