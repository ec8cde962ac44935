package iampolicy

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJSON(t *testing.T) {
	tests := []struct {
		name string
		doc  Document
		want string
	}{
		{
			name: "service trust with a list action",
			doc:  New(ServiceAssumeRole("EC2AssumeNodeRole", "ec2.amazonaws.com", List(ActionAssumeRole))),
			want: `{"Version":"2012-10-17","Statement":[{"Sid":"EC2AssumeNodeRole","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole"]}]}`,
		},
		{
			name: "service trust with a scalar action and no sid",
			doc:  New(ServiceAssumeRole("", "ec2.amazonaws.com", One(ActionAssumeRole))),
			want: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
		},
		{
			name: "source conditions, keys sorted",
			doc: func() Document {
				st := ServiceAssumeRole("S", "vpc-flow-logs.amazonaws.com", List(ActionAssumeRole))
				st.Condition = SourceConditions("123456789012", "arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*")
				return New(st)
			}(),
			want: `{"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":"Allow","Principal":{"Service":"vpc-flow-logs.amazonaws.com"},"Action":["sts:AssumeRole"],"Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:ec2:eu-west-1:123456789012:vpc-flow-log/*"},"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}`,
		},
		{
			name: "federated principal",
			doc: New(Statement{
				Effect: Allow, Principal: FederatedPrincipal("arn:aws:iam::123456789012:oidc-provider/x"),
				Action: One(ActionAssumeRoleWithWebIdentity),
			}),
			want: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/x"},"Action":"sts:AssumeRoleWithWebIdentity"}]}`,
		},
		{
			name: "bucket policy: principal star, scalar action, resource list",
			doc: New(Statement{
				Sid: "DenyInsecureTransport", Effect: Deny, Principal: AnyPrincipal(), Action: One("s3:*"),
				Resource:  List("arn:aws:s3:::b", "arn:aws:s3:::b/*"),
				Condition: map[string]map[string]Strings{"Bool": {"aws:SecureTransport": One("false")}},
			}),
			want: `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
		},
		{
			name: "permission: scalar resource, list condition value",
			doc: New(Statement{
				Effect: Allow, Action: List("elasticloadbalancing:AddTags"), Resource: One("*"),
				Condition: map[string]map[string]Strings{"StringEquals": {"elasticloadbalancing:CreateAction": List("CreateTargetGroup", "CreateLoadBalancer")}},
			}),
			want: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["elasticloadbalancing:AddTags"],"Resource":"*","Condition":{"StringEquals":{"elasticloadbalancing:CreateAction":["CreateTargetGroup","CreateLoadBalancer"]}}}]}`,
		},
		{
			name: "empty action list is an empty array",
			doc:  New(Statement{Effect: Allow, Resource: One("*")}),
			want: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[],"Resource":"*"}]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.doc.JSON()
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)

			back, err := Parse(got)
			if tt.doc.Validate() == nil {
				require.NoError(t, err)
				again, err := back.JSON()
				require.NoError(t, err)
				assert.Equal(t, got, again, "parse and marshal again")
			}
		})
	}
}

func TestIndentedJSON(t *testing.T) {
	got, err := New(ServiceAssumeRole("", "pods.eks.amazonaws.com", List(ActionAssumeRole, ActionTagSession))).IndentedJSON()
	require.NoError(t, err)
	assert.Equal(t, `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "Service": "pods.eks.amazonaws.com"
      },
      "Action": [
        "sts:AssumeRole",
        "sts:TagSession"
      ]
    }
  ]
}`, got)
}

func TestPrincipalBothForms(t *testing.T) {
	_, err := New(Statement{Effect: Deny, Principal: Principal{Anyone: true, IDs: ServicePrincipal("x").IDs}, Action: One("s3:GetObject")}).JSON()
	require.ErrorContains(t, err, "both")

	var p Principal
	require.ErrorContains(t, json.Unmarshal([]byte(`"someone"`), &p), "want \"*\"")
	require.NoError(t, json.Unmarshal([]byte(`"*"`), &p))
	assert.Equal(t, AnyPrincipal(), p)
	require.NoError(t, json.Unmarshal([]byte(`{"AWS":["arn:aws:iam::123456789012:root"]}`), &p))
	assert.Equal(t, Principal{IDs: map[string]Strings{"AWS": List("arn:aws:iam::123456789012:root")}}, p)
}

