package identity

import (
	"fmt"
	"regexp"
	"strings"
)

// Service principal, actions and statement ID of the EKS Pod Identity trust, as the install
// guide writes them.
const (
	PodIdentityPrincipal = "pods.eks.amazonaws.com"
	PodIdentitySid       = "AllowEksAuthToAssumeRoleForPodIdentity"
	// STSAudience is the audience EKS puts in projected service-account tokens.
	STSAudience = "sts.amazonaws.com"
)

var (
	reNamespace      = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	reServiceAccount = regexp.MustCompile(`^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$`)
	reOidcArn        = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:oidc-provider/(.+)$`)
)

// IRSATrustPolicy returns the trust document of a role assumed through IAM roles for
// service accounts: the cluster's OIDC provider as federated principal,
// sts:AssumeRoleWithWebIdentity, and StringEquals on the token's audience
// (sts.amazonaws.com) and subject (system:serviceaccount:<namespace>:<name>).
//
// oidcProviderArn is the IAM OIDC provider's ARN; issuer is the cluster's OIDC issuer,
// with or without "https://" (empty: taken from the provider ARN). With one service
// account the document is exactly the install guide's; with several, the subject
// condition lists them all (any one matches).
func IRSATrustPolicy(oidcProviderArn, issuer, namespace string, serviceAccounts []string) (PolicyDocument, error) {
	m := reOidcArn.FindStringSubmatch(oidcProviderArn)
	if m == nil {
		return PolicyDocument{}, fmt.Errorf("OIDC provider ARN %q: want arn:aws:iam::<account>:oidc-provider/<issuer>", oidcProviderArn)
	}
	issuer = trimIssuer(issuer)
	if issuer == "" {
		issuer = m[1]
	}
	if issuer != m[1] {
		return PolicyDocument{}, fmt.Errorf("OIDC issuer %q is not the one of provider %q", issuer, oidcProviderArn)
	}
	if err := checkServiceAccounts(namespace, serviceAccounts); err != nil {
		return PolicyDocument{}, err
	}
	subjects := make([]string, len(serviceAccounts))
	for i, sa := range serviceAccounts {
		subjects[i] = ServiceAccountSubject(namespace, sa)
	}
	sub := List(subjects...)
	if len(subjects) == 1 {
		sub = One(subjects[0])
	}
	return PolicyDocument{
		Version: PolicyVersion,
		Statement: []Statement{{
			Effect:    "Allow",
			Principal: map[string]Strings{"Federated": One(oidcProviderArn)},
			Action:    One("sts:AssumeRoleWithWebIdentity"),
			Condition: map[string]map[string]Strings{
				"StringEquals": {
					issuer + ":aud": One(STSAudience),
					issuer + ":sub": sub,
				},
			},
		}},
	}, nil
}

// PodIdentityTrustPolicy returns the trust document of a role assumed through EKS Pod
// Identity, exactly as the install guide writes it: the pods.eks.amazonaws.com service
// principal with sts:AssumeRole and sts:TagSession. Which service accounts may use the
// role is decided by the Pod Identity associations, not by this document.
func PodIdentityTrustPolicy() PolicyDocument {
	return PolicyDocument{
		Version: PolicyVersion,
		Statement: []Statement{{
			Sid:       PodIdentitySid,
			Effect:    "Allow",
			Principal: map[string]Strings{"Service": One(PodIdentityPrincipal)},
			Action:    List("sts:AssumeRole", "sts:TagSession"),
		}},
	}
}

// ServiceAccountSubject is the subject of a service account's token:
// system:serviceaccount:<namespace>:<name>.
func ServiceAccountSubject(namespace, serviceAccount string) string {
	return "system:serviceaccount:" + namespace + ":" + serviceAccount
}

// checkServiceAccounts validates a namespace and a non-empty list of distinct service
// account names against the Kubernetes naming rules.
func checkServiceAccounts(namespace string, serviceAccounts []string) error {
	if len(namespace) > 63 || !reNamespace.MatchString(namespace) {
		return fmt.Errorf("namespace %q: want a Kubernetes namespace name (lower-case letters, digits and '-', at most 63)", namespace)
	}
	if len(serviceAccounts) == 0 {
		return fmt.Errorf("no service account: name at least one")
	}
	seen := map[string]bool{}
	for _, sa := range serviceAccounts {
		if len(sa) > 253 || !reServiceAccount.MatchString(sa) {
			return fmt.Errorf("service account %q: want a Kubernetes name (lower-case letters, digits, '-' and '.')", sa)
		}
		if seen[sa] {
			return fmt.Errorf("service account %q is listed twice", sa)
		}
		seen[sa] = true
	}
	return nil
}

// trimIssuer removes the scheme and trailing slash from an OIDC issuer URL.
func trimIssuer(issuer string) string {
	return strings.TrimSuffix(strings.TrimPrefix(issuer, "https://"), "/")
}