func TestSourceConditions(t *testing.T) {
	tests := []struct {
		name, account, arn string
		want               map[string]map[string]Strings
	}{
		{name: "none"},
		{name: "account", account: "123456789012", want: map[string]map[string]Strings{"StringEquals": {"aws:SourceAccount": One("123456789012")}}},
		{name: "arn", arn: "arn:aws:ec2:*", want: map[string]map[string]Strings{"ArnLike": {"aws:SourceArn": One("arn:aws:ec2:*")}}},
		{name: "both", account: "1", arn: "a", want: map[string]map[string]Strings{
			"StringEquals": {"aws:SourceAccount": One("1")},
			"ArnLike":      {"aws:SourceArn": One("a")},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, SourceConditions(tt.account, tt.arn))
		})
	}
}

func TestIsWildcardAction(t *testing.T) {
	tests := []struct {
		action string
		want   bool
	}{
		{"*", true},
		{"s3:*", true},
		{"s3:Get*", true},
		{"s3:?etObject", true},
		{"s3:GetObject", false},
		{"sts:AssumeRole", false},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			assert.Equal(t, tt.want, IsWildcardAction(tt.action))
		})
	}
}

func TestCheckWildcards(t *testing.T) {
	ok := Statement{Effect: Allow, Action: List("s3:GetObject"), Resource: One("*")}
	for _, action := range []string{"*", "s3:*", "s3:Get*", "s3:?etObject"} {
		t.Run(action, func(t *testing.T) {
			bad := Statement{Effect: Deny, Action: List("s3:PutObject", action), Resource: One("*")}
			err := New(ok, bad).CheckWildcards()
			require.ErrorContains(t, err, "statement 1: wildcard action")
			require.ErrorContains(t, err, action)
		})
	}
	assert.NoError(t, New(ok).CheckWildcards())
}

func TestValidate(t *testing.T) {
	allow := func(f func(*Statement)) Document {
		st := Statement{Effect: Allow, Action: List("s3:GetObject"), Resource: List("arn:aws:s3:::b/*")}
		if f != nil {
			f(&st)
		}
		return New(st)
	}
	tests := []struct {
		name    string
		doc     Document
		wantErr string
	}{
		{name: "permission", doc: allow(nil)},
		{name: "trust without resource", doc: New(ServiceAssumeRole("", "ec2.amazonaws.com", One(ActionAssumeRole)))},
		{name: "old version", doc: Document{Version: "2008-10-17", Statement: allow(nil).Statement}, wantErr: "policy version"},
		{name: "no statement", doc: New(), wantErr: "no statement"},
		{name: "bad effect", doc: allow(func(s *Statement) { s.Effect = "allow" }), wantErr: "neither Allow nor Deny"},
		{name: "no action", doc: allow(func(s *Statement) { s.Action = Strings{} }), wantErr: "no action"},
		{name: "no resource", doc: allow(func(s *Statement) { s.Resource = Strings{} }), wantErr: "no resource"},
		{name: "empty resource", doc: allow(func(s *Statement) { s.Resource = List("") }), wantErr: "empty resource"},
		{name: "wildcard", doc: allow(func(s *Statement) { s.Action = One("s3:Get*") }), wantErr: "wildcard action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.doc.Validate()
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, in string
		want     Document
		wantErr  string
	}{
		{
			name: "scalar and list forms are kept",
			in:   `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::b/*"]}]}`,
			want: New(Statement{Effect: Allow, Action: One("s3:GetObject"), Resource: List("arn:aws:s3:::b/*")}),
		},
		{name: "not JSON", in: `{`, wantErr: "not a JSON policy document"},
		{name: "NotAction is refused", in: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"s3:DeleteObject","Resource":"*"}]}`, wantErr: "unknown field"},
		{name: "wildcard", in: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`, wantErr: "wildcard action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
